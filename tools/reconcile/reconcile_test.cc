// The reconciliation of a claim file with correct rows, an over- and an under-claimed row,
// an unknown loan, a loan left out, and malformed lines: exact discrepancies and summaries.
#include "tools/reconcile/reconcile.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "tools/reconcile/claim_csv.h"
#include "tools/reconcile/report_csv.h"

namespace reconcile {
namespace {

ExpectedLoan Expect(const std::string& bank, const std::string& loan_id, const std::string& county,
                    int64_t fen, const std::string& note = "") {
  return ExpectedLoan{"banks/" + bank + "/loans/" + loan_id, bank, county, fen, note};
}

std::vector<ExpectedLoan> Ledger() {
  return {
      Expect("B001", "L-1", "370281", 66700),
      Expect("B001", "L-2", "370281", 66700),
      Expect("B001", "L-3", "370282", 10000, "overdue"),
      Expect("B001", "L-4", "370282", 0, "not disbursed"),
      Expect("B001", "L-5", "370282", 5000),
      Expect("B002", "L-1", "370281", 99999),
  };
}

constexpr char kClaimFile[] =
    "bank_id,loan_id,county_code,claimed\n"
    "B001,L-1,370281,667.00\n"  // correct
    "B001,L-2,370281,700.00\n"  // over-claimed by 33.00
    "B001,L-3,370282,50.00\n"   // under-claimed by 50.00
    "B001,L-4,370282,0\n"       // correct: nothing disbursed, nothing claimed
    "B001,L-99,370283,12.34\n"  // unknown loan
    "B001,L-6,370281,abc\n"     // malformed amount
    "B001,L-1,370281,1.00\n"    // a second row for L-1
    "B001 L-7\n";               // wrong field count
// L-5 (50.00 expected) is not claimed; B002 claimed nothing, so its loan is not checked.

TEST(ReconcileTest, ClaimFileWithCorrectOverUnknownAndMalformedRows) {
  absl::StatusOr<ClaimFile> file = ParseClaimCsv(kClaimFile);
  ASSERT_TRUE(file.ok()) << file.status();
  ReconcileInput input{file->rows, file->errors, Ledger(), /*tolerance_fen=*/0};
  absl::StatusOr<Reconciliation> result = Reconcile(input);
  ASSERT_TRUE(result.ok()) << result.status();

  EXPECT_EQ(DiscrepanciesCsv(result->discrepancies),
            "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n"
            "MALFORMED_ROW,banks/B001/loans/L-6,B001,,0.00,0.00,0.00,7,\"claimed \"\"abc\"\" is "
            "not an amount in CNY like 123.45 (digits, at most 2 decimals, no sign, separators "
            "or exponent)\"\n"
            "MALFORMED_ROW,banks/B001/loans/L-1,B001,370281,0.00,0.00,0.00,8,loan already "
            "claimed on line 2\n"
            "MALFORMED_ROW,,,,0.00,0.00,0.00,9,"
            "\"expected 4 fields (bank_id,loan_id,county_code,claimed), found 1\"\n"
            "OVER_CLAIMED,banks/B001/loans/L-2,B001,370281,700.00,667.00,33.00,3,\n"
            "UNDER_CLAIMED,banks/B001/loans/L-3,B001,370282,50.00,100.00,-50.00,4,overdue\n"
            "NOT_CLAIMED,banks/B001/loans/L-5,B001,370282,0.00,50.00,-50.00,,\n"
            "UNKNOWN_LOAN,banks/B001/loans/L-99,B001,370283,12.34,0.00,12.34,6,"
            "the ledger lists no such loan for the period\n");
  EXPECT_EQ(SummaryCsv(result->by_bank, "bank_id"),
            "bank_id,loans_claimed,claimed,expected,over_claimed,discrepancies\n"
            "B001,5,1429.34,1484.00,45.34,6\n");  // line 9 names no bank
  EXPECT_EQ(SummaryCsv(result->by_county, "county_code"),
            "county_code,loans_claimed,claimed,expected,over_claimed,discrepancies\n"
            "370281,2,1367.00,1334.00,33.00,1\n"
            "370282,2,50.00,150.00,0.00,2\n"
            "370283,1,12.34,0.00,12.34,1\n");
  const Totals& t = result->totals;
  EXPECT_EQ(t.loans_claimed, 5);
  EXPECT_EQ(t.claimed_fen, 142934);
  EXPECT_EQ(t.expected_fen, 148400);
  EXPECT_EQ(t.over_claimed_fen, 4534);
  EXPECT_EQ(t.under_claimed_fen, 10000);
  EXPECT_EQ(t.discrepancies, 7);
  EXPECT_EQ(t.malformed_rows, 3);
  EXPECT_EQ(t.over_claimed, 1);
  EXPECT_EQ(t.under_claimed, 1);
  EXPECT_EQ(t.unknown_loans, 1);
  EXPECT_EQ(t.not_claimed, 1);

  std::vector<Discrepancy> top = LargestDiscrepancies(result->discrepancies, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].loan, "banks/B001/loans/L-3");  // -50.00, ties ordered as above
  EXPECT_EQ(top[1].loan, "banks/B001/loans/L-5");  // -50.00
  EXPECT_EQ(top[2].loan, "banks/B001/loans/L-2");  // 33.00
}

TEST(ReconcileTest, ToleranceAndACleanClaim) {
  absl::StatusOr<ClaimFile> file = ParseClaimCsv(
      "bank_id,loan_id,county_code,claimed\n"
      "B001,L-1,370281,667.01\n"
      "B001,L-2,370281,666.99\n"
      "B001,L-3,370282,100.00\n"
      "B001,L-5,370282,50.00\n");
  ASSERT_TRUE(file.ok());
  ReconcileInput input{file->rows, file->errors, Ledger(), /*tolerance_fen=*/1};
  absl::StatusOr<Reconciliation> result = Reconcile(input);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(DiscrepanciesCsv(result->discrepancies),
            "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n");
  EXPECT_EQ(result->totals.discrepancies, 0);
  input.tolerance_fen = 0;
  result = Reconcile(input);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->totals.over_claimed, 1);
  EXPECT_EQ(result->totals.under_claimed, 1);
}

