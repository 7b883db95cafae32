#include "clients/ledgerctl/guarantee_requests.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

TEST(FundIdOf, IdOrName) {
  EXPECT_EQ(FundIdOf("F1"), "F1");
  EXPECT_EQ(FundIdOf("guarantee_funds/F1"), "F1");
  EXPECT_EQ(FundIdOf(""), "");
}

TEST(BuildCreateFundRequest, AllFields) {
  absl::StatusOr<v1::CreateFundRequest> request =
      BuildCreateFundRequest(Flags({{"fund", "F1"},
                                    {"display_name", "Qingdao youth fund"},
                                    {"scope", "City"},
                                    {"region", "3702"},
                                    {"leverage", "5"},
                                    {"call_after_days", "60"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->fund_id(), "F1");
  EXPECT_EQ(request->display_name(), "Qingdao youth fund");
  EXPECT_EQ(request->scope(), v1::CITY);
  EXPECT_EQ(request->region_code(), "3702");
  EXPECT_EQ(request->leverage_multiple(), 5);
  EXPECT_EQ(request->call_after_days(), 60);
}

TEST(BuildCreateFundRequest, DefaultsAndRefusals) {
  absl::StatusOr<v1::CreateFundRequest> request =
      BuildCreateFundRequest(Flags({{"fund", "F1"},
                                    {"display_name", "x"},
                                    {"scope", "county"},
                                    {"region", "370281"},
                                    {"leverage", "5"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->scope(), v1::COUNTY);
  EXPECT_EQ(request->call_after_days(), 0);  // the server's default (90)
  EXPECT_EQ(
      BuildCreateFundRequest(Flags({{"fund", "F1"}, {"display_name", "x"}, {"scope", "province"}}))
          .status()
          .message(),
      "--scope: 'province' is not one of county, city");
  EXPECT_EQ(BuildCreateFundRequest(Flags({{"fund", "F1"}})).status().message(),
            "missing required flag --display_name");
}

TEST(BuildDepositFundCapitalRequest, NameFromTheId) {
  absl::StatusOr<v1::DepositFundCapitalRequest> request = BuildDepositFundCapitalRequest(
      Flags({{"fund", "F1"}, {"amount", "1000000"}, {"value_date", "2024-01-02"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "guarantee_funds/F1");
  EXPECT_EQ(request->amount().amount_fen(), 100'000'000);
  EXPECT_EQ(request->amount().currency_code(), "CNY");
  EXPECT_EQ(BuildGetFundRequest(Flags({{"fund", "guarantee_funds/F2"}}))->name(),
            "guarantee_funds/F2");
}

TEST(BuildRequestFundGuaranteeRequest, PartiesInOrder) {
  absl::StatusOr<v1::RequestFundGuaranteeRequest> request =
      BuildRequestFundGuaranteeRequest(Flags({{"loan", "banks/B001/loans/L-1"},
                                              {"guarantee_id", "G1"},
                                              {"fund", "F1"},
                                              {"coverage_bps", "8000"},
                                              {"party", "P-2"},
                                              {"party", "P-1"},
                                              {"value_date", "2024-01-16"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->loan(), "banks/B001/loans/L-1");
  EXPECT_EQ(request->guarantee_id(), "G1");
  EXPECT_EQ(request->fund(), "guarantee_funds/F1");
  EXPECT_EQ(request->coverage_bps(), 8000);
  EXPECT_EQ(std::vector<std::string>(request->party_ids().begin(), request->party_ids().end()),
            (std::vector<std::string>{"P-2", "P-1"}));
  EXPECT_EQ(request->value_date().day(), 16);
  // Flags are checked in the order the help lists them.
  EXPECT_EQ(BuildRequestFundGuaranteeRequest(Flags({{"loan", "x"}, {"guarantee_id", "G1"}}))
                .status()
                .message(),
            "missing required flag --fund");
  EXPECT_EQ(BuildRequestFundGuaranteeRequest(
                Flags({{"loan", "x"}, {"guarantee_id", "G1"}, {"fund", "guarantee_funds/F1"}}))
                .status()
                .message(),
            "missing required flag --coverage_bps");
}

TEST(BuildIssueFundGuaranteeRequest, NamesTheRequestAndItsCoverage) {
  absl::StatusOr<v1::IssueFundGuaranteeRequest> request =
      BuildIssueFundGuaranteeRequest(Flags({{"loan", "banks/B001/loans/L-1"},
                                            {"guarantee_id", "G1"},
                                            {"fund", "guarantee_funds/F1"},
                                            {"coverage_bps", "8000"},
                                            {"value_date", "2024-01-16"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->loan(), "banks/B001/loans/L-1");
  EXPECT_EQ(request->guarantee_id(), "G1");
  EXPECT_EQ(request->fund(), "guarantee_funds/F1");
  EXPECT_EQ(request->coverage_bps(), 8000);
  EXPECT_EQ(request->value_date().day(), 16);
  // Flags are checked in the order the help lists them.
  EXPECT_EQ(BuildIssueFundGuaranteeRequest(Flags({{"loan", "x"}, {"guarantee_id", "G1"}}))
                .status()
                .message(),
            "missing required flag --fund");
}

TEST(BuildRecordGuaranteeRequest, Forms) {
  absl::StatusOr<v1::RecordGuaranteeRequest> request =
      BuildRecordGuaranteeRequest(Flags({{"loan", "x"},
                                         {"guarantee_id", "G2"},
                                         {"form", "joint"},
                                         {"party", "BR-11"},
                                         {"value_date", "2024-01-16"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->form(), v1::JOINT_LIABILITY);
  EXPECT_EQ(request->party_ids_size(), 1);
  EXPECT_EQ(BuildRecordGuaranteeRequest(Flags({{"loan", "x"},
                                               {"guarantee_id", "G"},
                                               {"form", "Counter"},
                                               {"value_date", "2024-01-16"}}))
                ->form(),
            v1::COUNTER_GUARANTEE);
  EXPECT_EQ(
      BuildRecordGuaranteeRequest(Flags({{"loan", "x"}, {"guarantee_id", "G"}, {"form", "fund"}}))
          .status()
          .message(),
      "--form: 'fund' is not one of counter, joint, credit");
}

TEST(BuildGuaranteeActions, CallCompensationRecovery) {
  const ParsedFlags action =
      Flags({{"loan", "x"}, {"guarantee_id", "G1"}, {"value_date", "2024-09-01"}});
  absl::StatusOr<v1::FileGuaranteeCallRequest> call = BuildFileGuaranteeCallRequest(action);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->guarantee_id(), "G1");
  EXPECT_EQ(call->value_date().month(), 9);
  absl::StatusOr<v1::PayCompensationRequest> pay = BuildPayCompensationRequest(action);
  ASSERT_TRUE(pay.ok()) << pay.status();
  EXPECT_EQ(pay->loan(), "x");
  absl::StatusOr<v1::RecordRecoveryRequest> recovery = BuildRecordRecoveryRequest(
      Flags({{"loan", "x"}, {"amount_fen", "500000"}, {"value_date", "2024-12-01"}}));
  ASSERT_TRUE(recovery.ok()) << recovery.status();
  EXPECT_EQ(recovery->amount().amount_fen(), 500000);
  EXPECT_EQ(BuildRecordRecoveryRequest(Flags({{"loan", "x"}, {"value_date", "2024-12-01"}}))
                .status()
                .message(),
            "missing required flag --amount (or --amount_fen)");
}

}  // namespace
}  // namespace ledgerctl
