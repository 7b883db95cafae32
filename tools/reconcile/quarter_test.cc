#include "tools/reconcile/quarter.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/subsidy/calculator.h"

namespace reconcile {
namespace {

TEST(QuarterTest, SettlementQuartersEndOnThe20th) {
  EXPECT_EQ(PeriodText(QuarterPeriod(*ParseQuarter("2026Q3"))), "2026-06-21..2026-09-20");
  EXPECT_EQ(PeriodText(QuarterPeriod(*ParseQuarter("2026Q1"))), "2025-12-21..2026-03-20");
  EXPECT_EQ(PeriodText(QuarterPeriod(*ParseQuarter("2026q2"))), "2026-03-21..2026-06-20");
  EXPECT_EQ(PeriodText(QuarterPeriod(*ParseQuarter("2026Q4"))), "2026-09-21..2026-12-20");
  for (const char* bad : {"2026Q5", "2026Q0", "26Q3", "2026-Q3", "", "1999Q1", "2026Q3x"}) {
    EXPECT_FALSE(ParseQuarter(bad).ok()) << bad;
  }
}

TEST(QuarterTest, QuarterOfEveryDayRoundTrips) {
  for (absl::CivilDay day(2024, 1, 1); day <= absl::CivilDay(2027, 1, 1); ++day) {
    const Period p = QuarterPeriod(QuarterOf(day));
    EXPECT_LE(p.first_day, day);
    EXPECT_GE(p.last_day, day);
  }
  EXPECT_EQ(QuarterName(QuarterOf(absl::CivilDay(2026, 12, 21))), "2027Q1");
  EXPECT_EQ(QuarterName(QuarterOf(absl::CivilDay(2026, 9, 20))), "2026Q3");
  EXPECT_EQ(QuarterName(QuarterOf(absl::CivilDay(2026, 9, 21))), "2026Q4");
}

TEST(QuarterTest, QuartersEndingWith) {
  std::vector<Quarter> q = QuartersEndingWith(*ParseQuarter("2026Q2"), 4);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(QuarterName(q[0]), "2025Q3");
  EXPECT_EQ(QuarterName(q[1]), "2025Q4");
  EXPECT_EQ(QuarterName(q[2]), "2026Q1");
  EXPECT_EQ(QuarterName(q[3]), "2026Q2");
}

TEST(PeriodTest, ParsesAndBounds) {
  absl::StatusOr<Period> p = ParsePeriod("2026-06-21..2026-09-20");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(PeriodText(*p), "2026-06-21..2026-09-20");
  EXPECT_FALSE(ParsePeriod("2026-09-20..2026-06-21").ok());
  EXPECT_FALSE(ParsePeriod("2026-02-30..2026-06-21").ok());
  EXPECT_FALSE(ParsePeriod("2025-01-01..2026-06-21").ok());  // > 400 days
  EXPECT_FALSE(ParsePeriod("2026-06-21").ok());
}

// The bound is the server's own (the calculator's), to the day.
TEST(PeriodTest, TheBoundIsTheCalculators) {
  const absl::CivilDay first(2026, 1, 1);
  auto text = [&](int days) { return PeriodText(Period{first, first + (days - 1)}); };
  EXPECT_TRUE(ParsePeriod(text(ledger::subsidy::kMaxPeriodDays)).ok());
  absl::StatusOr<Period> longer = ParsePeriod(text(ledger::subsidy::kMaxPeriodDays + 1));
  EXPECT_EQ(longer.status(),
            absl::InvalidArgumentError(absl::StrCat("the period is longer than ",
                                                    ledger::subsidy::kMaxPeriodDays, " days")));
}

}  // namespace
}  // namespace reconcile
