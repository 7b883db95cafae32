// LedgerEngine's follower side: queueing a batch of the primary's journal records, applying
// it on the writer (replicated_apply.h), and the promotion to primary. The command path is
// ledger_engine.cc's.
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/invariant.h"
#include "ledger/base/log.h"
#include "ledger/engine/batch_view.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/engine/replicated_apply.h"

namespace ledger {

absl::Status LedgerEngine::SubmitReplicated(std::vector<v1::ReplicatedEntry> entries,
                                            ReplicatedCallback done) {
  if (entries.empty() || entries.size() > kMaxReplicatedEntries) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a replicated batch has 1 to ", kMaxReplicatedEntries, " entries, not ", entries.size()));
  }
  size_t bytes = 0;
  for (const v1::ReplicatedEntry& entry : entries) bytes += entry.ByteSizeLong();
  Pending pending;
  pending.bytes = bytes;
  pending.replicated = std::move(entries);
  pending.replicated_done = std::move(done);
  absl::MutexLock lock(&mu_);
  if (!follower_) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kNotPrimary, "",
                  "this server is a primary (or was promoted): it no longer follows");
  }
  // The follower keeps one batch in flight, so only the byte bound can matter here.
  return EnqueueLocked(std::move(pending));
}

void LedgerEngine::Promote() {
  bool writable = false;
  {
    absl::MutexLock lock(&mu_);
    if (!follower_) return;
    // A replicated batch being committed lands first (bounded by one durable write), so the
    // head a promotion reports is the head new commands continue from.
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !replicating_; };
    mu_.Await(absl::Condition(&idle));
    follower_ = false;
    writable = !failed_;
  }
  // Commands are accepted from now on: the server's health says so.
  if (options_.on_writable_changed) options_.on_writable_changed(writable);
}

bool LedgerEngine::is_follower() const {
  absl::MutexLock lock(&mu_);
  return follower_;
}

void LedgerEngine::CommitReplicated(Pending& pending) {
  // A batch queued before Promote() (a follower that gave up waiting for it) must not land
  // after the promotion: the new primary's history continues from the head it was promoted
  // at, which the operator was told. Promote waits while a batch is being committed
  // (replicating_), so the check and the commit are one step as far as it can see; the
  // answer and the notification come after, so a callback may promote.
  {
    absl::MutexLock lock(&mu_);
    if (follower_) replicating_ = true;
  }
  uint64_t published = 0;
  absl::Status outcome = WriteReplicated(pending, &published);
  {
    absl::MutexLock lock(&mu_);
    replicating_ = false;
  }
  pending.replicated_done(std::move(outcome));
  if (published != 0) notifier_.Publish(published);
}

absl::Status LedgerEngine::WriteReplicated(const Pending& pending, uint64_t* published) {
  if (!is_follower()) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kNotPrimary, "",
                  "this server was promoted to primary: replicated entries are no longer applied");
  }
  if (failed()) return StorageFailed();
  WriteSet writes = store_->NewWriteSet();
  BatchView view(store_, &writes);
  absl::StatusOr<ReplicatedBatch> applied =
      ApplyReplicatedBatch(pending.replicated, head(), view, &writes);
  // On error `writes` is dropped: nothing of the batch is written.
  if (!applied.ok()) return applied.status();
  if (applied->applied_entries == 0) return absl::OkStatus();  // a re-delivery of held entries
  writes.Put(Family::kProjections, kJournalHeadKey, EncodeHead(applied->head));
  // A follower's commit is the primary's entries, one "command" each.
  if (absl::Status written =
          WriteAndReport(writes, applied->applied_entries, applied->applied_entries);
      !written.ok()) {
    // As in CommitBatch: stop writing until the store has settled the batch's fate.
    LogLine(LogLevel::kError, "storage_failed")
        .Str("message", "durable write of replicated entries failed, the ledger is now read-only")
        .Str("error", written.ToString())
        .Write();
    SetFailed(true);
    return StorageFailed();
  }
  Invariant(store_->last_sequence() == applied->head.sequence, "store and head agree");
  // After a promotion, new commit times continue from the primary's, never earlier.
  last_commit_time_ =
      std::max(last_commit_time_, absl::FromUnixMicros(applied->last_commit_time_us));
  {
    absl::MutexLock lock(&mu_);
    head_ = applied->head;
  }
  *published = applied->head.sequence;
  return absl::OkStatus();
}

}  // namespace ledger
