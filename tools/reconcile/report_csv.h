// The reconciliation's CSV outputs (docs/RECONCILE.md): the discrepancies, and the summaries
// by bank and by county. Amounts are CNY with exactly two decimals and no separators
// ("1234.50", "-0.07"); a field holding ',', '"', CR or LF is quoted RFC 4180 style (only
// `detail` can). Lines end in LF; every file has a header line.
//
//   discrepancies.csv
//     reason,loan,bank_id,county_code,claimed,expected,difference,line,detail
//     OVER_CLAIMED,banks/B001/loans/L-2,B001,370281,700.00,667.00,33.00,3,
//   summary_by_bank.csv / summary_by_county.csv
//     bank_id,loans_claimed,claimed,expected,over_claimed,discrepancies
//     B001,3,1367.00,1334.00,33.00,2
//
//   std::string text = DiscrepanciesCsv(result.discrepancies);
//   std::string banks = SummaryCsv(result.by_bank, "bank_id");
#ifndef TOOLS_RECONCILE_REPORT_CSV_H_
#define TOOLS_RECONCILE_REPORT_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/reconcile/reconcile.h"

namespace reconcile {

// `line` is empty when the row has no line in a claim file (0).
std::string DiscrepanciesCsv(const std::vector<Discrepancy>& discrepancies);

// `key_column` names the first column: "bank_id" or "county_code".
std::string SummaryCsv(const std::vector<Summary>& summaries, absl::string_view key_column);

// `field` as a CSV field: as is, or in double quotes with inner quotes doubled.
std::string CsvField(absl::string_view field);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_REPORT_CSV_H_
