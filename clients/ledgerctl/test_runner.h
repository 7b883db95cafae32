// Runs whole ledgerctl command lines in tests against a real ledger server in
// the test process (ledger::TestServer: real RocksDB in a temp dir, real gRPC on
// 127.0.0.1), with a fixed environment and request id, capturing stdout, stderr
// and the exit code. Also seeds and reads the server's state through its own
// API, so tests check what ledgerctl did by what the ledger now holds.
//
//   ledger::TestServer server("get");
//   SeedLoan(server, "L-1", 100'000'00);
//   TestRun run = RunForTest(server, {"get", "--loan=banks/B001/loans/L-1"});
//   EXPECT_EQ(run.exit_code, 0);
//   EXPECT_EQ(ReadLoan(server, "banks/B001/loans/L-1").status(), v1::APPROVED);
#ifndef CLIENTS_LEDGERCTL_TEST_RUNNER_H_
#define CLIENTS_LEDGERCTL_TEST_RUNNER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledgerctl {

inline constexpr char kTestRequestId[] = "00000000-0000-4000-8000-000000000001";

struct TestRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  // The --server ledgerctl resolved (flag, environment or default) when it made
  // its channel; "" if it made none, i.e. nothing was sent.
  std::string server;
};

// "127.0.0.1:<port>" of the running server. Take it before server.Stop() to
// run against a stopped server (the port then refuses connections).
std::string AddressOf(ledger::TestServer& server);

// Runs ledgerctl with `args` (no program name). The channel always goes to
// `address` over loopback, whatever --server says; TestRun::server tells what
// it said.
TestRun RunForTest(const std::string& address, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}, bool err_is_tty = false);
TestRun RunForTest(ledger::TestServer& server, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}, bool err_is_tty = false);

// A command line running on its own thread (e.g. `watch`), for tests that act
// on the server while it runs.
class BackgroundRun {
 public:
  BackgroundRun(const std::string& address, const std::vector<std::string>& args);
  ~BackgroundRun();  // waits for the command to end

  // Waits until stdout holds at least `lines` lines; false after `timeout`.
  bool WaitForLines(int lines, absl::Duration timeout);
  // Waits for the command to end.
  TestRun Finish();

 private:
  class Output;
  std::unique_ptr<Output> out_;
  std::unique_ptr<Output> err_;
  TestRun run_;
  std::thread thread_;
};

// --- The server's state, through its API (principal bank:B001). A failed call
// is a test failure; the result is then empty. ---

// Creates banks/B001/loans/<loan_id> (borrower-<loan_id>, 4.35%, 24 months,
// contracted 2024-01-10) with request id "seed-c-<loan_id>".
void SeedLoan(ledger::TestServer& server, const std::string& loan_id, int64_t principal_fen,
              const std::string& county = "370281");
// Disburses on 2024-01-15 with request id `request_id`.
void SeedDisbursement(ledger::TestServer& server, const std::string& loan_id, int64_t amount_fen,
                      const std::string& request_id);

microloan::ledger::v1::Loan ReadLoan(ledger::TestServer& server, const std::string& name);
microloan::ledger::v1::JournalEntry ReadEntry(ledger::TestServer& server, uint64_t sequence);
microloan::ledger::v1::JournalHead ReadHead(ledger::TestServer& server);

// Lowercase hex of `bytes`, computed here rather than by the code under test.
std::string Hex(const std::string& bytes);

// Occurrences of '\n' in `text`.
int LineCount(const std::string& text);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_TEST_RUNNER_H_
