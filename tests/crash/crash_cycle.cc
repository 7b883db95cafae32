// One crash cycle against a real ledgerd child process; see crash_cycle.h.
#include "tests/crash/crash_cycle.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "ledger/audit/audit.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/account.grpc.pb.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledger {
namespace {

namespace v1 = microloan::ledger::v1;
using Clock = std::chrono::steady_clock;

constexpr char kWorkspace[] = "microloan_ledger";
constexpr char kLedgerdRunfile[] = "ledger/server/ledgerd";
constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr auto kStopTimeout = std::chrono::seconds(30);

bool IsExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// A ledgerd child: its PID and the port it bound.
struct Child {
  pid_t pid = -1;
  int port = 0;
};

// Polls waitpid(WNOHANG) until `pid` exits or `timeout` passes; true and `*status` if it did.
bool WaitForExit(pid_t pid, Clock::duration timeout, int* status) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    const pid_t done = waitpid(pid, status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) return false;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Kills `pid` with SIGKILL and reaps it (for error paths and the crash itself).
void KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// Starts ledgerd on the data directory, output appended to work_dir/ledgerd.log, and waits for
// its port file.
absl::StatusOr<Child> StartLedgerd(const CrashCycleOptions& options) {
  const std::string port_file = options.work_dir + "/ledgerd.port";
  const std::string log_file = options.work_dir + "/ledgerd.log";
  std::filesystem::remove(port_file);
  std::vector<std::string> args = {options.ledgerd_path,
                                   "--dev_plaintext",
                                   "--listen=127.0.0.1:0",
                                   "--http_listen=127.0.0.1:0",
                                   "--data_dir=" + options.data_dir,
                                   "--port_file=" + port_file};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int log_fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("cannot open ", log_file));
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) return absl::InternalError("fork failed");

  const Clock::time_point deadline = Clock::now() + kStartTimeout;
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return absl::InternalError(
          absl::StrCat("ledgerd exited during start-up (status ", status, "); see ", log_file));
    }
    std::ifstream in(port_file);
    std::string text;
    int port = 0;
    if (in && std::getline(in, text) && absl::SimpleAtoi(text, &port) && port > 0) {
      return Child{pid, port};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  KillAndReap(pid);
  return absl::DeadlineExceededError(absl::StrCat("ledgerd wrote no port file; see ", log_file));
}

// SIGTERM, then waits for a clean exit (status 0).
absl::Status StopLedgerd(const Child& child) {
  if (kill(child.pid, SIGTERM) != 0) return absl::InternalError("cannot send SIGTERM");
  int status = 0;
  if (!WaitForExit(child.pid, kStopTimeout, &status)) {
    KillAndReap(child.pid);
    return absl::DeadlineExceededError("ledgerd did not stop within 30 s of SIGTERM");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("ledgerd stopped uncleanly (status ", status, ")"));
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> ChannelTo(const Child& child) {
  // A channel of its own per client (no sharing of one TCP connection between them).
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", child.port),
                                   grpc::InsecureChannelCredentials(), args);
}

// `wait_for_ready` rides out connection set-up; the writers go without it so that calls
// after the kill fail at once instead of waiting for a server that is gone.
std::unique_ptr<grpc::ClientContext> CallContext(const std::string& principal,
                                                 bool wait_for_ready) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context->AddMetadata("x-ledger-principal", principal);
  context->set_wait_for_ready(wait_for_ready);
  return context;
}

// What one writer thread saw.
struct WriterLog {
  std::vector<std::string> acknowledged;
  int64_t attempted = 0;
  std::string unexpected;  // the first failure seen before the kill
};

