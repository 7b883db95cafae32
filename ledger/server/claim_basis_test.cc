// ComputeClaimBasis over a real Store: a line's refusal names its line and loan, the entries a
// request reads are capped over all its loans, a cancelled call stops between loans, and
// RequestRecorded finds what the writer committed.
#include "ledger/server/claim_basis.h"

#include <string>

#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/testing/sample_ledger.h"

namespace ledger {
namespace {

constexpr char kFinance[] = "finance:1";

internal::LedgerCommand AddPolicy(const std::string& request_id, absl::CivilDay from,
                                  v1::SubsidyMode mode) {
  internal::LedgerCommand c;
  v1::AddSubsidyPolicyVersionRequest* r = c.mutable_add_policy_version();
  r->set_request_id(request_id);
  *r->mutable_version()->mutable_effective_from() = ToDate(from);
  r->mutable_version()->set_mode(mode);
  if (mode == v1::PERCENT_OF_INTEREST) r->mutable_version()->set_subsidy_share_bps(5000);
  r->mutable_version()->set_source("claim basis test");
  return c;
}

class ClaimBasisTest : public ::testing::Test {
 protected:
  ClaimBasisTest() : ledger_("claim_basis") {}

  void SetUp() override {
    // Entries 1-5: a policy (50% of the interest), L1 and L2 created and disbursed 2024-01-15.
    ASSERT_TRUE(
        ledger_
            .RunAs(kFinance, AddPolicy("pv1", absl::CivilDay(2021, 1, 1), v1::PERCENT_OF_INTEREST))
            .ok());
    for (const char* loan : {"L1", "L2"}) {
      ASSERT_TRUE(ledger_.Run(Create(absl::StrCat("c-", loan), "B001", loan, 100'000'00)).ok());
      ASSERT_TRUE(ledger_.Run(Disburse(absl::StrCat("d-", loan), "B001", loan, 100'000'00)).ok());
    }
    request_.set_request_id("s1");
    request_.set_bank_id("B001");
    request_.set_claim_id("2024Q1");
    *request_.mutable_period()->mutable_first_day() = ToDate(absl::CivilDay(2024, 1, 15));
    *request_.mutable_period()->mutable_last_day() = ToDate(absl::CivilDay(2024, 3, 20));
    for (const char* loan : {"L1", "L2"}) {
      v1::SubsidyClaimLine* line = request_.add_lines();
      line->set_loan(absl::StrCat("banks/B001/loans/", loan));
      *line->mutable_claimed() = Cny(1);
    }
    caller_.principal = kFinance;
    caller_.access = Access::kAll;
  }

  SampleLedger ledger_;
  v1::SubmitSubsidyClaimRequest request_;
  Caller caller_;
};

TEST_F(ClaimBasisTest, OneLinePerLoanAsOfTheHead) {
  absl::StatusOr<internal::ClaimBasis> basis =
      ComputeClaimBasis(*ledger_.store(), caller_, request_);
  ASSERT_TRUE(basis.ok()) << basis.status();
  EXPECT_EQ(basis->basis_sequence(), 5u);
  ASSERT_EQ(basis->lines_size(), 2);
  EXPECT_GT(basis->lines(1).expected_fen(), 0);
  // 50% of the interest, each rounded once: within a fen of half.
  EXPECT_NEAR(basis->lines(1).interest_fen(), 2 * basis->lines(1).expected_fen(), 1);
  EXPECT_EQ(basis->lines(1).county_code(), "370281");
}

TEST_F(ClaimBasisTest, TheEntriesOfAllLoansTogetherAreCappedAndTheLineIsNamed) {
  // Each loan has two entries (created, disbursed): the second loan goes past three.
  ClaimBasisOptions options;
  options.max_entries = 3;
  absl::StatusOr<internal::ClaimBasis> basis =
      ComputeClaimBasis(*ledger_.store(), caller_, request_, options);
  ASSERT_FALSE(basis.ok());
  EXPECT_EQ(basis.status().code(), absl::StatusCode::kResourceExhausted) << basis.status();
  EXPECT_EQ(ReasonOf(basis.status()), reason::kLoanHistoryTooLong);
  EXPECT_EQ(FieldOf(basis.status()), "lines[1].loan");
  EXPECT_NE(basis.status().message().find("banks/B001/loans/L2"), absl::string_view::npos)
      << basis.status();
  options.max_entries = 4;
  EXPECT_TRUE(ComputeClaimBasis(*ledger_.store(), caller_, request_, options).ok());
}

TEST_F(ClaimBasisTest, ACalculatorRefusalNamesTheLineAndKeepsItsCodeAndReason) {
  // From 2022 the policy needs an LPR, and no fixing was ever recorded.
  ASSERT_TRUE(ledger_
                  .RunAs(kFinance, AddPolicy("pv2", absl::CivilDay(2022, 1, 1),
                                             v1::BORROWER_PAYS_UP_TO_LPR_MINUS))
                  .ok());
  absl::StatusOr<internal::ClaimBasis> basis =
      ComputeClaimBasis(*ledger_.store(), caller_, request_);
  ASSERT_FALSE(basis.ok());
  EXPECT_EQ(basis.status().code(), absl::StatusCode::kFailedPrecondition) << basis.status();
  EXPECT_EQ(ReasonOf(basis.status()), reason::kOutOfRange);
  EXPECT_EQ(FieldOf(basis.status()), "lines[0].loan");
  EXPECT_NE(basis.status().message().find("banks/B001/loans/L1"), absl::string_view::npos);
  EXPECT_NE(basis.status().message().find("LPR"), absl::string_view::npos) << basis.status();
}

TEST_F(ClaimBasisTest, ACancelledCallStopsBetweenLoans) {
  int asked = 0;
  ClaimBasisOptions options;
  options.cancelled = [&asked] { return ++asked > 1; };  // cancelled after the first loan
  absl::StatusOr<internal::ClaimBasis> basis =
      ComputeClaimBasis(*ledger_.store(), caller_, request_, options);
  EXPECT_EQ(basis.status().code(), absl::StatusCode::kCancelled) << basis.status();
  EXPECT_EQ(asked, 2);
}

TEST_F(ClaimBasisTest, RequestRecordedFindsCommittedRequestsOnly) {
  absl::StatusOr<bool> seen = RequestRecorded(*ledger_.store(), kFinance, "pv1");
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_TRUE(*seen);
  EXPECT_FALSE(*RequestRecorded(*ledger_.store(), kFinance, "pv9"));
  EXPECT_FALSE(*RequestRecorded(*ledger_.store(), "finance:2", "pv1"));  // another principal's
  EXPECT_FALSE(*RequestRecorded(*ledger_.store(), kFinance, ""));
}

}  // namespace
}  // namespace ledger
