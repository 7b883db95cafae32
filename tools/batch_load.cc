// batch_load: measures durable repayments per second through BatchService.SubmitBatch against
// a running ledgerd.
//
//   bazel run -c opt //tools:batch_load -- --server=127.0.0.1:50051 --clients=4 --batch=8000
//       --batches=5   (one command line)
//
// Each client (its own connection) creates and disburses `--loans` loans in batches of linked
// create+disburse pairs (not timed), then sends `--batches` batches of `--batch` repayments of
// 1 fen of principal, one batch at a time, spread round-robin over its loans, timing each call.
// At the end it pages through the bank's loans and checks that each of this run's loans
// dropped by exactly its acknowledged repayments (nothing lost, nothing applied twice).
// Loopback only, bounded by count.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "tools/latency_stats.h"
#include "tools/load_support.h"

namespace {

namespace v1 = microloan::ledger::v1;

constexpr int64_t kPrincipalFen = 10'000'000'00;  // 10 million CNY a loan: never runs out

struct Flags {
  loadtool::ConnectionFlags connection;
  int64_t clients = 4;
  int64_t batch = 8000;  // repayments per call
  int64_t batches = 5;   // calls per client
  int64_t loans = 8000;  // loans per client
  bool json = false;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  std::map<std::string, std::string> values;
  std::string error;
  if (!loadtool::ParseFlagArgs(
          argc, argv,
          loadtool::WithConnectionFlags({"clients", "batch", "batches", "loans", "json"}), &values,
          &error) ||
      values.count("help") > 0 ||
      !loadtool::IntFlag(values, "clients", 1, 64, &flags->clients, &error) ||
      !loadtool::IntFlag(values, "batch", 1, 8000, &flags->batch, &error) ||
      !loadtool::IntFlag(values, "batches", 1, 10000, &flags->batches, &error) ||
      !loadtool::IntFlag(values, "loans", 1, 100000, &flags->loans, &error)) {
    if (!error.empty()) std::fprintf(stderr, "batch_load: %s\n", error.c_str());
    return false;
  }
  if (values.count("json") > 0) flags->json = values["json"] != "false";
  if (!loadtool::ReadConnectionFlags(values, &flags->connection, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return false;
  }
  return true;
}

// Sends one batch until it is answered: a call refused for now (the commit queue is full, the
// ledger is briefly read-only, the deadline passed in the queue) is sent again with the same
// request ids after a pause, as a bank's integration would; that is safe because each command
// is replayed or applied once. The number of refused commands (printing the first), or -1 if
// the call failed for good.
int Send(v1::BatchService::Stub& stub, const std::string& principal,
         const v1::SubmitBatchRequest& request, v1::SubmitBatchResponse* response,
         std::atomic<int64_t>* retries) {
  constexpr int kMaxAttempts = 1000;
  grpc::Status status;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    response->Clear();
    status = stub.SubmitBatch(loadtool::CallContext(principal).get(), request, response);
    if (status.ok() || !loadtool::OutcomeUnknown(status.error_code())) break;
    // gRPC's own RESOURCE_EXHAUSTED (a message over the server's limit) has no reason and
    // would be refused every time.
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
        loadtool::ReasonOf(status) != "COMMIT_QUEUE_FULL") {
      break;
    }
    ++*retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(20 + 10 * attempt, 200)));
  }
  if (!status.ok()) {
    std::fprintf(stderr, "batch_load: SubmitBatch failed: %s %s\n",
                 loadtool::CodeName(status.error_code()).c_str(), status.error_message().c_str());
    return -1;
  }
  for (const v1::BatchCommandResult& result : response->results()) {
    if (result.code() != 0) {
      std::fprintf(stderr, "batch_load: refused: %s %s\n", result.reason().c_str(),
                   result.message().c_str());
      break;
    }
  }
  return response->refused();
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr,
                 "usage: batch_load [--clients=1..64] [--batch=1..8000] [--batches=N] "
                 "[--loans=N] [--json=true] %s",
                 loadtool::kConnectionUsage);
    return 2;
  }
  const loadtool::Connection connection = loadtool::Connect("batch_load", flags.connection);
  if (connection.credentials == nullptr) return 2;
  const std::string& principal = connection.principal;
  const std::shared_ptr<grpc::ChannelCredentials>& credentials = connection.credentials;
  const std::string run = absl::StrCat("BL-", absl::ToUnixMicros(absl::Now()));
  auto loan_id = [&](int c, int64_t l) { return absl::StrCat(run, "-", c, "-", l); };
  std::atomic<int64_t> retries{0};
  std::vector<std::unique_ptr<v1::BatchService::Stub>> stubs;
  for (int c = 0; c < flags.clients; ++c) {
    stubs.push_back(v1::BatchService::NewStub(
        loadtool::ClientChannel(flags.connection.server, credentials, c)));
  }

  // Set-up (not timed): each loan a linked create + disburse pair, 4,000 pairs a batch.
  for (int c = 0; c < flags.clients; ++c) {
    for (int64_t first = 0; first < flags.loans; first += 4000) {
      v1::SubmitBatchRequest request;
      for (int64_t l = first; l < std::min(flags.loans, first + 4000); ++l) {
        v1::BatchCommand* create = request.add_commands();
        *create->mutable_create_loan() = loadtool::CreateRequest(
            absl::StrCat(loan_id(c, l), "-c"), flags.connection.bank, loan_id(c, l), kPrincipalFen);
        create->set_linked(true);
        *request.add_commands()->mutable_disburse_loan() = loadtool::DisburseRequest(
            absl::StrCat(loan_id(c, l), "-d"),
            loadtool::LoanName(flags.connection.bank, loan_id(c, l)), kPrincipalFen);
      }
      v1::SubmitBatchResponse response;
      if (Send(*stubs[c], principal, request, &response, &retries) != 0) return 1;
    }
  }

  std::vector<std::vector<int64_t>> repaid(flags.clients, std::vector<int64_t>(flags.loans, 0));
  std::vector<std::vector<double>> latencies_ms(flags.clients);
  std::atomic<int64_t> acknowledged{0};
  std::atomic<int> failures{0};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < flags.clients; ++c) {
    threads.emplace_back([&, c] {
      int64_t next_loan = 0;
      for (int64_t b = 0; b < flags.batches; ++b) {
        v1::SubmitBatchRequest request;
        std::vector<int64_t> loans;
        for (int64_t i = 0; i < flags.batch; ++i) {
          const int64_t l = next_loan;
          next_loan = (next_loan + 1) % flags.loans;
          loans.push_back(l);
          *request.add_commands()->mutable_record_repayment() = loadtool::RepayRequest(
              absl::StrCat(loan_id(c, l), "-r", b, "-", i),
              loadtool::LoanName(flags.connection.bank, loan_id(c, l)), /*principal_fen=*/1);
        }
        v1::SubmitBatchResponse response;
        const auto t0 = std::chrono::steady_clock::now();
        const int refused = Send(*stubs[c], principal, request, &response, &retries);
        const auto t1 = std::chrono::steady_clock::now();
        if (refused != 0) {
          ++failures;
          continue;
        }
        latencies_ms[c].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        for (int64_t l : loans) ++repaid[c][l];
        acknowledged += flags.batch;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Every acknowledged repayment is in the ledger, once: page through the bank's loans.
  std::map<std::string, int64_t> expected;
  for (int c = 0; c < flags.clients; ++c) {
    for (int64_t l = 0; l < flags.loans; ++l) {
      expected[loan_id(c, l)] = kPrincipalFen - repaid[c][l];
    }
  }
  auto loans_stub = loadtool::ConnectClient(flags.connection.server, credentials, 0);
  int64_t checked = 0, mismatches = 0;
  v1::ListLoansRequest list;
  list.set_bank_id(flags.connection.bank);
  list.set_page_size(500);
  for (int page = 0; page < 1'000'000; ++page) {
    v1::ListLoansResponse response;
    grpc::Status status = loans_stub->ListLoans(
        loadtool::CallContext(principal, /*wait_for_ready=*/true).get(), list, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "batch_load: ListLoans failed: %s\n", status.error_message().c_str());
      return 1;
    }
    for (const v1::Loan& loan : response.loans()) {
      auto it = expected.find(loan.loan_id());
      if (it == expected.end()) continue;
      ++checked;
      if (loan.outstanding_principal().amount_fen() != it->second) ++mismatches;
    }
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  const bool ledger_ok = mismatches == 0 && checked == static_cast<int64_t>(expected.size());

  std::vector<double> all;
  for (const auto& l : latencies_ms) all.insert(all.end(), l.begin(), l.end());
  const loadtool::LatencySummary latency = loadtool::Summarize(&all);
  const double rate = acknowledged.load() / seconds;
  if (flags.json) {
    std::printf(
        "{\"clients\":%d,\"batch\":%d,\"repayments\":%lld,\"failed_batches\":%d,"
        "\"seconds\":%.3f,\"repayments_per_s\":%.0f,\"batch_p50_ms\":%.2f,\"batch_p90_ms\":%.2f,"
        "\"batch_p99_ms\":%.2f,\"batch_max_ms\":%.2f,\"retries\":%lld,\"ledger_check\":\"%s\"}\n",
        static_cast<int>(flags.clients), static_cast<int>(flags.batch),
        static_cast<long long>(acknowledged.load()), failures.load(), seconds, rate, latency.p50_ms,
        latency.p90_ms, latency.p99_ms, latency.max_ms, static_cast<long long>(retries.load()),
        ledger_ok ? "ok" : "MISMATCH");
  } else {
    std::printf(
        "clients=%d batch=%d repayments=%lld failed_batches=%d seconds=%.2f "
        "throughput=%.0f repayments/s batch_latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f "
        "retries=%lld ledger_check=%s (%lld loans)\n",
        static_cast<int>(flags.clients), static_cast<int>(flags.batch),
        static_cast<long long>(acknowledged.load()), failures.load(), seconds, rate, latency.p50_ms,
        latency.p90_ms, latency.p99_ms, latency.max_ms, static_cast<long long>(retries.load()),
        ledger_ok ? "ok" : "MISMATCH", static_cast<long long>(checked));
  }
  return ledger_ok && failures == 0 ? 0 : 1;
}
