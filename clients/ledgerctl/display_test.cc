#include "clients/ledgerctl/display.h"

#include <limits>

#include "gtest/gtest.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/schedule.pb.h"

namespace ledgerctl {
namespace {

TEST(FormatTimestamp, Utc3339WithMillis) {
  google::protobuf::Timestamp timestamp;
  EXPECT_EQ(FormatTimestamp(timestamp), "");
  timestamp.set_seconds(1705284184);  // 2024-01-15T02:03:04Z
  timestamp.set_nanos(5000000);
  EXPECT_EQ(FormatTimestamp(timestamp), "2024-01-15T02:03:04.005Z");
}

TEST(FormatRateBps, IntegerPercent) {
  EXPECT_EQ(FormatRateBps(435), "4.35% (435 bps)");
  EXPECT_EQ(FormatRateBps(5), "0.05% (5 bps)");
  EXPECT_EQ(FormatRateBps(1200), "12.00% (1200 bps)");
  EXPECT_EQ(FormatRateBps(0), "0.00% (0 bps)");
  EXPECT_EQ(FormatRateBps(-50), "-0.50% (-50 bps)");
  EXPECT_EQ(FormatRateBps(std::numeric_limits<int32_t>::min()), "-21474836.48% (-2147483648 bps)");
}

TEST(Hex, FullAndPrefix) {
  const std::string bytes("\x9f\x86\xd0\x81\x88\x4c\x7d\x65\x9a", 9);
  EXPECT_EQ(HexString(bytes), "9f86d081884c7d659a");
  EXPECT_EQ(HexPrefix(bytes, 12), "9f86d081884c");
  EXPECT_EQ(HexPrefix(bytes, 3), "9f8");
  EXPECT_EQ(HexPrefix("", 12), "");
  EXPECT_EQ(HexPrefix("\x01", 12), "01");
}

TEST(EnumName, TheEnumsOwnNamesAndANumberForUnknownOnes) {
  EXPECT_EQ(EnumName(microloan::ledger::v1::DPD_1_30), "DPD_1_30");
  EXPECT_EQ(EnumName(microloan::ledger::v1::GUARANTEE_LIVE), "GUARANTEE_LIVE");
  EXPECT_EQ(EnumName(static_cast<microloan::ledger::v1::FundScope>(7)), "FundScope_7");
}

}  // namespace
}  // namespace ledgerctl
