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
constexpr size_t kMaxBackupNameLength = 64;

// Streams entries in order, one write in flight at a time. When it catches up with the head
// it registers a wake-up with the CommitNotifier and sleeps; the writer's Publish wakes it.
//
// Lifetime: gRPC deletes the reactor after OnDone. A wake-up may race with that, so it goes
// through a shared WakeTarget that OnDone detaches under the target's lock.
class EntryStream final : public grpc::ServerWriteReactor<v1::JournalEntry> {
 public:
  EntryStream(const Store* store, CommitNotifier* notifier, uint64_t next_sequence, Caller caller,
              const CallerResolver* callers)
      : caller_(std::move(caller)),
        callers_(callers),
        store_(store),
        notifier_(notifier),
        next_sequence_(next_sequence),
        target_(std::make_shared<WakeTarget>(this)) {
    SendNext();
  }

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

 private:
  struct WakeTarget {
    explicit WakeTarget(EntryStream* s) : stream(s) {}
    void Wake() {
      absl::MutexLock lock(&mu);
      if (stream != nullptr) stream->SendNext();
    }
    void Detach() {
      absl::MutexLock lock(&mu);
      stream = nullptr;
    }
    absl::Mutex mu;
    EntryStream* stream ABSL_GUARDED_BY(mu);
  };

  // REQUIRES: no write in flight.
  void SendNext() {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    waiting_ = false;
    // At most two rounds: read; if caught up, register; if the head moved meanwhile, read
    // again (then it cannot be caught up).
    // A policy reload (SIGHUP) may have revoked or changed the caller's grant since the
    // stream started; a stream is re-checked before each entry it sends.
    absl::StatusOr<Grant> grant = callers_->GrantOf(caller_.principal);
    if (!grant.ok() || grant->role != caller_.grant.role || grant->scope != caller_.grant.scope) {
      FinishLocked(
          ToGrpcStatus(Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, "",
                              "your grant changed; reconnect")));
      return;
    }
    for (int round = 0; round < 2; ++round) {
      if (notifier_->closed()) {  // shutting down: end even a stream that is catching up
        FinishLocked(ShuttingDown());
        return;
      }
      absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, next_sequence_);
      // Entries the caller may not see are skipped (a bank sees its own loans' entries). A
      // turn skips at most kMaxSkippedPerTurn of them, then hands the rest to the notifier
      // thread, so one stream never holds a server thread for a long walk.
      for (int skipped = 0; entry.ok() && !CanSeeEntry(caller_, *entry); ++skipped) {
        ++next_sequence_;
        if (skipped + 1 >= kMaxSkippedPerTurn) {
          std::shared_ptr<WakeTarget> target = target_;
          if (!notifier_->Defer([target] { target->Wake(); })) {
            FinishLocked(notifier_->closed() ? ShuttingDown() : TooManyStreams());
          }
          return;
        }
        entry = ReadEntry(*store_, next_sequence_);
      }
      if (entry.ok()) {
        current_ = std::move(*entry);
        RedactEntry(caller_, &current_);
        ++next_sequence_;
        StartWrite(&current_);
        return;
      }
      if (!absl::IsNotFound(entry.status())) {
        FinishLocked(ToGrpcStatus(entry.status()));
        return;
      }
      std::shared_ptr<WakeTarget> target = target_;
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
    Finish(std::move(status));
  }

  const Caller caller_;
  const CallerResolver* const callers_;
  const Store* const store_;
  CommitNotifier* const notifier_;
  absl::Mutex mu_;
  uint64_t next_sequence_ ABSL_GUARDED_BY(mu_);
  v1::JournalEntry current_ ABSL_GUARDED_BY(mu_);  // the write in flight
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool waiting_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t waiter_id_ ABSL_GUARDED_BY(mu_) = 0;
  const std::shared_ptr<WakeTarget> target_;
};

// Refuses a stream before it starts.
class RefusedStream final : public grpc::ServerWriteReactor<v1::JournalEntry> {
 public:
  explicit RefusedStream(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
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
  if (!caller.ok()) return new RefusedStream(caller.status());
  const uint64_t start = request->start_sequence() == 0 ? 1 : request->start_sequence();
  const uint64_t head = engine_->head().sequence;
  if (start > head + 1) {
    // It would wait, holding a waiter slot, for entries that may never come.
    return new RefusedStream(
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