TEST(ReconcileTest, RefusesBadInputAndOverflow) {
  ReconcileInput input;
  input.tolerance_fen = -1;
  EXPECT_EQ(Reconcile(input).status().code(), absl::StatusCode::kInvalidArgument);
  input.tolerance_fen = 0;
  input.expected = {Expect("B001", "L-1", "370281", 1), Expect("B001", "L-1", "370281", 1)};
  EXPECT_EQ(Reconcile(input).status().code(), absl::StatusCode::kInvalidArgument);
  // A server that answers absurd amounts cannot make the sums wrap.
  const int64_t max = std::numeric_limits<int64_t>::max();
  input.expected = {Expect("B001", "L-1", "370281", max), Expect("B001", "L-2", "370281", max)};
  input.claims = {ClaimedLoan{"banks/B001/loans/L-1", "B001", "", 0, 2}};
  EXPECT_EQ(Reconcile(input).status().code(), absl::StatusCode::kOutOfRange);
  input.expected = {Expect("B001", "L-1", "370281", std::numeric_limits<int64_t>::min())};
  input.claims = {ClaimedLoan{"banks/B001/loans/L-1", "B001", "", 1, 2}};
  EXPECT_EQ(Reconcile(input).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(ReconcileTest, DuplicateStoredLinesAreMalformed) {
  ReconcileInput input;
  input.expected = Ledger();
  input.claims = {ClaimedLoan{"banks/B001/loans/L-1", "B001", "", 66700, 0},
                  ClaimedLoan{"banks/B001/loans/L-1", "B001", "", 66700, 0}};
  absl::StatusOr<Reconciliation> result = Reconcile(input);
  ASSERT_TRUE(result.ok());
  ASSERT_GE(result->discrepancies.size(), 1u);
  EXPECT_EQ(result->discrepancies[0].reason, Reason::kMalformedRow);
  EXPECT_EQ(result->discrepancies[0].detail,
            "loan claimed more than once; only its first claim counts");
  EXPECT_EQ(result->totals.claimed_fen, 66700);
}

}  // namespace
}  // namespace reconcile
