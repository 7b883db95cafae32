// Columns defined once per view, rendered as the aligned table people read (`--output=table`)
// or as RFC 4180 CSV for spreadsheets and scripts (`--output=csv`), so the two never drift.
//
// A cell is text, an amount of money or a missing value. Money is "50,000.00 CNY" in a table
// and exact yuan "50000.00" in CSV (int64 fen, never a float); a missing value is "-" in a
// table and an empty field in CSV. A column may be CSV only: a figure a terminal has no room
// for.
//
//   const Columns<Loan> kColumns = {
//       {"NAME", Align::kLeft, [](const Loan& l) -> Cell { return l.name(); }},
//       {"OUTSTANDING", Align::kRight,
//        [](const Loan& l) { return MoneyCell(l.outstanding_principal()); }},
//       {"BORROWER", Align::kLeft, [](const Loan& l) -> Cell { return l.borrower_id(); },
//        ColumnUse::kCsvOnly}};
//   std::cout << RenderTable(kColumns, loans);
//   std::cout << CsvHeader(kColumns) << CsvRows(kColumns, loans);
#ifndef CLIENTS_LEDGERCTL_COLUMNS_H_
#define CLIENTS_LEDGERCTL_COLUMNS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "clients/ledgerctl/csv.h"
#include "clients/ledgerctl/table.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

class Cell {
 public:
  // Text, the same in a table and in CSV.
  Cell(std::string text) : table_(std::move(text)), csv_(table_) {}  // NOLINT: implicit
  Cell(const char* text) : Cell(std::string(text)) {}                // NOLINT: implicit

  // Money: `table_text` for people, exact yuan (amount.h FormatFenAsYuan) in CSV.
  static Cell Money(int64_t amount_fen, std::string table_text);
  // Not set: "-" in a table, an empty CSV field.
  static Cell Missing();
  // Different text for each, e.g. a hash's first digits in a table and all of it in CSV.
  static Cell Split(std::string table_text, std::string csv_text);

  const std::string& table_text() const { return table_; }
  const std::string& csv_text() const { return csv_; }

 private:
  Cell(std::string table, std::string csv) : table_(std::move(table)), csv_(std::move(csv)) {}
  std::string table_;
  std::string csv_;
};

// An API amount (ledger::FormatMoney in a table).
Cell MoneyCell(const microloan::ledger::v1::Money& money);
// An amount that may be unset.
Cell MaybeMoneyCell(bool set, const microloan::ledger::v1::Money& money);
// A date, Missing when unset.
Cell DateCell(const microloan::ledger::v1::Date& date);

enum class ColumnUse { kBoth, kCsvOnly };

template <typename T>
struct ColumnDef {
  std::string header;
  Align align = Align::kLeft;
  std::function<Cell(const T&)> cell;
  ColumnUse use = ColumnUse::kBoth;
};

template <typename T>
using Columns = std::vector<ColumnDef<T>>;

// The table columns' rows, for a caller that adds a row of its own (a TOTAL) before Render().
template <typename T, typename Items>
Table MakeTable(const Columns<T>& columns, const Items& items) {
  std::vector<Column> headers;
  for (const ColumnDef<T>& column : columns) {
    if (column.use == ColumnUse::kBoth) headers.push_back({column.header, column.align});
  }
  Table table(std::move(headers));
  for (const T& item : items) {
    std::vector<std::string> cells;
    for (const ColumnDef<T>& column : columns) {
      if (column.use == ColumnUse::kBoth) cells.push_back(column.cell(item).table_text());
    }
    table.AddRow(std::move(cells));
  }
  return table;
}

template <typename T, typename Items>
std::string RenderTable(const Columns<T>& columns, const Items& items) {
  return MakeTable(columns, items).Render();
}

// The header record: every column's header, CSV-only ones included.
template <typename T>
std::string CsvHeader(const Columns<T>& columns) {
  std::vector<std::string> headers;
  for (const ColumnDef<T>& column : columns) headers.push_back(column.header);
  return CsvRecord(headers);
}

// One record per item, without the header (a streamed listing prints the header once).
template <typename T, typename Items>
std::string CsvRows(const Columns<T>& columns, const Items& items) {
  std::string out;
  for (const T& item : items) {
    std::vector<std::string> fields;
    for (const ColumnDef<T>& column : columns) fields.push_back(column.cell(item).csv_text());
    out += CsvRecord(fields);
  }
  return out;
}

// Header and rows.
template <typename T, typename Items>
std::string RenderCsv(const Columns<T>& columns, const Items& items) {
  return CsvHeader(columns) + CsvRows(columns, items);
}

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COLUMNS_H_
