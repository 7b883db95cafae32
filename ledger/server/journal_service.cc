#include "ledger/server/journal_service.h"

#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/error.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"
#include "ledger/store/request_key.h"

namespace ledger {
namespace {

// Entries a stream may read past without sending (other banks') before it yields its thread.
constexpr int kMaxSkippedPerTurn = 1000;

constexpr char kGetEntry[] = "microloan.ledger.v1.JournalService.GetEntry";
constexpr char kListEntries[] = "microloan.ledger.v1.JournalService.ListEntries";
constexpr char kStreamEntries[] = "microloan.ledger.v1.JournalService.StreamEntries";
constexpr char kGetHead[] = "microloan.ledger.v1.JournalService.GetHead";
constexpr char kVerifyChain[] = "microloan.ledger.v1.JournalService.VerifyChain";
constexpr char kGetCheckpoint[] = "microloan.ledger.v1.JournalService.GetCheckpoint";
constexpr char kCreateBackup[] = "microloan.ledger.v1.JournalService.CreateBackup";
constexpr char kReplicateJournal[] = "microloan.ledger.v1.JournalService.ReplicateJournal";
constexpr char kGetReplicationStatus[] = "microloan.ledger.v1.JournalService.GetReplicationStatus";
constexpr char kPromoteToPrimary[] = "microloan.ledger.v1.JournalService.PromoteToPrimary";
constexpr size_t kMaxBackupNameLength = 64;

// What a tailing stream's producer did: filled a message to send, found nothing new yet
// (the stream then waits for the next commit), or walked far without filling one and wants
// its thread given back (the stream continues on the notifier thread).
enum class Produced { kMessage, kCaughtUp, kYield };

// The journal-tailing loop shared by StreamEntries and ReplicateJournal: messages built from
// the journal in order, one write in flight at a time. When the producer has caught up with
// the head, the stream registers a wake-up with the CommitNotifier and sleeps; the writer's
// Publish wakes it. Subclasses implement Produce and call Start() at the end of their
// constructor.
//
// Lifetime: gRPC deletes the reactor after OnDone. A wake-up may race with that, so it goes
// through a shared WakeTarget that OnDone detaches under the target's lock.
template <typename Message>
class JournalTail : public grpc::ServerWriteReactor<Message> {
 public:
  JournalTail(CommitNotifier* notifier, uint64_t next_sequence, Caller caller,
              const CallerResolver* callers)
      : caller_(std::move(caller)),
        callers_(callers),
        notifier_(notifier),
        next_sequence_(next_sequence),
        target_(std::make_shared<WakeTarget>(this)) {}

  void OnWriteDone(bool ok) override {
    if (!ok) {  // the client went away; OnCancel follows
      absl::MutexLock lock(&mu_);
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream write failed"));
      return;
    }
    SendNext();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }

  void OnDone() override {
    target_->Detach();
    delete this;
  }

 protected:
  void Start() { SendNext(); }

  // Builds the next message from *next_sequence on into *out (cleared by the caller) and
  // advances *next_sequence past what it read. Runs under the stream's lock, on a gRPC or
  // notifier thread: it must be bounded.
  virtual absl::StatusOr<Produced> Produce(const Caller& caller, uint64_t* next_sequence,
                                           Message* out) = 0;

  CommitNotifier* notifier() const { return notifier_; }

 private:
  struct WakeTarget {
    explicit WakeTarget(JournalTail* s) : stream(s) {}
    void Wake() {
      absl::MutexLock lock(&mu);
      if (stream != nullptr) stream->SendNext();
    }
    void Detach() {
      absl::MutexLock lock(&mu);
      stream = nullptr;
    }
    absl::Mutex mu;
    JournalTail* stream ABSL_GUARDED_BY(mu);
  };

