// load_gen: drives a running ledgerd with a realistic mix of loan calls from N concurrent
// clients and checks afterwards that every acknowledged write is in the ledger.
//
//   bazel build -c opt //tools:load_gen
//   bazel-bin/tools/load_gen --server=127.0.0.1:$(cat /tmp/lg/port) --clients=16 --seconds=30
//   bazel-bin/tools/load_gen --server=127.0.0.1:50051 --read_percent=50 --json=/tmp/lg.json
//
// Each client has its own connection and its own loans (10 million CNY each, so that 1-fen
// repayments can never exhaust one within the bounds). It starts by creating and disbursing
// --loans_per_client loans; then each call is a GetLoan (--read_percent), a retry of one of its
// recent acknowledged writes with the same request id, which must come back replayed with the
// original's sequence (--retry_percent), or a write: a new loan (--new_loan_percent of writes;
// its disbursement is the client's next call) or a 1-fen principal repayment. The run ends
// after --operations calls in all or --seconds, whichever comes first. A read must show the
// client's own acknowledged writes (one client per loan, calls one at a time). Afterwards each
// loan is read back: outstanding principal == disbursed - acknowledged repayments, exactly.
// Prints a table (and --json=FILE), then `ledger_check=ok`; exit 1 on any mismatch or error,
// 2 on a usage error. Loopback only, unless mutual TLS is used (--ca --cert --key).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ledger/server/transport_security.h"
#include "tools/latency_stats.h"
#include "tools/load_report.h"
#include "tools/load_support.h"

