// Loans as stored projections of the journal: the current state of each loan, the indexes
// that list them by county and status, and each loan's list of journal entries.
//
// Projections are derived from the journal alone and written in the same atomic batch as the
// entry that changes them; the audit (ledger/loan/loan_replay.h, tools/audit) rebuilds them
// from the journal and compares. Reads never block the writer. Key formats are at the top of
// loan_projection.cc and in docs/STORAGE.md; LoanRows is the one place that builds them.
//
//   LoanProjection loans(store);
//   absl::StatusOr<v1::Loan> loan = loans.Get("B001", "L1");     // NOT_FOUND if absent
//   WriteLoan(&before, after, sequence, state);                   // applying an entry
//   absl::StatusOr<v1::ListLoansResponse> page = loans.List(request);
//   for (const ProjectionRow& row : LoanRows(loan, {1, 4, 9})) { ... }   // every row of a loan
#ifndef LEDGER_LOAN_LOAN_PROJECTION_H_
#define LEDGER_LOAN_LOAN_PROJECTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

inline constexpr int kDefaultLoanPageSize = 50;
inline constexpr int kMaxLoanPageSize = 500;
// A page walks at most this many index keys, so a filter that matches little cannot turn one
// call into a full scan; the page then comes back short with a next_page_token.
inline constexpr int kMaxKeysScannedPerPage = 5000;
inline constexpr int kDefaultHistoryPageSize = 100;
inline constexpr int kMaxHistoryPageSize = 1000;

// One key of the "projections" family and the value stored under it.
struct ProjectionRow {
  std::string key;
  std::string value;
};

// Every row the projections family holds for `loan`: the loan itself, its county, status and
// fund index rows, and one history row per sequence number in `history` (the journal entries that
// touched the loan, ascending). Record writes the difference between two such lists and the
// replay expects the full list, so the commit path and the audit cannot disagree on a key.
std::vector<ProjectionRow> LoanRows(const v1::Loan& loan, absl::Span<const uint64_t> history);

// Writes what moves the projections from `before` (nullptr for a new loan) to `after`, as
// recorded by journal entry `sequence` (ledger/model/entry_apply.cc is the caller).
void WriteLoan(const v1::Loan* before, const v1::Loan& after, uint64_t sequence,
               ProjectionState& state);

// The loan named banks/{bank_id}/loans/{loan_id} as `state` holds it. NOT_FOUND
// (LOAN_NOT_FOUND, field "name") if absent; INVALID_ARGUMENT for a malformed name.
absl::StatusOr<v1::Loan> LoadLoan(ProjectionState& state, absl::string_view name);

// What a key of the projections family is, for people reading an audit report.
struct ProjectionKeyInfo {
  enum class Kind {
    kLoan,
    kCountyIndex,
    kStatusIndex,
    kFundIndex,
    kHistory,
    kJournalHead,
    kUnknown
  };
  Kind kind = Kind::kUnknown;
  std::string description;  // e.g. "status index ACTIVE of banks/B001/loans/L1"
  std::string loan_name;    // the loan the key belongs to; "" for the head or an unknown key
};
ProjectionKeyInfo DescribeProjectionKey(absl::string_view key);

class LoanProjection {
 public:
  // `max_keys_scanned_per_page` is kMaxKeysScannedPerPage except in tests of short pages.
  explicit LoanProjection(const Store* store,
                          int max_keys_scanned_per_page = kMaxKeysScannedPerPage)
      : store_(store), max_keys_scanned_per_page_(max_keys_scanned_per_page) {}

  // NOT_FOUND (reason LOAN_NOT_FOUND, field "name") if there is no such loan.
  absl::StatusOr<v1::Loan> Get(absl::string_view bank_id, absl::string_view loan_id) const;

  // Filters combine with AND; results are in (bank_id, loan_id) order within the index used.
  absl::StatusOr<v1::ListLoansResponse> List(const v1::ListLoansRequest& request) const;

  // Journal sequence numbers of the loan's entries, oldest first, after `after_sequence`, at
  // most `limit`. `*more` says whether more follow.
  absl::StatusOr<std::vector<uint64_t>> History(absl::string_view bank_id,
                                                absl::string_view loan_id, uint64_t after_sequence,
                                                int limit, bool* more) const;

 private:
  const Store* store_;
  int max_keys_scanned_per_page_;
};

// Page tokens of ListLoanHistory: opaque to clients, the last sequence returned.
std::string EncodeHistoryPageToken(uint64_t last_sequence);
absl::StatusOr<uint64_t> DecodeHistoryPageToken(absl::string_view token);

// Validates an AIP-158 page_size: 0 means `default_size`, negative or above `max_size` is
// refused with PAGE_SIZE_OUT_OF_RANGE.
absl::StatusOr<int> ResolvePageSize(int requested, int default_size, int max_size);

}  // namespace ledger

#endif  // LEDGER_LOAN_LOAN_PROJECTION_H_
