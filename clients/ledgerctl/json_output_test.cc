#include "clients/ledgerctl/json_output.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledgerctl {
namespace {

microloan::ledger::v1::DisburseLoanResponse SomeResponse() {
  microloan::ledger::v1::DisburseLoanResponse response;
  response.mutable_loan()->set_name("banks/B001/loans/L-1");
  response.mutable_loan()->set_status(microloan::ledger::v1::ACTIVE);
  auto* outstanding = response.mutable_loan()->mutable_outstanding_principal();
  outstanding->set_currency_code("CNY");
  outstanding->set_amount_fen(5000000);
  response.mutable_commit()->set_sequence(7);
  return response;
}

TEST(ToJson, DocumentIsIndentedProtobufMappingWithZeros) {
  absl::StatusOr<std::string> json = ToJson(SomeResponse(), JsonLayout::kDocument);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->front(), '{');
  EXPECT_EQ(json->back(), '}');  // no trailing newline: the caller adds one
  EXPECT_TRUE(Contains(*json, "\n")) << *json;
  EXPECT_TRUE(Contains(*json, "\"name\": \"banks/B001/loans/L-1\"")) << *json;
  EXPECT_TRUE(Contains(*json, "\"status\": \"ACTIVE\"")) << *json;
  // int64 stays exact as a string; zero values are printed, not implied.
  EXPECT_TRUE(Contains(*json, "\"amountFen\": \"5000000\"")) << *json;
  EXPECT_TRUE(Contains(*json, "\"replayed\": false")) << *json;
  EXPECT_TRUE(Contains(*json, "\"sequence\": \"7\"")) << *json;
}

TEST(ToJson, LineIsCompact) {
  absl::StatusOr<std::string> json = ToJson(SomeResponse(), JsonLayout::kLine);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_FALSE(Contains(*json, "\n")) << *json;
  EXPECT_EQ(json->rfind("{\"loan\":{\"name\":\"banks/B001/loans/L-1\"", 0), 0u) << *json;
  EXPECT_TRUE(Contains(*json, "\"amountFen\":\"5000000\"")) << *json;
}

TEST(JsonQuote, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
  EXPECT_EQ(JsonQuote("x\ny\t\x01"), "\"x\\ny\\t\\u0001\"");
  EXPECT_EQ(JsonQuote("\xe8\xb4\xb7"), "\"\xe8\xb4\xb7\"");
}

}  // namespace
}  // namespace ledgerctl
