// The commit path: one writer thread applies commands in arrival order, groups everything
// that queued while the previous batch was being fsync'd into one atomic RocksDB write, and
// answers each caller only after its batch is durable.
//
// Invariants it keeps (and asserts):
//   - journal sequence numbers are 1, 2, 3, ... and each entry chains the previous hash;
//   - a request id seen before returns the stored first answer (replayed = true); the same
//     id with a different payload is refused with REQUEST_ID_REUSED; nothing applies twice;
//   - a refused command writes nothing;
//   - the journal head record, the entries, projections and request ids of a batch land in
//     one WriteBatch: all or nothing.
//
//   auto engine = LedgerEngine::Start(store.get(), EngineOptions{});
//   absl::Status queued = (*engine)->Submit("bank:B001", std::move(command),
//       [](absl::StatusOr<CommandOutcome> outcome) { /* durable or refused */ });
//   if (!queued.ok()) { /* never queued: bad request id, queue full, shutting down */ }
//
// A follower (EngineOptions::follower) refuses Submit (NOT_PRIMARY) and instead applies the
// primary's journal records, verified, through SubmitReplicated, on the same writer thread;
// Promote() makes it a primary:
//   (*follower)->SubmitReplicated(std::move(batch), [](absl::Status applied) { ... });
//   (*follower)->Promote();
#ifndef LEDGER_ENGINE_LEDGER_ENGINE_H_
#define LEDGER_ENGINE_LEDGER_ENGINE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ledger/base/namespaces.h"
#include "ledger/base/sha256.h"
#include "ledger/engine/commit_notifier.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

class BatchView;  // batch_view.h

struct CommandOutcome {
  internal::CommandResult result;
  bool replayed = false;
};

using CommandCallback = std::function<void(absl::StatusOr<CommandOutcome>)>;

// One command of a batch (LedgerEngine::SubmitBatch).
struct BatchItem {
  internal::LedgerCommand command;
  // Chains this command to the next: a run of linked items and the first unlinked item after
  // them apply all or nothing.
  bool linked = false;
  // A refusal the caller already decided (e.g. the command is outside the caller's scope): the
  // item is answered with it, is not applied, and its chain fails with it.
  absl::Status refused;
};
using BatchOutcomes = std::vector<absl::StatusOr<CommandOutcome>>;
using BatchCallback = std::function<void(BatchOutcomes)>;

// The most commands in one batch. A batch is committed whole, in one WriteBatch and one
// fsync, even when that is more than EngineOptions::max_batch_commands.
inline constexpr size_t kMaxBatchCommands = 8000;
using ReplicatedCallback = std::function<void(absl::Status)>;

// One durable write of the writer, for the metrics page (EngineOptions::on_commit).
struct CommitStats {
  size_t commands = 0;        // commands decided in it (a client's batch counts each)
  uint64_t entries = 0;       // journal entries it appended
  absl::Duration write_time;  // Store::Write: the WriteBatch and the WAL's fsync
  bool ok = true;             // false: the write failed and the ledger went read-only
};

struct EngineOptions {
  // Commands waiting for the writer (a batch counts each of its commands). Beyond it Submit
  // refuses with RESOURCE_EXHAUSTED (COMMIT_QUEUE_FULL) instead of letting memory and latency
  // grow without bound. A client's batch refused for room holds that much room for
  // kBatchRoomHold: until it comes back (or the hold lapses) other commands are admitted only
  // if they leave it free, so steady single commands cannot starve a batch for ever.
  size_t queue_capacity = 16384;
  // Bytes of commands waiting for the writer; the count alone would let large commands use
  // a lot of memory.
  size_t queue_bytes_capacity = 64 << 20;
  // Commands grouped into one WriteBatch / fsync. A client's batch (SubmitBatch) is never
  // split: at the head of the queue it is taken whole, up to kMaxBatchCommands, and nothing
  // joins it beyond this bound. Larger commits mean fewer fsyncs but a longer wait for
  // everyone in them.
  size_t max_batch_commands = 2048;
  // Journal readers waiting for new entries (StreamEntries).
  size_t max_stream_waiters = 1024;
  // The clock; tests pin it. Commit times never go backwards even if it does.
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // After a durable write failed, how often the writer asks the store to resume writing
  // (Store::Resume) while the ledger is read-only.
  absl::Duration recovery_interval = absl::Seconds(1);
  // Called on the writer thread when writes stop working (false) or work again (true), and
  // on the caller's thread by Promote; the server flips its health status with it. Must not
  // block; it may read failed() and is_follower() but not call anything that queues.
  std::function<void(bool writable)> on_writable_changed;
  // Called on the writer thread after each durable write it attempts, a follower's replicated
  // batches included (none for a batch that appended nothing, e.g. all replays). Must be cheap
  // and must not block.
  std::function<void(const CommitStats&)> on_commit;
  // A read-only follower of a primary (ledger/replica/follower.h): Submit refuses with
  // FAILED_PRECONDITION (NOT_PRIMARY); the journal grows only through SubmitReplicated until
  // Promote().
  bool follower = false;
};

