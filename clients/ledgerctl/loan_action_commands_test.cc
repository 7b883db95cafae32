// mark-overdue, cure-arrear, extend, write-off and `get --as_of` against a real server: a bank
// takes a loan through arrears, an extension and a write-off.
#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

constexpr char kLoan[] = "banks/B001/loans/L-1";

class LoanActionCommandsTest : public ::testing::Test {
 protected:
  // L-1: 100,000.00 CNY over 24 months from 2024-01-10 (instalment 1 due 2024-02-10), all
  // disbursed on 2024-01-15.
  void SetUp() override {
    SeedLoan(server_, "L-1", 100'000'00);
    SeedDisbursement(server_, "L-1", 100'000'00, "seed-d-L-1");
  }

  ledger::TestServer server_{"ledgerctl_loan_actions"};
};

TEST_F(LoanActionCommandsTest, ArrearCureExtensionAndWriteOff) {
  TestRun run = RunForTest(
      server_, {"mark-overdue", "--loan", kLoan, "--instalment=1", "--principal_amount=1000",
                "--interest=362.50", "--value_date=2024-02-20", "--request_id=m-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\ninterest_receivable:     362.50 CNY\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nsequence:                3\n")) << run.out;
  v1::Loan loan = ReadLoan(server_, kLoan);
  ASSERT_EQ(loan.arrears_size(), 1);
  EXPECT_EQ(loan.arrears(0).instalment(), 1);
  EXPECT_EQ(loan.arrears(0).principal_overdue().amount_fen(), 1000'00);
  EXPECT_EQ(loan.arrears(0).interest_overdue().amount_fen(), 36250);
  EXPECT_EQ(ReadEntry(server_, 3).request_id(), "m-1");

  // Days past due as of a given day, and the arrear in the detail.
  run = RunForTest(server_, {"get", "--loan", kLoan, "--as_of=2024-03-01"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, " (DPD_1_30) as of 2024-03-01\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\narrears:\nINSTALMENT  DUE_DATE    PRINCIPAL_OVERDUE"))
      << run.out;
  EXPECT_TRUE(Contains(run.out,
                       "\n         1  2024-02-10       1,000.00 CNY        362.50 CNY  "
                       "2024-02-20  -\n"))
      << run.out;

  run = RunForTest(server_, {"repay", "--loan", kLoan, "--principal_amount=1000",
                             "--interest=362.50", "--value_date=2024-03-04", "--request_id=p-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(server_, {"cure-arrear", "--loan", kLoan, "--instalment=1",
                             "--value_date=2024-03-05", "--request_id=cu-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(ReadLoan(server_, kLoan).arrears(0).cured());
  run = RunForTest(server_, {"get", "--loan", kLoan, "--as_of=2024-03-10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\ndays_past_due:           0 (CURRENT) as of 2024-03-10\n"))
      << run.out;
  EXPECT_TRUE(Contains(run.out, "  2024-02-20  2024-03-05\n")) << run.out;

  run = RunForTest(server_, {"extend", "--loan", kLoan, "--new-maturity=2026-07-10",
                             "--value-date=2024-03-06", "--request-id=e-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out,
                       "\nmaturity_date:           2026-07-10\n"
                       "extended:                from 2026-01-10 on 2024-03-06"))
      << run.out;
  EXPECT_EQ(ReadLoan(server_, kLoan).extension().to_maturity().month(), 7);

  run = RunForTest(server_, {"write-off", "--loan", kLoan, "--value_date=2024-03-07"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nstatus:                  WRITTEN_OFF\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nwritten_off_principal:   99,000.00 CNY\n")) << run.out;
  loan = ReadLoan(server_, kLoan);
  EXPECT_EQ(loan.status(), v1::WRITTEN_OFF);
  EXPECT_EQ(loan.written_off_principal().amount_fen(), 99'000'00);

  run = RunForTest(server_, {"list", "--status=written-off"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nbanks/B001/loans/L-1  WRITTEN_OFF ")) << run.out;
}

TEST_F(LoanActionCommandsTest, RefusalsAndUsageErrors) {
  // Nothing is overdue: the server says which rule, and nothing is written.
  TestRun run = RunForTest(
      server_, {"cure-arrear", "--loan", kLoan, "--instalment=1", "--value_date=2024-03-05"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err,
                       "\nerror: FAILED_PRECONDITION ARREAR_NOT_FOUND (field: instalment): "
                       "instalment 1 is not marked overdue\n"))
      << run.err;
  // Refused on the command line: no request id is made up, nothing is sent.
  run = RunForTest(server_,
                   {"mark-overdue", "--loan", kLoan, "--instalment=1", "--value_date=2024-02-20"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "error: give --principal_amount, --interest or both (see 'ledgerctl mark-overdue "
            "--help')\n");
  run = RunForTest(
      server_, {"extend", "--loan", kLoan, "--new_maturity=2026-13-01", "--value_date=2024-03-06"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--new_maturity")) << run.err;
  EXPECT_EQ(ReadHead(server_).sequence(), 2u);
}

}  // namespace
}  // namespace ledgerctl
