// Whole command lines: usage errors, help, global flags and error reporting.
#include "clients/ledgerctl/app.h"

#include "clients/ledgerctl/test_runner.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class AppTest : public ::testing::Test {
 protected:
  FakeLedgerServer server_;
};

TEST_F(AppTest, NoCommandIsAUsageError) {
  TestRun run = RunForTest(server_, {});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: no command given (see 'ledgerctl --help')\n");
}

TEST_F(AppTest, TopLevelHelpListsEveryCommand) {
  TestRun run = RunForTest(server_, {"--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* command : {"create", "disburse", "repay", "get", "list", "history", "entry",
                              "entries", "watch", "head", "verify"}) {
    EXPECT_TRUE(Contains(run.out, std::string("\n  ") + command + " ")) << command;
  }
  EXPECT_TRUE(Contains(run.out, "--server=HOST:PORT"));
  EXPECT_TRUE(Contains(run.out, "Exit codes"));
}

TEST_F(AppTest, CommandHelpListsItsFlagsAndAnExampleAndCallsNothing) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"disburse", "--help"}, {"--help", "disburse"}, {"disburse", "-h"}}) {
    TestRun run = RunForTest(server_, args);
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_TRUE(Contains(run.out, "Usage: ledgerctl disburse --loan=NAME")) << run.out;
    EXPECT_TRUE(Contains(run.out, "--amount_fen=FEN")) << run.out;
    EXPECT_TRUE(Contains(run.out, "Example:\n  ledgerctl disburse ")) << run.out;
  }
  EXPECT_TRUE(server_.loans().log.methods.empty());
}

TEST_F(AppTest, UnknownCommandAndFlag) {
  TestRun run = RunForTest(server_, {"lend"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: unknown command 'lend' (see 'ledgerctl --help')\n");
  run = RunForTest(server_, {"get", "--loan=x", "--ammount=5"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: unknown flag --ammount (see 'ledgerctl get --help')\n");
  EXPECT_TRUE(server_.loans().log.methods.empty());
}

TEST_F(AppTest, BadValuesAreUsageErrorsAndNothingIsSent) {
  TestRun run = RunForTest(server_, {"disburse", "--loan=banks/B001/loans/L-1", "--amount=1.234",
                                     "--value_date=2024-01-15"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--amount: '1.234' is not an amount")) << run.err;
  EXPECT_TRUE(Contains(run.err, "(see 'ledgerctl disburse --help')")) << run.err;
  run = RunForTest(server_, {"disburse", "--loan=x", "--amount=1", "--value_date=2024-02-30"});
  EXPECT_EQ(run.exit_code, 2);
  run = RunForTest(server_, {"disburse", "--loan=x", "--value_date=2024-01-15"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "missing required flag --amount")) << run.err;
  // No request id was made up (or announced) for a command line that was
  // refused.
  EXPECT_FALSE(Contains(run.err, "request_id:"));
  EXPECT_TRUE(server_.loans().log.methods.empty());
}

TEST_F(AppTest, GlobalFlagsBeforeOrAfterTheCommandAndFromTheEnvironment) {
  TestRun run = RunForTest(server_, {"--principal", "county:370281", "get", "--loan=x"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(server_, {"get", "--loan=x", "--principal=bank:B001", "--server", "h:1"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.server, "h:1");
  run = RunForTest(server_, {"get", "--loan=x"},
                   {{"LEDGER_PRINCIPAL", "bank:B002"}, {"LEDGER_SERVER", "env:2"}});
  EXPECT_EQ(run.server, "env:2");
  run = RunForTest(server_, {"get", "--loan=x"});
  EXPECT_EQ(run.server, "127.0.0.1:50051");
  EXPECT_EQ(server_.loans().log.principals,
            (std::vector<std::string>{"county:370281", "bank:B001", "bank:B002", "bank:dev"}));
  EXPECT_EQ(server_.loans().log.had_deadline, (std::vector<bool>{true, true, true, true}));
}

grpc::Status NotFound() {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  info.set_reason("LOAN_NOT_FOUND");
  info.set_domain("ledger.microloan");
  (*info.mutable_metadata())["field"] = "name";
  details.add_details()->PackFrom(info);
  return grpc::Status(grpc::StatusCode::NOT_FOUND, "LOAN_NOT_FOUND: no loan banks/B/loans/L",
                      details.SerializeAsString());
}

TEST_F(AppTest, RpcErrorIsOneLineOnStderrAndExitOne) {
  server_.loans().log.error = NotFound();
  TestRun run = RunForTest(server_, {"get", "--loan=banks/B/loans/L"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "error: NOT_FOUND LOAN_NOT_FOUND (field: name): no loan "
            "banks/B/loans/L\n");
}

TEST_F(AppTest, RpcErrorWithJsonAlsoGoesToStdout) {
  server_.loans().log.error = NotFound();
  TestRun run = RunForTest(server_, {"--json", "get", "--loan=banks/B/loans/L"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "{\"code\": \"NOT_FOUND\", \"reason\": \"LOAN_NOT_FOUND\", "
            "\"field\": \"name\", \"message\": \"no loan banks/B/loans/L\"}\n");
  EXPECT_TRUE(Contains(run.err, "error: NOT_FOUND LOAN_NOT_FOUND"));
}

TEST_F(AppTest, BadGlobalValueIsAUsageError) {
  TestRun run = RunForTest(server_, {"head", "--timeout_ms=soon"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--timeout_ms")) << run.err;
}

}  // namespace
}  // namespace ledgerctl
