#include "tools/reconcile/report_csv.h"

#include "gtest/gtest.h"

namespace reconcile {
namespace {

TEST(ReportCsvTest, DiscrepanciesWithQuotedDetail) {
  Discrepancy over;
  over.reason = Reason::kOverClaimed;
  over.loan = "banks/B001/loans/L-2";
  over.bank_id = "B001";
  over.county_code = "370281";
  over.claimed_fen = 70000;
  over.expected_fen = 66700;
  over.difference_fen = 3300;
  over.line = 3;
  Discrepancy malformed;
  malformed.reason = Reason::kMalformedRow;
  malformed.line = 7;
  malformed.detail = "claimed \"1,5\" is not, \"quite\" right";
  Discrepancy missing;
  missing.reason = Reason::kNotClaimed;
  missing.loan = "banks/B001/loans/L-9";
  missing.bank_id = "B001";
  missing.county_code = "370282";
  missing.expected_fen = 5;
  missing.difference_fen = -5;
  missing.detail = "overdue; extension";
  EXPECT_EQ(DiscrepanciesCsv({malformed, over, missing}),
            "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n"
            "MALFORMED_ROW,,,,0.00,0.00,0.00,7,\"claimed \"\"1,5\"\" is not, \"\"quite\"\" "
            "right\"\n"
            "OVER_CLAIMED,banks/B001/loans/L-2,B001,370281,700.00,667.00,33.00,3,\n"
            "NOT_CLAIMED,banks/B001/loans/L-9,B001,370282,0.00,0.05,-0.05,,overdue; extension\n");
}

TEST(ReportCsvTest, Summaries) {
  Summary s;
  s.key = "B001";
  s.loans_claimed = 3;
  s.claimed_fen = 136700;
  s.expected_fen = 133400;
  s.over_claimed_fen = 3300;
  s.discrepancies = 2;
  EXPECT_EQ(SummaryCsv({s}, "bank_id"),
            "bank_id,loans_claimed,claimed,expected,over_claimed,discrepancies\n"
            "B001,3,1367.00,1334.00,33.00,2\n");
  EXPECT_EQ(SummaryCsv({}, "county_code"),
            "county_code,loans_claimed,claimed,expected,over_claimed,discrepancies\n");
}

}  // namespace
}  // namespace reconcile
