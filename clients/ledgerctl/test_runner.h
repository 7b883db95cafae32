// Runs whole ledgerctl command lines in tests: against a FakeLedgerServer, with
// a fixed environment and request id, capturing stdout, stderr and the exit
// code.
//
//   FakeLedgerServer server;
//   TestRun run = RunForTest(server, {"get", "--loan=banks/B/loans/L"});
//   EXPECT_EQ(run.exit_code, 0);
//   EXPECT_NE(run.out.find("status:"), std::string::npos);
#ifndef CLIENTS_LEDGERCTL_TEST_RUNNER_H_
#define CLIENTS_LEDGERCTL_TEST_RUNNER_H_

#include <map>
#include <string>
#include <vector>

#include "clients/ledgerctl/fake_ledger_server.h"

namespace ledgerctl {

inline constexpr char kTestRequestId[] = "00000000-0000-4000-8000-000000000001";

struct TestRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string server;  // the --server the channel was made for; "" if none was made
};

TestRun RunForTest(FakeLedgerServer& server, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}, bool err_is_tty = false);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_TEST_RUNNER_H_
