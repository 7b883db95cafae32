#include "clients/ledgerctl/loan_action_requests.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(BuildMarkInstalmentOverdueRequest, ExactAmountsAndTheOmittedOneNotSent) {
  absl::StatusOr<microloan::ledger::v1::MarkInstalmentOverdueRequest> request =
      BuildMarkInstalmentOverdueRequest(Flags({{"loan", "banks/B001/loans/L-1"},
                                               {"instalment", "3"},
                                               {"principal_amount", "4166.67"},
                                               {"interest", "362.5"},
                                               {"value_date", "2024-04-15"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->request_id(), "");
  EXPECT_EQ(request->name(), "banks/B001/loans/L-1");
  EXPECT_EQ(request->instalment(), 3);
  EXPECT_EQ(request->principal_overdue().amount_fen(), 416667);
  EXPECT_EQ(request->principal_overdue().currency_code(), "CNY");
  EXPECT_EQ(request->interest_overdue().amount_fen(), 36250);
  EXPECT_EQ(request->value_date().day(), 15);

  request = BuildMarkInstalmentOverdueRequest(Flags(
      {{"loan", "x"}, {"instalment", "1"}, {"interest_fen", "100"}, {"value_date", "2024-04-15"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_FALSE(request->has_principal_overdue());
  EXPECT_EQ(request->interest_overdue().amount_fen(), 100);
}

TEST(BuildMarkInstalmentOverdueRequest, UsageErrors) {
  EXPECT_EQ(BuildMarkInstalmentOverdueRequest(
                Flags({{"loan", "x"}, {"instalment", "1"}, {"value_date", "2024-04-15"}}))
                .status()
                .message(),
            "give --principal_amount, --interest or both");
  EXPECT_EQ(BuildMarkInstalmentOverdueRequest(Flags({{"loan", "x"}, {"instalment", "0"}}))
                .status()
                .message(),
            "--instalment: instalments are numbered from 1");
  EXPECT_FALSE(BuildMarkInstalmentOverdueRequest(
                   Flags({{"loan", "x"}, {"instalment", "1"}, {"interest", "1.001"}}))
                   .ok());
}

TEST(BuildCureArrearRequest, AllFields) {
  absl::StatusOr<microloan::ledger::v1::CureArrearRequest> request = BuildCureArrearRequest(
      Flags({{"loan", "x"}, {"instalment", "2"}, {"value_date", "2024-04-20"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "x");
  EXPECT_EQ(request->instalment(), 2);
  EXPECT_EQ(request->value_date().month(), 4);
  EXPECT_EQ(BuildCureArrearRequest(Flags({{"loan", "x"}})).status().message(),
            "missing required flag --instalment");
}

TEST(BuildExtendLoanRequest, BothDates) {
  absl::StatusOr<microloan::ledger::v1::ExtendLoanRequest> request = BuildExtendLoanRequest(
      Flags({{"loan", "x"}, {"new_maturity", "2026-07-10"}, {"value_date", "2025-12-01"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->new_maturity_date().year(), 2026);
  EXPECT_EQ(request->new_maturity_date().month(), 7);
  EXPECT_EQ(request->value_date().year(), 2025);
  EXPECT_FALSE(
      BuildExtendLoanRequest(
          Flags({{"loan", "x"}, {"new_maturity", "2026-02-30"}, {"value_date", "2025-12-01"}}))
          .ok());
}

TEST(BuildWriteOffLoanRequest, NameAndDate) {
  absl::StatusOr<microloan::ledger::v1::WriteOffLoanRequest> request =
      BuildWriteOffLoanRequest(Flags({{"loan", "x"}, {"value_date", "2025-06-30"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "x");
  EXPECT_EQ(request->value_date().day(), 30);
  EXPECT_EQ(BuildWriteOffLoanRequest(Flags({{"loan", "x"}})).status().message(),
            "missing required flag --value_date");
}

}  // namespace
}  // namespace ledgerctl
