#include "ledger/base/log.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace ledger {
namespace {

absl::Time At() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 30, 16, 20, 1), absl::UTCTimeZone()) +
         absl::Milliseconds(123);
}

TEST(LogLineTest, OneJsonObjectPerLine) {
  const std::string line = LogLine(LogLevel::kWarning, "rpc", At())
                               .Str("principal", "county_officer:370281")
                               .Int("latency_us", -12)
                               .Bool("replayed", true)
                               .Str("request_id", "")
                               .Finish();
  EXPECT_EQ(line,
            "{\"ts\":\"2026-11-30T16:20:01.123Z\",\"level\":\"warning\",\"event\":\"rpc\","
            "\"principal\":\"county_officer:370281\",\"latency_us\":-12,\"replayed\":true,"
            "\"request_id\":\"\"}\n");
}

TEST(JsonQuoteTest, EscapesControlsQuotesAndBadUtf8) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\te\x01\x7f"), "\"a\\\"b\\\\c\\nd\\te\\u0001\\u007f\"");
  EXPECT_EQ(JsonQuote("青年创业 ok"), "\"青年创业 ok\"");
  // A lone continuation byte, a truncated sequence, an overlong slash and a surrogate.
  EXPECT_EQ(JsonQuote("x\x80y"), "\"x\\ufffdy\"");
  EXPECT_EQ(JsonQuote("\xe4\xbd"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonQuote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonQuote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
}

TEST(LogLineTest, WriteGoesToTheSink) {
  std::vector<std::string> lines;
  SetLogSinkForTesting([&](absl::string_view line) { lines.emplace_back(line); });
  LogLine(LogLevel::kError, "storage_failed").Str("error", "disk full").Write();
  SetLogSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(
      lines[0].find("\"level\":\"error\",\"event\":\"storage_failed\",\"error\":\"disk full\"}"),
      std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace ledger
