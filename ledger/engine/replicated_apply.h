// A follower's commit step: applies a batch of journal records received from the primary
// (JournalService.ReplicateJournal) to the follower's own store, verifying as it goes that
// they continue the follower's chain. The follower's writer thread calls it
// (LedgerEngine::SubmitReplicated), so a follower has the same single writer, batch and
// durability path as a primary.
//
// For each entry, in order: its sequence is head + 1; the record is well formed, its stored
// hash is the SHA-256 of its canonical bytes and its previous hash is the head's hash
// (ChainVerifier); its body parses; its request id was not seen before; the fingerprint is a
// SHA-256; its event applies to the follower's projections with ApplyEntry (the code the
// primary ran). Then the record is appended verbatim with its request record (the primary's
// fingerprint, the follower's own ApplyEntry result), exactly as the primary stored them.
//
//   WriteSet writes = store->NewWriteSet();
//   BatchView view(store, &writes);
//   absl::StatusOr<ReplicatedBatch> applied = ApplyReplicatedBatch(entries, head, view, &writes);
//   if (applied.ok()) { writes.Put(head record); store->Write(writes); }  // else write nothing
#ifndef LEDGER_ENGINE_REPLICATED_APPLY_H_
#define LEDGER_ENGINE_REPLICATED_APPLY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/batch_view.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// Entries in one replication batch (ReplicateJournal sends at most this many).
inline constexpr size_t kMaxReplicatedEntries = 1000;

struct ReplicatedBatch {
  JournalHead head;                 // after the batch
  int64_t last_commit_time_us = 0;  // of the batch's last new entry
  size_t applied_entries = 0;       // new entries; 0: all were held already (write nothing)
};

// Applies `entries` after `head` into `view` / `writes`. Leading entries at or below `head`
// that are byte for byte the stored records are skipped: a re-delivery after the follower
// reconnected is not a divergence. On any mismatch (a different record at a stored sequence,
// a gap, a broken chain, an event that does not apply: IsDivergentApplyError) returns
// DATA_LOSS with reason REPLICA_DIVERGED naming the entry and what differs; other errors
// (UNAVAILABLE, RESOURCE_EXHAUSTED, INTERNAL from a store read) are returned as they are and
// are retryable. On any error the caller must not write `writes`. INVALID_ARGUMENT for an
// empty or oversized batch.
absl::StatusOr<ReplicatedBatch> ApplyReplicatedBatch(
    const std::vector<v1::ReplicatedEntry>& entries, const JournalHead& head, BatchView& view,
    WriteSet* writes);

// Whether an error from applying a replicated entry's event (ApplyEntryToBatch) means that the
// event does not fit this follower's state, i.e. the histories differ: DATA_LOSS,
// INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, NOT_FOUND. Any other code is a
// failure to read the state (UNAVAILABLE, RESOURCE_EXHAUSTED, INTERNAL, ...), retryable.
bool IsDivergentApplyError(const absl::Status& status);

}  // namespace ledger

#endif  // LEDGER_ENGINE_REPLICATED_APPLY_H_
