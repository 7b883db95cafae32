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
#include "ledger/server/journal_tail.h"

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
