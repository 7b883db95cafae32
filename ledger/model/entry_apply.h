// Applying one journal entry to the projections: the only code that changes stored state.
// The commit path calls it for each new entry (inside the entry's atomic batch) and the audit's
// replay calls it for every stored entry, so what is stored and what a replay of the journal
// rebuilds are made by the same code (docs/ARCHITECTURE.md, "Events evolve state").
//
// For an entry it: evolves the loan it concerns (ledger/loan/loan_evolve.h) and writes its rows;
// moves the change in the loan's live fund exposure onto the fund; evolves the fund the event
// concerns (ledger/guarantee/guarantee_rules.h EvolveFund); applies the postings to account
// balances, kind totals and per-account posting rows (ledger/accounts/account_projection.h);
// and marks a reversed entry as reversed.
//
//   StagedState staged(&state);
//   absl::StatusOr<internal::CommandResult> result =
//       ApplyEntry(sequence, commit_time_us, event, staged);
//   if (result.ok()) staged.Commit();   // all of the entry's rows, or none
//
// Reversal marks:  reversal_key := "rev/" reversed_sequence:be64 -> reversing_sequence:be64
#ifndef LEDGER_MODEL_ENTRY_APPLY_H_
#define LEDGER_MODEL_ENTRY_APPLY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// Returns what the commit path stores as the entry's request result, apart from sequence and
// commit time: the loan, fund, policy version, LPR fixing or subsidy claim (without its lines)
// the event concerns, as the entry left them (the audit rebuilds it from the replay and
// compares). DATA_LOSS naming the entry if
// the event cannot apply to the state (it names a loan or fund that does not exist, breaks an
// invariant, or its postings do not balance). On error some of the entry's rows may already be
// in `state`: apply to a StagedState and drop it.
absl::StatusOr<internal::CommandResult> ApplyEntry(uint64_t sequence, int64_t commit_time_us,
                                                   const v1::Event& event, ProjectionState& state);

std::string ReversalKey(uint64_t reversed_sequence);
// The entry that reversed `sequence`, or 0 if it is not reversed.
absl::StatusOr<uint64_t> ReversedBy(ProjectionState& state, uint64_t sequence);
// "reversal mark of entry N", or "" if `key` is not a reversal key (for audit reports).
std::string DescribeReversalKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_MODEL_ENTRY_APPLY_H_
