// JournalService's replication RPCs: ReplicateJournal (a follower's feed),
// GetReplicationStatus and PromoteToPrimary (docs/RESILIENCE.md "Followers"). The rest of
// the service is in journal_service.cc.
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "ledger/base/error.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/replica/follower.h"
#include "ledger/server/handler_support.h"
#include "ledger/server/journal_service.h"
#include "ledger/server/journal_tail.h"
#include "ledger/store/request_key.h"

namespace ledger {
namespace {

constexpr char kReplicateJournal[] = "microloan.ledger.v1.JournalService.ReplicateJournal";
constexpr char kGetReplicationStatus[] = "microloan.ledger.v1.JournalService.GetReplicationStatus";
constexpr char kPromoteToPrimary[] = "microloan.ledger.v1.JournalService.PromoteToPrimary";

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
    grpc::CallbackServerContext* context, const v1::PromoteToPrimaryRequest* request,
    v1::PromoteToPrimaryResponse* response) {
  return AnswerRead(context, *callers_, kPromoteToPrimary, [&](const Caller&) -> absl::Status {
    // Serialised, so two admins promoting at once both see one promotion.
    absl::MutexLock lock(&promote_mu_);
    response->set_already_primary(!engine_->is_follower());
    if (engine_->is_follower()) {
      if (follower_ != nullptr) {
        // The follower thread first (bounded: it cancels its stream and waits at most for the
        // batch in flight; one still queued is refused by the promoted engine), and before the
        // check below, so that a divergence found meanwhile cannot slip past it.
        follower_->Stop();
        const FollowerStatus status = follower_->status();
        if (status.state == FollowerState::kDiverged && !request->force()) {
          // Its history is not the primary's: promoting it silently would make a fork the
          // ledger of record. The operator re-seeds it, or says so (force). It stays DIVERGED.
          return Refuse(absl::StatusCode::kFailedPrecondition, reason::kReplicaDiverged, "force",
                        absl::StrCat("this follower's history differs from the primary's (",
                                     status.last_error,
                                     "); re-seed it, or set force to make this forked history "
                                     "the primary"));
        }
        follower_->StopForPromotion();  // stopped already: only the state becomes PROMOTED
      }
      engine_->Promote();
    }
    const JournalHead head = engine_->head();
    response->set_head_sequence(head.sequence);
    response->set_head_hash(head.hash);
    return absl::OkStatus();
  });
}

}  // namespace ledger
