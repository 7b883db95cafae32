#include "ledger/base/date.h"

#include "gtest/gtest.h"
#include "ledger/base/error.h"

namespace ledger {
namespace {

microloan::ledger::v1::Date D(int y, int m, int d) {
  microloan::ledger::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(ParseDate, AcceptsCalendarDays) {
  EXPECT_EQ(*ParseDate(D(2024, 2, 29), "d"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(*ParseDate(D(2000, 1, 1), "d"), absl::CivilDay(2000, 1, 1));
}

TEST(ParseDate, RefusesNonDaysWithReasonAndField) {
  for (const auto& bad : {D(2023, 2, 29), D(2024, 4, 31), D(2024, 13, 1), D(2024, 0, 1),
                          D(1999, 12, 31), D(2200, 1, 1), D(2024, 1, -1)}) {
    absl::Status status = ParseDate(bad, "value_date").status();
    EXPECT_EQ(ReasonOf(status), reason::kInvalidDate) << FormatDate(bad);
    EXPECT_EQ(FieldOf(status), "value_date");
  }
  EXPECT_EQ(ReasonOf(ParseDate(D(0, 0, 0), "d").status()), reason::kFieldRequired);
}

TEST(IsoDate, RoundTrips) {
  EXPECT_EQ(FormatDate(*ParseIsoDate("2024-03-20")), "2024-03-20");
  EXPECT_FALSE(ParseIsoDate("2024-3-20").ok());
  EXPECT_FALSE(ParseIsoDate("20240320").ok());
  EXPECT_EQ(FormatDate(ToDate(absl::CivilDay(2016, 7, 1))), "2016-07-01");
  EXPECT_EQ(FormatDate(D(0, 0, 0)), "");
}

TEST(DayNumber, IsYyyymmddAndOrdersLikeDates) {
  EXPECT_EQ(DayNumber(absl::CivilDay(2024, 3, 21)), 20240321);
  EXPECT_EQ(DayNumber(ToDate(absl::CivilDay(2024, 3, 21))), 20240321);
  EXPECT_LT(DayNumber(absl::CivilDay(2023, 12, 31)), DayNumber(absl::CivilDay(2024, 1, 1)));
}

}  // namespace
}  // namespace ledger
