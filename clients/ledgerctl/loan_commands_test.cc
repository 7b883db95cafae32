// create, disburse, repay, get, list and history against a real server: what
// ends up in the ledger and what is printed.
#include "absl/strings/match.h"
#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

constexpr char kLoan[] = "banks/B001/loans/L-1";

class LoanCommandsTest : public ::testing::Test {
 protected:
  // L-0 .. L-<count - 1> in county 370281, each 50,000.00 CNY disbursed.
  void SeedActiveLoans(int count) {
    for (int i = 0; i < count; ++i) {
      const std::string id = "L-" + std::to_string(i);
      SeedLoan(server_, id, 100'000'00);
      SeedDisbursement(server_, id, 50'000'00, "seed-d-" + id);
    }
  }

  ledger::TestServer server_{"ledgerctl_loans"};
};

TEST_F(LoanCommandsTest, CreateSendsExactValuesAndAnnouncesTheRequestId) {
  TestRun run =
      RunForTest(server_, {"create", "--bank=B001", "--loan=L-1", "--borrower=BR-9",
                           "--county=370281", "--principal_amount=100000.00", "--rate_bps=435",
                           "--term_months=24", "--contract_date=2024-01-10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, std::string("request_id: ") + kTestRequestId + "\n");
  EXPECT_TRUE(Contains(run.out, "name:                    banks/B001/loans/L-1\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nsequence:                1\n")) << run.out;
  EXPECT_FALSE(Contains(run.out, "replayed"));

  const v1::Loan loan = ReadLoan(server_, kLoan);
  EXPECT_EQ(loan.bank_id(), "B001");
  EXPECT_EQ(loan.loan_id(), "L-1");
  EXPECT_EQ(loan.borrower_id(), "BR-9");
  EXPECT_EQ(loan.county_code(), "370281");
  EXPECT_EQ(loan.approved_principal().amount_fen(), 10000000);
  EXPECT_EQ(loan.approved_principal().currency_code(), "CNY");
  EXPECT_EQ(loan.annual_rate_bps(), 435);
  EXPECT_EQ(loan.term_months(), 24);
  EXPECT_EQ(loan.status(), v1::APPROVED);
  const v1::JournalEntry entry = ReadEntry(server_, 1);
  EXPECT_EQ(entry.request_id(), kTestRequestId);
  EXPECT_EQ(entry.principal(), "bank:B001");

  // The server fingerprints every request: only the very request ledgerctl
  // sent, field for field, is answered as a replay of it.
  v1::CreateLoanRequest expected =
      ledger::CreateRequest(kTestRequestId, "L-1", 10000000, "370281", "B001");
  expected.set_borrower_id("BR-9");
  v1::CreateLoanResponse replay;
  ASSERT_TRUE(
      server_.Loans()->CreateLoan(ledger::Context("bank:B001").get(), expected, &replay).ok());
  EXPECT_TRUE(replay.commit().replayed());
}

TEST_F(LoanCommandsTest, DisburseWithGivenRequestIdSaysReplayed) {
  SeedLoan(server_, "L-1", 100'000'00);
  const std::vector<std::string> args = {"disburse", "--loan=banks/B001/loans/L-1",
                                         "--amount_fen=5000000", "--value_date=2024-01-15",
                                         "--request_id=retry-1"};
  TestRun run = RunForTest(server_, args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");  // the user's own id is not announced back
  EXPECT_FALSE(Contains(run.out, "replayed")) << run.out;
  const v1::JournalEntry entry = ReadEntry(server_, 2);
  EXPECT_EQ(entry.request_id(), "retry-1");
  EXPECT_EQ(entry.event().loan_disbursed().amount().amount_fen(), 5000000);
  EXPECT_EQ(entry.event().loan_disbursed().value_date().day(), 15);

  run = RunForTest(server_, args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_TRUE(Contains(run.out, "\nsequence:                2\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nreplayed:                yes\n")) << run.out;
  // Applied once.
  EXPECT_EQ(ReadHead(server_).sequence(), 2u);
  EXPECT_EQ(ReadLoan(server_, kLoan).disbursed_principal().amount_fen(), 5000000);
}

TEST_F(LoanCommandsTest, RepayOmitsTheAmountNotGiven) {
  SeedLoan(server_, "L-1", 100'000'00);
  SeedDisbursement(server_, "L-1", 50'000'00, "d-1");
  TestRun run = RunForTest(server_, {"repay", "--loan=banks/B001/loans/L-1", "--interest", "12.34",
                                     "--value_date", "2024-02-15", "--request_id=r-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const v1::Loan loan = ReadLoan(server_, kLoan);
  EXPECT_EQ(loan.repaid_interest().amount_fen(), 1234);
  EXPECT_EQ(loan.repaid_principal().amount_fen(), 0);

  // A replay matches only a request without a principal field; one carrying a
  // principal, even of zero, is a different request.
  v1::RecordRepaymentRequest expected;
  expected.set_request_id("r-1");
  expected.set_name(kLoan);
  *expected.mutable_interest() = ledger::Cny(1234);
  *expected.mutable_value_date() = ledger::Day(2024, 2, 15);
  v1::RecordRepaymentResponse replay;
  ASSERT_TRUE(
      server_.Loans()->RecordRepayment(ledger::Context("bank:B001").get(), expected, &replay).ok());
  EXPECT_TRUE(replay.commit().replayed());
  *expected.mutable_principal() = ledger::Cny(0);
  EXPECT_EQ(server_.Loans()
                ->RecordRepayment(ledger::Context("bank:B001").get(), expected, &replay)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(LoanCommandsTest, UncertainFailureOfAMutationSaysHowToRetrySafely) {
  SeedLoan(server_, "L-1", 100'000'00);
  const std::vector<std::string> args = {"disburse", "--loan=banks/B001/loans/L-1", "--amount=1",
                                         "--value_date=2024-01-15"};
  const std::string stopped = AddressOf(server_);
  server_.Stop();  // the port now refuses connections
  TestRun run = RunForTest(stopped, args);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "\nerror: UNAVAILABLE: ")) << run.err;
  EXPECT_TRUE(Contains(run.err, std::string("hint: it may have been applied; repeat the command "
                                            "with --request_id=") +
                                    kTestRequestId + " to apply it at most once\n"))
      << run.err;

  // Following the hint applies it exactly once.
  server_.Start();
  std::vector<std::string> retry = args;
  retry.push_back(std::string("--request_id=") + kTestRequestId);
  run = RunForTest(server_, retry);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(Contains(run.out, "replayed")) << run.out;
  run = RunForTest(server_, retry);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nreplayed:                yes\n")) << run.out;
  EXPECT_EQ(ReadLoan(server_, kLoan).disbursed_principal().amount_fen(), 100);
}

TEST_F(LoanCommandsTest, MutationJsonIsOneDocument) {
  SeedLoan(server_, "L-1", 50'000'00);
  TestRun run = RunForTest(server_, {"disburse", "--json", "--loan=banks/B001/loans/L-1",
                                     "--amount=50000", "--value_date=2024-01-15"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("{\n", 0), 0u) << run.out;
  EXPECT_EQ(run.out.substr(run.out.size() - 2), "}\n") << run.out;
  EXPECT_EQ(run.out.find("\n}\n"), run.out.size() - 3) << run.out;
  // What scripts (and tests/ledgerctl_e2e_test.sh) grep for.
  EXPECT_TRUE(Contains(run.out, "\"amountFen\": \"5000000\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\"status\": \"ACTIVE\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\"replayed\": false")) << run.out;
  // stderr is JSON lines too: the generated request id.
  EXPECT_EQ(run.err, std::string("{\"request_id\": \"") + kTestRequestId + "\"}\n");
}

TEST_F(LoanCommandsTest, GetPrintsTheBlock) {
  SeedActiveLoans(2);
  TestRun run = RunForTest(server_, {"get", "--loan=banks/B001/loans/L-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("name:                    banks/B001/loans/L-1\n", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nstatus:                  ACTIVE\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "outstanding_principal:   50,000.00 CNY\n")) << run.out;
}

TEST_F(LoanCommandsTest, ListOnePageShowsTheTokenToContinue) {
  SeedActiveLoans(3);
  SeedLoan(server_, "L-3", 100'000'00);            // 370281 but not active
  SeedLoan(server_, "L-4", 100'000'00, "370282");  // active but elsewhere
  SeedDisbursement(server_, "L-4", 50'000'00, "seed-d-L-4");
  TestRun run =
      RunForTest(server_, {"list", "--county=370281", "--status=active", "--page_size=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The token is the server's own, opaque: ask it for the same page.
  v1::ListLoansRequest same;
  same.set_county_code("370281");
  same.set_status(v1::ACTIVE);
  same.set_page_size(1);
  v1::ListLoansResponse page;
  ASSERT_TRUE(server_.Loans()->ListLoans(ledger::Context().get(), same, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  EXPECT_EQ(run.out,
            "NAME                  STATUS  COUNTY    OUTSTANDING      DISBURSED  "
            "LAST_VALUE_DATE\n"
            "banks/B001/loans/L-0  ACTIVE  370281  50,000.00 CNY  50,000.00 CNY  2024-01-15\n"
            "next_page_token: " +
                page.next_page_token() + "\n");

  // The filters reached the server: all pages hold exactly the matching loans.
  run = RunForTest(server_, {"list", "--county=370281", "--status=active", "--all"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 4) << run.out;
  for (const char* loan : {"L-0 ", "L-1 ", "L-2 "}) EXPECT_TRUE(Contains(run.out, loan)) << loan;
}

TEST_F(LoanCommandsTest, ListAllFollowsTokensWithProgressOnATerminal) {
  SeedActiveLoans(3);
  TestRun run = RunForTest(server_, {"list", "--all", "--page_size=1"}, {}, /*err_is_tty=*/true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "L-0")) << run.out;
  EXPECT_TRUE(Contains(run.out, "L-1")) << run.out;
  EXPECT_TRUE(Contains(run.out, "L-2")) << run.out;
  EXPECT_FALSE(Contains(run.out, "next_page_token"));
  // The first page's count at once, later ones at most every 100 ms, the final one to stay.
  EXPECT_EQ(run.err.rfind("\rfetched 1 loan (1 page)...", 0), 0u) << run.err;
  EXPECT_TRUE(absl::EndsWith(run.err, "\rfetched 3 loans (3 pages)   \n")) << run.err;

  // --progress=false: nothing, terminal or not.
  run = RunForTest(server_, {"list", "--all", "--page_size=1", "--progress=false"}, {},
                   /*err_is_tty=*/true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  // --progress: also off a terminal (into a log), and never on stdout.
  run = RunForTest(server_, {"--progress", "--output=csv", "list", "--all", "--page_size=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(absl::EndsWith(run.err, "\rfetched 3 loans (3 pages)   \n")) << run.err;
  EXPECT_FALSE(Contains(run.out, "fetched")) << run.out;
}

TEST_F(LoanCommandsTest, ListCsvHasAHeaderAndARowPerLoanWithExactYuan) {
  SeedActiveLoans(3);
  TestRun run = RunForTest(server_, {"--output=csv", "list", "--all", "--page_size=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("NAME,STATUS,COUNTY,OUTSTANDING,DISBURSED,LAST_VALUE_DATE,BORROWER,"
                          "APPROVED,REPAID_PRINCIPAL,REPAID_INTEREST,INTEREST_RECEIVABLE,RATE_BPS,"
                          "TERM_MONTHS,CONTRACT_DATE,MATURITY_DATE,DAYS_PAST_DUE\r\n",
                          0),
            0u)
      << run.out;
  EXPECT_TRUE(Contains(run.out, "\r\nbanks/B001/loans/L-0,ACTIVE,370281,50000.00,50000.00,"))
      << run.out;
  EXPECT_EQ(LineCount(run.out), 4) << run.out;  // the header once, though two pages
  EXPECT_FALSE(Contains(run.out, "CNY")) << run.out;
  EXPECT_EQ(run.err, "");

  // One page: where to continue goes to stderr, so stdout stays CSV.
  run = RunForTest(server_, {"list", "--page_size=2"},
                   {{"LEDGER_OUTPUT", "csv"}, {"LEDGER_PRINCIPAL", "bank:B001"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 3) << run.out;
  EXPECT_EQ(run.err.rfind("next_page_token: ", 0), 0u) << run.err;
}

TEST_F(LoanCommandsTest, GetCsvIsTheLoansRow) {
  SeedActiveLoans(1);
  TestRun run = RunForTest(server_, {"get", "--loan=banks/B001/loans/L-0", "--output=csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 2) << run.out;
  EXPECT_TRUE(Contains(run.out, "\r\nbanks/B001/loans/L-0,ACTIVE,370281,50000.00,50000.00,"))
      << run.out;
  EXPECT_TRUE(Contains(run.out, ",100000.00,0.00,0.00,0.00,")) << run.out;
}

TEST_F(LoanCommandsTest, ListAllJsonIsOneDocumentPerPageAndNoProgressOffTerminal) {
  SeedActiveLoans(3);
  TestRun run = RunForTest(server_, {"--json", "list", "--all", "--page_size=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Each page is a document starting with "{" and ending with "}" on lines of
  // their own.
  size_t documents = 0;
  for (size_t at = 0; (at = run.out.find("\n}\n", at)) != std::string::npos; ++at) {
    ++documents;
  }
  EXPECT_EQ(documents, 3u) << run.out;
  EXPECT_EQ(run.out.rfind("{\n", 0), 0u) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST_F(LoanCommandsTest, HistoryPrintsEntries) {
  SeedActiveLoans(2);
  TestRun run = RunForTest(server_, {"history", "--loan=banks/B001/loans/L-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("SEQ  COMMIT_TIME", 0), 0u) << run.out;
  EXPECT_EQ(LineCount(run.out), 3) << run.out;  // header, created (3), disbursed (4)
  EXPECT_TRUE(Contains(run.out, "\n  3  ")) << run.out;
  EXPECT_TRUE(Contains(run.out, "loan_created")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n  4  ")) << run.out;
  EXPECT_TRUE(Contains(run.out, "loan_disbursed")) << run.out;
}

}  // namespace
}  // namespace ledgerctl
