#include "clients/ledgerctl/columns.h"

#include <string>
#include <vector>

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

struct Row {
  std::string name;
  int64_t amount_fen;
  bool has_date;
  std::string note;
};

const Columns<Row>& RowColumns() {
  static const auto* columns = new Columns<Row>{
      {"NAME", Align::kLeft, [](const Row& row) -> Cell { return row.name; }},
      {"AMOUNT", Align::kRight,
       [](const Row& row) { return MoneyCell(ledger::Cny(row.amount_fen)); }},
      {"DATE", Align::kLeft,
       [](const Row& row) { return row.has_date ? DateCell(Day(2024, 1, 15)) : DateCell({}); }},
      {"NOTE", Align::kLeft, [](const Row& row) -> Cell { return row.note; }, ColumnUse::kCsvOnly},
  };
  return *columns;
}

const std::vector<Row> kRows = {
    {"banks/B001/loans/L-1", 5000000, true, "first"},
    {"Wang, Li", 123456, false, "said \"later\"\non two lines"},
};

TEST(Columns, TableShowsPeoplesMoneyAndDashesWithoutCsvOnlyColumns) {
  EXPECT_EQ(RenderTable(RowColumns(), kRows),
            "NAME                         AMOUNT  DATE\n"
            "banks/B001/loans/L-1  50,000.00 CNY  2024-01-15\n"
            "Wang, Li               1,234.56 CNY  -\n");
}

TEST(Columns, CsvHasAHeaderExactYuanEmptyMissingAndEscaping) {
  EXPECT_EQ(RenderCsv(RowColumns(), kRows),
            "NAME,AMOUNT,DATE,NOTE\r\n"
            "banks/B001/loans/L-1,50000.00,2024-01-15,first\r\n"
            "\"Wang, Li\",1234.56,,\"said \"\"later\"\"\non two lines\"\r\n");
}

TEST(Columns, CsvOfNothingIsTheHeader) {
  EXPECT_EQ(RenderCsv(RowColumns(), std::vector<Row>{}), "NAME,AMOUNT,DATE,NOTE\r\n");
  EXPECT_EQ(CsvRows(RowColumns(), std::vector<Row>{}), "");
}

TEST(Cell, KindsRenderPerFormat) {
  EXPECT_EQ(Cell("x").table_text(), "x");
  EXPECT_EQ(Cell("x").csv_text(), "x");
  EXPECT_EQ(Cell::Missing().table_text(), "-");
  EXPECT_EQ(Cell::Missing().csv_text(), "");
  EXPECT_EQ(MoneyCell(ledger::Cny(5)).csv_text(), "0.05");
  EXPECT_EQ(MoneyCell(ledger::Cny(5)).table_text(), "0.05 CNY");
  EXPECT_EQ(MaybeMoneyCell(false, ledger::Cny(5)).csv_text(), "");
  EXPECT_EQ(Cell::Split("9f86d081884c", "9f86d081884c7d65").csv_text(), "9f86d081884c7d65");
}

}  // namespace
}  // namespace ledgerctl
