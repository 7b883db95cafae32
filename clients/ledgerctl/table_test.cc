#include "clients/ledgerctl/table.h"

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(Table, AlignsColumnsToTheWidestCell) {
  Table table({{"NAME"}, {"STATUS"}, {"OUTSTANDING", Align::kRight}, {"DATE"}});
  table.AddRow({"banks/B001/loans/L-1", "ACTIVE", "50,000.00 CNY", "2024-01-15"});
  table.AddRow({"banks/B1/loans/2", "CLOSED", "0.00 CNY", ""});
  EXPECT_EQ(table.Render(),
            "NAME                  STATUS    OUTSTANDING  DATE\n"
            "banks/B001/loans/L-1  ACTIVE  50,000.00 CNY  2024-01-15\n"
            "banks/B1/loans/2      CLOSED       0.00 CNY\n");
}

TEST(Table, HeaderOnlyWhenEmpty) {
  Table table({{"SEQ", Align::kRight}, {"EVENT"}});
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.Render(), "SEQ  EVENT\n");
}

TEST(Table, RightAlignedLastColumnIsPadded) {
  Table table({{"A"}, {"N", Align::kRight}});
  table.AddRow({"x", "1"});
  table.AddRow({"y", "100"});
  EXPECT_EQ(table.Render(),
            "A    N\n"
            "x    1\n"
            "y  100\n");
}

TEST(Table, WidthCountsCodePointsNotBytes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("\xc3\xa9t\xc3\xa9"), 3u);  // "été"
  Table table({{"K"}, {"V"}});
  table.AddRow({"\xc3\xa9t\xc3\xa9", "1"});
  table.AddRow({"abcd", "2"});
  EXPECT_EQ(table.Render(),
            "K     V\n"
            "\xc3\xa9t\xc3\xa9   1\n"
            "abcd  2\n");
}

TEST(FormatKeyValues, AlignsValues) {
  EXPECT_EQ(FormatKeyValues({{"name", "banks/B/loans/L"}, {"status", "ACTIVE"}, {"closed", ""}}),
            "name:   banks/B/loans/L\n"
            "status: ACTIVE\n"
            "closed:\n");
}

}  // namespace
}  // namespace ledgerctl
