#include "clients/ledgerctl/loan_requests.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(BuildCreateLoanRequest, AllFieldsExactly) {
  absl::StatusOr<microloan::ledger::v1::CreateLoanRequest> request =
      BuildCreateLoanRequest(Flags({{"bank", "B001"},
                                    {"loan", "L-1"},
                                    {"borrower", "BR-9"},
                                    {"county", "370281"},
                                    {"principal_amount", "100000.00"},
                                    {"rate_bps", "435"},
                                    {"term_months", "24"},
                                    {"contract_date", "2024-01-10"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->request_id(), "");  // filled in by the command
  EXPECT_EQ(request->bank_id(), "B001");
  EXPECT_EQ(request->loan_id(), "L-1");
  EXPECT_EQ(request->borrower_id(), "BR-9");
  EXPECT_EQ(request->county_code(), "370281");
  EXPECT_EQ(request->principal().currency_code(), "CNY");
  EXPECT_EQ(request->principal().amount_fen(), 10000000);
  EXPECT_EQ(request->annual_rate_bps(), 435);
  EXPECT_EQ(request->term_months(), 24);
  EXPECT_EQ(request->contract_date().year(), 2024);
  EXPECT_EQ(request->contract_date().month(), 1);
  EXPECT_EQ(request->contract_date().day(), 10);
}

TEST(BuildCreateLoanRequest, RepaymentMethodAndFrequencyOnlyWhenGiven) {
  std::vector<std::pair<std::string, std::string>> values = {
      {"bank", "B001"},          {"loan", "L-1"},
      {"borrower", "BR-9"},      {"county", "370281"},
      {"principal_amount", "1"}, {"rate_bps", "435"},
      {"term_months", "24"},     {"contract_date", "2024-01-10"}};
  absl::StatusOr<microloan::ledger::v1::CreateLoanRequest> request =
      BuildCreateLoanRequest(Flags(values));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->repayment_method(), microloan::ledger::v1::REPAYMENT_METHOD_UNSPECIFIED);
  EXPECT_EQ(request->payment_frequency(), microloan::ledger::v1::PAYMENT_FREQUENCY_UNSPECIFIED);
  values.push_back({"repayment_method", "bullet"});
  values.push_back({"frequency", "quarterly"});
  request = BuildCreateLoanRequest(Flags(values));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->repayment_method(), microloan::ledger::v1::BULLET);
  EXPECT_EQ(request->payment_frequency(), microloan::ledger::v1::QUARTERLY);
  values.back() = {"frequency", "weekly"};
  EXPECT_EQ(BuildCreateLoanRequest(Flags(values)).status().message(),
            "--frequency: 'weekly' is not one of monthly, quarterly");
  values.back() = {"repayment_method", "equal-principal"};
  EXPECT_EQ(BuildCreateLoanRequest(Flags(values))->repayment_method(),
            microloan::ledger::v1::EQUAL_PRINCIPAL);
}