namespace loadtool {
namespace {

enum Rpc { kCreate, kDisburse, kRepay, kGet, kRetry, kRpcCount };
constexpr const char* kRpcNames[kRpcCount] = {"CreateLoan", "DisburseLoan", "RecordRepayment",
                                              "GetLoan", "retry(replay)"};

constexpr int64_t kLoanPrincipalFen = 10'000'000'00;  // the largest loan the ledger accepts
constexpr size_t kMaxLoansPerClient = 10'000;         // then new-loan writes become repayments
constexpr size_t kRetryRingSize = 1024;               // recent acknowledged writes to retry
constexpr size_t kMaxMismatchExamples = 20;
constexpr size_t kMaxLatencySamplesPerRpc = 1'000'000;  // 8 MB each
constexpr int kResendAttempts = 3;

struct Config {
  std::string server = "127.0.0.1:50051";
  std::string bank = "LOAD";
  std::string principal;  // x-ledger-principal for a --dev_plaintext server; "bank:<bank>"
  std::string json_file;
  TlsFiles tls;
  int64_t clients = 4;
  int64_t operations = 20'000;
  int64_t seconds = 60;
  int64_t read_percent = 20;
  int64_t retry_percent = 5;
  int64_t new_loan_percent = 1;
  int64_t loans_per_client = 4;
  int64_t seed = 1;
};

constexpr char kUsage[] =
    "usage: load_gen [--server=127.0.0.1:50051] [--clients=1..256] [--operations=1..10000000]\n"
    "    [--seconds=1..3600] [--read_percent=0..100] [--retry_percent=0..100]\n"
    "    [--new_loan_percent=0..100] [--loans_per_client=1..100] [--bank=LOAD]\n"
    "    [--principal=bank:LOAD] [--ca=PEM --cert=PEM --key=PEM] [--json=FILE] [--seed=N]\n"
    "Defaults: 4 clients, 20000 operations, 60 s, 20% reads, 5% retries, 1% new loans.\n"
    "Plaintext (a --dev_plaintext ledgerd) on loopback addresses only; with TLS, --bank must\n"
    "be the client certificate's bank.\n";

// Empty on success, else what is wrong.
std::string ParseConfig(int argc, char** argv, Config* config) {
  std::map<std::string, std::string> v;
  std::string error;
  if (!ParseFlagArgs(argc, argv,
                     {"server", "clients", "operations", "seconds", "read_percent", "retry_percent",
                      "new_loan_percent", "loans_per_client", "bank", "principal", "ca", "cert",
                      "key", "json", "seed"},
                     &v, &error)) {
    return error;
  }
  if (v.count("help") > 0) return "help";
  auto text = [&v](const char* name, std::string* out) {
    if (v.count(name) > 0) *out = v[name];
  };
  text("server", &config->server);
  text("bank", &config->bank);
  text("principal", &config->principal);
  text("json", &config->json_file);
  text("ca", &config->tls.ca_file);
  text("cert", &config->tls.cert_file);
  text("key", &config->tls.key_file);
  if (!IntFlag(v, "clients", 1, 256, &config->clients, &error) ||
      !IntFlag(v, "operations", 1, 10'000'000, &config->operations, &error) ||
      !IntFlag(v, "seconds", 1, 3600, &config->seconds, &error) ||
      !IntFlag(v, "read_percent", 0, 100, &config->read_percent, &error) ||
      !IntFlag(v, "retry_percent", 0, 100, &config->retry_percent, &error) ||
      !IntFlag(v, "new_loan_percent", 0, 100, &config->new_loan_percent, &error) ||
      !IntFlag(v, "loans_per_client", 1, 100, &config->loans_per_client, &error) ||
      !IntFlag(v, "seed", 0, INT64_MAX, &config->seed, &error)) {
    return error;
  }
  if (config->read_percent + config->retry_percent > 100) {
    return "--read_percent + --retry_percent must be at most 100";
  }
  if (config->bank.empty()) return "--bank must not be empty";
  if (!config->tls.consistent()) return "--ca, --cert and --key go together";
  // Plaintext carries an unauthenticated principal header: never off this machine.
  if (!config->tls.enabled() && !ledger::IsLoopbackAddress(config->server)) {
    return "--server must be a loopback address without TLS";
  }
  if (config->principal.empty()) config->principal = "bank:" + config->bank;
  return "";
}

using WriteRequest =
    std::variant<v1::CreateLoanRequest, v1::DisburseLoanRequest, v1::RecordRepaymentRequest>;

struct AcknowledgedWrite {
  WriteRequest request;
  uint64_t sequence = 0;
};

struct TrackedLoan {
  std::string name;
  bool disbursed = false;
  int64_t repayments_acknowledged = 0;
  int64_t repayments_sent = 0;   // numbers the request ids
  bool outcome_unknown = false;  // a write on it whose outcome could not be learnt
};

// What all clients share: the limits, and one latency recorder per row.
struct Run {
  Config config;
  std::string run_id;  // makes loan ids and request ids unique per run
  std::chrono::steady_clock::time_point deadline;
  std::atomic<int64_t> calls_started{0};
  std::vector<std::unique_ptr<LatencyRecorder>> latency;  // by Rpc
};

class Client {
 public:
  Client(Run* run, int index, std::unique_ptr<v1::LoanService::Stub> stub)
      : run_(run),
        index_(index),
        stub_(std::move(stub)),
        random_(static_cast<uint64_t>(run->config.seed) * 1'000'003 + index) {}

  // Until the run's call budget or its time is used up.
  void Drive() {
    while (run_->calls_started.fetch_add(1) < run_->config.operations &&
           std::chrono::steady_clock::now() < run_->deadline) {
      Step();
    }
  }

  // Reads every loan back (after the run).
  void Verify();

  void AddTo(RunFigures* figures) const;

 private:
  void Step() {
    if (pending_disbursement_ >= 0) return Disburse();
    if (loans_.size() < static_cast<size_t>(run_->config.loans_per_client)) return Create();
    const int64_t roll = Percent();
    if (roll < run_->config.read_percent && !usable_.empty()) return Read();
    if (roll < run_->config.read_percent + run_->config.retry_percent && !acknowledged_.empty()) {
      return Retry();
    }
    if ((usable_.empty() || Percent() < run_->config.new_loan_percent) &&
        loans_.size() < kMaxLoansPerClient) {
      return Create();
    }
    if (!usable_.empty()) Repay();
  }

  int64_t Percent() { return std::uniform_int_distribution<int64_t>(0, 99)(random_); }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

