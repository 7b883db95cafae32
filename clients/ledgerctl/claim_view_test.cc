#include "clients/ledgerctl/claim_view.h"

#include <string>
#include <vector>

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

v1::LoanSubsidy Subsidy(const std::string& loan, int64_t interest, int64_t subsidy,
                        const std::string& note) {
  v1::LoanSubsidy s;
  s.set_loan(loan);
  s.set_bank_id("B001");
  s.set_county_code("370281");
  *s.mutable_interest() = ledger::Cny(interest);
  *s.mutable_subsidy() = ledger::Cny(subsidy);
  *s.mutable_borrower() = ledger::Cny(interest - subsidy);
  s.set_note(note);
  return s;
}

TEST(FormatLoanSubsidyTable, RowsAndTotal) {
  const std::string out =
      FormatLoanSubsidyTable({Subsidy("banks/B001/loans/L1", 100000, 40000, ""),
                              Subsidy("banks/B001/loans/L2", 0, 0, "not disbursed")});
  EXPECT_TRUE(Contains(out, "LOAN")) << out;
  EXPECT_TRUE(Contains(out, "banks/B001/loans/L1")) << out;
  EXPECT_TRUE(Contains(out, "not disbursed")) << out;
  EXPECT_TRUE(Contains(out, "TOTAL (2 loans)")) << out;
  EXPECT_TRUE(Contains(out, "1,000.00 CNY")) << out;
  EXPECT_TRUE(Contains(out, "600.00 CNY")) << out;
}

v1::SubsidyClaim Claim() {
  v1::SubsidyClaim claim;
  claim.set_name("banks/B001/subsidy_claims/2026Q3");
  claim.set_state(v1::CLAIM_APPROVED);
  *claim.mutable_period()->mutable_first_day() = Day(2026, 6, 21);
  *claim.mutable_period()->mutable_last_day() = Day(2026, 9, 20);
  claim.set_line_count(1);
  *claim.mutable_claimed_total() = ledger::Cny(12345);
  *claim.mutable_expected_total() = ledger::Cny(12000);
  claim.set_approval(v1::APPROVE_AS_COMPUTED);
  *claim.mutable_approved_total() = ledger::Cny(12000);
  claim.set_basis_sequence(7);
  claim.set_submitted_sequence(8);
  claim.set_decided_sequence(9);
  return claim;
}

TEST(FormatClaim, HeaderAndLines) {
  v1::SubsidyClaim claim = Claim();
  v1::SubsidyClaimLine* line = claim.add_lines();
  line->set_loan("banks/B001/loans/L1");
  *line->mutable_claimed() = ledger::Cny(12345);
  *line->mutable_expected() = ledger::Cny(12000);
  *line->mutable_interest() = ledger::Cny(30000);
  *line->mutable_approved() = ledger::Cny(12000);
  line->set_county_code("370281");
  line->set_note("overdue");
  const std::string out = FormatClaim(claim);
  EXPECT_TRUE(Contains(out, "CLAIM_APPROVED")) << out;
  EXPECT_TRUE(Contains(out, "2026-06-21..2026-09-20")) << out;
  EXPECT_TRUE(Contains(out, "APPROVE_AS_COMPUTED")) << out;
  EXPECT_TRUE(Contains(out, "decided_sequence")) << out;
  EXPECT_FALSE(Contains(out, "paid_sequence")) << out;
  EXPECT_TRUE(Contains(out, "EXPECTED")) << out;
  EXPECT_TRUE(Contains(out, "overdue")) << out;
  EXPECT_TRUE(Contains(out, "123.45 CNY")) << out;
}

TEST(FormatClaimWithCommit, AddsTheCommit) {
  v1::CommitInfo commit;
  commit.set_sequence(42);
  commit.set_replayed(true);
  const std::string out = FormatClaimWithCommit(Claim(), commit);
  EXPECT_TRUE(Contains(out, "42")) << out;
  EXPECT_TRUE(Contains(out, "replayed")) << out;
}

TEST(FormatClaimTable, OneRowPerClaim) {
  v1::SubsidyClaim submitted = Claim();
  submitted.set_name("banks/B001/subsidy_claims/2026Q4");
  submitted.set_state(v1::CLAIM_SUBMITTED);
  submitted.clear_approved_total();
  const std::string out = FormatClaimTable({Claim(), submitted});
  EXPECT_TRUE(Contains(out, "banks/B001/subsidy_claims/2026Q3")) << out;
  EXPECT_TRUE(Contains(out, "CLAIM_SUBMITTED")) << out;
  EXPECT_TRUE(Contains(out, "120.00 CNY")) << out;
}

}  // namespace
}  // namespace ledgerctl
