// Worked examples of the subsidy calculator's exclusions (overdue, extension, write-off, beyond
// the subsidised term), the principal cap, the day counts, and its refusals of bad input. Each
// example is computed by hand with its arithmetic in a comment.
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/subsidy/calculator.h"
#include "ledger/subsidy/calculator_test_support.h"

namespace ledger {
namespace subsidy {
namespace {

TEST(Exclusions, OverdueDaysAccrueInterestButNoSubsidy) {
  // County policy, Q3 2023 (92 days); overdue 2023-07-21..08-09 = 11 + 9 = 20 days (a second,
  // overlapping range changes nothing). Subsidised 72 days:
  //   interest = 157,167 (all 92 days, as above)
  //   subsidy  = 1,000 × 400 × 72 / 360 = 28,800,000 / 360 = 80,000
  LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 615);
  loan.overdue_ranges = {{D(2023, 7, 21), D(2023, 8, 9)}, {D(2023, 7, 25), D(2023, 8, 1)}};
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 80'000);
  EXPECT_EQ(r.borrower_fen, 77'167);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[1].first_day, D(2023, 7, 21));
  EXPECT_EQ(r.lines[1].last_day, D(2023, 8, 9));
  EXPECT_EQ(r.lines[1].exclusion_reason, exclusion::kOverdue);
  EXPECT_EQ(r.lines[1].eligible_balance_fen, 0);
  EXPECT_EQ(r.lines[1].subsidy_rate_bp_e4, 0);
  EXPECT_EQ(r.lines[1].subsidy_numerator, 0);
  EXPECT_EQ(r.lines[1].interest_numerator, Term(k100kCnyFen, 6'150'000, 20));
}

TEST(Exclusions, ExtensionDaysGetNoSubsidy) {
  // Extension from 2023-09-11: 2023-09-11..09-20 = 10 days unsubsidised, 82 subsidised:
  //   subsidy = 1,000 × 400 × 82 / 360 = 32,800,000 / 360 = 91,111.11 → 91,111
  LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 615);
  loan.extension_ranges = {{D(2023, 9, 11), D(2024, 9, 10)}};
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 91'111);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].exclusion_reason, exclusion::kExtension);
  EXPECT_EQ(r.lines[1].days, 10);
}

TEST(Exclusions, WriteOffEndsTheSubsidy) {
  // Written off 2023-08-01: subsidised 2023-06-21..07-31 = 10 + 31 = 41 days:
  //   subsidy = 1,000 × 400 × 41 / 360 = 16,400,000 / 360 = 45,555.56 → 45,556
  LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 615);
  loan.end_of_subsidy = D(2023, 8, 1);
  const SubsidyResult r = Compute(loan, {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 45'556);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].first_day, D(2023, 8, 1));
  EXPECT_EQ(r.lines[1].exclusion_reason, exclusion::kEndOfSubsidy);
}

TEST(Exclusions, BeyondTheSubsidisedTerm) {
  // 24 months from first disbursement 2021-08-10: subsidy up to 2023-08-09. In Q3 2023
  // subsidised 2023-06-21..08-09 = 10 + 31 + 9 = 50 days:
  //   subsidy = 1,000 × 400 × 50 / 360 = 20,000,000 / 360 = 55,555.56 → 55,556
  PolicyVersion policy = CountyPolicy(D(2021, 1, 1));
  policy.max_subsidised_months = 24;
  const LoanFacts loan = Loan(D(2021, 8, 10), k100kCnyFen, 615);
  const SubsidyResult r = Compute(loan, {policy}, kLpr365, kQ3_2023);
  EXPECT_EQ(r.interest_fen, 157'167);
  EXPECT_EQ(r.subsidy_fen, 55'556);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].first_day, D(2023, 8, 10));
  EXPECT_EQ(r.lines[1].exclusion_reason, exclusion::kBeyondTerm);
}

TEST(Exclusions, TermFromMonthEndClampsToShorterMonth) {
  // 6 months from 2022-08-31: 2023-02-31 does not exist, so the term ends on the last day of
  // February, 2023-02-28, the first day without subsidy. Period 2023-01-21..03-20 = 11 + 28 + 20 =
  // 59 days; subsidised 2023-01-21..02-27 = 11 + 27 = 38 days. 3.60% on 100,000.00 = 1,000 fen a
  // day; full:
  //   interest = 59,000; subsidy = 38,000
  PolicyVersion policy = FullPolicy(D(2020, 1, 1));
  policy.max_subsidised_months = 6;
  const LoanFacts loan = Loan(D(2022, 8, 31), k100kCnyFen, 360);
  const SubsidyResult r = Compute(loan, {policy}, {}, {D(2023, 1, 21), D(2023, 3, 20)});
  EXPECT_EQ(r.interest_fen, 59'000);
  EXPECT_EQ(r.subsidy_fen, 38'000);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].first_day, D(2023, 2, 28));
}

TEST(PrincipalCap, OnlyTheBalanceUpToTheCapIsEligible) {
  // 400,000.00 CNY at 4.35%, cap 300,000.00, 50% of the interest (217.5 bp), 92 days:
  //   interest = 40,000,000 × 0.0435  × 92 / 360 = 160,080,000 / 360 = 444,666.67 → 444,667
  //   subsidy  = 30,000,000 × 0.02175 × 92 / 360 =  60,030,000 / 360 = 166,750
  //   borrower = 444,667 − 166,750 = 277,917
  PolicyVersion policy = SharePolicy(D(2023, 1, 1), 5000);
  policy.principal_cap_fen = 30'000'000;
  const LoanFacts loan = Loan(D(2023, 1, 5), 40'000'000, 435);
  const SubsidyResult r = Compute(loan, {policy}, {}, kQ2_2023);
  EXPECT_EQ(r.interest_fen, 444'667);
  EXPECT_EQ(r.subsidy_fen, 166'750);
  EXPECT_EQ(r.borrower_fen, 277'917);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].balance_fen, 40'000'000);
  EXPECT_EQ(r.lines[0].eligible_balance_fen, 30'000'000);
}

TEST(DayCount, LeapDayIsAnActualDay) {
  // 3.60% on 100,000.00 = 10,000,000 × 0.036 / 360 = 1,000 fen a day; 50% share = 500 a day.
  //   2024-02-21..03-20 = 9 + 20 = 29 days (includes 2024-02-29): 29,000 and 14,500
  //   2023-02-21..03-20 = 8 + 20 = 28 days:                         28,000 and 14,000
  const LoanFacts loan = Loan(D(2022, 1, 5), k100kCnyFen, 360);
  const std::vector<PolicyVersion> policies = {SharePolicy(D(2021, 1, 1), 5000)};
  const SubsidyResult leap = Compute(loan, policies, {}, {D(2024, 2, 21), D(2024, 3, 20)});
  EXPECT_EQ(leap.interest_fen, 29'000);
  EXPECT_EQ(leap.subsidy_fen, 14'500);
  ASSERT_EQ(leap.lines.size(), 1u);
  EXPECT_EQ(leap.lines[0].days, 29);
  const SubsidyResult common = Compute(loan, policies, {}, {D(2023, 2, 21), D(2023, 3, 20)});
  EXPECT_EQ(common.interest_fen, 28'000);
  EXPECT_EQ(common.subsidy_fen, 14'000);
}

TEST(DayCount, Actual365) {
  // 3.65% on 100,000.00, actual/365: 10,000,000 × 0.0365 / 365 = 1,000 fen a day; 92 days:
  //   interest = 92,000; 50% share: subsidy = 46,000
  PolicyVersion policy = SharePolicy(D(2021, 1, 1), 5000);
  policy.day_count = DayCount::kActual365;
  const LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 365);
  const SubsidyResult r = Compute(loan, {policy}, {}, kQ2_2023);
  EXPECT_EQ(r.interest_fen, 92'000);
  EXPECT_EQ(r.subsidy_fen, 46'000);
  EXPECT_EQ(r.interest_numerator, Term(k100kCnyFen, 3'650'000, 92, kDayWeightActual365));
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].day_count, DayCount::kActual365);
}

TEST(DayCount, MixedBasesUnderDayByDayStayExact) {
  // 3.65% on 100,000.00, full. Version A (actual/360, day by day) until 2023-04-30, B
  // (actual/365) from 2023-05-01. Q2 2023: 41 days A, 51 days B.
  //   A: 10,000,000 × 0.0365 × 41 / 360 = 14,965,000 / 360 = 41,569.44...
  //   B: 10,000,000 × 0.0365 × 51 / 365 = 51,000
  //   total = 92,569.44 → 92,569 (one rounding for the period)
  PolicyVersion a = FullPolicy(D(2021, 1, 1));
  a.version_selection = VersionSelection::kDayByDay;
  PolicyVersion b = FullPolicy(D(2023, 5, 1));
  b.day_count = DayCount::kActual365;
  const LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 365);
  const SubsidyResult r = Compute(loan, {a, b}, {}, kQ2_2023);
  EXPECT_EQ(r.interest_fen, 92'569);
  EXPECT_EQ(r.subsidy_fen, 92'569);
}

TEST(Refusals, BadInput) {
  const LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 615);
  const std::vector<PolicyVersion> county = {CountyPolicy(D(2021, 1, 1))};
  EXPECT_EQ(ComputeSubsidy(loan, county, kLpr365, {D(2023, 6, 2), D(2023, 6, 1)}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // 401 days refused, 400 accepted.
  EXPECT_EQ(ComputeSubsidy(loan, county, kLpr365, {D(2023, 1, 1), D(2024, 2, 5)}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ComputeSubsidy(loan, county, kLpr365, {D(2023, 1, 1), D(2024, 2, 4)}).ok());

  LoanFacts overpaid = loan;
  overpaid.balance_changes.push_back({D(2023, 2, 1), -k100kCnyFen - 1});
  EXPECT_EQ(ComputeSubsidy(overpaid, county, kLpr365, kQ2_2023).status().code(),
            absl::StatusCode::kInvalidArgument);

  LoanFacts same_day = loan;  // repayment listed before the same-day disbursement: fine
  same_day.balance_changes = {{D(2023, 1, 5), -5}, {D(2023, 1, 5), 10}};
  EXPECT_TRUE(ComputeSubsidy(same_day, county, kLpr365, kQ2_2023).ok());

  LoanFacts backwards = loan;
  backwards.overdue_ranges = {{D(2023, 5, 2), D(2023, 5, 1)}};
  EXPECT_EQ(ComputeSubsidy(backwards, county, kLpr365, kQ2_2023).status().code(),
            absl::StatusCode::kInvalidArgument);

  LoanFacts high_rate = loan;
  high_rate.annual_rate_bps = kMaxRateBps + 1;
  EXPECT_EQ(ComputeSubsidy(high_rate, county, kLpr365, kQ2_2023).status().code(),
            absl::StatusCode::kInvalidArgument);

  const std::vector<PolicyVersion> twins = {CountyPolicy(D(2021, 1, 1)),
                                            SharePolicy(D(2021, 1, 1), 5000)};
  EXPECT_EQ(ComputeSubsidy(loan, twins, kLpr365, kQ2_2023).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeSubsidy(loan, county, {{D(2022, 1, 1), 380}, {D(2022, 1, 1), 370}}, kQ2_2023)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);

  std::vector<PolicyVersion> bad_share = {SharePolicy(D(2021, 1, 1), 10'001)};
  EXPECT_EQ(ComputeSubsidy(loan, bad_share, {}, kQ2_2023).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Refusals, MissingLprWhenThePolicyNeedsIt) {
  const LoanFacts loan = Loan(D(2023, 1, 5), k100kCnyFen, 615);
  EXPECT_EQ(ComputeSubsidy(loan, {CountyPolicy(D(2021, 1, 1))}, {}, kQ2_2023).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Not needed on excluded days: a period entirely overdue computes without an LPR.
  LoanFacts overdue = loan;
  overdue.overdue_ranges = {{D(2023, 1, 1), D(2023, 12, 31)}};
  EXPECT_TRUE(ComputeSubsidy(overdue, {CountyPolicy(D(2021, 1, 1))}, {}, kQ2_2023).ok());
}

}  // namespace
}  // namespace subsidy
}  // namespace ledger
