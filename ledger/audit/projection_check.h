// Compares the stored "projections" family with a replay of the journal
// (ledger/model/ledger_replay.h): every row the replay expects must be stored with the same value,
// and nothing else may be stored. Problems name the row, the loan and the last journal entry
// that touched it, e.g.
//
//   missing: status index ACTIVE of banks/B001/loans/L2 (loan last touched by entry 9)
//   loan banks/B001/loans/L1 differs from the replay (stored -> replayed; loan last touched by
//       entry 13): modified: outstanding_principal.amount_fen: 7500000 -> 7500100
//   extra: loan banks/B009/loans/X (no journal entry created this loan)
//
//   absl::StatusOr<ProjectionComparison> result =
//       CompareProjections(store, snapshot, replay, /*max_problems=*/20, &std::cerr, 100'000);
//   if (result.ok() && !result->ok()) { for (auto& p : result->problems) ... }
//
// Memory: besides the replay, nothing in the common case; when rows are extra, the set of
// expected keys is built to name them.
#ifndef LEDGER_AUDIT_PROJECTION_CHECK_H_
#define LEDGER_AUDIT_PROJECTION_CHECK_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/store/store.h"

namespace ledger {

struct ProjectionComparison {
  uint64_t rows_expected = 0;
  uint64_t rows_stored = 0;
  uint64_t missing = 0;
  uint64_t extra = 0;
  uint64_t differing = 0;
  std::vector<std::string> problems;  // the first max_problems of them
  bool ok() const { return missing == 0 && extra == 0 && differing == 0; }
};

// Reads at `at` (may be null: the latest state). An error status only if reading fails.
absl::StatusOr<ProjectionComparison> CompareProjections(const Store& store, const ReadSnapshot* at,
                                                        const LedgerReplay& replay,
                                                        size_t max_problems, std::ostream* progress,
                                                        uint64_t progress_every);

}  // namespace ledger

#endif  // LEDGER_AUDIT_PROJECTION_CHECK_H_
