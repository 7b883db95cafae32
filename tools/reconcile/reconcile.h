// The reconciliation itself, pure: a bank's claimed subsidy per loan against what the ledger
// computes per loan for the same period, in, discrepancies and summaries out. No I/O, no
// gRPC; claim_csv.h and ledger_source.h produce the inputs, report_csv.h / report_html.h
// print the output.
//
//   ReconcileInput input;
//   input.claims = file->rows;             // or the lines of stored claims
//   input.malformed = file->errors;
//   input.expected = expected_loans;       // ListLoanSubsidies for the period
//   input.tolerance_fen = 0;
//   absl::StatusOr<Reconciliation> result = Reconcile(input);
//   if (result->totals.discrepancies > 0) ...
//
// Rules (docs/RECONCILE.md). difference = claimed - expected.
//   OVER_CLAIMED   a claimed loan with difference > tolerance
//   UNDER_CLAIMED  a claimed loan with difference < -tolerance
//   UNKNOWN_LOAN   a claimed loan the ledger does not list (expected 0)
//   NOT_CLAIMED    a loan of a bank that claimed something (any row or stored line naming it),
//                  that the ledger expects more than `tolerance` for, and no row names
//   MALFORMED_ROW  a claim row that could not be read (claimed and expected 0), or a second
//                  claim of a loan already claimed
// Ordering: MALFORMED_ROW rows first, by line; then the others by (bank_id, loan, reason).
// Summaries are sorted by bank_id / county_code; top_discrepancies by |difference|
// descending, then the same order as above.
//
// Summaries cover the banks that claimed: loans of other banks in `expected` are ignored.
// A loan's county is the ledger's; for an UNKNOWN_LOAN the claim's (may be empty).
#ifndef TOOLS_RECONCILE_RECONCILE_H_
#define TOOLS_RECONCILE_RECONCILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/reconcile/claim_types.h"

namespace reconcile {

enum class Reason { kMalformedRow, kOverClaimed, kUnderClaimed, kUnknownLoan, kNotClaimed };

// "OVER_CLAIMED", ...
absl::string_view ReasonName(Reason reason);

struct Discrepancy {
  Reason reason = Reason::kMalformedRow;
  std::string loan;  // empty for a row whose ids could not be read
  std::string bank_id;
  std::string county_code;
  int64_t claimed_fen = 0;
  int64_t expected_fen = 0;
  int64_t difference_fen = 0;  // claimed - expected
  int64_t line = 0;            // the claim file's line, 0 if none
  std::string detail;          // the row error, or the ledger's note
};

struct Summary {
  std::string key;  // bank_id or county_code ("" for claimed loans of unknown county)
  int64_t loans_claimed = 0;
  int64_t claimed_fen = 0;
  int64_t expected_fen = 0;      // over the ledger's loans of claimed banks (claimed or not)
  int64_t over_claimed_fen = 0;  // sum of difference over OVER_CLAIMED and UNKNOWN_LOAN rows
  int64_t discrepancies = 0;     // MALFORMED_ROW rows count towards a bank they name
};

struct Totals {
  int64_t loans_claimed = 0;
  int64_t claimed_fen = 0;
  int64_t expected_fen = 0;
  int64_t over_claimed_fen = 0;
  int64_t under_claimed_fen = 0;  // sum of -difference over UNDER_CLAIMED and NOT_CLAIMED
  int64_t discrepancies = 0;      // all rows, MALFORMED_ROW included
  int64_t over_claimed = 0, under_claimed = 0, unknown_loans = 0, not_claimed = 0,
          malformed_rows = 0;
};

struct ReconcileInput {
  std::vector<ClaimedLoan> claims;
  std::vector<RowError> malformed;
  std::vector<ExpectedLoan> expected;
  int64_t tolerance_fen = 0;  // >= 0
};

struct Reconciliation {
  std::vector<Discrepancy> discrepancies;
  std::vector<Summary> by_bank;
  std::vector<Summary> by_county;
  Totals totals;
};

// INVALID_ARGUMENT for a negative tolerance or claimed amount, or a loan listed twice in
// `expected`; OUT_OF_RANGE if a sum or difference does not fit int64 fen.
absl::StatusOr<Reconciliation> Reconcile(const ReconcileInput& input);

// The `n` largest discrepancies by |difference| (ties in the discrepancies' order).
std::vector<Discrepancy> LargestDiscrepancies(const std::vector<Discrepancy>& discrepancies,
                                              size_t n);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_RECONCILE_H_
