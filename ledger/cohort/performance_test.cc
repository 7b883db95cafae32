#include "ledger/cohort/performance.h"

#include <vector>

#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

// An ACTIVE loan with instalments due on `dues`, `outstanding_fen` outstanding, and arrears on
// the instalments listed in `marked` (cured or not).
v1::Loan MakeLoan(const std::vector<v1::Date>& dues, int64_t outstanding_fen,
                  const std::vector<std::pair<int, bool>>& marked = {}) {
  v1::Loan loan;
  loan.set_status(v1::ACTIVE);
  for (size_t i = 0; i < dues.size(); ++i) {
    v1::Instalment* instalment = loan.add_schedule();
    instalment->set_number(static_cast<int>(i) + 1);
    *instalment->mutable_due_date() = dues[i];
  }
  for (const auto& [number, cured] : marked) {
    v1::Arrear* arrear = loan.add_arrears();
    arrear->set_instalment(number);
    *arrear->mutable_due_date() = dues[number - 1];
    arrear->set_cured(cured);
  }
  *loan.mutable_outstanding_principal() = Cny(outstanding_fen);
  return loan;
}

TEST(ShareBpsTest, RoundsHalfUp) {
  EXPECT_EQ(ShareBps(0, 0), 0);
  EXPECT_EQ(ShareBps(5, 0), 0);
  EXPECT_EQ(ShareBps(3, 5), 6000);
  EXPECT_EQ(ShareBps(2, 3), 6667);   // 6666.67
  EXPECT_EQ(ShareBps(1, 3), 3333);   // 3333.33
  EXPECT_EQ(ShareBps(1, 20000), 1);  // 0.5 rounds up
  EXPECT_EQ(ShareBps(1, 40000), 0);  // 0.25
  EXPECT_EQ(ShareBps(7, 7), 10000);
  // int128 intermediates: 10 billion CNY x 10000 overflows int64.
  const int64_t big = int64_t{1'000'000'000'000};
  EXPECT_EQ(ShareBps(big, 2 * big), 5000);
}

TEST(PerformanceTest, NothingDueNothingOutstanding) {
  v1::Performance p = ComputePerformance({}, absl::CivilDay(2024, 6, 30));
  EXPECT_EQ(p.loan_count(), 0);
  EXPECT_EQ(p.instalments_due(), 0);
  EXPECT_EQ(p.on_time_share_bps(), 0);
  EXPECT_EQ(p.outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(p.par30_bps(), 0);
}

TEST(PerformanceTest, HandComputedGroup) {
  const absl::CivilDay as_of(2024, 4, 10);
  // A: due Feb 10, Mar 10, Apr 10 (all due: the as-of day counts); instalment 2 was marked and
  //    cured: 3 due, 2 on time; no uncured arrear: 0 dpd. 600.00 outstanding.
  // B: due Feb 10, Mar 10, May 10: 2 due; instalment 1 marked, not cured: 1 on time; past due
  //    from Feb 10: Feb 10 -> Apr 10 = 19 + 31 + 10 = 60 days > 30. 1,000.00 outstanding.
  // C: due Mar 11, Jun 11: 1 due; instalment 1 uncured: 0 on time; Mar 11 -> Apr 10 = 30 days,
  //    not more than 30. 400.00 outstanding.
  // D: closed, nothing outstanding, instalment 1 (Jan 10) due and on time.
  std::vector<v1::Loan> loans = {
      MakeLoan({D(2024, 2, 10), D(2024, 3, 10), D(2024, 4, 10)}, 600'00, {{2, true}}),
      MakeLoan({D(2024, 2, 10), D(2024, 3, 10), D(2024, 5, 10)}, 1'000'00, {{1, false}}),
      MakeLoan({D(2024, 3, 11), D(2024, 6, 11)}, 400'00, {{1, false}}),
      MakeLoan({D(2024, 1, 10)}, 0),
  };
  loans[3].set_status(v1::CLOSED);
  v1::Performance p = ComputePerformance(loans, as_of);
  EXPECT_EQ(p.loan_count(), 4);
  EXPECT_EQ(p.instalments_due(), 3 + 2 + 1 + 1);      // 7
  EXPECT_EQ(p.instalments_on_time(), 2 + 1 + 0 + 1);  // 4
  EXPECT_EQ(p.on_time_share_bps(), 5714);             // 4 x 10000 / 7 = 5714.29
  EXPECT_EQ(p.outstanding_principal().amount_fen(), 2'000'00);
  EXPECT_EQ(p.outstanding_principal().currency_code(), "CNY");
  EXPECT_EQ(p.outstanding_over_30_days().amount_fen(), 1'000'00);  // B only
  EXPECT_EQ(p.par30_bps(), 5000);

  // A day later C is 31 days past due: over 30 = 1,400.00 of 2,000.00 = 7000 bps.
  v1::Performance later = ComputePerformance(loans, absl::CivilDay(2024, 4, 11));
  EXPECT_EQ(later.outstanding_over_30_days().amount_fen(), 1'400'00);
  EXPECT_EQ(later.par30_bps(), 7000);
}

TEST(PerformanceTest, AccumulatorMatchesTheSpanForm) {
  const absl::CivilDay as_of(2024, 12, 31);
  std::vector<v1::Loan> loans = {
      MakeLoan({D(2024, 3, 1), D(2024, 6, 1), D(2024, 9, 1)}, 333'33, {{3, false}}),
      MakeLoan({D(2024, 3, 1)}, 666'67),
  };
  PerformanceAccumulator accumulator(as_of);
  for (const v1::Loan& loan : loans) accumulator.Add(loan);
  v1::Performance p = accumulator.Result();
  EXPECT_EQ(p.SerializeAsString(), ComputePerformance(loans, as_of).SerializeAsString());
  EXPECT_EQ(p.instalments_due(), 4);
  EXPECT_EQ(p.instalments_on_time(), 3);
  EXPECT_EQ(p.on_time_share_bps(), 7500);
  // 333.33 of 1,000.00: 3333.3 bps -> 3333.
  EXPECT_EQ(p.par30_bps(), 3333);
}

}  // namespace
TEST(PerformanceTest, ApprovedLoansAddNoInstalments) {
  // Nothing disbursed: no instalment of its schedule is judged, and the loan is not counted.
  v1::Loan approved = MakeLoan({D(2024, 4, 10), D(2024, 7, 10)}, 0);
  approved.set_status(v1::APPROVED);
  const v1::Loan active = MakeLoan({D(2024, 4, 10), D(2024, 7, 10)}, 500'000, {{2, false}});
  const v1::Performance p = ComputePerformance({approved, active}, absl::CivilDay(2024, 11, 5));
  EXPECT_EQ(p.loan_count(), 1);
  EXPECT_EQ(p.instalments_due(), 2);
  EXPECT_EQ(p.instalments_on_time(), 1);
  EXPECT_EQ(p.outstanding_principal().amount_fen(), 500'000);

  const v1::Performance only = ComputePerformance({approved}, absl::CivilDay(2024, 11, 5));
  EXPECT_EQ(only.loan_count(), 0);
  EXPECT_EQ(only.instalments_due(), 0);
  EXPECT_EQ(only.on_time_share_bps(), 0);
}

}  // namespace ledger
