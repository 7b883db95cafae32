// Reads a bank's subsidy claim file: the CSV a bank sends finance staff with the subsidy it
// claims per loan for one settlement period. Built to be fuzzed: any bytes in, a result or a
// refusal out, bounded memory and time, no crash, no overflow.
//
// The format (docs/RECONCILE.md):
//
//   bank_id,loan_id,county_code,claimed          <- header line, required, exactly this
//   B001,L-2026-0001,370281,1234.56
//   B001,L-2026-0002,,0.5                         <- county_code may be empty
//
//   - UTF-8 with an optional byte order mark; lines end in LF or CRLF. Every field is ASCII.
//   - bank_id, loan_id: 1..64 of [A-Za-z0-9._-]; the loan is banks/{bank_id}/loans/{loan_id}.
//   - county_code: empty, or 6 digits. The ledger's county is authoritative; this one is only
//     shown for loans the ledger does not know.
//   - claimed: CNY with at most 2 decimals ("123.45", "0", "12.3"), 0..10000000000.00. CNY,
//     not fen, because that is how banks' systems and spreadsheets export money; the reader
//     turns it into fen exactly, without floating point.
//   - Spaces and tabs around a field are ignored; blank lines are skipped. Quoted fields
//     ('"') and comment lines ('#') are refused: no field of this format needs quoting, and a
//     commented-out row should be deleted, not hidden.
//   - Every malformed row is a RowError (line, column, what is wrong); a second row for a
//     loan already claimed is one too (the first row counts).
//   - Bounds: a line is at most 4096 bytes (longer ones are row errors), at most 1,000,000
//     data rows (more is refused as a whole), the file at most 256 MiB.
//
//   absl::StatusOr<ClaimFile> file = ReadClaimFile("claims-2026Q3.csv");
//   if (!file.ok()) ...                     // unreadable, no/wrong header, too large
//   for (const RowError& e : file->errors)  // report them; file->rows are the good rows
#ifndef TOOLS_RECONCILE_CLAIM_CSV_H_
#define TOOLS_RECONCILE_CLAIM_CSV_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/reconcile/claim_types.h"

namespace reconcile {

inline constexpr char kClaimHeader[] = "bank_id,loan_id,county_code,claimed";
inline constexpr size_t kMaxClaimLineBytes = 4096;
inline constexpr int64_t kMaxClaimRows = 1'000'000;
inline constexpr int64_t kMaxClaimFileBytes = int64_t{256} << 20;

struct ClaimFile {
  std::vector<ClaimedLoan> rows;  // the well-formed rows, in file order
  std::vector<RowError> errors;   // the malformed rows, in file order
  int64_t data_rows = 0;          // non-blank lines after the header
};

// Parses the text of a claim file. INVALID_ARGUMENT if the header is missing or wrong;
// RESOURCE_EXHAUSTED beyond kMaxClaimRows data rows or kMaxClaimFileBytes. Otherwise every
// data row ends up in `rows` or in `errors`.
absl::StatusOr<ClaimFile> ParseClaimCsv(absl::string_view text);

// Reads and parses the file at `path`; NOT_FOUND / FAILED_PRECONDITION naming it if it cannot
// be read.
absl::StatusOr<ClaimFile> ReadClaimFile(const std::string& path);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_CLAIM_CSV_H_