// Loans created, disbursed and part-repaid one after another until the kill; every call that
// returns OK is recorded. A failure before the kill is unexpected; after it, the writer stops.
void RunWriter(const Child& child, const std::string& prefix, const std::atomic<bool>* killed,
               WriterLog* log) {
  auto loans = v1::LoanService::NewStub(ChannelTo(child));
  // The first call waits for the connection; later ones fail fast once the server is gone.
  bool connected = false;
  auto note = [&](const grpc::Status& status, const std::string& request_id) {
    ++log->attempted;
    if (status.ok()) {
      connected = true;
      log->acknowledged.push_back(request_id);
      return true;
    }
    if (!killed->load() && log->unexpected.empty()) {
      log->unexpected =
          absl::StrCat(request_id, ": ", status.error_code(), " ", status.error_message());
    }
    return false;
  };
  for (int n = 0; !killed->load() && log->unexpected.empty(); ++n) {
    const std::string loan_id = absl::StrCat(prefix, "-", n);
    v1::CreateLoanRequest create;
    create.set_request_id(loan_id + ":create");
    create.set_bank_id("B001");
    create.set_loan_id(loan_id);
    create.set_borrower_id("borrower-" + loan_id);
    create.set_county_code("370281");
    *create.mutable_principal() = Cny(10'000'00);
    create.set_annual_rate_bps(435);
    create.set_term_months(24);
    *create.mutable_contract_date() = ToDate(absl::CivilDay(2024, 1, 10));
    v1::CreateLoanResponse created;
    if (!note(loans->CreateLoan(CallContext("bank:B001", !connected).get(), create, &created),
              create.request_id())) {
      break;
    }
    const std::string name = absl::StrCat("banks/B001/loans/", loan_id);
    v1::DisburseLoanRequest disburse;
    disburse.set_request_id(loan_id + ":disburse");
    disburse.set_name(name);
    *disburse.mutable_amount() = Cny(10'000'00);
    *disburse.mutable_value_date() = ToDate(absl::CivilDay(2024, 1, 15));
    v1::DisburseLoanResponse disbursed;
    if (!note(loans->DisburseLoan(CallContext("bank:B001", false).get(), disburse, &disbursed),
              disburse.request_id())) {
      break;
    }
    v1::RecordRepaymentRequest repay;
    repay.set_request_id(loan_id + ":repay");
    repay.set_name(name);
    *repay.mutable_principal() = Cny(1'000'00);
    *repay.mutable_interest() = Cny(0);
    *repay.mutable_value_date() = ToDate(absl::CivilDay(2024, 3, 20));
    v1::RecordRepaymentResponse repaid;
    if (!note(loans->RecordRepayment(CallContext("bank:B001", false).get(), repay, &repaid),
              repay.request_id())) {
      break;
    }
  }
}

absl::Status RpcError(const std::string& what, const grpc::Status& status) {
  return absl::InternalError(
      absl::StrCat(what, " failed: ", status.error_code(), " ", status.error_message()));
}

// (a): every acknowledged id is in the journal once, and no request id is in it twice.
absl::Status CheckJournal(const Child& child, const std::vector<std::string>& acknowledged,
                          CrashCycleResult* result) {
  auto journal = v1::JournalService::NewStub(ChannelTo(child));
  absl::flat_hash_map<std::string, int> count;
  uint64_t next = 1;
  while (true) {
    v1::ListEntriesRequest request;
    request.set_start_sequence(next);
    request.set_page_size(1000);
    v1::ListEntriesResponse page;
    grpc::Status s = journal->ListEntries(CallContext("auditor", true).get(), request, &page);
    if (!s.ok()) return RpcError("ListEntries", s);
    for (const v1::JournalEntry& entry : page.entries()) {
      ++result->journal_entries;
      if (entry.request_id().empty()) continue;
      if (++count[entry.request_id()] > 1) {
        return absl::DataLossError(absl::StrCat("request id ", entry.request_id(),
                                                " is in the journal twice (again at sequence ",
                                                entry.sequence(), ")"));
      }
    }
    if (page.next_sequence() <= next || page.next_sequence() > page.head_sequence()) break;
    next = page.next_sequence();
  }
  for (const std::string& id : acknowledged) {
    if (!count.contains(id)) {
      return absl::DataLossError(
          absl::StrCat("acknowledged request id ", id, " is not in the journal (lost)"));
    }
    ++result->found;
  }
  return absl::OkStatus();
}

// (b): the hash chain from sequence 1 to the head.
absl::Status CheckChain(const Child& child) {
  auto journal = v1::JournalService::NewStub(ChannelTo(child));
  uint64_t next = 1;
  while (true) {
    v1::VerifyChainRequest request;
    request.set_start_sequence(next);
    v1::VerifyChainResponse response;
    grpc::Status s = journal->VerifyChain(CallContext("auditor", true).get(), request, &response);
    if (!s.ok()) return RpcError("VerifyChain", s);
    if (!response.ok()) {
      return absl::DataLossError(absl::StrCat(
          "chain broken at sequence ", response.first_bad_sequence(), ": ", response.problem()));
    }
    if (response.complete()) return absl::OkStatus();
    if (response.next_sequence() <= next) return absl::InternalError("VerifyChain stalled");
    next = response.next_sequence();
  }
}

