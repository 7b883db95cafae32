#include "ledger/engine/ledger_engine.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/log.h"
#include "ledger/engine/apply_command.h"
#include "ledger/engine/batch_view.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/request_key.h"

namespace ledger {

absl::Status LedgerEngine::StorageFailed() {
  return Refuse(absl::StatusCode::kUnavailable, reason::kStorageFailed, "",
                "a durable write failed and the ledger is read-only until its storage recovers "
                "(it retries by itself); retry with the same request_id: it is then replayed if "
                "it was applied, or applied once");
}

namespace {

absl::Status RequestIdReused() {
  return Refuse(absl::StatusCode::kAlreadyExists, reason::kRequestIdReused, "request_id",
                "this request_id was already used for a different request");
}

}  // namespace

absl::CivilDay LedgerEngine::Today(absl::Time now) {
  return absl::ToCivilDay(now, absl::FixedTimeZone(8 * 60 * 60));
}

namespace {

struct StoredHead {
  JournalHead head;
  absl::Time last_commit = absl::InfinitePast();
};

// The journal head as the store holds it, checked against the journal's last entry.
absl::StatusOr<StoredHead> LoadHead(const Store& store) {
  StoredHead stored{JournalHead{0, GenesisHash()}, absl::InfinitePast()};
  absl::StatusOr<std::string> head_bytes = store.Get(Family::kProjections, kJournalHeadKey);
  if (head_bytes.ok()) {
    absl::StatusOr<JournalHead> decoded = DecodeHead(*head_bytes);
    if (!decoded.ok()) return decoded.status();
    stored.head = *decoded;
  } else if (!absl::IsNotFound(head_bytes.status())) {
    return head_bytes.status();
  }
  if (stored.head.sequence != store.last_sequence()) {
    return absl::DataLossError(absl::StrCat("journal head record says ", stored.head.sequence,
                                            " but the journal ends at ", store.last_sequence()));
  }
  if (stored.head.sequence > 0) {
    absl::StatusOr<std::string> record =
        store.Get(Family::kJournal, JournalKey(stored.head.sequence));
    if (!record.ok()) return record.status();
    absl::StatusOr<DecodedEntry> last = DecodeEntry(*record);
    if (!last.ok()) return last.status();
    if (last->hash != stored.head.hash) {
      return absl::DataLossError("journal head hash differs from the last entry's hash");
    }
    stored.last_commit = absl::FromUnixMicros(last->commit_time_us);
  }
  return stored;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerEngine>> LedgerEngine::Start(Store* store,
                                                                  EngineOptions options) {
  if (options.max_batch_commands == 0) {
    return absl::InvalidArgumentError("max_batch_commands must be positive");
  }
  absl::StatusOr<StoredHead> stored = LoadHead(*store);
  if (!stored.ok()) return stored.status();
  return std::unique_ptr<LedgerEngine>(
      new LedgerEngine(store, std::move(options), std::move(stored->head), stored->last_commit));
}

LedgerEngine::LedgerEngine(Store* store, EngineOptions options, JournalHead head,
                           absl::Time last_commit)
    : store_(store),
      options_(std::move(options)),
      notifier_(head.sequence, options_.max_stream_waiters),
      follower_(options_.follower),
      head_(std::move(head)),
      last_commit_time_(last_commit) {
  writer_ = std::thread([this] { WriterLoop(); });
}

LedgerEngine::~LedgerEngine() { Stop(); }

void LedgerEngine::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    queue_changed_.SignalAll();
  }
  if (writer_.joinable()) writer_.join();
}

JournalHead LedgerEngine::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

bool LedgerEngine::failed() const {
  absl::MutexLock lock(&mu_);
  return failed_;
}

size_t LedgerEngine::queued_commands() const {
  absl::MutexLock lock(&mu_);
  return queued_commands_;
}

int64_t LedgerEngine::write_failures() const {
  absl::MutexLock lock(&mu_);
  return write_failures_;
}

int64_t LedgerEngine::recoveries() const {
  absl::MutexLock lock(&mu_);
  return recoveries_;
}

void LedgerEngine::SetFailed(bool failed) {
  {
    absl::MutexLock lock(&mu_);
    if (failed_ == failed) return;
    failed_ = failed;
    if (failed) {
      ++write_failures_;
    } else {
      ++recoveries_;
    }
  }
  if (options_.on_writable_changed) options_.on_writable_changed(!failed);
}

bool LedgerEngine::TryRecover() {
  absl::Status resumed = store_->Resume();
  if (!resumed.ok()) {
    // Once a second for as long as the disk stays full would bury everything else in the log.
    if (failed_recovery_attempts_ % kRecoveryLogEvery == 0) {
      LogLine(LogLevel::kWarning, "storage_still_read_only")
          .Int("attempt", failed_recovery_attempts_ + 1)
          .Str("error", resumed.ToString())
          .Write();
    }
    ++failed_recovery_attempts_;
    return false;
  }
  failed_recovery_attempts_ = 0;
  // The reopen recovered the WAL as a restart would: the failed batch is now either wholly in
  // the store or not at all. Either way the store's head is consistent (LoadHead checks the
  // head record against the journal); its callers were told UNAVAILABLE and their retries
  // with the same request ids find it replayed or apply it once.
  absl::StatusOr<StoredHead> stored = LoadHead(*store_);
  const JournalHead expected = head();
  if (!stored.ok() || stored->head.sequence < expected.sequence) {
    LogLine(LogLevel::kError, "storage_recovery_refused")
        .Str("message",
             "after reopening, the store does not hold the last durable entry; staying "
             "read-only")
        .Int("expected_sequence", static_cast<int64_t>(expected.sequence))
        .Str("error", stored.ok() ? "the journal is shorter" : stored.status().ToString())
        .Write();
    return false;
  }
  if (stored->head.sequence > expected.sequence) {
    LogLine(LogLevel::kInfo, "storage_failed_batch_was_durable")
        .Int("first_sequence", static_cast<int64_t>(expected.sequence + 1))
        .Int("last_sequence", static_cast<int64_t>(stored->head.sequence))
        .Write();
    last_commit_time_ = std::max(last_commit_time_, stored->last_commit);
    {
      absl::MutexLock lock(&mu_);
      head_ = stored->head;
    }
    notifier_.Publish(stored->head.sequence);
  }
  LogLine(LogLevel::kInfo, "storage_recovered")
      .Str("message", "writes resume")
      .Int("head_sequence", static_cast<int64_t>(stored->head.sequence))
      .Write();
  SetFailed(false);
  return true;
}

absl::Status LedgerEngine::NotPrimary() {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason::kNotPrimary, "",
                "this server is a read-only follower of the primary; send writes to the primary");
}

