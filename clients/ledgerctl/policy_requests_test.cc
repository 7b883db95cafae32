#include "clients/ledgerctl/policy_requests.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

TEST(BuildAddPolicyVersionRequest, BorrowerPaysWithEveryOptionalFlag) {
  absl::StatusOr<v1::AddSubsidyPolicyVersionRequest> request =
      BuildAddPolicyVersionRequest(Flags({{"effective_from", "2021-01-01"},
                                          {"mode", "borrower-pays"},
                                          {"borrower_spread_bps", "150"},
                                          {"rate_cap_spread_bps", "250"},
                                          {"principal_cap", "200000"},
                                          {"max_months", "36"},
                                          {"day_count", "365"},
                                          {"selection", "day"},
                                          {"source", "doc 21"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::SubsidyPolicyVersion& version = request->version();
  EXPECT_EQ(version.effective_from().year(), 2021);
  EXPECT_EQ(version.mode(), v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  EXPECT_EQ(version.borrower_spread_bps(), 150);
  ASSERT_TRUE(version.has_rate_cap_spread_bps());
  EXPECT_EQ(version.rate_cap_spread_bps(), 250);
  EXPECT_EQ(version.principal_cap().amount_fen(), 200000'00);
  EXPECT_EQ(version.principal_cap().currency_code(), "CNY");
  EXPECT_EQ(version.max_subsidised_months(), 36);
  EXPECT_EQ(version.day_count(), v1::ACTUAL_365);
  EXPECT_EQ(version.version_selection(), v1::BY_DAY);
  EXPECT_EQ(version.source(), "doc 21");
  EXPECT_TRUE(request->request_id().empty());  // set by RunMutation
}

TEST(BuildAddPolicyVersionRequest, UnsetOptionalFlagsLeaveFieldsUnset) {
  absl::StatusOr<v1::AddSubsidyPolicyVersionRequest> request = BuildAddPolicyVersionRequest(
      Flags({{"effective_from", "2023-01-01"}, {"mode", "Percent"}, {"share_bps", "5000"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  const v1::SubsidyPolicyVersion& version = request->version();
  EXPECT_EQ(version.mode(), v1::PERCENT_OF_INTEREST);
  EXPECT_EQ(version.subsidy_share_bps(), 5000);
  EXPECT_FALSE(version.has_rate_cap_spread_bps());
  EXPECT_FALSE(version.has_principal_cap());
  EXPECT_FALSE(version.has_max_subsidised_months());
  EXPECT_EQ(version.day_count(), v1::DAY_COUNT_UNSPECIFIED);
  EXPECT_EQ(version.version_selection(), v1::VERSION_SELECTION_UNSPECIFIED);
  EXPECT_EQ(
      BuildAddPolicyVersionRequest(Flags({{"effective_from", "2023-01-01"}, {"mode", "full"}}))
          ->version()
          .mode(),
      v1::FULL_SUBSIDY);
}

TEST(BuildAddPolicyVersionRequest, ANegativeRateCapAndPrincipalCapInFen) {
  absl::StatusOr<v1::AddSubsidyPolicyVersionRequest> request =
      BuildAddPolicyVersionRequest(Flags({{"effective_from", "2024-01-01"},
                                          {"mode", "full"},
                                          {"rate_cap_spread_bps", "-50"},
                                          {"principal_cap_fen", "12345"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->version().rate_cap_spread_bps(), -50);
  EXPECT_EQ(request->version().principal_cap().amount_fen(), 12345);
}

TEST(BuildAddPolicyVersionRequest, Refusals) {
  EXPECT_EQ(BuildAddPolicyVersionRequest(Flags({{"mode", "full"}})).status().message(),
            "missing required flag --effective_from");
  EXPECT_EQ(
      BuildAddPolicyVersionRequest(Flags({{"effective_from", "2024-01-01"}})).status().message(),
      "missing required flag --mode");
  EXPECT_EQ(
      BuildAddPolicyVersionRequest(Flags({{"effective_from", "2024-01-01"}, {"mode", "half"}}))
          .status()
          .message(),
      "--mode: 'half' is not one of borrower-pays, percent, full");
  EXPECT_EQ(BuildAddPolicyVersionRequest(
                Flags({{"effective_from", "2024-01-01"}, {"mode", "full"}, {"day_count", "366"}}))
                .status()
                .message(),
            "--day_count: '366' is not one of 360, 365");
  EXPECT_EQ(BuildAddPolicyVersionRequest(Flags({{"effective_from", "2024-01-01"},
                                                {"mode", "full"},
                                                {"rate_cap_spread_bps", "+5"}}))
                .status()
                .message(),
            "--rate_cap_spread_bps: '+5' is not a whole number from -1000000 to 1000000");
  EXPECT_FALSE(
      BuildAddPolicyVersionRequest(
          Flags({{"effective_from", "2024-01-01"}, {"mode", "percent"}, {"share_bps", "-1"}}))
          .ok());
  EXPECT_FALSE(
      BuildAddPolicyVersionRequest(Flags({{"effective_from", "2024-02-30"}, {"mode", "percent"}}))
          .ok());
}

TEST(BuildRecordLprFixingRequest, DateAndRate) {
  absl::StatusOr<v1::RecordLprFixingRequest> request =
      BuildRecordLprFixingRequest(Flags({{"effective_from", "2024-07-22"}, {"lpr_bps", "335"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->fixing().effective_from().month(), 7);
  EXPECT_EQ(request->fixing().effective_from().day(), 22);
  EXPECT_EQ(request->fixing().lpr_bps(), 335);
  EXPECT_EQ(
      BuildRecordLprFixingRequest(Flags({{"effective_from", "2024-07-22"}})).status().message(),
      "missing required flag --lpr_bps");
  EXPECT_FALSE(
      BuildRecordLprFixingRequest(Flags({{"effective_from", "2024-07-22"}, {"lpr_bps", "3.35"}}))
          .ok());
}

TEST(BuildListLprFixingsRequest, Paging) {
  absl::StatusOr<v1::ListLprFixingsRequest> request =
      BuildListLprFixingsRequest(Flags({{"page_size", "10"}, {"page_token", "t"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->page_size(), 10);
  EXPECT_EQ(request->page_token(), "t");
}

}  // namespace
}  // namespace ledgerctl
