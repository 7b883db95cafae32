#include "clients/ledgerctl/csv.h"

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(CsvField, PlainTextIsLeftAlone) {
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("banks/B001/loans/L-1"), "banks/B001/loans/L-1");
  EXPECT_EQ(CsvField(" spaced "), " spaced ");
  EXPECT_EQ(CsvField("王丽"), "王丽");
  EXPECT_EQ(CsvField("1234.56"), "1234.56");
}

TEST(CsvField, QuotesCommaQuoteAndLineBreaks) {
  EXPECT_EQ(CsvField("Wang, Li"), "\"Wang, Li\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("\""), "\"\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvRecord, JoinsWithCommasAndEndsWithCrLf) {
  EXPECT_EQ(CsvRecord({"a", "b,c", "", "d\"e"}), "a,\"b,c\",,\"d\"\"e\"\r\n");
  EXPECT_EQ(CsvRecord({}), "\r\n");
  EXPECT_EQ(CsvRecord({""}), "\"\"\r\n");
}

}  // namespace
}  // namespace ledgerctl