absl::StatusOr<LedgerEngine::PreparedCommand> LedgerEngine::PrepareCommand(
    internal::LedgerCommand& command) {
  if (absl::Status s = ValidateRequestId(RequestIdOf(command)); !s.ok()) return s;
  // Unknown fields would otherwise be copied into the journal, hashed and served back.
  command.DiscardUnknownFields();
  if (command.has_create_loan() && !command.create_loan().national_id().empty()) {
    // The RPC layer swaps it for a keyed hash; a plain ID must never be queued or stored.
    return absl::InternalError("a plain national_id reached the commit queue");
  }
  const size_t bytes = command.ByteSizeLong();
  // A claim's submission and approval carry a basis of up to 1,000 lines.
  const size_t max_bytes = command.has_submit_claim() || command.has_approve_claim()
                               ? kMaxClaimCommandBytes
                               : kMaxCommandBytes;
  if (bytes > max_bytes) {
    return InvalidArgument(reason::kCommandTooLarge, "",
                           absl::StrCat("the command is ", bytes, " bytes; at most ", max_bytes));
  }
  // Hashing the command here keeps it off the writer thread.
  return PreparedCommand{Fingerprint(command), bytes};
}

absl::Status LedgerEngine::Submit(std::string principal, internal::LedgerCommand command,
                                  CommandCallback done, absl::Time deadline) {
  absl::StatusOr<PreparedCommand> prepared = PrepareCommand(command);
  if (!prepared.ok()) return prepared.status();
  Pending pending{std::move(principal), std::move(command), std::move(prepared->fingerprint),
                  prepared->bytes,      std::move(done),    deadline};
  if (is_follower()) return NotPrimary();
  // A retry of a committed request is answered here, from its stored record, instead of
  // waiting behind the writer's next fsync: retries come in bursts exactly when the server is
  // slow. A record is visible only once its batch is durable, so this never answers early;
  // one not found yet (its batch still being written) is queued and the writer decides.
  absl::StatusOr<std::string> seen = store_->Get(
      Family::kRequests, RequestRecordKey(pending.principal, RequestIdOf(pending.command)));
  if (seen.ok()) {
    internal::RequestRecord record;
    if (!record.ParseFromString(*seen)) return absl::DataLossError("request record corrupt");
    if (record.fingerprint() != pending.fingerprint) return RequestIdReused();
    pending.done(CommandOutcome{std::move(*record.mutable_result()), /*replayed=*/true});
    return absl::OkStatus();
  }
  absl::MutexLock lock(&mu_);
  return EnqueueLocked(std::move(pending));
}