TEST(BuildGetLoanRequest, AsOfOnlyWhenGiven) {
  EXPECT_FALSE(BuildGetLoanRequest(Flags({{"loan", "x"}}))->has_as_of_date());
  absl::StatusOr<microloan::ledger::v1::GetLoanRequest> request =
      BuildGetLoanRequest(Flags({{"loan", "x"}, {"as_of", "2024-06-30"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->as_of_date().month(), 6);
  EXPECT_FALSE(BuildGetLoanRequest(Flags({{"loan", "x"}, {"as_of", "June"}})).ok());
}

TEST(BuildCreateLoanRequest, FirstMissingFlagIsNamed) {
  absl::Status status = BuildCreateLoanRequest(Flags({{"bank", "B001"}})).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "missing required flag --loan");
}

TEST(BuildDisburseLoanRequest, FenVariant) {
  absl::StatusOr<microloan::ledger::v1::DisburseLoanRequest> request =
      BuildDisburseLoanRequest(Flags({{"loan", "banks/B001/loans/L-1"},
                                      {"amount_fen", "5000000"},
                                      {"value_date", "2024-01-15"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "banks/B001/loans/L-1");
  EXPECT_EQ(request->amount().amount_fen(), 5000000);
  EXPECT_EQ(request->amount().currency_code(), "CNY");
}

TEST(BuildDisburseLoanRequest, BadAmountOrDateIsRefused) {
  EXPECT_FALSE(BuildDisburseLoanRequest(
                   Flags({{"loan", "x"}, {"amount", "50000.001"}, {"value_date", "2024-01-15"}}))
                   .ok());
  EXPECT_FALSE(BuildDisburseLoanRequest(
                   Flags({{"loan", "x"}, {"amount", "1"}, {"value_date", "2024-02-30"}}))
                   .ok());
}

TEST(BuildRecordRepaymentRequest, OmittedAmountIsNotSent) {
  absl::StatusOr<microloan::ledger::v1::RecordRepaymentRequest> request =
      BuildRecordRepaymentRequest(
          Flags({{"loan", "x"}, {"interest", "12.34"}, {"value_date", "2024-02-15"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_FALSE(request->has_principal());
  ASSERT_TRUE(request->has_interest());
  EXPECT_EQ(request->interest().amount_fen(), 1234);

  request = BuildRecordRepaymentRequest(
      Flags({{"loan", "x"}, {"principal_amount", "0.01"}, {"value_date", "2024-02-15"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->principal().amount_fen(), 1);
  EXPECT_FALSE(request->has_interest());
}

TEST(BuildRecordRepaymentRequest, NeitherAmountIsAUsageError) {
  EXPECT_EQ(BuildRecordRepaymentRequest(Flags({{"loan", "x"}, {"value_date", "2024-02-15"}}))
                .status()
                .message(),
            "give --principal_amount, --interest or both");
}

TEST(BuildListLoansRequest, FiltersAndPaging) {
  absl::StatusOr<microloan::ledger::v1::ListLoansRequest> request =
      BuildListLoansRequest(Flags({{"bank", "B001"},
                                   {"county", "370281"},
                                   {"status", "Active"},
                                   {"page_size", "20"},
                                   {"page_token", "abc"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->bank_id(), "B001");
  EXPECT_EQ(request->county_code(), "370281");
  EXPECT_EQ(request->status(), microloan::ledger::v1::ACTIVE);
  EXPECT_EQ(request->page_size(), 20);
  EXPECT_EQ(request->page_token(), "abc");
  EXPECT_EQ(BuildListLoansRequest(Flags({}))->status(),
            microloan::ledger::v1::LOAN_STATUS_UNSPECIFIED);
  EXPECT_FALSE(BuildListLoansRequest(Flags({{"status", "open"}})).ok());
  EXPECT_EQ(BuildListLoansRequest(Flags({{"fund", "guarantee_funds/F1"}}))->fund_id(), "F1");
  EXPECT_EQ(BuildListLoansRequest(Flags({{"fund", "F1"}}))->fund_id(), "F1");
  EXPECT_EQ(BuildListLoansRequest(Flags({}))->fund_id(), "");
  EXPECT_FALSE(BuildListLoansRequest(Flags({{"page_size", "-1"}})).ok());
}

TEST(ParseLoanStatus, FiveNames) {
  EXPECT_EQ(*ParseLoanStatus("approved"), microloan::ledger::v1::APPROVED);
  EXPECT_EQ(*ParseLoanStatus("CLOSED"), microloan::ledger::v1::CLOSED);
  EXPECT_EQ(*ParseLoanStatus("compensated"), microloan::ledger::v1::COMPENSATED);
  EXPECT_EQ(*ParseLoanStatus("written-off"), microloan::ledger::v1::WRITTEN_OFF);
  EXPECT_EQ(*ParseLoanStatus("WRITTEN_OFF"), microloan::ledger::v1::WRITTEN_OFF);
  EXPECT_EQ(ParseLoanStatus("open").status().message(),
            "--status: 'open' is not one of approved, active, closed, compensated, written-off");
  EXPECT_FALSE(ParseLoanStatus("").ok());
}

}  // namespace
}  // namespace ledgerctl
