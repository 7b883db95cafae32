// repay_load: measures durable, hash-chained repayments per second against a running ledgerd.
//
//   bazel run -c opt //tools:repay_load -- --server=127.0.0.1:50051 --clients=16 --repayments=500
//
// Each client (its own connection) creates and disburses one loan, then records
// `--repayments` repayments of 1 fen of principal, one call at a time, timing each. At the end
// it reads every loan back and checks that the outstanding principal dropped by exactly the
// number of acknowledged repayments (nothing lost, nothing applied twice). Loopback only, and
// bounded by count. The fuller load generator (mixed RPCs, retries, batch API) is issue 8's.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "ledger/base/money.h"
#include "ledger/server/transport_security.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace {

namespace v1 = microloan::ledger::v1;

struct Flags {
  std::string server = "127.0.0.1:50051";
  int clients = 16;
  int repayments = 500;
  std::string bank = "LOAD";  // the bank the loans belong to (and the caller acts for)
  // Mutual TLS: all three, or none for a --dev_plaintext server.
  std::string ca_file, cert_file, key_file;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (name == "--server") {
      flags->server = value;
    } else if (name == "--clients") {
      if (!absl::SimpleAtoi(value, &flags->clients)) return false;
    } else if (name == "--repayments") {
      if (!absl::SimpleAtoi(value, &flags->repayments)) return false;
    } else if (name == "--bank") {
      flags->bank = value;
    } else if (name == "--ca") {
      flags->ca_file = value;
    } else if (name == "--cert") {
      flags->cert_file = value;
    } else if (name == "--key") {
      flags->key_file = value;
    } else {
      return false;
    }
  }
  const bool tls = !flags->ca_file.empty();
  return flags->clients >= 1 && flags->clients <= 256 && flags->repayments >= 1 &&
         flags->repayments <= 100000 && ledger::IsLoopbackAddress(flags->server) &&
         !flags->bank.empty() && tls == !flags->cert_file.empty() &&
         tls == !flags->key_file.empty();
}

std::string principal_header;  // development mode only; ignored by a TLS server

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  context->AddMetadata("x-ledger-principal", principal_header);
  return context;
}

v1::Date Day(int y, int m, int d) {
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr,
                 "usage: repay_load [--server=127.0.0.1:50051] [--clients=1..256] "
                 "[--repayments=1..100000] [--bank=LOAD] [--ca=PEM --cert=PEM --key=PEM]\n"
                 "(loopback addresses only; with TLS, --bank must be the certificate's bank)\n");
    return 2;
  }
  principal_header = "bank:" + flags.bank;
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!flags.ca_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(flags.ca_file);
    ssl.pem_cert_chain = ReadFile(flags.cert_file);
    ssl.pem_private_key = ReadFile(flags.key_file);
    credentials = grpc::SslCredentials(ssl);
  }
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  std::vector<std::vector<double>> latencies_ms(flags.clients);
  std::vector<int> acknowledged(flags.clients, 0);
  std::atomic<int> errors{0};
  std::vector<std::unique_ptr<v1::LoanService::Stub>> stubs;
  for (int c = 0; c < flags.clients; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);  // a connection per client
    args.SetInt("repay_load.client", c);
    stubs.push_back(
        v1::LoanService::NewStub(grpc::CreateCustomChannel(flags.server, credentials, args)));
  }
  const int64_t principal_fen = 10'000'000'00;  // 10 million CNY: never runs out
  auto loan_id = [&](int c) { return absl::StrCat("LOAD-", run, "-", c); };
  const std::string loans_prefix = absl::StrCat("banks/", flags.bank, "/loans/");

  // Set-up (not timed): one loan per client.
  for (int c = 0; c < flags.clients; ++c) {
    v1::CreateLoanRequest create;
    create.set_request_id(absl::StrCat(loan_id(c), "-create"));
    create.set_bank_id(flags.bank);
    create.set_loan_id(loan_id(c));
    create.set_borrower_id(loan_id(c));
    create.set_county_code("370281");
    *create.mutable_principal() = ledger::Cny(principal_fen);
    create.set_annual_rate_bps(435);
    create.set_term_months(36);
    *create.mutable_contract_date() = Day(2024, 1, 2);
    v1::CreateLoanResponse created;
    v1::DisburseLoanRequest disburse;
    disburse.set_request_id(absl::StrCat(loan_id(c), "-disburse"));
    disburse.set_name(absl::StrCat(loans_prefix, loan_id(c)));
    *disburse.mutable_amount() = ledger::Cny(principal_fen);
    *disburse.mutable_value_date() = Day(2024, 1, 3);
    v1::DisburseLoanResponse disbursed;
    grpc::Status s1 = stubs[c]->CreateLoan(Context().get(), create, &created);
    grpc::Status s2 = stubs[c]->DisburseLoan(Context().get(), disburse, &disbursed);
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
        v1::RecordRepaymentRequest repay;
        repay.set_request_id(absl::StrCat(loan_id(c), "-r", i));
        repay.set_name(absl::StrCat(loans_prefix, loan_id(c)));
        *repay.mutable_principal() = ledger::Cny(1);
        *repay.mutable_value_date() = Day(2024, 3, 20);
        v1::RecordRepaymentResponse response;
        const auto t0 = std::chrono::steady_clock::now();
        grpc::Status status = stubs[c]->RecordRepayment(Context().get(), repay, &response);
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
    get.set_name(absl::StrCat(loans_prefix, loan_id(c)));
    v1::Loan loan;
    if (!stubs[c]->GetLoan(Context().get(), get, &loan).ok() ||
        loan.outstanding_principal().amount_fen() != principal_fen - acknowledged[c]) {
      ++mismatches;
    }
  }

  std::vector<double> all;
  for (const auto& l : latencies_ms) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf(
      "clients=%d repayments=%zu errors=%d seconds=%.2f throughput=%.0f/s "
      "latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f ledger_check=%s\n",
      flags.clients, all.size(), errors.load(), seconds, all.size() / seconds, pct(0.50), pct(0.90),
      pct(0.99), all.empty() ? 0.0 : all.back(), mismatches == 0 ? "ok" : "MISMATCH");
  return mismatches == 0 && errors == 0 ? 0 : 1;
}