absl::Status LedgerEngine::EnqueueLocked(Pending pending) {
  if (failed_) return StorageFailed();
  if (stopping_) {
    return Refuse(absl::StatusCode::kUnavailable, reason::kShuttingDown, "",
                  "the ledger is shutting down; retry with the same request_id");
  }
  const size_t commands = CommandsIn(pending);
  const bool client_batch = static_cast<bool>(pending.batch_done);
  if (held_room_commands_ > 0 && options_.now() >= held_room_until_) held_room_commands_ = 0;
  // A client's batch at least as large as the held room takes it; everything else leaves it.
  const bool takes_held_room = client_batch && commands >= held_room_commands_;
  const size_t held = takes_held_room ? 0 : held_room_commands_;
  if (queued_commands_ + commands + held > options_.queue_capacity ||
      queued_bytes_ + pending.bytes > options_.queue_bytes_capacity) {
    // SubmitBatch already refused a batch larger than the whole queue (BATCH_TOO_LARGE).
    if (client_batch) {
      held_room_commands_ = std::max(held_room_commands_, commands);
      held_room_until_ = options_.now() + kBatchRoomHold;
    }
    return Refuse(absl::StatusCode::kResourceExhausted, reason::kQueueFull, "",
                  "the commit queue is full; retry later with the same request_id");
  }
  if (takes_held_room) held_room_commands_ = 0;
  queued_bytes_ += pending.bytes;
  queued_commands_ += commands;
  queue_.push_back(std::move(pending));
  queue_changed_.Signal();
  return absl::OkStatus();
}

void LedgerEngine::WriterLoop() {
  std::deque<Pending> batch;
  while (true) {
    bool recover = false;
    {
      absl::MutexLock lock(&mu_);
      if (failed_ && queue_.empty() && !stopping_) {
        // Read-only: nothing can queue (Submit refuses), so wait, then try to resume.
        queue_changed_.WaitWithTimeout(&mu_, options_.recovery_interval);
        recover = failed_ && queue_.empty() && !stopping_;
      } else {
        while (queue_.empty() && !stopping_) queue_changed_.Wait(&mu_);
        if (queue_.empty()) return;  // stopping, and everything queued is committed
        // A replicated batch is committed on its own; commands are never mixed with it. A
        // client's batch is never split: it joins this commit whole or waits for the next.
        size_t taken_commands = 0;
        while (!queue_.empty()) {
          const bool replicated = queue_.front().replicated_done != nullptr;
          const size_t commands = CommandsIn(queue_.front());
          if (!batch.empty() &&
              (replicated || taken_commands + commands > options_.max_batch_commands)) {
            break;
          }
          taken_commands += commands;
          queued_bytes_ -= queue_.front().bytes;
          queued_commands_ -= commands;
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
          if (replicated) break;
        }
      }
    }
    if (recover) {
      TryRecover();
      continue;
    }
    if (batch.front().replicated_done != nullptr) {
      CommitReplicated(batch.front());
      batch.clear();
      continue;
    }
    // A caller whose deadline passed while queued has gone; applying its command would only
    // spend the batch's time. It retries with the same request id.
    const absl::Time now = absl::Now();
    std::deque<Pending> live;
    for (Pending& pending : batch) {
      if (pending.deadline < now) {
        const absl::Status passed =
            Refuse(absl::StatusCode::kDeadlineExceeded, reason::kDeadlinePassed, "",
                   "the deadline passed while the command waited for the writer; it was not "
                   "applied: retry with the same request_id");
        if (pending.batch_done) {
          pending.batch_done(BatchOutcomes(pending.items.size(), passed));
        } else {
          pending.done(passed);
        }
      } else {
        live.push_back(std::move(pending));
      }
    }
    batch.clear();
    if (!live.empty()) CommitBatch(live);
  }
}

absl::Status LedgerEngine::WriteAndReport(const WriteSet& writes, size_t commands,
                                          uint64_t entries) {
  const absl::Time start = absl::Now();
  absl::Status written = store_->Write(writes);
  if (options_.on_commit) {
    options_.on_commit(CommitStats{commands, entries, absl::Now() - start, written.ok()});
  }
  return written;
}

