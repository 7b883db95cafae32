// JournalService over gRPC's callback API: entries by sequence, pages, the head, bounded
// chain verification, and StreamEntries, which sends every entry from a sequence number on
// and then each new one as the writer makes it durable (woken by the CommitNotifier; no
// polling, no thread per stream). ReplicateJournal feeds followers the same way
// (ledger/replica/follower.h); GetReplicationStatus and PromoteToPrimary are the operator's
// view and switch of a follower. The replication RPCs are in journal_replication.cc, the
// tailing stream both kinds of stream share in journal_tail.h.
//
//   JournalServiceImpl journal(engine.get(), store.get(), &callers, signer.get());  // or nullptr
//   builder.RegisterService(&journal);
#ifndef LEDGER_SERVER_JOURNAL_SERVICE_H_
#define LEDGER_SERVER_JOURNAL_SERVICE_H_

#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/replica/follower.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"

namespace ledger {

inline constexpr int kDefaultEntriesPageSize = 100;
inline constexpr int kMaxEntriesPageSize = 1000;
// A ReplicateJournal batch: at most this many entries, and records of about this many bytes
// (one record may exceed it alone), far below the 4 MiB send limit.
inline constexpr size_t kMaxReplicationBatchEntries = 1000;
inline constexpr size_t kMaxReplicationBatchBytes = 1 << 20;

class JournalServiceImpl final : public v1::JournalService::CallbackService {
 public:
  // `checkpoint_signer` may be null: GetCheckpoint then refuses (CHECKPOINT_KEY_NOT_CONFIGURED).
  // CreateBackup writes under `backup_dir` (created when needed); empty: it refuses.
  // `follower` is the follower thread of a server started as a follower (null on a primary).
  JournalServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers,
                     const CheckpointSigner* checkpoint_signer = nullptr,
                     std::string backup_dir = "", Follower* follower = nullptr)
      : engine_(engine),
        store_(store),
        callers_(callers),
        checkpoint_signer_(checkpoint_signer),
        backup_dir_(std::move(backup_dir)),
        follower_(follower) {}

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
  grpc::ServerWriteReactor<v1::ReplicationBatch>* ReplicateJournal(
      grpc::CallbackServerContext* context, const v1::ReplicateJournalRequest* request) override;
  grpc::ServerUnaryReactor* GetReplicationStatus(grpc::CallbackServerContext* context,
                                                 const v1::GetReplicationStatusRequest* request,
                                                 v1::ReplicationStatus* response) override;
  // Blocks its gRPC thread while the follower thread stops (bounded; see Follower). A
  // DIVERGED follower is refused (FAILED_PRECONDITION / REPLICA_DIVERGED) unless
  // request->force(); it then stays DIVERGED, stopped.
  grpc::ServerUnaryReactor* PromoteToPrimary(grpc::CallbackServerContext* context,
                                             const v1::PromoteToPrimaryRequest* request,
                                             v1::PromoteToPrimaryResponse* response) override;

 private:
  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
  const CheckpointSigner* const checkpoint_signer_;
  const std::string backup_dir_;
  Follower* const follower_;
  absl::Mutex promote_mu_;
};

// Whether `name` may name a backup: 1 to 64 of [A-Za-z0-9._-], not "." or "..", so that it is
// one directory directly inside the backup directory.
bool IsValidBackupName(absl::string_view name);

}  // namespace ledger

#endif  // LEDGER_SERVER_JOURNAL_SERVICE_H_