// The largest command accepted. Every field of a command is bounded far below this; the bound
// keeps anything a client smuggles in (e.g. huge unknown fields) out of the queue.
inline constexpr size_t kMaxCommandBytes = 16 << 10;
// How long a client's batch refused for room keeps that room held for its retry
// (EngineOptions::queue_capacity). Long enough for a client's backoff, short enough that a
// client that gave up does not keep others out for long.
inline constexpr absl::Duration kBatchRoomHold = absl::Seconds(2);
// A subsidy claim submission carries up to 1,000 lines (and their basis), an approval the
// recomputed basis of up to 1,000 lines; both are bounded by this instead: enough for 1,000
// lines of the longest loan names, small enough that the entry it becomes stays far below
// kMaxEntryBodyBytes.
inline constexpr size_t kMaxClaimCommandBytes = 512 << 10;

class LedgerEngine {
 public:
  // Reads the journal head and starts the writer. DATA_LOSS if the head record and the
  // journal disagree.
  static absl::StatusOr<std::unique_ptr<LedgerEngine>> Start(Store* store, EngineOptions options);
  // Stops (see Stop).
  ~LedgerEngine();
  LedgerEngine(const LedgerEngine&) = delete;
  LedgerEngine& operator=(const LedgerEngine&) = delete;

  // Queues a command from `principal`. On OK, `done` is called exactly once, on the writer
  // thread, after the command is durable or refused; it must not block. A retry of a request
  // already committed is answered at once instead (replayed = true, `done` called on this
  // thread before Submit returns), even while the ledger is read-only. On error `done` is
  // never called: the request id is malformed or reused for a different request, the command
  // is too large, the queue is full, the engine is stopping, or it is read-only after a
  // storage failure.
  // A command still queued when `deadline` passes (real time, not options.now) is answered
  // DEADLINE_EXCEEDED (DEADLINE_PASSED_IN_QUEUE) and not applied: its caller has gone.
  absl::Status Submit(std::string principal, internal::LedgerCommand command, CommandCallback done,
                      absl::Time deadline = absl::InfiniteFuture());

  // Queues a batch of commands from `principal`, applied in order in one commit (one
  // WriteBatch, one fsync), each as Submit would apply it alone (its own request id, replay
  // and refusal), except that the items of a linked chain (BatchItem::linked) apply all or
  // nothing: if one is refused, the chain's others are refused with ABORTED
  // (LINKED_COMMAND_FAILED) and nothing of the chain is written (a replay of a command
  // committed before the chain keeps its answer).
  // On OK, `done` is called exactly once with one outcome per item, in order: on the writer
  // thread once the batch is durable (or its write failed: STORAGE_FAILED outcomes), or on
  // this thread before SubmitBatch returns if no item is left to apply (every one refused
  // before queueing).
  // On error `done` is never called and nothing is applied: INVALID_ARGUMENT for no items,
  // for more than kMaxBatchCommands or options.queue_capacity items (BATCH_TOO_LARGE), or for
  // a last item that is linked (LINKED_CHAIN_OPEN); or Submit's errors for the whole batch
  // (queue full, stopping, read-only, follower). An item's own malformed request id, size or
  // plain national ID refuses that item (and its chain), not the batch; a refused item's
  // command is cleared, never queued.
  absl::Status SubmitBatch(std::string principal, std::vector<BatchItem> items, BatchCallback done,
                           absl::Time deadline = absl::InfiniteFuture());

  // A follower's: queues a batch of the primary's journal records (consecutive, at most
  // kMaxReplicatedEntries, continuing head() when the writer reaches it) for the writer,
  // which verifies and applies them in one durable write (replicated_apply.h) and then calls
  // `done` on the writer thread: OK once durable (also when every entry was held already, a
  // re-delivery: nothing written), DATA_LOSS (REPLICA_DIVERGED) if they do not continue this
  // ledger's chain or do not apply (nothing of the batch written), UNAVAILABLE
  // (STORAGE_FAILED) if the write failed, FAILED_PRECONDITION (NOT_PRIMARY) if the engine was
  // promoted while the batch was queued (nothing written), or a store read's own error
  // (retryable). On error `done` is never called: not a follower (FAILED_PRECONDITION /
  // NOT_PRIMARY), stopping, or read-only. The caller keeps at most one batch queued (the
  // Follower waits for a batch's outcome before it sends another, even after giving up on
  // its stream), so each batch is checked against the head the previous one left.
  absl::Status SubmitReplicated(std::vector<v1::ReplicatedEntry> entries, ReplicatedCallback done);

  // Turns a follower into a primary: Submit is accepted from now on and SubmitReplicated
  // refused; new entries continue the chain from the replicated head. The caller stops
  // feeding it first; a replicated batch still queued is refused (NOT_PRIMARY) when the
  // writer reaches it, never applied after the promotion. Idempotent; a primary stays one.
  void Promote();
  bool is_follower() const;