  // REQUIRES: no write in flight.
  void SendNext() {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    waiting_ = false;
    // A policy reload (SIGHUP) may have revoked or changed the caller's grant since the
    // stream started; a stream is re-checked before each message it sends.
    absl::StatusOr<Grant> grant = callers_->GrantOf(caller_.principal);
    if (!grant.ok() || grant->role != caller_.grant.role || grant->scope != caller_.grant.scope) {
      FinishLocked(
          ToGrpcStatus(Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, "",
                              "your grant changed; reconnect")));
      return;
    }
    // At most two rounds: produce; if caught up, register; if the head moved meanwhile,
    // produce again (then it cannot be caught up).
    for (int round = 0; round < 2; ++round) {
      if (notifier_->closed()) {  // shutting down: end even a stream that is catching up
        FinishLocked(ShuttingDown());
        return;
      }
      current_.Clear();
      absl::StatusOr<Produced> produced = Produce(caller_, &next_sequence_, &current_);
      if (!produced.ok()) {
        FinishLocked(ToGrpcStatus(produced.status()));
        return;
      }
      std::shared_ptr<WakeTarget> target = target_;
      if (*produced == Produced::kMessage) {
        this->StartWrite(&current_);
        return;
      }
      if (*produced == Produced::kYield) {
        if (!notifier_->Defer([target] { target->Wake(); })) {
          FinishLocked(notifier_->closed() ? ShuttingDown() : TooManyStreams());
        }
        return;
      }
      switch (notifier_->Wait(next_sequence_ - 1, &waiter_id_, [target] { target->Wake(); })) {
        case CommitNotifier::WaitResult::kWaiting:
          waiting_ = true;
          return;
        case CommitNotifier::WaitResult::kReady:
          continue;
        case CommitNotifier::WaitResult::kClosed:
          FinishLocked(ShuttingDown());
          return;
        case CommitNotifier::WaitResult::kFull:
          FinishLocked(TooManyStreams());
          return;
      }
    }
    // Two rounds always end in a write, a wait or a finish: a head past next_sequence_ means
    // the entry exists. Never leave the stream hanging if that ever stops being true.
    FinishLocked(grpc::Status(grpc::StatusCode::INTERNAL, "journal stream lost its place"));
  }

  static grpc::Status TooManyStreams() {
    return ToGrpcStatus(Refuse(absl::StatusCode::kResourceExhausted, reason::kTooManyStreams, "",
                               "too many journal streams are open"));
  }

  static grpc::Status ShuttingDown() {
    return ToGrpcStatus(Refuse(absl::StatusCode::kUnavailable, reason::kShuttingDown, "",
                               "the server is shutting down; resume from the next sequence"));
  }

  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    if (waiting_) notifier_->Cancel(waiter_id_);
    this->Finish(std::move(status));
  }

  const Caller caller_;
  const CallerResolver* const callers_;
  CommitNotifier* const notifier_;
  absl::Mutex mu_;
  uint64_t next_sequence_ ABSL_GUARDED_BY(mu_);
  Message current_ ABSL_GUARDED_BY(mu_);  // the write in flight
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool waiting_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t waiter_id_ ABSL_GUARDED_BY(mu_) = 0;
  const std::shared_ptr<WakeTarget> target_;
};

// StreamEntries: the entries the caller may see, redacted for it, one per message.
class EntryStream final : public JournalTail<v1::JournalEntry> {
 public:
  EntryStream(const Store* store, CommitNotifier* notifier, uint64_t next_sequence, Caller caller,
              const CallerResolver* callers)
      : JournalTail(notifier, next_sequence, std::move(caller), callers), store_(store) {
    Start();
  }

 private:
  absl::StatusOr<Produced> Produce(const Caller& caller, uint64_t* next_sequence,
                                   v1::JournalEntry* out) override {
    absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, *next_sequence);
    // Entries the caller may not see are skipped (a bank sees its own loans' entries). A turn
    // skips at most kMaxSkippedPerTurn of them, then hands the rest to the notifier thread, so
    // one stream never holds a server thread for a long walk.
    for (int skipped = 0; entry.ok() && !CanSeeEntry(caller, *entry); ++skipped) {
      ++*next_sequence;
      if (skipped + 1 >= kMaxSkippedPerTurn) return Produced::kYield;
      entry = ReadEntry(*store_, *next_sequence);
    }
    if (entry.ok()) {
      *out = std::move(*entry);
      RedactEntry(caller, out);
      ++*next_sequence;
      return Produced::kMessage;
    }
    if (!absl::IsNotFound(entry.status())) return entry.status();
    return Produced::kCaughtUp;
  }

  const Store* const store_;
};

