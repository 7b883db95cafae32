#include "tools/reconcile/cny.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace reconcile {
namespace {

TEST(ParseCnyTest, AcceptsZeroOneOrTwoDecimals) {
  EXPECT_EQ(*ParseCny("0"), 0);
  EXPECT_EQ(*ParseCny("123.45"), 12345);
  EXPECT_EQ(*ParseCny("12.3"), 1230);
  EXPECT_EQ(*ParseCny("007.05"), 705);
  EXPECT_EQ(*ParseCny("10000000000.00"), kMaxClaimAmountFen);
}

TEST(ParseCnyTest, RefusesEverythingElse) {
  for (const char* bad : {"", "-1", "+1", "1.234", "1.", ".5", "1,000.00", "1e3", " 1", "1 ",
                          "0x10", "1.2.3", "10000000000.01", "99999999999999999999999999", "１"}) {
    EXPECT_FALSE(ParseCny(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseCny("-1").status().message(), "\"-1\" is negative; a claimed amount is >= 0");
  EXPECT_EQ(ParseCny("1.234").status().message(),
            "\"1.234\" has more than 2 decimals (fen is the smallest unit)");
}

TEST(FormatCnyTest, TwoDecimalsAlways) {
  EXPECT_EQ(FormatCny(0), "0.00");
  EXPECT_EQ(FormatCny(5), "0.05");
  EXPECT_EQ(FormatCny(12345), "123.45");
  EXPECT_EQ(FormatCny(-7), "-0.07");
  EXPECT_EQ(FormatCny(-12300), "-123.00");
  EXPECT_EQ(FormatCny(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
  EXPECT_EQ(FormatCny(std::numeric_limits<int64_t>::max()), "92233720368547758.07");
}

}  // namespace
}  // namespace reconcile
