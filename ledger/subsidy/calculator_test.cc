// Worked examples of the subsidy calculator, each computed by hand with its arithmetic in a
// comment: the three modes, LPR and policy changes, repayments. "1,000 fen per bp-year" reads:
// 10,000,000 fen × 1 bp (0.0001) = 1,000 fen a year. Exclusions, caps, day counts and refusals
// are in calculator_exclusions_test.cc.
#include "ledger/subsidy/calculator.h"

#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/subsidy/calculator_test_support.h"

namespace ledger {
namespace subsidy {
namespace {

TEST(ModeBorrowerPaysUpToLprMinus, CountyExample) {
  // LPR 3.65%, contract 6.15% = cap LPR + 250; borrower pays LPR − 150 = 2.15%, subsidy 4.00%.
  // 100,000.00 CNY for 91 days:
  //   interest = 10,000,000 × 0.0615 × 91 / 360 = 55,965,000 / 360 = 155,458.33 → 155,458 fen
  //   subsidy  = 10,000,000 × 0.0400 × 91 / 360 = 36,400,000 / 360 = 101,111.11 → 101,111 fen
  //   borrower = 155,458 − 101,111 = 54,347 fen (check: 0.0215 × ... = 54,347.22)
  const LoanFacts loan = Loan(D(2023, 6, 1), k100kCnyFen, 615);
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQuarter91);
  EXPECT_EQ(r.interest_fen, 155'458);
  EXPECT_EQ(r.subsidy_fen, 101'111);
  EXPECT_EQ(r.borrower_fen, 54'347);
  EXPECT_EQ(r.interest_numerator, Term(k100kCnyFen, 615 * 10'000, 91));
  EXPECT_EQ(r.subsidy_numerator, Term(k100kCnyFen, 400 * 10'000, 91));
  ASSERT_EQ(r.lines.size(), 1u);
  const SubsidyLine& line = r.lines[0];
  EXPECT_EQ(line.first_day, D(2023, 12, 21));
  EXPECT_EQ(line.last_day, D(2024, 3, 20));
  EXPECT_EQ(line.days, 91);
  EXPECT_EQ(line.balance_fen, k100kCnyFen);
  EXPECT_EQ(line.eligible_balance_fen, k100kCnyFen);
  EXPECT_EQ(line.contract_rate_bps, 615);
  EXPECT_EQ(line.subsidy_rate_bp_e4, 400 * 10'000);
  EXPECT_EQ(line.lpr_bps, 365);
  EXPECT_EQ(line.policy_version_index, 0);
  EXPECT_EQ(line.policy_effective_from, D(2021, 1, 1));
  EXPECT_EQ(line.exclusion_reason, "");
}

TEST(ModeBorrowerPaysUpToLprMinus, ContractRateAboveCapIsNotSubsidised) {
  // Contract 7.00% > cap 6.15%: the 0.85% above the cap stays with the borrower.
  //   interest = 10,000,000 × 0.07 × 91 / 360 = 63,700,000 / 360 = 176,944.44 → 176,944
  //   subsidy  = min(700, 615) − 215 = 400 bp, as above → 101,111
  //   borrower = 176,944 − 101,111 = 75,833
  const LoanFacts loan = Loan(D(2023, 6, 1), k100kCnyFen, 700);
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQuarter91);
  EXPECT_EQ(r.interest_fen, 176'944);
  EXPECT_EQ(r.subsidy_fen, 101'111);
  EXPECT_EQ(r.borrower_fen, 75'833);
}

TEST(ModeBorrowerPaysUpToLprMinus, ContractRateBelowBorrowerShareGetsNothing) {
  // Contract 2.00% < LPR − 150 = 2.15%: the borrower pays it all, the subsidy is 0 (not < 0).
  const LoanFacts loan = Loan(D(2023, 6, 1), k100kCnyFen, 200);
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQuarter91);
  EXPECT_EQ(r.subsidy_fen, 0);
  // 10,000,000 × 0.02 × 91 / 360 = 18,200,000 / 360 = 50,555.56 → 50,556
  EXPECT_EQ(r.interest_fen, 50'556);
  EXPECT_EQ(r.borrower_fen, 50'556);
}

TEST(ModePercentOfInterest, HalfOfTheInterestRoundedOnItsOwn) {
  // 50% of a 4.35% contract = 217.5 bp = 2,175,000 bp_e4; 200,000.00 CNY for 92 days:
  //   interest = 20,000,000 × 0.0435  × 92 / 360 = 80,040,000 / 360 = 222,333.33 → 222,333
  //   subsidy  = 20,000,000 × 0.02175 × 92 / 360 = 40,020,000 / 360 = 111,166.67 → 111,167
  //   borrower = 222,333 − 111,167 = 111,166
  // Rounded from its own numerator: not half of the rounded interest (111,166.5).
  // No rate cap, so no LPR is needed.
  const LoanFacts loan = Loan(D(2023, 1, 5), 20'000'000, 435);
  const SubsidyResult r = Compute(loan, {SharePolicy(D(2023, 1, 1), 5000)}, {}, kQ2_2023);
  EXPECT_EQ(r.interest_fen, 222'333);
  EXPECT_EQ(r.subsidy_fen, 111'167);
  EXPECT_EQ(r.borrower_fen, 111'166);
  EXPECT_EQ(r.subsidy_numerator, Term(20'000'000, 2'175'000, 92));
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].subsidy_rate_bp_e4, 2'175'000);
  EXPECT_FALSE(r.lines[0].lpr_bps.has_value());
}

TEST(ModeFull, CappedAtLprPlusSpreadRoundsHalfUp) {
  // Full subsidy with a rate cap LPR + 150: LPR 3.45%, contract 5.00%, capped 4.95%.
  // 50,000.00 CNY for 2024-05-21..2024-06-20 = 11 + 20 = 31 days:
  //   interest = 5,000,000 × 0.05   × 31 / 360 = 7,750,000 / 360 = 21,527.78 → 21,528
  //   subsidy  = 5,000,000 × 0.0495 × 31 / 360 = 7,672,500 / 360 = 21,312.5  → 21,313 (half-up)
  //   borrower = 21,528 − 21,313 = 215
  PolicyVersion full = FullPolicy(D(2020, 1, 1));
  full.rate_cap_spread_bps = 150;
  const LoanFacts loan = Loan(D(2024, 1, 2), 5'000'000, 500);
  const SubsidyResult r =
      Compute(loan, {full}, {{D(2023, 8, 21), 345}}, {D(2024, 5, 21), D(2024, 6, 20)});
  EXPECT_EQ(r.interest_fen, 21'528);
  EXPECT_EQ(r.subsidy_fen, 21'313);
  EXPECT_EQ(r.borrower_fen, 215);
}

TEST(ModeFull, UncappedSubsidyEqualsInterest) {
  const LoanFacts loan = Loan(D(2024, 1, 2), 5'000'000, 500);
  const SubsidyResult r =
      Compute(loan, {FullPolicy(D(2020, 1, 1))}, {}, {D(2024, 5, 21), D(2024, 6, 20)});
  EXPECT_EQ(r.subsidy_fen, 21'528);
  EXPECT_EQ(r.interest_fen, 21'528);
  EXPECT_EQ(r.borrower_fen, 0);
}

TEST(LprChange, MidPeriodSplitsTheLine) {
  // Mode 1 without a rate cap: subsidy = 615 − (LPR − 150).
  //   LPR 3.55% from 2023-06-20: 2023-06-21..08-20 = 10 + 31 + 20 = 61 days at 615 − 205 = 410 bp
  //   LPR 3.45% from 2023-08-21: 2023-08-21..09-20 = 11 + 20      = 31 days at 615 − 195 = 420 bp
  // At 1,000 fen per bp-year:
  //   interest = 1,000 × 615 × 92 / 360 = 56,580,000 / 360 = 157,166.67 → 157,167
  //   subsidy  = 1,000 × (410 × 61 + 420 × 31) / 360 = 1,000 × 38,030 / 360 = 105,638.89 → 105,639
  //   borrower = 157,167 − 105,639 = 51,528
  PolicyVersion policy = CountyPolicy(D(2021, 1, 1));
  policy.rate_cap_spread_bps.reset();
  const std::vector<LprFixing> lprs = {
      {D(2022, 8, 22), 365}, {D(2023, 6, 20), 355}, {D(2023, 8, 21), 345}};
  const LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 615);
  const SubsidyResult r = Compute(loan, {policy}, lprs, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 105'639);
  EXPECT_EQ(r.borrower_fen, 51'528);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].last_day, D(2023, 8, 20));
  EXPECT_EQ(r.lines[0].days, 61);
  EXPECT_EQ(r.lines[0].lpr_bps, 355);
  EXPECT_EQ(r.lines[0].subsidy_rate_bp_e4, 410 * 10'000);
  EXPECT_EQ(r.lines[1].first_day, D(2023, 8, 21));
  EXPECT_EQ(r.lines[1].days, 31);
  EXPECT_EQ(r.lines[1].lpr_bps, 345);
  EXPECT_EQ(r.lines[1].subsidy_rate_bp_e4, 420 * 10'000);
}

// Version A (county, from 2021) is in force at signing; version B (50% of interest) from
// 2023-05-01. Quarter 2023-03-21..06-20: 2023-03-21..04-30 = 11 + 30 = 41 days before B,
// 2023-05-01..06-20 = 31 + 20 = 51 days after. 100,000.00 CNY at 6.15%, LPR 3.65%:
//   interest = 1,000 × 615 × 92 / 360 = 56,580,000 / 360 = 157,166.67 → 157,167 either way.
std::vector<PolicyVersion> PolicyChange(VersionSelection selection) {
  PolicyVersion a = CountyPolicy(D(2021, 1, 1));
  a.version_selection = selection;
  PolicyVersion b = SharePolicy(D(2023, 5, 1), 5000);
  b.version_selection = VersionSelection::kDayByDay;  // ignored: A, in force at signing, decides
  return {a, b};
}

TEST(PolicyChange, ContractDateKeepsThePromisedPolicy) {
  //   subsidy = 1,000 × 400 × 92 / 360 = 36,800,000 / 360 = 102,222.22 → 102,222
  const LoanFacts loan = Loan(D(2022, 1, 10), k100kCnyFen, 615);
  const SubsidyResult r =
      Compute(loan, PolicyChange(VersionSelection::kContractDate), kLpr365, kQ2_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 102'222);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].policy_version_index, 0);
}

TEST(PolicyChange, DayByDayFollowsEachDaysPolicy) {
  //   A: 400 bp for 41 days; B: 50% × 615 = 307.5 bp for 51 days
  //   subsidy = 1,000 × (400 × 41 + 307.5 × 51) / 360 = 1,000 × 32,082.5 / 360
  //           = 89,118.06 → 89,118
  const LoanFacts loan = Loan(D(2022, 1, 10), k100kCnyFen, 615);
  const SubsidyResult r =
      Compute(loan, PolicyChange(VersionSelection::kDayByDay), kLpr365, kQ2_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 89'118);
  EXPECT_EQ(r.borrower_fen, 157'167 - 89'118);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].days, 41);
  EXPECT_EQ(r.lines[0].policy_version_index, 0);
  EXPECT_EQ(r.lines[1].days, 51);
  EXPECT_EQ(r.lines[1].policy_version_index, 1);
  EXPECT_EQ(r.lines[1].policy_effective_from, D(2023, 5, 1));
  EXPECT_EQ(r.lines[1].subsidy_rate_bp_e4, 3'075'000);
}

TEST(PolicyChange, NoVersionAtSigningMeansNoSubsidyUnderContractDate) {
  // The only version starts after the contract date and selects by contract date.
  const LoanFacts loan = Loan(D(2020, 6, 1), k100kCnyFen, 615);
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQ2_2023);
  EXPECT_EQ(r.subsidy_fen, 0);
  EXPECT_EQ(r.interest_fen, 157'167);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].exclusion_reason, exclusion::kNoPolicy);
  EXPECT_EQ(r.lines[0].policy_version_index, -1);
}

TEST(Repayment, PartialRepaymentTakesEffectOnItsValueDay) {
  // 算头不算尾. 100,000.00 CNY from 2024-01-01 at 4.00%, 40,000.00 repaid with value date
  // 2024-02-01; mode 2, 50% (200 bp). Period 2024-01-21..02-20 (31 days):
  //   2024-01-21..01-31: 11 days at 10,000,000; 2024-02-01..02-20: 20 days at 6,000,000
  //   Σ balance × days = 110,000,000 + 120,000,000 = 230,000,000 fen·days
  //   interest = 230,000,000 × 0.04 / 360 = 9,200,000 / 360 = 25,555.56 → 25,556
  //   subsidy  = 230,000,000 × 0.02 / 360 = 4,600,000 / 360 = 12,777.78 → 12,778
  //   borrower = 25,556 − 12,778 = 12,778
  LoanFacts loan = Loan(D(2024, 1, 1), k100kCnyFen, 400);
  loan.balance_changes.push_back({D(2024, 2, 1), -4'000'000});
  const SubsidyResult r =
      Compute(loan, {SharePolicy(D(2023, 1, 1), 5000)}, {}, {D(2024, 1, 21), D(2024, 2, 20)});
  EXPECT_EQ(r.interest_fen, 25'556);
  EXPECT_EQ(r.subsidy_fen, 12'778);
  EXPECT_EQ(r.borrower_fen, 12'778);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].last_day, D(2024, 1, 31));
  EXPECT_EQ(r.lines[0].balance_fen, 10'000'000);
  EXPECT_EQ(r.lines[1].first_day, D(2024, 2, 1));
  EXPECT_EQ(r.lines[1].balance_fen, 6'000'000);
  EXPECT_EQ(r.lines[1].days, 20);
}

TEST(Repayment, EarlyFullRepaymentCountsActualDays) {
  // County policy; 100,000.00 CNY disbursed 2023-05-10, repaid in full with value date
  // 2023-08-15. In Q3 2023 the balance is held 2023-06-21..08-14 = 10 + 31 + 14 = 55 days:
  //   interest = 1,000 × 615 × 55 / 360 = 33,825,000 / 360 = 93,958.33 → 93,958
  //   subsidy  = 1,000 × 400 × 55 / 360 = 22,000,000 / 360 = 61,111.11 → 61,111
  LoanFacts loan = Loan(D(2023, 5, 10), k100kCnyFen, 615);
  loan.balance_changes.push_back({D(2023, 8, 15), -k100kCnyFen});
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 93'958);
  EXPECT_EQ(r.subsidy_fen, 61'111);
  EXPECT_EQ(r.borrower_fen, 32'847);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].days, 55);
  EXPECT_EQ(r.lines[1].first_day, D(2023, 8, 15));
  EXPECT_EQ(r.lines[1].days, 37);  // 17 + 20
  EXPECT_EQ(r.lines[1].balance_fen, 0);
  EXPECT_EQ(r.lines[1].exclusion_reason, exclusion::kNoBalance);
}

TEST(Repayment, DisbursementMidPeriodCountsItsValueDay) {
  // Disbursed 2023-09-11 inside Q3: days before it are "before first disbursement"; the value
  // day counts: 2023-09-11..09-20 = 10 days. 3.60% on 100,000.00 = 1,000 fen a day; full.
  const LoanFacts loan = Loan(D(2023, 9, 11), k100kCnyFen, 360);
  const SubsidyResult r = Compute(loan, {FullPolicy(D(2020, 1, 1))}, {}, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 10'000);
  EXPECT_EQ(r.subsidy_fen, 10'000);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].exclusion_reason, exclusion::kBeforeFirstDisbursement);
  EXPECT_EQ(r.lines[0].days, 82);
  EXPECT_EQ(r.lines[1].days, 10);
}

}  // namespace
}  // namespace subsidy
}  // namespace ledger
