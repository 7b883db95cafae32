// Whole command lines against a real server: usage errors, help, global flags
// and error reporting.
#include "clients/ledgerctl/app.h"

#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::vector<std::string> CreateArgs(const std::string& loan_id, const std::string& bank = "B001") {
  return {"create",          "--bank=" + bank,   "--loan=" + loan_id,
          "--borrower=BR-9", "--county=370281",  "--principal_amount=100000.00",
          "--rate_bps=435",  "--term_months=24", "--contract_date=2024-01-10"};
}

std::vector<std::string> Plus(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class AppTest : public ::testing::Test {
 protected:
  ledger::TestServer server_{"ledgerctl_app"};
};

TEST_F(AppTest, NoCommandIsAUsageError) {
  TestRun run = RunForTest(server_, {});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: no command given (see 'ledgerctl --help')\n");
  EXPECT_EQ(run.server, "");
}

TEST_F(AppTest, TopLevelHelpListsEveryCommand) {
  TestRun run = RunForTest(server_, {"--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* command : {"create",
                              "disburse",
                              "repay",
                              "mark-overdue",
                              "cure-arrear",
                              "extend",
                              "write-off",
                              "get",
                              "list",
                              "history",
                              "create-fund",
                              "deposit-capital",
                              "get-fund",
                              "list-funds",
                              "request-guarantee",
                              "issue-guarantee",
                              "record-guarantee",
                              "file-call",
                              "pay-compensation",
                              "record-recovery",
                              "account",
                              "postings",
                              "trial-balance",
                              "reverse",
                              "entry",
                              "entries",
                              "watch",
                              "head",
                              "checkpoint",
                              "backup",
                              "replication-status",
                              "promote",
                              "verify",
                              "completion"}) {
    EXPECT_TRUE(Contains(run.out, std::string("\n  ") + command + " ")) << command;
  }
  EXPECT_TRUE(Contains(run.out, "--server=HOST:PORT"));
  EXPECT_TRUE(Contains(run.out, "--output=FORMAT"));
  EXPECT_TRUE(Contains(run.out, "printed by:\n  get, list, history,")) << run.out;
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
    EXPECT_EQ(run.server, "") << "a channel was made";
  }
  EXPECT_EQ(ReadHead(server_).sequence(), 0u);
}

TEST_F(AppTest, EveryNewCommandHasHelpWithAnExample) {
  for (const char* command :
       {"mark-overdue", "cure-arrear", "extend", "write-off", "create-fund", "deposit-capital",
        "get-fund", "list-funds", "request-guarantee", "issue-guarantee", "record-guarantee",
        "file-call", "pay-compensation", "record-recovery", "account", "postings", "trial-balance",
        "reverse"}) {
    TestRun run = RunForTest(server_, {command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_EQ(run.out.rfind(std::string("Usage: ledgerctl ") + command, 0), 0u) << run.out;
    EXPECT_TRUE(Contains(run.out, std::string("Example:\n  ledgerctl "))) << run.out;
    EXPECT_TRUE(Contains(run.out, "Service.")) << run.out;  // names the RPC it calls
    EXPECT_EQ(run.server, "") << command << ": a channel was made";
  }
  TestRun run = RunForTest(server_, {"request-guarantee", "--help"});
  EXPECT_TRUE(Contains(run.out, "\n  --party=ID...  ")) << run.out;
  // The fund issues on the request's parties: it names none.
  run = RunForTest(server_, {"issue-guarantee", "--help"});
  EXPECT_FALSE(Contains(run.out, "--party")) << run.out;
}

TEST_F(AppTest, NewMutationsRefuseBadCommandLinesBeforeAnyRequestId) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"create-fund", "--fund=F1", "--display_name=x", "--scope=town", "--region=3702",
            "--leverage=5"},
           {"deposit-capital", "--fund=F1", "--amount=1.001", "--value_date=2024-01-02"},
           {"issue-guarantee", "--loan=banks/B001/loans/L-1", "--guarantee_id=G1",
            "--coverage_bps=8000", "--value_date=2024-01-16"},
           {"record-guarantee", "--loan=x", "--guarantee_id=G", "--form=fund",
            "--value_date=2024-01-16"},
           {"reverse", "--sequence=4"},
           {"create", "--bank=B001", "--loan=L-1", "--borrower=BR-9", "--county=370281",
            "--principal_amount=1", "--rate_bps=435", "--term_months=24",
            "--contract_date=2024-01-10", "--frequency=weekly"},
           {"request-guarantee", "--party=P-1", "--party=P-1", "--fund=F1", "--fund=F2"},
           {"issue-guarantee", "--loan=banks/B001/loans/L-1", "--guarantee_id=G1", "--fund=F1",
            "--coverage_bps=8000", "--party=P-1", "--value_date=2024-01-16"}}) {
    TestRun run = RunForTest(server_, args);
    EXPECT_EQ(run.exit_code, 2) << args[0] << ": " << run.err;
    EXPECT_FALSE(Contains(run.err, "request_id:")) << run.err;
    EXPECT_TRUE(Contains(run.err, "(see 'ledgerctl " + args[0] + " --help')")) << run.err;
  }
  EXPECT_EQ(ReadHead(server_).sequence(), 0u);
}

