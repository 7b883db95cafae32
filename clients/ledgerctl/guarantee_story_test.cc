// A guarantee fund's story through ledgerctl against a real server: finance sets the fund up,
// its operator deposits capital, a bank asks it to guarantee a loan and the fund issues the
// guarantee, finance reads the trial balance, the bank reverses its own entry (finance may
// not), and a guarantee past the leverage limit is refused. Each step runs as the principal
// that would do it (the development server grants by the principal header).
#include <regex>

#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

constexpr char kLoan[] = "banks/B001/loans/L-1";
constexpr char kFinance[] = "finance";
constexpr char kFund[] = "guarantee_fund:F1";
constexpr char kBank[] = "bank:B001";

// A line of a table: starts with `first` and ends with `last`, both regular expressions
// (columns are aligned, so the spaces between vary).
bool HasRow(const std::string& text, const std::string& first, const std::string& last) {
  return std::regex_search(text, std::regex("(^|\n)" + first + " [^\n]* " + last + "\n"));
}

class GuaranteeStoryTest : public ::testing::Test {
 protected:
  TestRun As(const std::string& principal, const std::vector<std::string>& args) {
    return RunForTest(server_, args, {{"LEDGER_PRINCIPAL", principal}});
  }

  // Entries 1..6: the fund (1), its capital (2), L-1 in county 370281 created (3) and
  // disbursed (4), the bank's request for F1's 80% guarantee on it (5), which F1 issues (6).
  void TellTheStory() {
    TestRun run =
        As(kFinance, {"create-fund", "--fund=F1", "--display_name=Qingdao youth fund",
                      "--scope=city", "--region=3702", "--leverage=5", "--request_id=f-1"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(Contains(run.out, "name:              guarantee_funds/F1\n")) << run.out;
    EXPECT_TRUE(Contains(run.out, "\nscope:             CITY\n")) << run.out;
    EXPECT_TRUE(Contains(run.out, "\ncall_after_days:   90\n")) << run.out;

    // Kebab-case flags work as well as the declared snake_case ones.
    run = As(kFund, {"deposit-capital", "--fund", "F1", "--amount", "20000", "--value-date",
                     "2024-01-02"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, std::string("request_id: ") + kTestRequestId + "\n");
    EXPECT_TRUE(Contains(run.out, "\ncapital:           20,000.00 CNY\n")) << run.out;
    EXPECT_TRUE(Contains(run.out, "\nexposure_limit:    100,000.00 CNY\n")) << run.out;

    run = As(kBank, {"create", "--bank=B001", "--loan=L-1", "--borrower=BR-9", "--county=370281",
                     "--principal_amount=100000", "--rate_bps=435", "--term_months=24",
                     "--contract_date=2024-01-10", "--repayment_method=equal-principal",
                     "--frequency=monthly", "--request_id=c-1"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    run = As(kBank, {"disburse", "--loan", kLoan, "--amount=60000", "--value_date=2024-01-15",
                     "--request_id=d-1"});
    ASSERT_EQ(run.exit_code, 0) << run.err;

    // The fund cannot issue on a loan nobody asked it about: as if the loan did not exist.
    run = As(kFund, {"issue-guarantee", "--loan", kLoan, "--guarantee_id=G1", "--fund=F1",
                     "--coverage_bps=8000", "--value_date=2024-01-16", "--request_id=g-0"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.err.rfind("error: NOT_FOUND LOAN_NOT_FOUND (field: loan): ", 0), 0u) << run.err;

    run = As(kBank, {"request-guarantee", "--loan", kLoan, "--guarantee_id=G1", "--fund=F1",
                     "--coverage_bps=8000", "--party=GP-1", "--party=GP-2",
                     "--value_date=2024-01-16", "--request_id=q-1"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(Contains(run.out, "\nsequence:                5\n")) << run.out;
    EXPECT_TRUE(HasRow(run.out, "G1  FUND_GUARANTEE  F1 +80\\.00% \\(8000 bps\\) +-",
                       "GUARANTEE_REQUESTED  - +GP-1,GP-2"))
        << run.out;

    run = As(kFund, {"issue-guarantee", "--loan", kLoan, "--guarantee_id=G1", "--fund=F1",
                     "--coverage_bps=8000", "--value_date=2024-01-16", "--request_id=g-1"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(Contains(run.out, "\nsequence:                6\n")) << run.out;
    EXPECT_TRUE(HasRow(run.out, "G1  FUND_GUARANTEE", "GUARANTEE_LIVE  2024-01-16  GP-1,GP-2"))
        << run.out;
    EXPECT_TRUE(Contains(run.out, "80,000.00 CNY")) << run.out;
  }

  ledger::TestServer server_{"ledgerctl_guarantees"};
};

TEST_F(GuaranteeStoryTest, FundGuaranteeTrialBalanceReversalAndRefusal) {
  TellTheStory();
  const v1::Loan loan = ReadLoan(server_, kLoan);
  ASSERT_EQ(loan.guarantees_size(), 1);
  EXPECT_EQ(loan.guarantees(0).fund_id(), "F1");
  EXPECT_EQ(loan.guarantees(0).coverage_bps(), 8000);
  EXPECT_EQ(loan.guarantees(0).guaranteed_principal().amount_fen(), 80'000'00);
  EXPECT_EQ(loan.repayment_method(), v1::EQUAL_PRINCIPAL);
  EXPECT_EQ(loan.payment_frequency(), v1::MONTHLY);
  EXPECT_EQ(ReadEntry(server_, 2).principal(), kFund);
  EXPECT_EQ(ReadEntry(server_, 5).principal(), kBank);
  EXPECT_EQ(ReadEntry(server_, 5).request_id(), "q-1");
  EXPECT_EQ(ReadEntry(server_, 6).request_id(), "g-1");

  // Finance: every fen is on both sides. Exposure and commitments are the memorandum pair.
  TestRun run = As(kFinance, {"trial-balance", "--all"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nbalanced:       yes\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nas_of_sequence: 6\n")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "BANK_FUNDING", "-60,000.00 CNY")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "LOAN_PRINCIPAL", " 60,000.00 CNY")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "FUND_CASH", " 20,000.00 CNY")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "FUND_CAPITAL", "-20,000.00 CNY")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "FUND_EXPOSURE", " 80,000.00 CNY")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "FUND_COMMITMENTS", "-80,000.00 CNY")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "banks/B001/loans/L-1/accounts/principal +LOAN_PRINCIPAL",
                     "60,000.00 CNY         1         4"))
      << run.out;

  run = As(kFinance, {"account", "--account=guarantee_funds/F1/accounts/cash"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nkind:          FUND_CASH\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nbalance:       20,000.00 CNY\n")) << run.out;
  run = As(kFinance, {"postings", "--account=banks/B001/accounts/funding", "--all"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 2) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n  4  ")) << run.out;
  EXPECT_TRUE(Contains(run.out, "  CREDIT  60,000.00 CNY  -60,000.00 CNY\n")) << run.out;

  // Reading the fund and the loans it guarantees.
  run = As(kFinance, {"get-fund", "--fund=guarantee_funds/F1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nexposure:          80,000.00 CNY\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nlive_guarantees:   1\n")) << run.out;
  run = As(kFinance, {"list-funds"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(HasRow(run.out, "guarantee_funds/F1 +CITY +3702", "80,000.00 CNY     1")) << run.out;
  run = As(kFinance, {"list", "--fund=F1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 2) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nbanks/B001/loans/L-1 ")) << run.out;
  run = As(kBank, {"get", "--loan", kLoan});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nschedule:\nINSTALMENT  DUE_DATE    PRINCIPAL_DUE\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n        24  2026-01-10")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nguarantees:\n")) << run.out;
  run = As(kFinance, {"entries", "--from=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* kind :
       {"fund_created", "fund_capital_deposited", "guarantee_requested", "guarantee_issued"}) {
    EXPECT_TRUE(Contains(run.out, std::string("  ") + kind + "  ")) << kind << "\n" << run.out;
  }
  EXPECT_FALSE(Contains(run.out, "not known to this ledgerctl")) << run.out;

  // Finance staff may not reverse a bank's entry; the bank undoes its own disbursement by a
  // new entry, the loan is approved and undisbursed again and the books still balance.
  run = As(kFinance, {"reverse", "--sequence=4", "--reason=disbursed to the wrong account",
                      "--request_id=r-0"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.rfind("error: PERMISSION_DENIED PERMISSION_DENIED", 0), 0u) << run.err;
  run = As(kBank, {"reverse", "--sequence=4", "--reason=disbursed to the wrong account",
                   "--request_id=r-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("reversed:    entry 4\nsequence:    7\n", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out,
                       "\nloan:        banks/B001/loans/L-1 APPROVED, outstanding "
                       "0.00 CNY\n"))
      << run.out;
  EXPECT_EQ(ReadEntry(server_, 7).event().entry_reversed().reversed_sequence(), 4u);
  EXPECT_EQ(ReadEntry(server_, 7).principal(), kBank);
  EXPECT_EQ(ReadLoan(server_, kLoan).disbursed_principal().amount_fen(), 0);
  run = As(kFinance, {"trial-balance"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nbalanced:       yes\n")) << run.out;
  EXPECT_TRUE(HasRow(run.out, "LOAN_PRINCIPAL", " 0.00 CNY")) << run.out;

  // Reversing it twice is refused, and so is a guarantee past the leverage limit: 80,000 +
  // 50% of another 100,000 would pass 20,000 of cash x 5. The server's reason and field are
  // printed.
  run = As(kBank, {"reverse", "--sequence=4", "--reason=again"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "error: FAILED_PRECONDITION ALREADY_REVERSED (field: sequence): "))
      << run.err;
  run = As(kBank, {"create", "--bank=B001", "--loan=L-2", "--borrower=BR-10", "--county=370282",
                   "--principal_amount=100000", "--rate_bps=435", "--term_months=24",
                   "--contract_date=2024-01-10", "--request_id=c-2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = As(kBank,
           {"request-guarantee", "--loan=banks/B001/loans/L-2", "--guarantee_id=G1", "--fund=F1",
            "--coverage_bps=5000", "--value_date=2024-01-16", "--request_id=q-2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run =
      As(kFund, {"issue-guarantee", "--loan=banks/B001/loans/L-2", "--guarantee_id=G1", "--fund=F1",
                 "--coverage_bps=5000", "--value_date=2024-01-16", "--request_id=g-2"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.rfind("error: FAILED_PRECONDITION LEVERAGE_LIMIT_EXCEEDED (field: "
                          "coverage_bps): ",
                          0),
            0u)
      << run.err;
  EXPECT_EQ(LineCount(run.err), 1) << run.err;
  const v1::Loan refused = ReadLoan(server_, "banks/B001/loans/L-2");
  ASSERT_EQ(refused.guarantees_size(), 1);
  EXPECT_EQ(refused.guarantees(0).state(), v1::GUARANTEE_REQUESTED);  // still only asked for
  EXPECT_EQ(ReadHead(server_).sequence(), 9u);
}

TEST_F(GuaranteeStoryTest, JsonAndReplay) {
  TellTheStory();
  TestRun run = As(kFinance, {"--json", "get-fund", "--fund=F1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("{\n", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "\"leverageMultiple\": 5")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\"amountFen\": \"8000000\"")) << run.out;

  // The same request-guarantee and issue-guarantee again with their request ids are answered
  // from the record.
  run = As(kBank, {"request-guarantee", "--loan", kLoan, "--guarantee_id=G1", "--fund=F1",
                   "--coverage_bps=8000", "--party=GP-1", "--party=GP-2", "--value_date=2024-01-16",
                   "--request_id=q-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nreplayed:                yes\n")) << run.out;
  run = As(kFund, {"issue-guarantee", "--loan", kLoan, "--guarantee_id=G1", "--fund=F1",
                   "--coverage_bps=8000", "--value_date=2024-01-16", "--request_id=g-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nreplayed:                yes\n")) << run.out;
  EXPECT_EQ(ReadHead(server_).sequence(), 6u);

  run = As(kFinance, {"--json", "trial-balance"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\"balanced\": true")) << run.out;
}

TEST_F(GuaranteeStoryTest, RecordedGuaranteeNeedsNoFund) {
  SeedLoan(server_, "L-1", 100'000'00);
  TestRun run = As(kBank, {"record-guarantee", "--loan", kLoan, "--guarantee_id=G2", "--form=joint",
                           "--party=BR-11", "--party=BR-12", "--value_date=2024-01-12"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(
      HasRow(run.out, "G2  JOINT_LIABILITY  -", "GUARANTEE_RECORDED  2024-01-12  BR-11,BR-12"))
      << run.out;
  const v1::Loan loan = ReadLoan(server_, kLoan);
  ASSERT_EQ(loan.guarantees_size(), 1);
  EXPECT_EQ(loan.guarantees(0).form(), v1::JOINT_LIABILITY);
  EXPECT_EQ(loan.guarantees(0).party_ids_size(), 2);
}

}  // namespace
}  // namespace ledgerctl