void LedgerEngine::CommitBatch(std::deque<Pending>& batch) {
  size_t commands = 0;
  for (const Pending& pending : batch) commands += CommandsIn(pending);
  Invariant(!batch.empty() && commands <= std::max(options_.max_batch_commands, kMaxBatchCommands),
            "a commit is bounded");
  // One list of outcomes per pending: one for a command, one per item for a client's batch.
  std::vector<BatchOutcomes> outcomes(batch.size());
  const JournalHead before = head();
  JournalHead head = before;
  bool committed = false;
  if (failed()) {
    for (size_t i = 0; i < batch.size(); ++i) {
      outcomes[i].assign(CommandsIn(batch[i]), StorageFailed());
    }
  } else {
    // One commit time per batch, never earlier than the last one.
    const absl::Time commit_time = std::max(options_.now(), last_commit_time_);
    WriteSet writes = store_->NewWriteSet();
    BatchView view(store_, &writes);
    for (size_t i = 0; i < batch.size(); ++i) {
      const Pending& pending = batch[i];
      if (pending.batch_done) {
        ApplyBatchItems(pending, commit_time, &head, view, &writes, &outcomes[i]);
      } else {
        outcomes[i].push_back(ApplyOne(pending.principal, pending.command, pending.fingerprint,
                                       commit_time, &head, view, &writes));
      }
    }
    if (head.sequence != before.sequence) {
      writes.Put(Family::kProjections, kJournalHeadKey, EncodeHead(head));
      absl::Status written = WriteAndReport(writes, commands, head.sequence - before.sequence);
      if (!written.ok()) {
        // The batch may or may not be in the WAL (RocksDB can fail the fsync after the
        // append, and replays the WAL at the next start). Writing on would risk reusing its
        // sequence numbers, so the engine stops writing until Store::Resume has reopened the
        // store and recovered that WAL as a restart would (TryRecover).
        // Every answer computed in the batch may rest on state that is not durable (a refusal
        // too), so only replays of earlier batches stand; the rest retry with the same id.
        LogLine(LogLevel::kError, "storage_failed")
            .Str("message", "durable write failed, the ledger is now read-only")
            .Str("error", written.ToString())
            .Write();
        SetFailed(true);
        for (BatchOutcomes& list : outcomes) {
          for (auto& outcome : list) {
            const bool earlier_replay =
                outcome.ok() && outcome->replayed && outcome->result.sequence() <= before.sequence;
            if (!earlier_replay) outcome = StorageFailed();
          }
        }
      } else {
        Invariant(store_->last_sequence() == head.sequence, "store and head agree");
        last_commit_time_ = commit_time;
        absl::MutexLock lock(&mu_);
        head_ = head;
        committed = true;
      }
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].batch_done) {
      batch[i].batch_done(std::move(outcomes[i]));
    } else {
      batch[i].done(std::move(outcomes[i].front()));
    }
  }
  // Callers first: journal readers woken here can wait the few microseconds.
  if (committed) notifier_.Publish(head.sequence);
}

absl::StatusOr<CommandOutcome> LedgerEngine::ApplyOne(const std::string& principal,
                                                      const internal::LedgerCommand& command,
                                                      const std::string& fingerprint,
                                                      absl::Time commit_time, JournalHead* head,
                                                      BatchView& view, WriteSet* writes) {
  const std::string request_id = RequestIdOf(command);
  const std::string request_key = RequestRecordKey(principal, request_id);
  absl::StatusOr<internal::RequestRecord> seen = view.FindRequest(request_key);
  if (seen.ok()) {
    if (seen->fingerprint() != fingerprint) return RequestIdReused();
    return CommandOutcome{seen->result(), /*replayed=*/true};
  }
  if (!absl::IsNotFound(seen.status())) return seen.status();

  const uint64_t sequence = head->sequence + 1;
  const int64_t commit_time_us = absl::ToUnixMicros(commit_time);
  DecideContext context;
  context.state = &view;
  context.entry_event = [&view](uint64_t s) { return view.EntryEvent(s); };
  context.today = Today(commit_time);
  context.next_sequence = sequence;
  absl::StatusOr<v1::Event> event = DecideCommand(command, context);
  if (!event.ok()) return event.status();

  // It always should apply: the rules decided it against this very state.
  absl::StatusOr<internal::CommandResult> result =
      ApplyEntryToBatch(sequence, commit_time_us, *event, view);
  if (!result.ok()) {
    LogLine(LogLevel::kError, "event_does_not_apply")
        .Str("message", "a decided event does not apply (a bug; nothing written)")
        .Str("error", result.status().ToString())
        .Write();
    return absl::InternalError("the ledger could not apply this command; nothing was written");
  }

  internal::EntryBody body;
  body.set_principal(principal);
  body.set_request_id(std::string(request_id));
  *body.mutable_event() = std::move(*event);
  const std::string body_bytes = SerializeEntryBody(body);
  Invariant(body_bytes.size() <= kMaxEntryBodyBytes, "entry body is bounded");
  EncodedEntry entry = EncodeEntry(sequence, commit_time_us, head->hash, body_bytes, hasher_);
  CommandOutcome outcome{*result, /*replayed=*/false};
  RecordEntry(sequence, entry.record, request_key, fingerprint, std::move(*result), view, writes);
  *head = JournalHead{sequence, std::move(entry.hash)};
  return outcome;
}

}  // namespace ledger
