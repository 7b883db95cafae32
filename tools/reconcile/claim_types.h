// The values the reconciliation passes between its parts: a loan a bank claims subsidy for, a
// claim row that could not be read, and a loan's expected subsidy according to the ledger.
// Plain structs, no behaviour; money is int64 fen.
//
//   ClaimedLoan row{"banks/B001/loans/L1", "B001", "370281", 12345, /*line=*/2};
#ifndef TOOLS_RECONCILE_CLAIM_TYPES_H_
#define TOOLS_RECONCILE_CLAIM_TYPES_H_

#include <cstdint>
#include <string>

namespace reconcile {

// One loan of a claim: a row of a claim file, or a line of a claim stored in the ledger.
struct ClaimedLoan {
  std::string loan;  // banks/{bank_id}/loans/{loan_id}
  std::string bank_id;
  std::string county_code;  // as the claim states it; may be empty
  int64_t claimed_fen = 0;  // >= 0
  int64_t line = 0;         // the claim file's line number (1 is the header); 0 if not a file
};

// A row of a claim file that could not be read. Every such row is reported, none skipped.
struct RowError {
  int64_t line = 0;     // 1-based physical line of the file
  std::string column;   // "bank_id", "loan_id", "county_code", "claimed", or "" for the row
  std::string message;  // what is wrong, for people
  // What could be read of the row, for the report: empty unless valid.
  std::string bank_id;
  std::string loan;
};

// What the ledger computes a loan's subsidy to be for the period (ListLoanSubsidies).
struct ExpectedLoan {
  std::string loan;
  std::string bank_id;
  std::string county_code;
  int64_t expected_fen = 0;  // the subsidy
  std::string note;          // the ledger's note ("not disbursed", "overdue", ...)
};

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_CLAIM_TYPES_H_
