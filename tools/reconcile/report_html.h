// The reconciliation's report for people: one self-contained HTML file (inline CSS, an inline
// SVG chart drawn here; no scripts, no external stylesheets, fonts or images, so it opens the
// same offline and can be mailed). It shows the totals, the 20 largest discrepancies by
// |difference|, the summaries per bank and per county, and a grouped bar chart of the
// expected subsidy per county per quarter. Every string from outside is HTML-escaped.
// Amounts are CNY with two decimals; bar heights are computed in integers (no float).
//
//   HtmlReport report;
//   report.period_text = "2026Q3 (2026-06-21..2026-09-20)";
//   report.source_text = "claim file claims.csv";
//   report.result = &result;                       // from Reconcile()
//   report.chart_quarters = {"2026Q2", "2026Q3"};
//   report.chart = {{"370281", {120000, 133400}}};  // fen per quarter, same order
//   std::string html = RenderHtml(report);
#ifndef TOOLS_RECONCILE_REPORT_HTML_H_
#define TOOLS_RECONCILE_REPORT_HTML_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/reconcile/reconcile.h"

namespace reconcile {

inline constexpr size_t kTopDiscrepancies = 20;
// More counties than this make an unreadable chart: the largest by total are drawn, and the
// chart says how many were left out.
inline constexpr size_t kMaxChartCounties = 40;

struct CountySeries {
  std::string county_code;
  std::vector<int64_t> expected_fen;  // one per chart quarter, in the same order
};

struct HtmlReport {
  std::string period_text;
  std::string source_text;
  int64_t tolerance_fen = 0;
  const Reconciliation* result = nullptr;  // REQUIRES: set
  std::vector<std::string> chart_quarters;
  std::vector<CountySeries> chart;
};

std::string RenderHtml(const HtmlReport& report);

// & < > " ' as entities.
std::string HtmlEscape(absl::string_view text);

// The chart alone: an <svg> element (also used by RenderHtml).
std::string CountyQuarterChartSvg(const std::vector<std::string>& quarters,
                                  const std::vector<CountySeries>& series);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_REPORT_HTML_H_