// ReplicateJournal: stored records verbatim with their request fingerprints, in batches of at
// most kMaxReplicationBatchEntries and about kMaxReplicationBatchBytes. The first message is
// sent at once, even empty, so that a follower learns the primary's head (and that it is
// connected) without waiting for the next commit.
class ReplicationStream final : public JournalTail<v1::ReplicationBatch> {
 public:
  ReplicationStream(const Store* store, CommitNotifier* notifier, uint64_t next_sequence,
                    Caller caller, const CallerResolver* callers)
      : JournalTail(notifier, next_sequence, std::move(caller), callers), store_(store) {
    Start();
  }

 private:
  absl::StatusOr<Produced> Produce(const Caller&, uint64_t* next_sequence,
                                   v1::ReplicationBatch* out) override {
    // Read before the entries: entries read may be newer than it, never older.
    out->set_primary_head_sequence(notifier()->head());
    size_t bytes = 0;
    while (out->entries_size() < static_cast<int>(kMaxReplicationBatchEntries)) {
      absl::StatusOr<std::string> record =
          store_->Get(Family::kJournal, JournalKey(*next_sequence));
      if (absl::IsNotFound(record.status())) break;
      if (!record.ok()) return record.status();
      // One record alone may be up to kMaxEntryBodyBytes: still far below the send limit.
      if (out->entries_size() > 0 && bytes + record->size() > kMaxReplicationBatchBytes) break;
      absl::StatusOr<std::string> fingerprint = FingerprintOf(*next_sequence, *record);
      if (!fingerprint.ok()) return fingerprint.status();
      bytes += record->size();
      v1::ReplicatedEntry* entry = out->add_entries();
      entry->set_sequence(*next_sequence);
      entry->set_record(std::move(*record));
      entry->set_request_fingerprint(std::move(*fingerprint));
      ++*next_sequence;
    }
    if (out->entries_size() == 0 && sent_first_) return Produced::kCaughtUp;
    sent_first_ = true;
    return Produced::kMessage;
  }

  // The fingerprint in the request record the entry was written with (same batch).
  absl::StatusOr<std::string> FingerprintOf(uint64_t sequence, const std::string& record) {
    absl::StatusOr<DecodedEntry> decoded = DecodeEntry(record);
    if (!decoded.ok()) return decoded.status();
    internal::EntryBody body;
    if (!body.ParseFromString(decoded->body)) {
      return absl::DataLossError(absl::StrCat("journal entry ", sequence, ": body corrupt"));
    }
    absl::StatusOr<std::string> bytes =
        store_->Get(Family::kRequests, RequestRecordKey(body.principal(), body.request_id()));
    if (!bytes.ok()) {
      return absl::DataLossError(
          absl::StrCat("journal entry ", sequence,
                       ": its request record cannot be read: ", bytes.status().message()));
    }
    internal::RequestRecord request;
    if (!request.ParseFromString(*bytes)) {
      return absl::DataLossError(
          absl::StrCat("journal entry ", sequence, ": its request record is corrupt"));
    }
    return request.fingerprint();
  }

  const Store* const store_;
  bool sent_first_ = false;  // guarded by the stream's lock (Produce runs under it)
};

