// Plain-text layout for terminals: aligned tables and aligned "key: value"
// blocks.
//
// Widths count UTF-8 code points, not bytes, so a non-ASCII borrower note does
// not skew a column (wide CJK glyphs still take two cells; ledger ids are
// ASCII, so this is rare). Lines carry no trailing spaces, so output diffs and
// greps cleanly.
//
//   Table table({{"NAME"}, {"OUTSTANDING", Align::kRight}});
//   table.AddRow({"banks/B001/loans/L-1", "50,000.00 CNY"});
//   std::cout << table.Render();
//   std::cout << FormatKeyValues({{"name", name}, {"status", "ACTIVE"}});
#ifndef CLIENTS_LEDGERCTL_TABLE_H_
#define CLIENTS_LEDGERCTL_TABLE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace ledgerctl {

enum class Align { kLeft, kRight };

struct Column {
  std::string header;
  Align align = Align::kLeft;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns);

  // REQUIRES: one cell per column.
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  // Header line, then one line per row; columns separated by two spaces.
  std::string Render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// One "key:  value" line per pair, values starting in one column; empty values
// are kept so that a block always has the same lines.
std::string FormatKeyValues(const std::vector<std::pair<std::string, std::string>>& pairs);

// The number of UTF-8 code points in `text`.
size_t DisplayWidth(absl::string_view text);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_TABLE_H_
