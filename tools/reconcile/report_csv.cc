#include "tools/reconcile/report_csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tools/reconcile/cny.h"

namespace reconcile {

std::string CsvField(absl::string_view field) {
  if (field.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(field);
  return absl::StrCat("\"", absl::StrReplaceAll(field, {{"\"", "\"\""}}), "\"");
}

std::string DiscrepanciesCsv(const std::vector<Discrepancy>& discrepancies) {
  std::string out = "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n";
  for (const Discrepancy& d : discrepancies) {
    absl::StrAppend(&out, ReasonName(d.reason), ",", CsvField(d.loan), ",", CsvField(d.bank_id),
                    ",", CsvField(d.county_code), ",", FormatCny(d.claimed_fen), ",",
                    FormatCny(d.expected_fen), ",", FormatCny(d.difference_fen), ",",
                    d.line > 0 ? absl::StrCat(d.line) : "", ",", CsvField(d.detail), "\n");
  }
  return out;
}

std::string SummaryCsv(const std::vector<Summary>& summaries, absl::string_view key_column) {
  std::string out =
      absl::StrCat(key_column, ",loans_claimed,claimed,expected,over_claimed,discrepancies\n");
  for (const Summary& s : summaries) {
    absl::StrAppend(&out, CsvField(s.key), ",", s.loans_claimed, ",", FormatCny(s.claimed_fen), ",",
                    FormatCny(s.expected_fen), ",", FormatCny(s.over_claimed_fen), ",",
                    s.discrepancies, "\n");
  }
  return out;
}

}  // namespace reconcile