TEST_F(AppTest, UnknownCommandAndFlag) {
  TestRun run = RunForTest(server_, {"lend"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: unknown command 'lend' (see 'ledgerctl --help')\n");
  EXPECT_EQ(run.server, "");
  run = RunForTest(server_, {"get", "--loan=x", "--ammount=5"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "error: unknown flag --ammount (see 'ledgerctl get --help')\n");
  EXPECT_EQ(run.server, "");
}

TEST_F(AppTest, BadValuesAreUsageErrorsAndNothingIsSent) {
  // A loan a sent disburse would change.
  SeedLoan(server_, "L-1", 100'000'00);
  TestRun run = RunForTest(server_, {"disburse", "--loan=banks/B001/loans/L-1", "--amount=1.234",
                                     "--value_date=2024-01-15"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--amount: '1.234' is not an amount")) << run.err;
  EXPECT_TRUE(Contains(run.err, "(see 'ledgerctl disburse --help')")) << run.err;
  run = RunForTest(server_, {"disburse", "--loan=banks/B001/loans/L-1", "--amount=1",
                             "--value_date=2024-02-30"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "(see 'ledgerctl disburse --help')")) << run.err;
  run = RunForTest(server_, {"disburse", "--loan=banks/B001/loans/L-1", "--value_date=2024-01-15"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "missing required flag --amount")) << run.err;
  // No request id was made up (or announced) for a command line that was
  // refused.
  EXPECT_FALSE(Contains(run.err, "request_id:"));
  // The ledger holds only the seeded loan, undisbursed.
  EXPECT_EQ(ReadHead(server_).sequence(), 1u);
  EXPECT_EQ(ReadLoan(server_, "banks/B001/loans/L-1").disbursed_principal().amount_fen(), 0);
}

TEST_F(AppTest, GlobalFlagsBeforeOrAfterTheCommandAndFromTheEnvironment) {
  // Each principal acts for its own bank (the server grants by header in development mode).
  const std::map<std::string, std::string> no_principal = {{"LEDGER_UNRELATED", "x"}};
  TestRun run = RunForTest(server_, Plus({"--principal", "bank:B009"}, CreateArgs("L-1", "B009")),
                           no_principal);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(server_, Plus(CreateArgs("L-2"), {"--principal=bank:B001", "--server", "h:1"}),
                   no_principal);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.server, "h:1");
  run = RunForTest(server_, CreateArgs("L-3", "B002"),
                   {{"LEDGER_PRINCIPAL", "bank:B002"}, {"LEDGER_SERVER", "env:2"}});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.server, "env:2");
  run = RunForTest(server_, CreateArgs("L-4", "dev"), no_principal);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.server, "127.0.0.1:50051");
  // The journal records who caused each entry: the x-ledger-principal sent.
  std::vector<std::string> principals;
  for (uint64_t sequence = 1; sequence <= 4; ++sequence) {
    principals.push_back(ReadEntry(server_, sequence).principal());
  }
  EXPECT_EQ(principals,
            (std::vector<std::string>{"bank:B009", "bank:B001", "bank:B002", "bank:dev"}));
}

TEST_F(AppTest, RpcErrorIsOneLineOnStderrAndExitOne) {
  TestRun run = RunForTest(server_, {"get", "--loan=banks/B001/loans/NOPE"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "error: NOT_FOUND LOAN_NOT_FOUND (field: name): no loan "
            "banks/B001/loans/NOPE\n");
}

TEST_F(AppTest, RpcErrorWithJsonIsAJsonObjectOnStderrAndStdout) {
  for (const char* flag : {"--json", "--output=json"}) {
    TestRun run = RunForTest(server_, {flag, "get", "--loan=banks/B001/loans/NOPE"});
    EXPECT_EQ(run.exit_code, 1);
    const std::string json =
        "{\"code\": \"NOT_FOUND\", \"reason\": \"LOAN_NOT_FOUND\", "
        "\"field\": \"name\", \"message\": \"no loan banks/B001/loans/NOPE\"}\n";
    EXPECT_EQ(run.err, json);
    EXPECT_EQ(run.out, json);
  }
}

TEST_F(AppTest, RefusedCallNamesThePrincipalItWentAs) {
  TestRun run =
      RunForTest(server_, {"--principal=county:999999", "get", "--loan=banks/B001/loans/L-1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "\nhint: the call went as principal 'county:999999'")) << run.err;
}

TEST_F(AppTest, OutputFlagIsCheckedBeforeAnythingIsSent) {
  TestRun run = RunForTest(server_, {"--output=xml", "head"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "error: --output: 'xml' is not an output format; give table, json, csv (see "
            "'ledgerctl head --help')\n");
  EXPECT_EQ(run.server, "");

  // A mutation prints no CSV: refused when asked for, before a request id is taken.
  run = RunForTest(server_, Plus(CreateArgs("L-1"), {"--output=csv"}));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "error: --output=csv: create prints no CSV; give --output=table or --output=json "
            "(see 'ledgerctl create --help')\n");
  EXPECT_EQ(run.server, "");
  // From LEDGER_OUTPUT, a default meant for listings, it prints its usual text.
  run = RunForTest(server_, CreateArgs("L-1"),
                   {{"LEDGER_OUTPUT", "csv"}, {"LEDGER_PRINCIPAL", "bank:B001"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "APPROVED")) << run.out;
  run =
      RunForTest(server_, {"head"}, {{"LEDGER_OUTPUT", "csv"}, {"LEDGER_PRINCIPAL", "bank:B001"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("SEQUENCE,HASH\r\n1,", 0), 0u) << run.out;
}

TEST_F(AppTest, CompletionPrintsAScriptForBashOrZsh) {
  TestRun run = RunForTest(server_, {"completion", "bash"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.out, "complete -F _ledgerctl ledgerctl")) << run.out;
  EXPECT_EQ(run.server, "");
  run = RunForTest(server_, {"completion", "zsh"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("#compdef ledgerctl\n", 0), 0u);
  run = RunForTest(server_, {"completion", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.out, "source <(ledgerctl completion bash)")) << run.out;
  run = RunForTest(server_, {"completion", "fish"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "error: completion: give bash or zsh, not 'fish' (see 'ledgerctl completion "
            "--help')\n");
  run = RunForTest(server_, {"completion"});
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(AppTest, RefusalsShowTheServersReasonAndFieldAndChangeNothing) {
  SeedLoan(server_, "L-1", 100'000'00);
  SeedDisbursement(server_, "L-1", 50'000'00, "seed-d-1");
  TestRun run = RunForTest(server_, {"repay", "--loan=banks/B001/loans/L-1",
                                     "--principal_amount=50000.01", "--value_date=2024-03-20"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, std::string("request_id: ") + kTestRequestId +
                         "\nerror: FAILED_PRECONDITION EXCEEDS_OUTSTANDING_PRINCIPAL (field: "
                         "principal.amount_fen): principal 5000001 fen exceeds the outstanding "
                         "5000000 fen\n");
  EXPECT_EQ(ReadLoan(server_, "banks/B001/loans/L-1").outstanding_principal().amount_fen(),
            50'000'00);

  // The same request id with a different payload.
  run = RunForTest(server_, {"repay", "--loan=banks/B001/loans/L-1", "--interest=1",
                             "--value_date=2024-03-20", "--request_id=p-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(server_, {"repay", "--loan=banks/B001/loans/L-1", "--interest=2",
                             "--value_date=2024-03-20", "--request_id=p-1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "error: ALREADY_EXISTS REQUEST_ID_REUSED (field: request_id): this request_id was "
            "already used for a different request\n");
  EXPECT_EQ(ReadLoan(server_, "banks/B001/loans/L-1").repaid_interest().amount_fen(), 100);
  EXPECT_EQ(ReadHead(server_).sequence(), 3u);
}

TEST_F(AppTest, BadGlobalValueIsAUsageError) {
  TestRun run = RunForTest(server_, {"head", "--timeout_ms=soon"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--timeout_ms")) << run.err;
  EXPECT_EQ(run.server, "");
}

}  // namespace
}  // namespace ledgerctl