  void Create() {
    const std::string loan_id = absl::StrCat("LG", run_->run_id, "-", index_, "-", next_loan_++);
    const WriteRequest request = CreateRequest(absl::StrCat(loan_id, "-create"), run_->config.bank,
                                               loan_id, kLoanPrincipalFen);
    TrackedLoan loan;
    loan.name = LoanName(run_->config.bank, loan_id);
    bool unknown = false;
    if (Write(kCreate, request, &unknown)) {
      pending_disbursement_ = static_cast<int>(loans_.size());
    } else if (unknown) {
      loan.outcome_unknown = true;  // reported by Verify; never used again
    } else {
      return;  // refused: nothing was created
    }
    loans_.push_back(std::move(loan));
  }

  void Disburse() {
    TrackedLoan& loan = loans_[pending_disbursement_];
    const WriteRequest request =
        DisburseRequest(absl::StrCat(loan.name.substr(loan.name.rfind('/') + 1), "-disburse"),
                        loan.name, kLoanPrincipalFen);
    bool unknown = false;
    if (Write(kDisburse, request, &unknown)) {
      loan.disbursed = true;
      usable_.push_back(pending_disbursement_);
    } else if (unknown) {
      loan.outcome_unknown = true;
    }  // refused: the loan stays undisbursed and unused
    pending_disbursement_ = -1;
  }

  void Repay() {
    const size_t slot = Pick(usable_.size());
    TrackedLoan& loan = loans_[usable_[slot]];
    const WriteRequest request = RepayRequest(
        absl::StrCat(loan.name.substr(loan.name.rfind('/') + 1), "-r", loan.repayments_sent++),
        loan.name, 1);
    bool unknown = false;
    if (Write(kRepay, request, &unknown)) {
      ++loan.repayments_acknowledged;
    } else if (unknown) {
      // Its count is now uncertain by one: no exact check is possible, so stop using it.
      loan.outcome_unknown = true;
      usable_.erase(usable_.begin() + static_cast<std::ptrdiff_t>(slot));
    }
  }

  // Sends `request`; true when acknowledged (then kept for retries). A failure whose outcome is
  // unknown (a timeout, an unavailable server) is resolved the way docs/API.md tells a bank
  // to: the same request again, until it is acknowledged (applied now or replayed) or refused.
  bool Write(Rpc rpc, const WriteRequest& request, bool* unknown) {
    const auto t0 = std::chrono::steady_clock::now();
    v1::CommitInfo commit;
    grpc::Status status = Send(request, /*wait_for_ready=*/false, &commit);
    Count(rpc, status, t0);
    for (int attempt = 0;
         !status.ok() && OutcomeUnknown(status.error_code()) && attempt < kResendAttempts;
         ++attempt) {
      ++resends_;
      status = Send(request, /*wait_for_ready=*/true, &commit);
    }
    if (!status.ok()) {
      *unknown = OutcomeUnknown(status.error_code());
      return false;
    }
    if (commit.replayed()) {
      ++resends_found_applied_;  // only a resend can be replayed here: ids are never reused
    }
    AcknowledgedWrite acknowledged{request, commit.sequence()};
    if (acknowledged_.size() < kRetryRingSize) {
      acknowledged_.push_back(std::move(acknowledged));
    } else {
      acknowledged_[next_ring_slot_] = std::move(acknowledged);
      next_ring_slot_ = (next_ring_slot_ + 1) % kRetryRingSize;
    }
    ++writes_acknowledged_;
    return true;
  }

  grpc::Status Send(const WriteRequest& request, bool wait_for_ready, v1::CommitInfo* commit) {
    auto context = CallContext(run_->config.principal, wait_for_ready);
    grpc::Status status;
    if (const auto* create = std::get_if<v1::CreateLoanRequest>(&request)) {
      v1::CreateLoanResponse response;
      status = stub_->CreateLoan(context.get(), *create, &response);
      *commit = response.commit();
    } else if (const auto* disburse = std::get_if<v1::DisburseLoanRequest>(&request)) {
      v1::DisburseLoanResponse response;
      status = stub_->DisburseLoan(context.get(), *disburse, &response);
      *commit = response.commit();
    } else {
      v1::RecordRepaymentResponse response;
      status = stub_->RecordRepayment(context.get(), std::get<v1::RecordRepaymentRequest>(request),
                                      &response);
      *commit = response.commit();
    }
    return status;
  }

