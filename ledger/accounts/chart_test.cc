#include "ledger/accounts/chart.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/base/error.h"

namespace ledger {
namespace {

struct Built {
  std::string name;
  v1::AccountKind kind;
  std::string bank_id;
  std::string loan_id;
  std::string fund_id;
};

// Every builder of the chart, with what its name must parse back to.
std::vector<Built> EveryBuilder() {
  return {
      {BankFundingAccount("B001"), v1::BANK_FUNDING, "B001", "", ""},
      {BankRepaymentsAccount("B001"), v1::BANK_REPAYMENTS, "B001", "", ""},
      {BankInterestIncomeAccount("B001"), v1::BANK_INTEREST_INCOME, "B001", "", ""},
      {BankWriteOffsAccount("B001"), v1::BANK_WRITE_OFFS, "B001", "", ""},
      {LoanPrincipalAccount("B001", "L-2024.1"), v1::LOAN_PRINCIPAL, "B001", "L-2024.1", ""},
      {LoanInterestAccount("B001", "L_2"), v1::LOAN_INTEREST, "B001", "L_2", ""},
      {FundCashAccount("F1"), v1::FUND_CASH, "", "", "F1"},
      {FundCapitalAccount("F1"), v1::FUND_CAPITAL, "", "", "F1"},
      {FundExposureAccount("F1"), v1::FUND_EXPOSURE, "", "", "F1"},
      {FundCommitmentsAccount("F1"), v1::FUND_COMMITMENTS, "", "", "F1"},
      {FundCompensationAccount("F1"), v1::FUND_COMPENSATION, "", "", "F1"},
      {FundRecoveriesAccount("F1"), v1::FUND_RECOVERIES, "", "", "F1"},
      {BankSubsidyReceivableAccount("B001"), v1::SUBSIDY_RECEIVABLE, "B001", "", ""},
      {SubsidyPayableAccount(), v1::SUBSIDY_PAYABLE, "", "", ""},
      {SubsidyExpenseAccount(), v1::SUBSIDY_EXPENSE, "", "", ""},
      {CountySupportFundAccount("370281"), v1::COHORT_SUPPORT_FUND, "", "", ""},
      {CountySupportPaidAccount("370281"), v1::COHORT_SUPPORT_PAID, "", "", ""},
  };
}

TEST(ChartTest, EveryBuilderParsesBackToItsKindAndIds) {
  for (const Built& built : EveryBuilder()) {
    absl::StatusOr<AccountName> name = ParseAccountName(built.name, "account");
    ASSERT_TRUE(name.ok()) << built.name << ": " << name.status();
    EXPECT_EQ(name->kind, built.kind) << built.name;
    EXPECT_EQ(name->bank_id, built.bank_id) << built.name;
    EXPECT_EQ(name->loan_id, built.loan_id) << built.name;
    EXPECT_EQ(name->fund_id, built.fund_id) << built.name;
  }
}

TEST(ChartTest, BuildersCoverEveryKindOnce) {
  std::vector<int> seen(v1::AccountKind_ARRAYSIZE, 0);
  for (const Built& built : EveryBuilder()) ++seen[built.kind];
  for (int kind = v1::AccountKind_MIN + 1; kind < v1::AccountKind_ARRAYSIZE; ++kind) {
    if (!v1::AccountKind_IsValid(kind)) continue;
    EXPECT_EQ(seen[kind], 1) << v1::AccountKind_Name(static_cast<v1::AccountKind>(kind));
  }
}

TEST(ChartTest, NamesFollowTheDocumentedForm) {
  EXPECT_EQ(BankFundingAccount("B001"), "banks/B001/accounts/funding");
  EXPECT_EQ(LoanPrincipalAccount("B001", "L1"), "banks/B001/loans/L1/accounts/principal");
  EXPECT_EQ(FundCashAccount("F1"), "guarantee_funds/F1/accounts/cash");
  EXPECT_EQ(SubsidyPayableAccount(), "programme/accounts/subsidy_payable");
  EXPECT_EQ(SubsidyExpenseAccount(), "programme/accounts/subsidy_expense");
  EXPECT_EQ(BankSubsidyReceivableAccount("B001"), "banks/B001/accounts/subsidy_receivable");
  EXPECT_EQ(CountySupportFundAccount("370281"), "counties/370281/accounts/support_fund");
  EXPECT_EQ(CountySupportPaidAccount("370281"), "counties/370281/accounts/mentorship_support");
}

TEST(ChartTest, CountyAccountsCarryTheirCountyAndNeedSixDigits) {
  absl::StatusOr<AccountName> name =
      ParseAccountName(CountySupportPaidAccount("370281"), "account");
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(name->county_code, "370281");
  EXPECT_STREQ(AccountKindName(name->kind), "COHORT_SUPPORT_PAID");
  for (const char* bad :
       {"counties/37028/accounts/support_fund", "counties/37028a/accounts/support_fund",
        "counties//accounts/mentorship_support", "counties/370281/accounts/funding",
        "counties/370281/accounts/support_fund/x"}) {
    absl::StatusOr<AccountName> parsed = ParseAccountName(bad, "account");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(ReasonOf(parsed.status()), reason::kInvalidAccount) << bad;
  }
}

TEST(ChartTest, MalformedNamesAreRefusedWithInvalidAccount) {
  const std::string too_long_id(65, 'a');
  const std::vector<std::string> bad = {
      "",
      "/",
      "banks",
      "banks/B001",
      "banks/B001/accounts",
      "banks/B001/accounts/",
      "banks/B001/accounts/principal",         // a loan leaf on a bank
      "banks/B001/accounts/cash",              // a fund leaf on a bank
      "banks/B001/loans/L1/accounts/funding",  // a bank leaf on a loan
      "banks/B001/loans/L1/accounts",
      "banks/B001/loans/L1/principal",
      "banks/B 001/accounts/funding",
      "banks/B001\x01/accounts/funding",
      std::string("banks/B001\0/accounts/funding", 28),
      "banks/" + too_long_id + "/accounts/funding",
      "banks/B001/loans/L/1/accounts/principal",
      "banks/B001/accounts/funding/",
      "/banks/B001/accounts/funding",
      "banks//B001/accounts/funding",
      "banks/B001//accounts/funding",
      "Banks/B001/accounts/funding",
      "banks/B001/Accounts/funding",
      "banks/B001/accounts/Funding",
      "bank/B001/accounts/funding",
      "guarantee_funds/F1/accounts/principal",
      "guarantee_funds/F1/accounts",
      "guarantee_funds/F1/loans/L1/accounts/cash",
      "programme/accounts/funding",
      "programme/accounts",
      "programme/P1/accounts/subsidy_payable",
      "programme/accounts/subsidy_payable/",
      "programme/accounts/subsidy_receivable",  // receivables are the banks'
      "banks/B001/accounts/subsidy_payable",    // the payable is the programme's
      "banks/B001/accounts/subsidy_expense",
  };
  for (const std::string& account : bad) {
    absl::StatusOr<AccountName> name = ParseAccountName(account, "postings.account");
    ASSERT_FALSE(name.ok()) << "accepted \"" << account << "\"";
    EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument) << account;
    EXPECT_EQ(ReasonOf(name.status()), reason::kInvalidAccount) << account;
    EXPECT_EQ(FieldOf(name.status()), "postings.account") << account;
  }
}

// An empty id is a missing part of the name, not an absent optional one: "banks//accounts/funding"
// would otherwise be a bank account of no bank.
TEST(ChartTest, EmptyIdsAreRefusedWithInvalidAccount) {
  for (const std::string account :
       {"banks//accounts/funding", "banks//loans/L1/accounts/principal",
        "banks/B001/loans//accounts/principal", "guarantee_funds//accounts/cash"}) {
    absl::StatusOr<AccountName> name = ParseAccountName(account, "account");
    EXPECT_FALSE(name.ok()) << "accepted \"" << account << "\"";
    if (!name.ok()) EXPECT_EQ(ReasonOf(name.status()), reason::kInvalidAccount) << account;
  }
}

TEST(ChartTest, OnlyExposureAndItsContraAreMemorandum) {
  for (const Built& built : EveryBuilder()) {
    EXPECT_EQ(IsMemorandumKind(built.kind),
              built.kind == v1::FUND_EXPOSURE || built.kind == v1::FUND_COMMITMENTS)
        << built.name;
  }
}

TEST(ChartTest, KindNames) {
  EXPECT_STREQ(AccountKindName(v1::BANK_FUNDING), "BANK_FUNDING");
  EXPECT_STREQ(AccountKindName(v1::SUBSIDY_PAYABLE), "SUBSIDY_PAYABLE");
  EXPECT_STREQ(AccountKindName(v1::SUBSIDY_EXPENSE), "SUBSIDY_EXPENSE");
}

}  // namespace
}  // namespace ledger
