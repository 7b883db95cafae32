// repay_load: measures durable, hash-chained repayments per second against a running ledgerd.
//
//   bazel run -c opt //tools:repay_load -- --server=127.0.0.1:50051 --clients=16 --repayments=500
//
// Each client (its own connection) creates and disburses one loan, then records
// `--repayments` repayments of 1 fen of principal, one call at a time, timing each. At the end
// it reads every loan back and checks that the outstanding principal dropped by exactly the
// number of acknowledged repayments (nothing lost, nothing applied twice). Loopback only, and
// bounded by count. The fuller load generator (mixed RPCs, retries, batch API) is issue 8's.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "tools/latency_stats.h"
#include "tools/load_support.h"

namespace {

namespace v1 = microloan::ledger::v1;

struct Flags {
  loadtool::ConnectionFlags connection;
  int64_t clients = 16;
  int64_t repayments = 500;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  std::map<std::string, std::string> values;
  std::string error;
  if (!loadtool::ParseFlagArgs(argc, argv, loadtool::WithConnectionFlags({"clients", "repayments"}),
                               &values, &error) ||
      values.count("help") > 0 ||
      !loadtool::IntFlag(values, "clients", 1, 256, &flags->clients, &error) ||
      !loadtool::IntFlag(values, "repayments", 1, 100000, &flags->repayments, &error)) {
    if (!error.empty()) std::fprintf(stderr, "repay_load: %s\n", error.c_str());
    return false;
  }
  if (!loadtool::ReadConnectionFlags(values, &flags->connection, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr, "usage: repay_load [--clients=1..256] [--repayments=1..100000] %s",
                 loadtool::kConnectionUsage);
    return 2;
  }
  const loadtool::Connection connection = loadtool::Connect("repay_load", flags.connection);
  if (connection.credentials == nullptr) return 2;
  const std::string& principal = connection.principal;
  const std::shared_ptr<grpc::ChannelCredentials>& credentials = connection.credentials;
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  std::vector<std::vector<double>> latencies_ms(flags.clients);
  std::vector<int> acknowledged(flags.clients, 0);
  std::atomic<int> errors{0};
  std::vector<std::unique_ptr<v1::LoanService::Stub>> stubs;
  for (int c = 0; c < flags.clients; ++c) {
    stubs.push_back(loadtool::ConnectClient(flags.connection.server, credentials, c));
  }
  const int64_t principal_fen = 10'000'000'00;  // 10 million CNY: never runs out
  auto loan_id = [&](int c) { return absl::StrCat("LOAD-", run, "-", c); };

  // Set-up (not timed): one loan per client.
  for (int c = 0; c < flags.clients; ++c) {
    const v1::CreateLoanRequest create = loadtool::CreateRequest(
        absl::StrCat(loan_id(c), "-create"), flags.connection.bank, loan_id(c), principal_fen);
    v1::CreateLoanResponse created;
    const v1::DisburseLoanRequest disburse = loadtool::DisburseRequest(
        absl::StrCat(loan_id(c), "-disburse"),
        loadtool::LoanName(flags.connection.bank, loan_id(c)), principal_fen);
    v1::DisburseLoanResponse disbursed;
    grpc::Status s1 =
        stubs[c]->CreateLoan(loadtool::CallContext(principal).get(), create, &created);
    grpc::Status s2 =
        stubs[c]->DisburseLoan(loadtool::CallContext(principal).get(), disburse, &disbursed);
    if (!s1.ok() || !s2.ok()) {
      std::fprintf(stderr, "set-up failed: %s %s\n", s1.error_message().c_str(),
                   s2.error_message().c_str());
      return 1;
    }
  }

  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < flags.clients; ++c) {
    threads.emplace_back([&, c] {
      latencies_ms[c].reserve(flags.repayments);
      for (int i = 0; i < flags.repayments; ++i) {
        const v1::RecordRepaymentRequest repay = loadtool::RepayRequest(
            absl::StrCat(loan_id(c), "-r", i),
            loadtool::LoanName(flags.connection.bank, loan_id(c)), /*principal_fen=*/1);
        v1::RecordRepaymentResponse response;
        const auto t0 = std::chrono::steady_clock::now();
        grpc::Status status =
            stubs[c]->RecordRepayment(loadtool::CallContext(principal).get(), repay, &response);
        const auto t1 = std::chrono::steady_clock::now();
        if (status.ok()) {
          ++acknowledged[c];
          latencies_ms[c].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        } else {
          ++errors;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Every acknowledged repayment is in the ledger, once.
  int mismatches = 0;
  for (int c = 0; c < flags.clients; ++c) {
    v1::GetLoanRequest get;
    get.set_name(loadtool::LoanName(flags.connection.bank, loan_id(c)));
    v1::Loan loan;
    if (!stubs[c]->GetLoan(loadtool::CallContext(principal).get(), get, &loan).ok() ||
        loan.outstanding_principal().amount_fen() != principal_fen - acknowledged[c]) {
      ++mismatches;
    }
  }

  std::vector<double> all;
  for (const auto& l : latencies_ms) all.insert(all.end(), l.begin(), l.end());
  const loadtool::LatencySummary latency = loadtool::Summarize(&all);
  std::printf(
      "clients=%d repayments=%zu errors=%d seconds=%.2f throughput=%.0f/s "
      "latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f ledger_check=%s\n",
      static_cast<int>(flags.clients), all.size(), errors.load(), seconds, all.size() / seconds,
      latency.p50_ms, latency.p90_ms, latency.p99_ms, latency.max_ms,
      mismatches == 0 ? "ok" : "MISMATCH");
  return mismatches == 0 && errors == 0 ? 0 : 1;
}
