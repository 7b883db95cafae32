#include "ledger/engine/batch_view.h"

#include <utility>

#include "google/protobuf/util/time_util.h"
#include "ledger/base/invariant.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/model/entry_apply.h"

namespace ledger {

absl::StatusOr<std::string> BatchView::Get(absl::string_view key) {
  auto it = rows_.find(key);
  if (it == rows_.end()) return store_->Get(Family::kProjections, key);
  if (!it->second.has_value()) return absl::NotFoundError("deleted in this batch");
  return *it->second;
}

void BatchView::RememberRow(absl::string_view key) {
  if (!has_savepoint_) return;
  Undo undo{Undo::Kind::kRow, std::string(key)};
  auto it = rows_.find(key);
  if (it != rows_.end()) undo.row = it->second;
  undo_.push_back(std::move(undo));
}

void BatchView::Put(absl::string_view key, absl::string_view value) {
  RememberRow(key);
  rows_[std::string(key)] = std::string(value);
  writes_->Put(Family::kProjections, key, value);
}

void BatchView::Delete(absl::string_view key) {
  RememberRow(key);
  rows_[std::string(key)] = std::nullopt;
  writes_->Delete(Family::kProjections, key);
}

absl::StatusOr<v1::Event> BatchView::EntryEvent(uint64_t sequence) {
  auto it = events_.find(sequence);
  if (it != events_.end()) return it->second;
  absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, sequence);
  if (!entry.ok()) return entry.status();
  return std::move(*entry->mutable_event());
}

absl::StatusOr<std::string> BatchView::StoredRecord(uint64_t sequence) const {
  return store_->Get(Family::kJournal, JournalKey(sequence));
}

absl::StatusOr<internal::RequestRecord> BatchView::FindRequest(const std::string& key) {
  auto it = pending_requests_.find(key);
  if (it != pending_requests_.end()) return it->second;
  absl::StatusOr<std::string> bytes = store_->Get(Family::kRequests, key);
  if (!bytes.ok()) return bytes.status();
  internal::RequestRecord record;
  if (!record.ParseFromString(*bytes)) return absl::DataLossError("request record corrupt");
  return record;
}

void BatchView::PutEvent(uint64_t sequence, v1::Event event) {
  if (has_savepoint_) {
    Invariant(events_.find(sequence) == events_.end(), "an entry's event is put once");
    undo_.push_back(Undo{Undo::Kind::kEvent, "", sequence});
  }
  events_[sequence] = std::move(event);
}

void BatchView::PutRequest(const std::string& key, internal::RequestRecord record) {
  writes_->Put(Family::kRequests, key, record.SerializeAsString());
  if (has_savepoint_) {
    Undo undo{Undo::Kind::kRequest, key};
    auto it = pending_requests_.find(key);
    if (it != pending_requests_.end()) undo.request = it->second;
    undo_.push_back(std::move(undo));
  }
  pending_requests_[key] = std::move(record);
}

void BatchView::SetSavePoint() {
  Invariant(!has_savepoint_ && undo_.empty(), "one savepoint at a time");
  has_savepoint_ = true;
  writes_->SetSavePoint();
}

void BatchView::RollbackToSavePoint() {
  Invariant(has_savepoint_, "a savepoint is set");
  // Newest first, so a key changed twice ends at its state before the first change.
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
    switch (it->kind) {
      case Undo::Kind::kRow:
        if (it->row.has_value()) {
          rows_[it->key] = std::move(*it->row);
        } else {
          rows_.erase(it->key);
        }
        break;
      case Undo::Kind::kEvent:
        events_.erase(it->sequence);
        break;
      case Undo::Kind::kRequest:
        if (it->request.has_value()) {
          pending_requests_[it->key] = std::move(*it->request);
        } else {
          pending_requests_.erase(it->key);
        }
        break;
    }
  }
  undo_.clear();
  has_savepoint_ = false;
  writes_->RollbackToSavePoint();
}

void BatchView::PopSavePoint() {
  Invariant(has_savepoint_, "a savepoint is set");
  undo_.clear();
  has_savepoint_ = false;
  writes_->PopSavePoint();
}

absl::StatusOr<internal::CommandResult> ApplyEntryToBatch(uint64_t sequence, int64_t commit_time_us,
                                                          const v1::Event& event, BatchView& view) {
  // Staged, so that an entry that does not apply leaves nothing behind in the batch.
  StagedState staged(&view);
  absl::StatusOr<internal::CommandResult> result =
      ApplyEntry(sequence, commit_time_us, event, staged);
  if (!result.ok()) return result.status();
  staged.Commit();
  view.PutEvent(sequence, event);
  result->set_sequence(sequence);
  *result->mutable_commit_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(commit_time_us);
  return result;
}

void RecordEntry(uint64_t sequence, absl::string_view record, const std::string& request_key,
                 std::string fingerprint, internal::CommandResult result, BatchView& view,
                 WriteSet* writes) {
  writes->AppendEntry(sequence, record);
  internal::RequestRecord request;
  request.set_fingerprint(std::move(fingerprint));
  *request.mutable_result() = std::move(result);
  view.PutRequest(request_key, std::move(request));
}

}  // namespace ledger
