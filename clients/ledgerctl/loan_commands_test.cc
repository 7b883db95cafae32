// create, disburse, repay, get, list and history against the fake server: what
// is sent and what is printed.
#include "clients/ledgerctl/test_runner.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

v1::Loan SomeLoan(const std::string& name) {
  v1::Loan loan;
  loan.set_name(name);
  loan.set_status(v1::ACTIVE);
  loan.set_county_code("370281");
  *loan.mutable_outstanding_principal() = ledger::Cny(5000000);
  *loan.mutable_disbursed_principal() = ledger::Cny(5000000);
  return loan;
}

class LoanCommandsTest : public ::testing::Test {
 protected:
  FakeLedgerServer server_;
};

TEST_F(LoanCommandsTest, CreateSendsExactValuesAndAnnouncesTheRequestId) {
  server_.loans().loan = SomeLoan("banks/B001/loans/L-1");
  server_.loans().commit.set_sequence(1);
  TestRun run =
      RunForTest(server_, {"create", "--bank=B001", "--loan=L-1", "--borrower=BR-9",
                           "--county=370281", "--principal_amount=100000.00", "--rate_bps=435",
                           "--term_months=24", "--contract_date=2024-01-10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, std::string("request_id: ") + kTestRequestId + "\n");
  const v1::CreateLoanRequest& sent = server_.loans().create_request;
  EXPECT_EQ(sent.request_id(), kTestRequestId);
  EXPECT_EQ(sent.bank_id(), "B001");
  EXPECT_EQ(sent.loan_id(), "L-1");
  EXPECT_EQ(sent.principal().amount_fen(), 10000000);
  EXPECT_EQ(sent.principal().currency_code(), "CNY");
  EXPECT_EQ(sent.annual_rate_bps(), 435);
  EXPECT_TRUE(Contains(run.out, "name:                    banks/B001/loans/L-1\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nsequence:                1\n")) << run.out;
  EXPECT_FALSE(Contains(run.out, "replayed"));
}

TEST_F(LoanCommandsTest, DisburseWithGivenRequestIdSaysReplayed) {
  server_.loans().loan = SomeLoan("banks/B001/loans/L-1");
  server_.loans().commit.set_sequence(2);
  server_.loans().commit.set_replayed(true);
  TestRun run =
      RunForTest(server_, {"disburse", "--loan=banks/B001/loans/L-1", "--amount_fen=5000000",
                           "--value_date=2024-01-15", "--request_id=retry-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");  // the user's own id is not announced back
  EXPECT_EQ(server_.loans().disburse_request.request_id(), "retry-1");
  EXPECT_EQ(server_.loans().disburse_request.amount().amount_fen(), 5000000);
  EXPECT_EQ(server_.loans().disburse_request.value_date().day(), 15);
  EXPECT_TRUE(Contains(run.out, "\nreplayed:                yes\n")) << run.out;
}

TEST_F(LoanCommandsTest, RepayOmitsTheAmountNotGiven) {
  TestRun run = RunForTest(server_, {"repay", "--loan=banks/B001/loans/L-1", "--interest", "12.34",
                                     "--value_date", "2024-02-15"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(server_.loans().repay_request.has_principal());
  EXPECT_EQ(server_.loans().repay_request.interest().amount_fen(), 1234);
}

TEST_F(LoanCommandsTest, UncertainFailureOfAMutationSaysHowToRetrySafely) {
  server_.loans().log.error = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "too slow");
  TestRun run = RunForTest(server_, {"disburse", "--loan=banks/B001/loans/L-1", "--amount=1",
                                     "--value_date=2024-01-15"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "error: DEADLINE_EXCEEDED: too slow\n")) << run.err;
  EXPECT_TRUE(Contains(run.err, std::string("--request_id=") + kTestRequestId)) << run.err;
}

TEST_F(LoanCommandsTest, MutationJsonIsOneDocument) {
  server_.loans().loan = SomeLoan("banks/B001/loans/L-1");
  server_.loans().loan.set_status(v1::APPROVED);
  TestRun run = RunForTest(server_, {"disburse", "--json", "--loan=banks/B001/loans/L-1",
                                     "--amount=1", "--value_date=2024-01-15"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("{\n", 0), 0u) << run.out;
  EXPECT_EQ(run.out.substr(run.out.size() - 2), "}\n") << run.out;
  // What scripts (and tests/ledgerctl_e2e_test.sh) grep for.
  EXPECT_TRUE(Contains(run.out, "\"amountFen\": \"5000000\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\"status\": \"APPROVED\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\"replayed\": false")) << run.out;
}

TEST_F(LoanCommandsTest, GetPrintsTheBlock) {
  server_.loans().loan = SomeLoan("");
  TestRun run = RunForTest(server_, {"get", "--loan=banks/B001/loans/L-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "outstanding_principal:   50,000.00 CNY\n")) << run.out;
}

void ThreePages(FakeLoanService& loans) {
  for (int page = 0; page < 3; ++page) {
    v1::ListLoansResponse response;
    *response.add_loans() = SomeLoan("banks/B001/loans/L-" + std::to_string(page));
    if (page < 2) response.set_next_page_token(std::to_string(page + 1));
    loans.loan_pages.push_back(response);
  }
}

TEST_F(LoanCommandsTest, ListOnePageShowsTheTokenToContinue) {
  ThreePages(server_.loans());
  TestRun run =
      RunForTest(server_, {"list", "--county=370281", "--status=active", "--page_size=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "NAME                  STATUS  COUNTY    OUTSTANDING      DISBURSED  "
            "LAST_VALUE_DATE\n"
            "banks/B001/loans/L-0  ACTIVE  370281  50,000.00 CNY  50,000.00 CNY  -\n"
            "next_page_token: 1\n");
  ASSERT_EQ(server_.loans().list_requests.size(), 1u);
  EXPECT_EQ(server_.loans().list_requests[0].county_code(), "370281");
  EXPECT_EQ(server_.loans().list_requests[0].status(), v1::ACTIVE);
  EXPECT_EQ(server_.loans().list_requests[0].page_size(), 1);
}

TEST_F(LoanCommandsTest, ListAllFollowsTokensWithProgressOnATerminal) {
  ThreePages(server_.loans());
  TestRun run = RunForTest(server_, {"list", "--all"}, {}, /*err_is_tty=*/true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "L-0")) << run.out;
  EXPECT_TRUE(Contains(run.out, "L-2")) << run.out;
  EXPECT_FALSE(Contains(run.out, "next_page_token"));
  EXPECT_EQ(run.err, "\r1 pages, 1 loans\r2 pages, 2 loans\r3 pages, 3 loans\n");
  ASSERT_EQ(server_.loans().list_requests.size(), 3u);
  EXPECT_EQ(server_.loans().list_requests[2].page_token(), "2");
}

TEST_F(LoanCommandsTest, ListAllJsonIsOneDocumentPerPageAndNoProgressOffTerminal) {
  ThreePages(server_.loans());
  TestRun run = RunForTest(server_, {"--json", "list", "--all"});
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
  v1::ListLoanHistoryResponse page;
  v1::JournalEntry* entry = page.add_entries();
  entry->set_sequence(7);
  entry->mutable_event()->mutable_loan_disbursed()->set_loan("banks/B001/loans/L-1");
  server_.loans().history_pages.push_back(page);
  TestRun run = RunForTest(server_, {"history", "--loan=banks/B001/loans/L-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("SEQ  COMMIT_TIME", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "loan_disbursed")) << run.out;
}

}  // namespace
}  // namespace ledgerctl
