#include "clients/ledgerctl/table.h"

#include <algorithm>
#include <cassert>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace ledgerctl {
namespace {

std::string Pad(absl::string_view text, size_t width, Align align) {
  const size_t fill = width - std::min(width, DisplayWidth(text));
  return align == Align::kRight ? absl::StrCat(std::string(fill, ' '), text)
                                : absl::StrCat(text, std::string(fill, ' '));
}

// Lays out one line without trailing spaces (empty last cells leave none
// either).
std::string RenderLine(const std::vector<std::string>& cells, const std::vector<Column>& columns,
                       const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    line += Pad(cells[i], widths[i], columns[i].align);
  }
  absl::StripTrailingAsciiWhitespace(&line);
  return line;
}

}  // namespace

size_t DisplayWidth(absl::string_view text) {
  // Continuation bytes (10xxxxxx) do not start a code point.
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  assert(cells.size() == columns_.size());
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<size_t> widths;
  std::vector<std::string> headers;
  for (const Column& column : columns_) {
    widths.push_back(DisplayWidth(column.header));
    headers.push_back(column.header);
  }
  for (const std::vector<std::string>& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  std::string out = absl::StrCat(RenderLine(headers, columns_, widths), "\n");
  for (const std::vector<std::string>& row : rows_) {
    absl::StrAppend(&out, RenderLine(row, columns_, widths), "\n");
  }
  return out;
}

std::string FormatKeyValues(const std::vector<std::pair<std::string, std::string>>& pairs) {
  size_t width = 0;
  for (const auto& pair : pairs) width = std::max(width, DisplayWidth(pair.first) + 1);
  std::string out;
  for (const auto& [key, value] : pairs) {
    const std::string label = absl::StrCat(key, ":");
    if (value.empty()) {
      absl::StrAppend(&out, label, "\n");
    } else {
      absl::StrAppend(&out, Pad(label, width, Align::kLeft), " ", value, "\n");
    }
  }
  return out;
}

}  // namespace ledgerctl