  void Read() {
    const TrackedLoan& loan = loans_[usable_[Pick(usable_.size())]];
    v1::GetLoanRequest get;
    get.set_name(loan.name);
    v1::Loan got;
    const auto t0 = std::chrono::steady_clock::now();
    const grpc::Status status =
        stub_->GetLoan(CallContext(run_->config.principal).get(), get, &got);
    Count(kGet, status, t0);
    // This client is the only writer of the loan and waits for each answer, so a read must
    // already show every write acknowledged before it.
    if (status.ok()) CheckBalance("read", loan, got);
  }

  void Retry() {
    const AcknowledgedWrite& original = acknowledged_[Pick(acknowledged_.size())];
    const auto t0 = std::chrono::steady_clock::now();
    v1::CommitInfo commit;
    const grpc::Status status = Send(original.request, /*wait_for_ready=*/false, &commit);
    Count(kRetry, status, t0);
    if (!status.ok()) return;  // counted as an error; a replay changes nothing either way
    if (commit.replayed() && commit.sequence() == original.sequence) {
      ++retries_replayed_;
    } else {
      Mismatch(absl::StrCat("retry of sequence ", original.sequence, " answered replayed=",
                            commit.replayed(), " sequence=", commit.sequence()));
    }
  }

  void CheckBalance(const char* when, const TrackedLoan& loan, const v1::Loan& got) {
    const int64_t disbursed = loan.disbursed ? kLoanPrincipalFen : 0;
    const int64_t expected = disbursed - loan.repayments_acknowledged;
    if (got.disbursed_principal().amount_fen() != disbursed ||
        got.outstanding_principal().amount_fen() != expected) {
      Mismatch(absl::StrCat(when, " ", loan.name, ": disbursed ",
                            got.disbursed_principal().amount_fen(), " outstanding ",
                            got.outstanding_principal().amount_fen(), ", expected ", disbursed,
                            " and ", expected));
    }
  }

  void Count(Rpc rpc, const grpc::Status& status, std::chrono::steady_clock::time_point started) {
    ++calls_[rpc];
    if (status.ok()) {
      run_->latency[rpc]->Record(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count());
      return;
    }
    ++errors_[rpc];
    const std::string reason = ReasonOf(status);
    ++error_counts_[absl::StrCat(kRpcNames[rpc], " ", CodeName(status.error_code()),
                                 reason.empty() ? "" : " ", reason)];
  }

  void Mismatch(std::string what) {
    ++mismatch_count_;
    if (mismatches_.size() < kMaxMismatchExamples) mismatches_.push_back(std::move(what));
  }