// (c): double entry: the trial balance's kind totals sum to zero.
absl::Status CheckTrialBalance(const Child& child) {
  auto accounts = v1::AccountService::NewStub(ChannelTo(child));
  v1::GetTrialBalanceRequest request;
  request.set_page_size(1);
  v1::TrialBalance balance;
  grpc::Status s = accounts->GetTrialBalance(CallContext("finance", true).get(), request, &balance);
  if (!s.ok()) return RpcError("GetTrialBalance", s);
  int64_t sum = 0;
  for (const v1::KindTotal& total : balance.totals()) sum += total.balance().amount_fen();
  if (!balance.balanced() || sum != 0 ||
      balance.total_debits().amount_fen() != balance.total_credits().amount_fen()) {
    return absl::DataLossError(absl::StrCat(
        "trial balance does not balance: debits ", balance.total_debits().amount_fen(),
        ", credits ", balance.total_credits().amount_fen(), ", kind totals sum to ", sum));
  }
  return absl::OkStatus();
}

// (d): the offline audit of the closed data directory.
absl::Status CheckAudit(const std::string& data_dir) {
  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, read_only);
  if (!store.ok()) return store.status();
  absl::StatusOr<AuditReport> report = RunAudit(**store, AuditOptions{});
  if (!report.ok()) return report.status();
  if (!report->ok() || report->projections.outcome == CheckOutcome::kSkipped) {
    return absl::DataLossError(absl::StrCat("offline audit failed:\n", FormatReport(*report)));
  }
  return absl::OkStatus();
}

// The checks on the restarted server, (a) to (c).
absl::Status CheckRestarted(const Child& child, const std::vector<std::string>& acknowledged,
                            CrashCycleResult* result) {
  if (absl::Status s = CheckJournal(child, acknowledged, result); !s.ok()) return s;
  if (absl::Status s = CheckChain(child); !s.ok()) return s;
  return CheckTrialBalance(child);
}

}  // namespace

absl::StatusOr<CrashCycleResult> RunCrashCycle(const CrashCycleOptions& options,
                                               std::vector<std::string>* acknowledged) {
  if (options.clients < 1 || options.min_kill_ms < 0 || options.max_kill_ms < options.min_kill_ms) {
    return absl::InvalidArgumentError("clients >= 1 and 0 <= min_kill_ms <= max_kill_ms");
  }
  std::filesystem::create_directories(options.work_dir);
  CrashCycleResult result;
  std::mt19937_64 random(options.seed * 1'000'003 + options.cycle);
  result.kill_after_ms =
      std::uniform_int_distribution<int>(options.min_kill_ms, options.max_kill_ms)(random);

  // Write, then crash.
  absl::StatusOr<Child> child = StartLedgerd(options);
  if (!child.ok()) return child.status();
  std::atomic<bool> killed{false};
  std::vector<WriterLog> logs(options.clients);
  std::vector<std::thread> writers;
  for (int c = 0; c < options.clients; ++c) {
    writers.emplace_back(RunWriter, *child, absl::StrCat("k", options.cycle, "-c", c), &killed,
                         &logs[c]);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(result.kill_after_ms));
  killed.store(true);
  KillAndReap(child->pid);
  for (std::thread& writer : writers) writer.join();
  for (const WriterLog& log : logs) {
    if (!log.unexpected.empty()) {
      return absl::InternalError("a write failed before the kill: " + log.unexpected);
    }
    result.attempted += log.attempted;
    result.acknowledged += log.acknowledged.size();
    acknowledged->insert(acknowledged->end(), log.acknowledged.begin(), log.acknowledged.end());
  }

  // Restart and check.
  child = StartLedgerd(options);
  if (!child.ok()) return child.status();
  absl::Status checked = CheckRestarted(*child, *acknowledged, &result);
  absl::Status stopped = StopLedgerd(*child);
  if (!checked.ok()) return checked;
  if (!stopped.ok()) return stopped;
  if (absl::Status s = CheckAudit(options.data_dir); !s.ok()) return s;
  return result;
}

absl::StatusOr<std::string> FindLedgerd(const std::string& argv0) {
  std::vector<std::string> roots;
  for (const char* variable : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') {
      roots.push_back(value);
    }
  }
  if (!argv0.empty()) roots.push_back(argv0 + ".runfiles");
  for (const std::string& root : roots) {
    const std::string path = absl::StrCat(root, "/", kWorkspace, "/", kLedgerdRunfile);
    if (IsExecutable(path)) return path;
  }
  return absl::NotFoundError(
      "ledgerd is not in the runfiles; run under bazel (bazel run //tools:crash_loop) or pass "
      "--ledgerd=PATH");
}

}  // namespace ledger
