#include "tools/reconcile/report_html.h"

#include "gtest/gtest.h"

namespace reconcile {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ReportHtmlTest, EscapesNumbersChartAndNothingExternal) {
  Reconciliation result;
  Discrepancy d;
  d.reason = Reason::kUnknownLoan;
  d.loan = "banks/B001/loans/L-1";
  d.bank_id = "B001";
  d.county_code = "<b>370281</b>";
  d.claimed_fen = 123456;
  d.difference_fen = 123456;
  d.line = 2;
  d.detail = "<script>alert('x')</script> & \"more\"";
  result.discrepancies = {d};
  result.by_bank = {Summary{"B001", 1, 123456, 0, 123456, 1}};
  result.by_county = {Summary{"<b>370281</b>", 1, 123456, 0, 123456, 1}};
  result.totals.loans_claimed = 1;
  result.totals.claimed_fen = 123456;
  result.totals.over_claimed_fen = 123456;
  result.totals.discrepancies = 1;
  result.totals.unknown_loans = 1;
  HtmlReport report;
  report.period_text = "2026Q3 (2026-06-21..2026-09-20)";
  report.source_text = "claim file <claims>.csv";
  report.result = &result;
  report.chart_quarters = {"2026Q2", "2026Q3"};
  report.chart = {{"370281", {100000, 200000}}, {"370282", {0, 50000}}};
  const std::string html = RenderHtml(report);

  EXPECT_FALSE(Has(html, "<script>")) << html;
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"));
  EXPECT_TRUE(Has(html, "&lt;b&gt;370281&lt;/b&gt;"));
  EXPECT_TRUE(Has(html, "claim file &lt;claims&gt;.csv"));
  EXPECT_FALSE(Has(html, "http"));
  EXPECT_FALSE(Has(html, "<link"));
  EXPECT_FALSE(Has(html, "url("));
  EXPECT_TRUE(Has(html, "<svg "));
  EXPECT_TRUE(Has(html, "<td class=\"n\">1234.56</td>"));
  EXPECT_TRUE(Has(html, "1 discrepancies (0 malformed rows)"));
  EXPECT_TRUE(Has(html, "<title>370282 2026Q3: 500.00 CNY</title>"));
  // The tallest bar (2000.00) fills the plot (240 high), the 1000.00 one half of it.
  EXPECT_TRUE(Has(html, "height=\"240\" fill=\"#6baed6\"><title>370281 2026Q3"));
  EXPECT_TRUE(Has(html, "height=\"120\" fill=\"#9ecae1\"><title>370281 2026Q2"));
  EXPECT_TRUE(Has(html, ">2000.00</text>"));
}

TEST(ReportHtmlTest, CleanReportAndEmptyChart) {
  Reconciliation result;
  HtmlReport report;
  report.result = &result;
  const std::string html = RenderHtml(report);
  EXPECT_TRUE(Has(html, "No discrepancy beyond the tolerance."));
  EXPECT_TRUE(Has(html, "<svg "));
}

TEST(ReportHtmlTest, ManyCountiesAreCapped) {
  std::vector<CountySeries> series;
  for (int i = 0; i < 100; ++i) series.push_back({std::to_string(370000 + i), {i}});
  const std::string svg = CountyQuarterChartSvg({"2026Q3"}, series);
  EXPECT_TRUE(Has(svg, ">370099</text>"));
  EXPECT_FALSE(Has(svg, ">370000</text>"));
}

}  // namespace
}  // namespace reconcile
