#include "ledger/engine/replicated_apply.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/chain_verifier.h"
#include "ledger/store/request_key.h"

namespace ledger {
namespace {

absl::Status Diverged(uint64_t sequence, absl::string_view problem) {
  return Refuse(absl::StatusCode::kDataLoss, reason::kReplicaDiverged, "",
                absl::StrCat("replicated entry ", sequence, ": ", problem,
                             "; this follower's history and the primary's differ, nothing of "
                             "the batch was written"));
}

// Checks the leading entries that this follower already holds (sequence <= head): a
// re-delivery after a reconnect (the follower resumes from its durable head, and a batch it
// gave up waiting for may have been applied meanwhile). Each must be the stored record byte
// for byte; anything else at a stored sequence is another history. Returns how many to skip.
absl::StatusOr<size_t> AlreadyHeld(const std::vector<v1::ReplicatedEntry>& entries,
                                   const JournalHead& head, const BatchView& view) {
  size_t held = 0;
  for (; held < entries.size() && entries[held].sequence() <= head.sequence; ++held) {
    const v1::ReplicatedEntry& entry = entries[held];
    if (entry.sequence() != entries.front().sequence() + held || entry.sequence() == 0) {
      return Diverged(entry.sequence(), "the batch's sequences are not consecutive from 1");
    }
    absl::StatusOr<std::string> stored = view.StoredRecord(entry.sequence());
    if (absl::IsNotFound(stored.status())) {
      return Diverged(entry.sequence(), "this follower's journal lacks it below its head");
    }
    if (!stored.ok()) return stored.status();  // a failed read says nothing about history
    if (*stored != entry.record()) {
      return Diverged(entry.sequence(), "it differs from the entry this follower holds");
    }
  }
  return held;
}

}  // namespace

bool IsDivergentApplyError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kNotFound:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<ReplicatedBatch> ApplyReplicatedBatch(
    const std::vector<v1::ReplicatedEntry>& entries, const JournalHead& head, BatchView& view,
    WriteSet* writes) {
  if (entries.empty() || entries.size() > kMaxReplicatedEntries) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a replicated batch has 1 to ", kMaxReplicatedEntries, " entries, not ", entries.size()));
  }
  // Checks sequence, structure, the previous hash against our head, and the record's own hash.
  absl::StatusOr<size_t> held = AlreadyHeld(entries, head, view);
  if (!held.ok()) return held.status();
  ChainVerifier verifier(head.sequence, head.hash);
  ReplicatedBatch batch{head, 0, 0};
  for (size_t i = *held; i < entries.size(); ++i) {
    const v1::ReplicatedEntry& entry = entries[i];
    const uint64_t expected = batch.head.sequence + 1;
    if (entry.sequence() != expected) {
      return Diverged(entry.sequence(), absl::StrCat("expected sequence ", expected));
    }
    if (absl::Status chained = verifier.Add(JournalKey(entry.sequence()), entry.record());
        !chained.ok()) {
      return Diverged(entry.sequence(), chained.message());
    }
    absl::StatusOr<DecodedEntry> decoded = DecodeEntry(entry.record());
    if (!decoded.ok()) return Diverged(entry.sequence(), decoded.status().message());
    internal::EntryBody body;
    if (!body.ParseFromString(decoded->body)) {
      return Diverged(entry.sequence(), "the entry's body does not parse");
    }
    if (entry.request_fingerprint().size() != kSha256Bytes) {
      return Diverged(entry.sequence(), "the request fingerprint is not a SHA-256");
    }
    const std::string request_key = RequestRecordKey(body.principal(), body.request_id());
    absl::StatusOr<internal::RequestRecord> seen = view.FindRequest(request_key);
    if (seen.ok()) {
      return Diverged(entry.sequence(), "its request id was already applied here");
    }
    if (!absl::IsNotFound(seen.status())) return seen.status();
    absl::StatusOr<internal::CommandResult> result =
        ApplyEntryToBatch(entry.sequence(), decoded->commit_time_us, body.event(), view);
    if (!result.ok()) {
      // A store read that failed (UNAVAILABLE while the store reopens after a storage failure,
      // an I/O error) is the follower's trouble, not the primary's history: retryable.
      if (!IsDivergentApplyError(result.status())) return result.status();
      return Diverged(entry.sequence(),
                      absl::StrCat("its event does not apply to this follower's projections: ",
                                   result.status().message()));
    }
    RecordEntry(entry.sequence(), entry.record(), request_key, entry.request_fingerprint(),
                std::move(*result), view, writes);
    batch.head = JournalHead{entry.sequence(), verifier.last_hash()};
    batch.last_commit_time_us = decoded->commit_time_us;
    ++batch.applied_entries;
  }
  return batch;
}

}  // namespace ledger
