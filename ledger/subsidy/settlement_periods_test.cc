// SettlementPeriods: quarters end on the 20th of Mar/Jun/Sep/Dec, months on the 20th; the first
// and last periods are clipped to the range.
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/subsidy/calculator.h"

namespace ledger {
namespace subsidy {
namespace {

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

std::vector<std::pair<absl::CivilDay, absl::CivilDay>> Periods(absl::CivilDay first,
                                                               absl::CivilDay last,
                                                               Frequency frequency) {
  absl::StatusOr<std::vector<Period>> periods = SettlementPeriods(first, last, frequency);
  EXPECT_TRUE(periods.ok()) << periods.status();
  std::vector<std::pair<absl::CivilDay, absl::CivilDay>> out;
  if (periods.ok()) {
    for (const Period& p : *periods) out.emplace_back(p.first_day, p.last_day);
  }
  return out;
}

using Pairs = std::vector<std::pair<absl::CivilDay, absl::CivilDay>>;

TEST(SettlementPeriods, QuarterlyBoundariesAtThe20thAnd21st) {
  EXPECT_EQ(Periods(D(2023, 12, 21), D(2024, 12, 20), Frequency::kQuarterly),
            (Pairs{{D(2023, 12, 21), D(2024, 3, 20)},
                   {D(2024, 3, 21), D(2024, 6, 20)},
                   {D(2024, 6, 21), D(2024, 9, 20)},
                   {D(2024, 9, 21), D(2024, 12, 20)}}));
}

TEST(SettlementPeriods, QuarterlyClippedAtBothEnds) {
  // Disbursed 2024-02-10, repaid 2024-07-05.
  EXPECT_EQ(Periods(D(2024, 2, 10), D(2024, 7, 5), Frequency::kQuarterly),
            (Pairs{{D(2024, 2, 10), D(2024, 3, 20)},
                   {D(2024, 3, 21), D(2024, 6, 20)},
                   {D(2024, 6, 21), D(2024, 7, 5)}}));
}

TEST(SettlementPeriods, QuarterlyStartingOnASettlementDayOrTheDayAfter) {
  // The 20th closes a quarter by itself; the 21st opens the next.
  EXPECT_EQ(Periods(D(2024, 3, 20), D(2024, 3, 21), Frequency::kQuarterly),
            (Pairs{{D(2024, 3, 20), D(2024, 3, 20)}, {D(2024, 3, 21), D(2024, 3, 21)}}));
  EXPECT_EQ(Periods(D(2024, 12, 21), D(2025, 3, 21), Frequency::kQuarterly),
            (Pairs{{D(2024, 12, 21), D(2025, 3, 20)}, {D(2025, 3, 21), D(2025, 3, 21)}}));
  // A single day.
  EXPECT_EQ(Periods(D(2024, 5, 1), D(2024, 5, 1), Frequency::kQuarterly),
            (Pairs{{D(2024, 5, 1), D(2024, 5, 1)}}));
}

TEST(SettlementPeriods, MonthlyEndsOnEvery20th) {
  EXPECT_EQ(Periods(D(2024, 1, 15), D(2024, 4, 2), Frequency::kMonthly),
            (Pairs{{D(2024, 1, 15), D(2024, 1, 20)},
                   {D(2024, 1, 21), D(2024, 2, 20)},
                   {D(2024, 2, 21), D(2024, 3, 20)},
                   {D(2024, 3, 21), D(2024, 4, 2)}}));
  // Across a year end, starting on the 21st.
  EXPECT_EQ(Periods(D(2023, 11, 21), D(2024, 1, 20), Frequency::kMonthly),
            (Pairs{{D(2023, 11, 21), D(2023, 12, 20)}, {D(2023, 12, 21), D(2024, 1, 20)}}));
}

TEST(SettlementPeriods, CoverTheRangeWithoutGapsOrOverlaps) {
  for (Frequency f : {Frequency::kMonthly, Frequency::kQuarterly}) {
    for (absl::CivilDay first = D(2023, 1, 1); first <= D(2024, 12, 31); first += 7) {
      const absl::CivilDay last = first + (first - D(2023, 1, 1)) % 500;
      const Pairs periods = Periods(first, last, f);
      ASSERT_FALSE(periods.empty());
      EXPECT_EQ(periods.front().first, first);
      EXPECT_EQ(periods.back().second, last);
      for (size_t i = 0; i < periods.size(); ++i) {
        EXPECT_LE(periods[i].first, periods[i].second);
        if (i + 1 < periods.size()) {
          EXPECT_EQ(periods[i].second.day(), 20);
          if (f == Frequency::kQuarterly) {
            EXPECT_EQ(periods[i].second.month() % 3, 0);
          }
          EXPECT_EQ(periods[i + 1].first, periods[i].second + 1);
        }
      }
    }
  }
}

TEST(SettlementPeriods, RefusesABackwardsRange) {
  EXPECT_EQ(SettlementPeriods(D(2024, 2, 2), D(2024, 2, 1), Frequency::kMonthly).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace subsidy
}  // namespace ledger