// Refuses a stream before it starts.
template <typename Message = v1::JournalEntry>
class RefusedStream final : public grpc::ServerWriteReactor<Message> {
 public:
  explicit RefusedStream(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* JournalServiceImpl::GetEntry(grpc::CallbackServerContext* context,
                                                       const v1::GetEntryRequest* request,
                                                       v1::JournalEntry* response) {
  return AnswerRead(context, *callers_, kGetEntry, [&](const Caller& caller) -> absl::Status {
    if (request->sequence() == 0) {
      return InvalidArgument(reason::kFieldRequired, "sequence",
                             "sequence is required; the journal starts at 1");
    }
    absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, request->sequence());
    if (!entry.ok()) return entry.status();
    if (!CanSeeEntry(caller, *entry)) {  // as if it did not exist
      return Refuse(absl::StatusCode::kNotFound, reason::kEntryNotFound, "sequence",
                    absl::StrCat("no journal entry ", request->sequence()));
    }
    *response = std::move(*entry);
    RedactEntry(caller, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* JournalServiceImpl::ListEntries(grpc::CallbackServerContext* context,
                                                          const v1::ListEntriesRequest* request,
                                                          v1::ListEntriesResponse* response) {
  return AnswerRead(context, *callers_, kListEntries, [&](const Caller& caller) -> absl::Status {
    absl::StatusOr<int> page_size =
        ResolvePageSize(request->page_size(), kDefaultEntriesPageSize, kMaxEntriesPageSize);
    if (!page_size.ok()) return page_size.status();
    const uint64_t start = request->start_sequence() == 0 ? 1 : request->start_sequence();
    std::vector<v1::JournalEntry> entries;
    if (absl::Status s = ReadEntries(*store_, start, *page_size, &entries); !s.ok()) return s;
    // The page covers `entries.size()` sequence numbers; those the caller may not see are
    // left out, so a bank's page can be short (or empty) and still continue.
    for (auto& entry : entries) {
      if (!CanSeeEntry(caller, entry)) continue;
      RedactEntry(caller, &entry);
      *response->add_entries() = std::move(entry);
    }
    response->set_next_sequence(start + entries.size());
    response->set_head_sequence(engine_->head().sequence);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::JournalEntry>* JournalServiceImpl::StreamEntries(
    grpc::CallbackServerContext* context, const v1::StreamEntriesRequest* request) {
  absl::StatusOr<Caller> caller = callers_->Resolve(*context, kStreamEntries);
  if (!caller.ok()) return new RefusedStream<>(caller.status());
  const uint64_t start = request->start_sequence() == 0 ? 1 : request->start_sequence();
  const uint64_t head = engine_->head().sequence;
  if (start > head + 1) {
    // It would wait, holding a waiter slot, for entries that may never come.
    return new RefusedStream<>(
        Refuse(absl::StatusCode::kOutOfRange, reason::kOutOfRange, "start_sequence",
               absl::StrCat("start_sequence ", start, " is past the head ", head, " + 1")));
  }
  return new EntryStream(store_, &engine_->notifier(), start, std::move(*caller), callers_);
}

grpc::ServerUnaryReactor* JournalServiceImpl::GetHead(grpc::CallbackServerContext* context,
                                                      const v1::GetHeadRequest*,
                                                      v1::JournalHead* response) {
  return AnswerRead(context, *callers_, kGetHead, [&](const Caller&) -> absl::Status {
    const JournalHead head = engine_->head();
    response->set_sequence(head.sequence);
    response->set_hash(head.hash);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* JournalServiceImpl::VerifyChain(grpc::CallbackServerContext* context,
                                                          const v1::VerifyChainRequest* request,
                                                          v1::VerifyChainResponse* response) {
  return AnswerRead(context, *callers_, kVerifyChain, [&](const Caller&) -> absl::Status {
    if (request->max_entries() > kMaxVerifyEntries) {
      return InvalidArgument(reason::kPageSizeOutOfRange, "max_entries",
                             absl::StrCat("max_entries must be at most ", kMaxVerifyEntries));
    }
    absl::StatusOr<v1::VerifyChainResponse> report =
        VerifyChainRange(*store_, request->start_sequence(), request->max_entries());
    if (!report.ok()) return report.status();
    *response = std::move(*report);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* JournalServiceImpl::GetCheckpoint(grpc::CallbackServerContext* context,
                                                            const v1::GetCheckpointRequest*,
                                                            v1::SignedCheckpoint* response) {
  return AnswerRead(context, *callers_, kGetCheckpoint, [&](const Caller&) -> absl::Status {
    if (checkpoint_signer_ == nullptr) {
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kCheckpointKeyNotConfigured, "",
                    "this server has no checkpoint key (ledgerd --checkpoint_key_file)");
    }
    // The durable head: every entry up to it is fsync'd, so the checkpoint never signs
    // history that a crash could still undo.
    const JournalHead head = engine_->head();
    absl::StatusOr<v1::SignedCheckpoint> checkpoint =
        checkpoint_signer_->Sign(head.sequence, head.hash, absl::Now());
    if (!checkpoint.ok()) return checkpoint.status();
    *response = std::move(*checkpoint);
    return absl::OkStatus();
  });
}

bool IsValidBackupName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxBackupNameLength || name == "." || name == "..") {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

grpc::ServerUnaryReactor* JournalServiceImpl::CreateBackup(grpc::CallbackServerContext* context,
                                                           const v1::CreateBackupRequest* request,
                                                           v1::CreateBackupResponse* response) {
  return AnswerRead(context, *callers_, kCreateBackup, [&](const Caller&) -> absl::Status {
    const std::string& name = request->name();
    if (!IsValidBackupName(name)) {
      return InvalidArgument(reason::kInvalidBackupName, "name",
                             "a backup name is 1 to 64 of A-Z a-z 0-9 . _ - (not . or ..)");
    }
    if (backup_dir_.empty()) {
      return absl::FailedPreconditionError("this server has no backup directory");
    }
    std::error_code error;
    std::filesystem::create_directories(backup_dir_, error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("cannot create backup directory ", backup_dir_, ": ", error.message()));
    }
    const std::string path = (std::filesystem::path(backup_dir_) / name).string();
    if (std::filesystem::exists(path, error)) {
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kBackupExists, "name",
                    absl::StrCat("backup ", name, " already exists; choose another name"));
    }
    if (absl::Status made = store_->Checkpoint(path); !made.ok()) {
      if (made.code() == absl::StatusCode::kFailedPrecondition &&
          std::filesystem::exists(path, error)) {  // a concurrent backup of the same name
        return Refuse(absl::StatusCode::kFailedPrecondition, reason::kBackupExists, "name",
                      absl::StrCat("backup ", name, " already exists; choose another name"));
      }
      return made;
    }
    // The one file of the data directory outside RocksDB: the identity key check
    // (ledger/privacy/national_id.h), so that a restore refuses a different key as the
    // original directory would.
    const std::filesystem::path check =
        std::filesystem::path(store_->path()) / "identity-key.check";
    if (std::filesystem::exists(check, error)) {
      std::filesystem::copy_file(check, std::filesystem::path(path) / "identity-key.check", error);
      if (error) {
        return absl::UnavailableError(
            absl::StrCat("cannot copy ", check.string(), " into ", path, ": ", error.message()));
      }
    }
    // The head as the backup holds it, read from the backup itself: writes go on meanwhile.
    StoreOptions read_only;
    read_only.read_only = true;
    read_only.create_if_missing = false;
    absl::StatusOr<std::unique_ptr<Store>> backup = Store::Open(path, read_only);
    if (!backup.ok()) return backup.status();
    absl::StatusOr<JournalHead> head = ReadHead(**backup);
    if (!head.ok()) return head.status();
    response->set_path(path);
    response->set_head_sequence(head->sequence);
    response->set_head_hash(head->hash);
    return absl::OkStatus();
  });
}

}  // namespace ledger

namespace ledger {

grpc::ServerWriteReactor<v1::ReplicationBatch>* JournalServiceImpl::ReplicateJournal(
    grpc::CallbackServerContext* context, const v1::ReplicateJournalRequest* request) {
  absl::StatusOr<Caller> caller = callers_->Resolve(*context, kReplicateJournal);
  if (!caller.ok()) return new RefusedStream<v1::ReplicationBatch>(caller.status());
  const uint64_t from = request->from_sequence() == 0 ? 1 : request->from_sequence();
  const JournalHead head = engine_->head();
  if (from > head.sequence + 1) {
    // The follower holds entries this server does not: their histories differ (or this
    // primary was restored from an older backup). Never wait for entries that would clash.
    return new RefusedStream<v1::ReplicationBatch>(
        Refuse(absl::StatusCode::kOutOfRange, reason::kOutOfRange, "from_sequence",
               absl::StrCat("from_sequence ", from, " is past this server's head ", head.sequence,
                            " + 1: the follower has entries this primary does not")));
  }
  if (!request->expected_prev_hash().empty() && from > 1) {
    // The follower's head must be this server's entry from - 1, or every later entry would be
    // refused one batch at a time; say so at once.
    absl::StatusOr<std::string> record = store_->Get(Family::kJournal, JournalKey(from - 1));
    absl::StatusOr<DecodedEntry> decoded =
        record.ok() ? DecodeEntry(*record) : absl::StatusOr<DecodedEntry>(record.status());
    if (!decoded.ok()) return new RefusedStream<v1::ReplicationBatch>(decoded.status());
    if (decoded->hash != request->expected_prev_hash()) {
      return new RefusedStream<v1::ReplicationBatch>(Refuse(
          absl::StatusCode::kFailedPrecondition, reason::kReplicaDiverged, "expected_prev_hash",
          absl::StrCat("the follower's entry ", from - 1,
                       " differs from this primary's: their histories diverged")));
    }
  }
  return new ReplicationStream(store_, &engine_->notifier(), from, std::move(*caller), callers_);
}

namespace {

v1::ReplicationStatus::State StateOf(FollowerState state) {
  switch (state) {
    case FollowerState::kConnecting:
      return v1::ReplicationStatus::CONNECTING;
    case FollowerState::kStreaming:
      return v1::ReplicationStatus::STREAMING;
    case FollowerState::kDiverged:
      return v1::ReplicationStatus::DIVERGED;
    case FollowerState::kStopped:
      return v1::ReplicationStatus::STOPPED;
    case FollowerState::kPromoted:
      return v1::ReplicationStatus::PROMOTED;
  }
  return v1::ReplicationStatus::STATE_UNSPECIFIED;
}

}  // namespace

grpc::ServerUnaryReactor* JournalServiceImpl::GetReplicationStatus(
    grpc::CallbackServerContext* context, const v1::GetReplicationStatusRequest*,
    v1::ReplicationStatus* response) {
  return AnswerRead(context, *callers_, kGetReplicationStatus, [&](const Caller&) -> absl::Status {
    const JournalHead head = engine_->head();
    response->set_role(engine_->is_follower() ? v1::ReplicationStatus::FOLLOWER
                                              : v1::ReplicationStatus::PRIMARY);
    response->set_head_sequence(head.sequence);
    response->set_head_hash(head.hash);
    if (follower_ != nullptr) {
      const FollowerStatus status = follower_->status();
      response->set_state(StateOf(status.state));
      response->set_primary(status.primary_address);
      response->set_primary_head_sequence(status.primary_head_sequence);
      response->set_last_error(status.last_error);
      response->set_reconnects(status.reconnects);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* JournalServiceImpl::PromoteToPrimary(
    grpc::CallbackServerContext* context, const v1::PromoteToPrimaryRequest*,
    v1::PromoteToPrimaryResponse* response) {
  return AnswerRead(context, *callers_, kPromoteToPrimary, [&](const Caller&) -> absl::Status {
    // Serialised, so two admins promoting at once both see one promotion.
    absl::MutexLock lock(&promote_mu_);
    response->set_already_primary(!engine_->is_follower());
    if (engine_->is_follower()) {
      // The follower thread first (bounded: it cancels its stream and waits for the batch in
      // flight), so that no replicated batch can queue behind the first commands.
      if (follower_ != nullptr) follower_->StopForPromotion();
      engine_->Promote();
    }
    const JournalHead head = engine_->head();
    response->set_head_sequence(head.sequence);
    response->set_head_hash(head.hash);
    return absl::OkStatus();
  });
}

}  // namespace ledger
