// Part of the audit's balance check (docs/AUDIT.md): a reversal must undo exactly the entry it
// names. The commit path (ledger/engine/apply_command.cc, DecideReversal) builds an
// EntryReversed from the stored event of entry `reversed_sequence`: `original` is that event
// without its postings, and the reversal's money postings are that event's money postings with
// debit and credit swapped, in the same order. Memorandum legs (fund exposure and commitments)
// are recomputed for the state the reversal leads to, so they are not compared here; the replay
// checks them against the funds. Without this check a reversal rewritten and re-chained could
// move money between any accounts it likes, balanced and replayable, under the name of undoing
// an entry. Problems name both entries, e.g.
//
//   entry 19 reverses entry 14 but its copy of entry 14's event differs (copy -> entry 14):
//       modified: loan_disbursed.amount.amount_fen: 1 -> 1000000
//   entry 19's postings are not entry 14's money postings reversed: its leg 0 debits
//       banks/B001/accounts/funding 1000000 fen where entry 14's leg 1 reversed debits
//       banks/B002/accounts/funding 1000000 fen
//
//   if (event.has_entry_reversed()) {
//     absl::StatusOr<std::string> problem = CheckReversal(store, snapshot, sequence, event);
//     if (!problem.ok()) return problem.status();    // the store could not be read
//     if (!problem->empty()) { report *problem; }
//   }
//
// Memory: one journal entry read per reversal, nothing kept.
#ifndef LEDGER_AUDIT_REVERSAL_CHECK_H_
#define LEDGER_AUDIT_REVERSAL_CHECK_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// Compares `reversal`, the event of entry `sequence` (an EntryReversed), with `reversed`, the
// event stored as the entry it names. "" if the reversal is what the commit path makes of that
// entry; otherwise why not, naming both entries.
std::string CompareReversal(uint64_t sequence, const v1::Event& reversal,
                            const v1::Event& reversed);

// Reads the entry `reversal` names from `store` at `at` (which may be null: the latest state)
// and compares it (CompareReversal). Also a problem: a reversal naming an entry that is not
// earlier than itself, or one that is not stored or does not decode. An error status only if
// reading fails.
absl::StatusOr<std::string> CheckReversal(const Store& store, const ReadSnapshot* at,
                                          uint64_t sequence, const v1::Event& reversal);

}  // namespace ledger

#endif  // LEDGER_AUDIT_REVERSAL_CHECK_H_