  // Refuses new commands, commits everything already queued, and joins the writer.
  void Stop();

  JournalHead head() const;
  // True while the ledger is read-only after a durable write failed (a failed fsync, a full
  // disk): every command is refused with UNAVAILABLE (STORAGE_FAILED) and reads keep working.
  // Every options.recovery_interval the writer asks the store to resume (Store::Resume
  // reopens RocksDB in place, recovering the WAL as a restart would); once it can, the head
  // is re-read (the failed batch is then wholly applied or not at all), writes are accepted
  // again, and callers retry with the same request ids.
  bool failed() const;
  // Commands waiting for the writer now (a client's batch counts each of its commands).
  size_t queued_commands() const;
  // Durable write failures and recoveries since start.
  int64_t write_failures() const;
  int64_t recoveries() const;
  CommitNotifier& notifier() { return notifier_; }

  // The ledger's "today" for a point in time: the civil date in China Standard Time (UTC+8),
  // where every bank partner books its value dates.
  static absl::CivilDay Today(absl::Time now);

 private:
  struct Pending {
    std::string principal;
    internal::LedgerCommand command;
    std::string fingerprint;
    size_t bytes = 0;
    CommandCallback done;
    absl::Time deadline = absl::InfiniteFuture();
    // A batch (SubmitBatch) instead of one command: its items, their fingerprints, and where
    // the outcomes go. Items refused before queueing keep their refusal and are skipped.
    std::vector<BatchItem> items;
    std::vector<std::string> item_fingerprints;
    BatchCallback batch_done;
    // A follower's replicated batch instead of a command (committed alone).
    std::vector<v1::ReplicatedEntry> replicated;
    ReplicatedCallback replicated_done;
  };

  LedgerEngine(Store* store, EngineOptions options, JournalHead head, absl::Time last_commit);
  // Queues `pending` unless the engine is read-only, stopping or its queue is full.
  absl::Status EnqueueLocked(Pending pending) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WriterLoop();
  // While failed: one attempt to resume writing. True when writes work again.
  bool TryRecover();
  void SetFailed(bool failed);
  // Store::Write, timed and reported to EngineOptions::on_commit (both commit paths).
  absl::Status WriteAndReport(const WriteSet& writes, size_t commands, uint64_t entries);
  void CommitBatch(std::deque<Pending>& batch);
  void CommitReplicated(Pending& pending);
  // CommitReplicated's check, apply and durable write; the head to publish in *published.
  absl::Status WriteReplicated(const Pending& pending, uint64_t* published);
  // UNAVAILABLE (STORAGE_FAILED): the answer to every write while read-only.
  static absl::Status StorageFailed();
  // Commands in `pending`: 1, or a batch's item count.
  static size_t CommandsIn(const Pending& pending);
  // FAILED_PRECONDITION (NOT_PRIMARY): the answer to every command sent to a follower.
  static absl::Status NotPrimary();
  // What a command's admission computes once, off the writer thread.
  struct PreparedCommand {
    std::string fingerprint;
    size_t bytes = 0;
  };
  // Validates one command as Submit does before it is queued.
  static absl::StatusOr<PreparedCommand> PrepareCommand(internal::LedgerCommand& command);
  // Applies a batch's items to the commit being built, chain by chain (outcomes in order).
  void ApplyBatchItems(const Pending& pending, absl::Time commit_time, JournalHead* head,
                       BatchView& view, WriteSet* writes, BatchOutcomes* outcomes);
  absl::StatusOr<CommandOutcome> ApplyOne(const std::string& principal,
                                          const internal::LedgerCommand& command,
                                          const std::string& fingerprint, absl::Time commit_time,
                                          JournalHead* head, BatchView& view, WriteSet* writes);

  Store* const store_;
  const EngineOptions options_;
  CommitNotifier notifier_;

  mutable absl::Mutex mu_;
  absl::CondVar queue_changed_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  size_t queued_commands_ ABSL_GUARDED_BY(mu_) = 0;
  // Room held for a client's batch that found the queue too full (EngineOptions::
  // queue_capacity), until held_room_until_.
  size_t held_room_commands_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time held_room_until_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  bool follower_ ABSL_GUARDED_BY(mu_) = false;
  bool replicating_ ABSL_GUARDED_BY(mu_) = false;  // the writer commits a replicated batch
  int64_t write_failures_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t recoveries_ ABSL_GUARDED_BY(mu_) = 0;
  JournalHead head_ ABSL_GUARDED_BY(mu_);  // last durable entry

  // Writer-thread state.
  static constexpr int64_t kRecoveryLogEvery = 60;  // log one failed recovery attempt in 60
  int64_t failed_recovery_attempts_ = 0;            // since the last success
  absl::Time last_commit_time_;
  Sha256 hasher_;
  std::thread writer_;
};

}  // namespace ledger

#endif  // LEDGER_ENGINE_LEDGER_ENGINE_H_
