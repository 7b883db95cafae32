#include "clients/ledgerctl/claim_requests.h"

#include <string>
#include <vector>

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

TEST(ParsePeriodText, TwoDaysInclusive) {
  absl::StatusOr<v1::DatePeriod> period = ParsePeriodText("period", "2026-06-21..2026-09-20");
  ASSERT_TRUE(period.ok()) << period.status();
  EXPECT_EQ(period->first_day().year(), 2026);
  EXPECT_EQ(period->first_day().month(), 6);
  EXPECT_EQ(period->first_day().day(), 21);
  EXPECT_EQ(period->last_day().month(), 9);
  EXPECT_EQ(period->last_day().day(), 20);
}

TEST(ParsePeriodText, RefusesOtherShapes) {
  for (const char* text : {"2026-06-21", "2026-06-21..", "2026-06-21...2026-09-20",
                           "2026-06-21..2026-09-31", "a..b", "2026-06-21-2026-09-20"}) {
    absl::StatusOr<v1::DatePeriod> period = ParsePeriodText("period", text);
    EXPECT_FALSE(period.ok()) << text;
    if (!period.ok()) EXPECT_TRUE(Contains(std::string(period.status().message()), "--period"));
  }
}

TEST(ParseClaimLinesCsv, HeaderBlankLinesAndSpaces) {
  absl::StatusOr<std::vector<v1::SubsidyClaimLine>> lines = ParseClaimLinesCsv(
      "loan,claimed\n banks/B001/loans/L1 , 123.45\n\nbanks/B001/loans/L2,7\r\n");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].loan(), "banks/B001/loans/L1");
  EXPECT_EQ((*lines)[0].claimed().amount_fen(), 12345);
  EXPECT_EQ((*lines)[0].claimed().currency_code(), "CNY");
  EXPECT_EQ((*lines)[1].loan(), "banks/B001/loans/L2");
  EXPECT_EQ((*lines)[1].claimed().amount_fen(), 700);
}

TEST(ParseClaimLinesCsv, RefusalsNameTheLine) {
  absl::StatusOr<std::vector<v1::SubsidyClaimLine>> bad =
      ParseClaimLinesCsv("banks/B001/loans/L1,1.00\nbanks/B001/loans/L2,1.005\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Contains(std::string(bad.status().message()), "line 2")) << bad.status();
  EXPECT_FALSE(ParseClaimLinesCsv("banks/B001/loans/L1;1.00").ok());
  EXPECT_FALSE(ParseClaimLinesCsv("banks/B001/loans/L1,1.00,x").ok());
  EXPECT_FALSE(ParseClaimLinesCsv(",1.00").ok());
  EXPECT_FALSE(ParseClaimLinesCsv("banks/B001/loans/L1,-1").ok());
  EXPECT_FALSE(ParseClaimLinesCsv("loan,claimed\n").ok());  // no lines
  EXPECT_FALSE(ParseClaimLinesCsv("").ok());
}

TEST(ParseClaimLinesCsv, AtMostAThousandLines) {
  std::string csv;
  for (int i = 0; i < 1000; ++i) csv += "banks/B001/loans/L" + std::to_string(i) + ",1\n";
  EXPECT_TRUE(ParseClaimLinesCsv(csv).ok());
  csv += "banks/B001/loans/X,1\n";
  EXPECT_FALSE(ParseClaimLinesCsv(csv).ok());
}

TEST(BuildSubmitClaimRequest, FlagsAndLines) {
  absl::StatusOr<v1::SubmitSubsidyClaimRequest> request = BuildSubmitClaimRequest(
      Flags({{"bank", "B001"}, {"claim_id", "2026Q3"}, {"period", "2026-06-21..2026-09-20"}}),
      "banks/B001/loans/L1,10.50\n");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->bank_id(), "B001");
  EXPECT_EQ(request->claim_id(), "2026Q3");
  EXPECT_EQ(request->period().first_day().day(), 21);
  ASSERT_EQ(request->lines_size(), 1);
  EXPECT_EQ(request->lines(0).claimed().amount_fen(), 1050);
  EXPECT_FALSE(request->lines(0).has_expected());
  EXPECT_TRUE(request->request_id().empty());  // set by RunMutation
  EXPECT_FALSE(
      BuildSubmitClaimRequest(Flags({{"claim_id", "C"}, {"period", "2026-06-21..2026-09-20"}}),
                              "banks/B001/loans/L1,1")
          .ok());
  EXPECT_FALSE(
      BuildSubmitClaimRequest(Flags({{"bank", "B001"}, {"claim_id", "C"}}), "banks/B001/loans/L1,1")
          .ok());
}

