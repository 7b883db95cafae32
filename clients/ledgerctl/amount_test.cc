#include "clients/ledgerctl/amount.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

TEST(ParseYuanToFen, WholeYuan) {
  EXPECT_EQ(*ParseYuanToFen("0"), 0);
  EXPECT_EQ(*ParseYuanToFen("1"), 100);
  EXPECT_EQ(*ParseYuanToFen("100000"), 10000000);
}

TEST(ParseYuanToFen, DecimalsAreExact) {
  // The classic float traps: 0.1 and 0.01 must be exactly 10 and 1 fen.
  EXPECT_EQ(*ParseYuanToFen("0.01"), 1);
  EXPECT_EQ(*ParseYuanToFen("0.1"), 10);
  EXPECT_EQ(*ParseYuanToFen("0.10"), 10);
  EXPECT_EQ(*ParseYuanToFen("100000.5"), 10000050);
  EXPECT_EQ(*ParseYuanToFen("100000.05"), 10000005);
  EXPECT_EQ(*ParseYuanToFen("1234.56"), 123456);
  EXPECT_EQ(*ParseYuanToFen("0.29"),
            29);  // 0.29 * 100 is 28.999... as a double.
  EXPECT_EQ(*ParseYuanToFen("007.00"), 700);
}

TEST(ParseYuanToFen, Int64MaxIsTheLargestAccepted) {
  EXPECT_EQ(*ParseYuanToFen("92233720368547758.07"), kInt64Max);
  EXPECT_FALSE(ParseYuanToFen("92233720368547758.08").ok());
  EXPECT_FALSE(ParseYuanToFen("92233720368547759").ok());
  EXPECT_FALSE(ParseYuanToFen("99999999999999999999999999").ok());
}

TEST(ParseYuanToFen, RefusesMalformedText) {
  for (const char* bad :
       {"",  "-1",    "-0.01", "+1",  "1,000", "1,000.00", "1.234", "0.001", ".5",    "5.",
        ".", "1.2.3", "abc",   "12a", "1e5",   " 1",       "1 ",    "0x10",  "1_000", "١٢"}) {
    absl::StatusOr<int64_t> parsed = ParseYuanToFen(bad);
    EXPECT_FALSE(parsed.ok()) << "'" << bad << "' parsed as " << *parsed;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ParseYuanToFen, MessageNamesTheText) {
  absl::Status status = ParseYuanToFen("1.234").status();
  EXPECT_NE(status.message().find("'1.234'"), absl::string_view::npos) << status;
  EXPECT_NE(status.message().find("two decimals"), absl::string_view::npos) << status;
}

TEST(ParseFen, DigitsOnly) {
  EXPECT_EQ(*ParseFen("0"), 0);
  EXPECT_EQ(*ParseFen("5000000"), 5000000);
  EXPECT_EQ(*ParseFen("9223372036854775807"), kInt64Max);
  for (const char* bad : {"", "-5", "+5", "5.00", "1,000", "9223372036854775808", "x"}) {
    EXPECT_FALSE(ParseFen(bad).ok()) << bad;
  }
}

TEST(FormatFenAsYuan, TwoDecimalsExactly) {
  EXPECT_EQ(FormatFenAsYuan(0), "0.00");
  EXPECT_EQ(FormatFenAsYuan(5), "0.05");
  EXPECT_EQ(FormatFenAsYuan(50), "0.50");
  EXPECT_EQ(FormatFenAsYuan(10000050), "100000.50");
  EXPECT_EQ(FormatFenAsYuan(-150), "-1.50");
  EXPECT_EQ(FormatFenAsYuan(kInt64Max), "92233720368547758.07");
  EXPECT_EQ(FormatFenAsYuan(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
}

TEST(FormatFenAsYuan, ParsesBack) {
  for (int64_t fen : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{123456}, kInt64Max}) {
    EXPECT_EQ(*ParseYuanToFen(FormatFenAsYuan(fen)), fen);
  }
}

}  // namespace
}  // namespace ledgerctl
