#include "tools/reconcile/report_html.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "tools/reconcile/cny.h"

namespace reconcile {
namespace {

constexpr char kStyle[] = R"(<style>
body{font-family:sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;margin:0.5em 0}
th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f3f3f3}
.bad{color:#a40000;font-weight:bold}.ok{color:#16610f;font-weight:bold}
.note{color:#666;font-size:0.9em}
svg text{font-family:sans-serif;font-size:11px}
</style>
)";

// Colours of the quarters' bars, oldest first, repeating after eight.
constexpr const char* kPalette[] = {"#9ecae1", "#6baed6", "#4292c6", "#2171b5",
                                    "#08519c", "#fdae6b", "#e6550d", "#a63603"};

std::string Cell(absl::string_view text) { return absl::StrCat("<td>", HtmlEscape(text), "</td>"); }
std::string Num(int64_t value) { return absl::StrCat("<td class=\"n\">", value, "</td>"); }
std::string Money(int64_t fen) { return absl::StrCat("<td class=\"n\">", FormatCny(fen), "</td>"); }

void SummaryTable(const std::vector<Summary>& rows, absl::string_view key, std::string* out) {
  absl::StrAppend(out, "<table><tr><th>", key,
                  "</th><th>loans claimed</th><th>claimed CNY</th><th>expected CNY</th>"
                  "<th>over-claimed CNY</th><th>discrepancies</th></tr>\n");
  for (const Summary& s : rows) {
    absl::StrAppend(out, "<tr>", Cell(s.key.empty() ? "(none given)" : s.key), Num(s.loans_claimed),
                    Money(s.claimed_fen), Money(s.expected_fen), Money(s.over_claimed_fen),
                    Num(s.discrepancies), "</tr>\n");
  }
  absl::StrAppend(out, "</table>\n");
}

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string CountyQuarterChartSvg(const std::vector<std::string>& quarters,
                                  const std::vector<CountySeries>& all_series) {
  // The largest counties by total, then drawn in county order.
  std::vector<const CountySeries*> series;
  for (const CountySeries& s : all_series) series.push_back(&s);
  auto total = [](const CountySeries* s) {
    absl::int128 sum = 0;
    for (int64_t v : s->expected_fen) sum += std::max<int64_t>(v, 0);
    return sum;
  };
  if (series.size() > kMaxChartCounties) {
    std::stable_sort(
        series.begin(), series.end(),
        [&](const CountySeries* a, const CountySeries* b) { return total(a) > total(b); });
    series.resize(kMaxChartCounties);
  }
  std::stable_sort(series.begin(), series.end(), [](const CountySeries* a, const CountySeries* b) {
    return a->county_code < b->county_code;
  });
  int64_t max_fen = 0;
  for (const CountySeries* s : series) {
    for (int64_t v : s->expected_fen) max_fen = std::max(max_fen, v);
  }
  const int64_t bars = std::max<int64_t>(1, static_cast<int64_t>(quarters.size()));
  const int64_t bar_w = 14, gap_w = 18, left = 110, top = 30, plot_h = 240, bottom = 60;
  const int64_t group_w = bars * bar_w + gap_w;
  const int64_t width =
      left + std::max<int64_t>(1, static_cast<int64_t>(series.size())) * group_w + 20;
  const int64_t height = top + plot_h + bottom;
  std::string svg = absl::StrCat("<svg width=\"", width, "\" height=\"", height,
                                 "\" viewBox=\"0 0 ", width, " ", height,
                                 "\" role=\"img\" aria-label=\"expected subsidy per county "
                                 "per quarter\">\n");
  // Axis with 0, half and max labels.
  absl::StrAppend(&svg, "<line x1=\"", left, "\" y1=\"", top, "\" x2=\"", left, "\" y2=\"",
                  top + plot_h, "\" stroke=\"#444\"/>\n<line x1=\"", left, "\" y1=\"", top + plot_h,
                  "\" x2=\"", width - 10, "\" y2=\"", top + plot_h, "\" stroke=\"#444\"/>\n");
  for (int64_t part : {0, 1, 2}) {
    const int64_t fen = static_cast<int64_t>(absl::int128(max_fen) * part / 2);
    const int64_t y = top + plot_h - plot_h * part / 2;
    absl::StrAppend(&svg, "<text x=\"", left - 6, "\" y=\"", y + 4, "\" text-anchor=\"end\">",
                    FormatCny(fen), "</text>\n");
  }
  for (size_t g = 0; g < series.size(); ++g) {
    const CountySeries& s = *series[g];
    const int64_t x0 = left + static_cast<int64_t>(g) * group_w + gap_w / 2;
    for (size_t q = 0; q < quarters.size(); ++q) {
      const int64_t fen = q < s.expected_fen.size() ? std::max<int64_t>(s.expected_fen[q], 0) : 0;
      const int64_t h =
          max_fen > 0 ? static_cast<int64_t>(absl::int128(fen) * plot_h / max_fen) : 0;
      absl::StrAppend(&svg, "<rect x=\"", x0 + static_cast<int64_t>(q) * bar_w, "\" y=\"",
                      top + plot_h - h, "\" width=\"", bar_w - 2, "\" height=\"", h, "\" fill=\"",
                      kPalette[q % 8], "\"><title>", HtmlEscape(s.county_code), " ",
                      HtmlEscape(quarters[q]), ": ", FormatCny(fen), " CNY</title></rect>\n");
    }
    absl::StrAppend(&svg, "<text x=\"", x0 + bars * bar_w / 2, "\" y=\"", top + plot_h + 16,
                    "\" text-anchor=\"middle\">", HtmlEscape(s.county_code), "</text>\n");
  }
  for (size_t q = 0; q < quarters.size(); ++q) {
    const int64_t x = left + static_cast<int64_t>(q) * 90;
    absl::StrAppend(&svg, "<rect x=\"", x, "\" y=\"", height - 22,
                    "\" width=\"12\" "
                    "height=\"12\" fill=\"",
                    kPalette[q % 8], "\"/><text x=\"", x + 16, "\" y=\"", height - 12, "\">",
                    HtmlEscape(quarters[q]), "</text>\n");
  }
  absl::StrAppend(&svg, "<text x=\"", left, "\" y=\"", top - 12,
                  "\">expected subsidy, CNY</text>\n</svg>\n");
  return svg;
}

std::string RenderHtml(const HtmlReport& report) {
  const Reconciliation& r = *report.result;
  const Totals& t = r.totals;
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Subsidy reconciliation ",
      HtmlEscape(report.period_text), "</title>\n", kStyle, "</head>\n<body>\n",
      "<h1>Subsidy reconciliation ", HtmlEscape(report.period_text),
      "</h1>\n<p>Claims: ", HtmlEscape(report.source_text),
      ". Tolerance: ", FormatCny(report.tolerance_fen), " CNY per loan.</p>\n");
  absl::StrAppend(&out, t.discrepancies == 0
                            ? "<p class=\"ok\">No discrepancy beyond the tolerance.</p>\n"
                            : absl::StrCat("<p class=\"bad\">", t.discrepancies, " discrepancies (",
                                           t.malformed_rows, " malformed rows).</p>\n"));
  absl::StrAppend(
      &out, "<h2>Totals</h2>\n<table>\n", "<tr><th>loans claimed</th>", Num(t.loans_claimed),
      "</tr>\n", "<tr><th>claimed CNY</th>", Money(t.claimed_fen), "</tr>\n",
      "<tr><th>expected CNY (banks that claimed)</th>", Money(t.expected_fen), "</tr>\n",
      "<tr><th>over-claimed CNY</th>", Money(t.over_claimed_fen), "</tr>\n",
      "<tr><th>under-claimed CNY</th>", Money(t.under_claimed_fen), "</tr>\n",
      "<tr><th>OVER_CLAIMED</th>", Num(t.over_claimed), "</tr>\n", "<tr><th>UNDER_CLAIMED</th>",
      Num(t.under_claimed), "</tr>\n", "<tr><th>UNKNOWN_LOAN</th>", Num(t.unknown_loans), "</tr>\n",
      "<tr><th>NOT_CLAIMED</th>", Num(t.not_claimed), "</tr>\n", "<tr><th>MALFORMED_ROW</th>",
      Num(t.malformed_rows), "</tr>\n</table>\n");

  const std::vector<Discrepancy> top = LargestDiscrepancies(r.discrepancies, kTopDiscrepancies);
  absl::StrAppend(&out, "<h2>Largest discrepancies</h2>\n");
  if (top.empty()) {
    absl::StrAppend(&out, "<p>None.</p>\n");
  } else {
    absl::StrAppend(&out, "<p class=\"note\">The ", top.size(),
                    " largest by |difference| (claimed &minus; expected); discrepancies.csv "
                    "has them all.</p>\n<table><tr><th>reason</th><th>loan</th><th>county</th>"
                    "<th>claimed CNY</th><th>expected CNY</th><th>difference CNY</th>"
                    "<th>line</th><th>detail</th></tr>\n");
    for (const Discrepancy& d : top) {
      absl::StrAppend(&out, "<tr>", Cell(ReasonName(d.reason)), Cell(d.loan), Cell(d.county_code),
                      Money(d.claimed_fen), Money(d.expected_fen), Money(d.difference_fen),
                      d.line > 0 ? Num(d.line) : "<td></td>", Cell(d.detail), "</tr>\n");
    }
    absl::StrAppend(&out, "</table>\n");
  }
  absl::StrAppend(&out, "<h2>By bank</h2>\n");
  SummaryTable(r.by_bank, "bank", &out);
  absl::StrAppend(&out, "<h2>By county</h2>\n");
  SummaryTable(r.by_county, "county", &out);
  absl::StrAppend(&out, "<h2>Expected subsidy per county per quarter</h2>\n");
  if (report.chart.size() > kMaxChartCounties) {
    absl::StrAppend(&out, "<p class=\"note\">The ", kMaxChartCounties, " largest of ",
                    report.chart.size(), " counties.</p>\n");
  }
  absl::StrAppend(&out, CountyQuarterChartSvg(report.chart_quarters, report.chart),
                  "</body>\n</html>\n");
  return out;
}

}  // namespace reconcile
