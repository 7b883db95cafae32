// JournalService over gRPC's callback API: entries by sequence, pages, the head, bounded
// chain verification, and StreamEntries, which sends every entry from a sequence number on
// and then each new one as the writer makes it durable (woken by the CommitNotifier; no
// polling, no thread per stream).
//
//   JournalServiceImpl journal(engine.get(), store.get(), &callers, signer.get());  // or nullptr
//   builder.RegisterService(&journal);
#ifndef LEDGER_SERVER_JOURNAL_SERVICE_H_
#define LEDGER_SERVER_JOURNAL_SERVICE_H_

#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"

namespace ledger {

inline constexpr int kDefaultEntriesPageSize = 100;
inline constexpr int kMaxEntriesPageSize = 1000;

class JournalServiceImpl final : public v1::JournalService::CallbackService {
 public:
  // `checkpoint_signer` may be null: GetCheckpoint then refuses (CHECKPOINT_KEY_NOT_CONFIGURED).
  // CreateBackup writes under `backup_dir` (created when needed); empty: it refuses.
  JournalServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers,
                     const CheckpointSigner* checkpoint_signer = nullptr,
                     std::string backup_dir = "")
      : engine_(engine),
        store_(store),
        callers_(callers),
        checkpoint_signer_(checkpoint_signer),
        backup_dir_(std::move(backup_dir)) {}

  grpc::ServerUnaryReactor* GetEntry(grpc::CallbackServerContext* context,
                                     const v1::GetEntryRequest* request,
                                     v1::JournalEntry* response) override;
  grpc::ServerUnaryReactor* ListEntries(grpc::CallbackServerContext* context,
                                        const v1::ListEntriesRequest* request,
                                        v1::ListEntriesResponse* response) override;
  grpc::ServerWriteReactor<v1::JournalEntry>* StreamEntries(
      grpc::CallbackServerContext* context, const v1::StreamEntriesRequest* request) override;
  grpc::ServerUnaryReactor* GetHead(grpc::CallbackServerContext* context,
                                    const v1::GetHeadRequest* request,
                                    v1::JournalHead* response) override;
  grpc::ServerUnaryReactor* VerifyChain(grpc::CallbackServerContext* context,
                                        const v1::VerifyChainRequest* request,
                                        v1::VerifyChainResponse* response) override;
  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* context,
                                          const v1::GetCheckpointRequest* request,
                                          v1::SignedCheckpoint* response) override;
  grpc::ServerUnaryReactor* CreateBackup(grpc::CallbackServerContext* context,
                                         const v1::CreateBackupRequest* request,
                                         v1::CreateBackupResponse* response) override;

 private:
  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
  const CheckpointSigner* const checkpoint_signer_;
  const std::string backup_dir_;
};

// Whether `name` may name a backup: 1 to 64 of [A-Za-z0-9._-], not "." or "..", so that it is
// one directory directly inside the backup directory.
bool IsValidBackupName(absl::string_view name);

}  // namespace ledger

#endif  // LEDGER_SERVER_JOURNAL_SERVICE_H_