  Run* const run_;
  const int index_;
  const std::unique_ptr<v1::LoanService::Stub> stub_;
  std::mt19937_64 random_;
  std::vector<TrackedLoan> loans_;  // bounded by kMaxLoansPerClient (+ initial attempts)
  std::vector<int> usable_;         // indexes of disbursed loans with an exact count
  int pending_disbursement_ = -1;   // a loan created and not yet disbursed
  int64_t next_loan_ = 0;
  std::vector<AcknowledgedWrite> acknowledged_;  // a ring of kRetryRingSize
  size_t next_ring_slot_ = 0;
  int64_t calls_[kRpcCount] = {};
  int64_t errors_[kRpcCount] = {};
  std::map<std::string, int64_t> error_counts_;
  int64_t resends_ = 0;
  int64_t resends_found_applied_ = 0;  // the failed call had been applied after all
  int64_t writes_acknowledged_ = 0;
  int64_t retries_replayed_ = 0;
  int64_t mismatch_count_ = 0;
  std::vector<std::string> mismatches_;
};

void Client::Verify() {
  bool server_unreachable = false;
  for (const TrackedLoan& loan : loans_) {
    if (loan.outcome_unknown) {
      Mismatch(absl::StrCat(loan.name, ": a write's outcome stayed unknown"));
      continue;
    }
    if (server_unreachable) {  // rather than wait out one deadline per loan
      Mismatch(absl::StrCat(loan.name, ": not checked, the server did not answer"));
      continue;
    }
    v1::GetLoanRequest get;
    get.set_name(loan.name);
    v1::Loan got;
    const grpc::Status status = stub_->GetLoan(
        CallContext(run_->config.principal, /*wait_for_ready=*/true).get(), get, &got);
    if (!status.ok()) {
      server_unreachable = OutcomeUnknown(status.error_code());
      Mismatch(absl::StrCat(loan.name, ": GetLoan ", CodeName(status.error_code()), " ",
                            status.error_message()));
    } else {
      CheckBalance("final", loan, got);
    }
  }
}

void Client::AddTo(RunFigures* figures) const {
  for (int rpc = 0; rpc < kRpcCount; ++rpc) {
    figures->rpcs[rpc].calls += calls_[rpc];
    figures->rpcs[rpc].errors += errors_[rpc];
  }
  for (const auto& [key, count] : error_counts_) figures->errors[key] += count;
  figures->resends += resends_;
  figures->resends_found_applied += resends_found_applied_;
  figures->loans_checked += static_cast<int64_t>(loans_.size());
  figures->writes_acknowledged += writes_acknowledged_;
  for (const TrackedLoan& loan : loans_) {
    figures->repayments_acknowledged += loan.repayments_acknowledged;
  }
  figures->retries_replayed += retries_replayed_;
  figures->mismatch_count += mismatch_count_;
  for (const std::string& m : mismatches_) {
    if (figures->mismatch_examples.size() < kMaxMismatchExamples) {
      figures->mismatch_examples.push_back(m);
    }
  }
}

int Main(int argc, char** argv) {
  Run run;
  const std::string usage_error = ParseConfig(argc, argv, &run.config);
  if (usage_error == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!usage_error.empty()) {
    std::fprintf(stderr, "load_gen: %s\n%s", usage_error.c_str(), kUsage);
    return 2;
  }
  const Config& config = run.config;
  std::string error;
  const std::shared_ptr<grpc::ChannelCredentials> credentials =
      ClientCredentials(config.tls, &error);
  if (credentials == nullptr) {
    std::fprintf(stderr, "load_gen: %s\n", error.c_str());
    return 2;
  }
  run.run_id = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  for (int rpc = 0; rpc < kRpcCount; ++rpc) {
    run.latency.push_back(std::make_unique<LatencyRecorder>(
        kMaxLatencySamplesPerRpc, static_cast<uint64_t>(config.seed) + rpc));
  }
  std::vector<std::unique_ptr<Client>> clients;
  for (int c = 0; c < config.clients; ++c) {
    clients.push_back(
        std::make_unique<Client>(&run, c, ConnectClient(config.server, credentials, c)));
  }

  const auto started = std::chrono::steady_clock::now();
  run.deadline = started + std::chrono::seconds(config.seconds);
  std::vector<std::thread> threads;
  for (auto& client : clients) threads.emplace_back([&client] { client->Drive(); });
  for (auto& thread : threads) thread.join();
  const double elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  threads.clear();
  for (auto& client : clients) threads.emplace_back([&client] { client->Verify(); });
  for (auto& thread : threads) thread.join();

  RunFigures figures;
  figures.server = config.server;
  figures.tls = config.tls.enabled();
  figures.clients = config.clients;
  figures.limit_operations = config.operations;
  figures.limit_seconds = config.seconds;
  figures.read_percent = config.read_percent;
  figures.retry_percent = config.retry_percent;
  figures.new_loan_percent = config.new_loan_percent;
  figures.loans_per_client = config.loans_per_client;
  figures.elapsed_seconds = elapsed_seconds;
  for (int rpc = 0; rpc < kRpcCount; ++rpc) {
    RpcFigures row;
    row.name = kRpcNames[rpc];
    row.latency = run.latency[rpc]->Summarize();
    figures.rpcs.push_back(row);
  }
  for (const auto& client : clients) client->AddTo(&figures);
  PrintTable(figures, stdout);
  if (!config.json_file.empty()) {
    std::ofstream json(config.json_file, std::ios::trunc);
    json << JsonReport(figures);
    if (!json.good()) {
      std::fprintf(stderr, "load_gen: cannot write %s\n", config.json_file.c_str());
      return 1;
    }
  }
  return figures.mismatch_count == 0 && figures.errors.empty() ? 0 : 1;
}

}  // namespace
}  // namespace loadtool

int main(int argc, char** argv) { return loadtool::Main(argc, argv); }