TEST(BuildListLoanSubsidiesRequest, PeriodRequiredFiltersAndPaging) {
  absl::StatusOr<v1::ListLoanSubsidiesRequest> request =
      BuildListLoanSubsidiesRequest(Flags({{"period", "2026-03-21..2026-06-20"},
                                           {"bank", "B001"},
                                           {"county", "370281"},
                                           {"page_size", "1000"},
                                           {"page_token", "t"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->period().last_day().month(), 6);
  EXPECT_EQ(request->bank_id(), "B001");
  EXPECT_EQ(request->county_code(), "370281");
  EXPECT_EQ(request->page_size(), 1000);
  EXPECT_EQ(request->page_token(), "t");
  EXPECT_FALSE(BuildListLoanSubsidiesRequest(Flags({{"bank", "B001"}})).ok());
}

TEST(BuildApproveClaimRequest, AsClaimedOrComputed) {
  absl::StatusOr<v1::ApproveSubsidyClaimRequest> request = BuildApproveClaimRequest(
      Flags({{"name", "banks/B001/subsidy_claims/C1"}, {"as", "computed"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "banks/B001/subsidy_claims/C1");
  EXPECT_EQ(request->approval(), v1::APPROVE_AS_COMPUTED);
  EXPECT_EQ(BuildApproveClaimRequest(Flags({{"name", "n"}, {"as", "Claimed"}}))->approval(),
            v1::APPROVE_AS_CLAIMED);
  EXPECT_FALSE(BuildApproveClaimRequest(Flags({{"name", "n"}, {"as", "both"}})).ok());
  EXPECT_FALSE(BuildApproveClaimRequest(Flags({{"name", "n"}})).ok());
  EXPECT_FALSE(BuildApproveClaimRequest(Flags({{"as", "claimed"}})).ok());
}

TEST(BuildRejectClaimRequest, NameAndReason) {
  absl::StatusOr<v1::RejectSubsidyClaimRequest> request =
      BuildRejectClaimRequest(Flags({{"name", "banks/B001/subsidy_claims/C1"}, {"reason", "no"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->reason(), "no");
  EXPECT_FALSE(BuildRejectClaimRequest(Flags({{"name", "n"}})).ok());
}

TEST(BuildRecordPaymentRequest, AmountValueDateReference) {
  absl::StatusOr<v1::RecordSubsidyPaymentRequest> request =
      BuildRecordPaymentRequest(Flags({{"name", "banks/B001/subsidy_claims/C1"},
                                       {"amount", "1234.56"},
                                       {"value_date", "2026-10-15"},
                                       {"reference", "T-1"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->amount().amount_fen(), 123456);
  EXPECT_EQ(request->value_date().day(), 15);
  EXPECT_EQ(request->payment_reference(), "T-1");
  EXPECT_EQ(BuildRecordPaymentRequest(Flags({{"name", "n"},
                                             {"amount_fen", "5"},
                                             {"value_date", "2026-10-15"},
                                             {"reference", "r"}}))
                ->amount()
                .amount_fen(),
            5);
  EXPECT_FALSE(BuildRecordPaymentRequest(
                   Flags({{"name", "n"}, {"amount", "1"}, {"value_date", "2026-10-15"}}))
                   .ok());
  EXPECT_FALSE(
      BuildRecordPaymentRequest(Flags({{"name", "n"}, {"amount", "1"}, {"reference", "r"}})).ok());
}

TEST(BuildListClaimsRequest, OptionalFilters) {
  absl::StatusOr<v1::ListSubsidyClaimsRequest> request =
      BuildListClaimsRequest(Flags({{"bank", "B001"}, {"state", "approved"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->bank_id(), "B001");
  EXPECT_EQ(request->state(), v1::CLAIM_APPROVED);
  absl::StatusOr<v1::ListSubsidyClaimsRequest> all = BuildListClaimsRequest(Flags({}));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->state(), v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED);
  EXPECT_TRUE(all->bank_id().empty());
  EXPECT_FALSE(BuildListClaimsRequest(Flags({{"state", "lost"}})).ok());
  EXPECT_EQ(BuildGetClaimRequest(Flags({{"name", "x"}}))->name(), "x");
  EXPECT_FALSE(BuildGetClaimRequest(Flags({})).ok());
}

}  // namespace
}  // namespace ledgerctl
