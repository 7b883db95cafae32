// The state a commit batch is built against, and the steps every journal entry goes through
// on its way into a batch, whether the writer decided it (LedgerEngine::ApplyOne) or a
// follower received it from the primary (replicated_apply.h). Sharing them is what keeps a
// follower's projections and request records identical to the primary's.
//
//   WriteSet writes = store->NewWriteSet();
//   BatchView view(store, &writes);
//   absl::StatusOr<internal::CommandResult> result =
//       ApplyEntryToBatch(sequence, commit_time_us, event, view);   // all of it, or nothing
//   if (result.ok()) {
//     RecordEntry(sequence, record, request_key, fingerprint, *result, view, &writes);
//   }
//
//   view.SetSavePoint();              // a linked chain: all of it, or nothing
//   ... apply the chain's entries ...
//   chain_ok ? view.PopSavePoint() : view.RollbackToSavePoint();
#ifndef LEDGER_ENGINE_BATCH_VIEW_H_
#define LEDGER_ENGINE_BATCH_VIEW_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// The projections, journal events and request records as the batch being built sees them: its
// own earlier writes first, then the store. Every Put and Delete also goes into the batch's
// WriteSet, so the view and what will be written cannot drift apart.
class BatchView : public ProjectionState {
 public:
  BatchView(const Store* store, WriteSet* writes) : store_(store), writes_(writes) {}

  absl::StatusOr<std::string> Get(absl::string_view key) override;
  void Put(absl::string_view key, absl::string_view value) override;
  void Delete(absl::string_view key) override;

  // The event of entry `sequence`, from this batch or the journal. NOT_FOUND past the head.
  absl::StatusOr<v1::Event> EntryEvent(uint64_t sequence);
  void PutEvent(uint64_t sequence, v1::Event event);

  // The stored journal record of entry `sequence`, byte for byte (entries of this batch are
  // not included: they are not stored yet). NOT_FOUND past the stored journal.
  absl::StatusOr<std::string> StoredRecord(uint64_t sequence) const;

  // NOT_FOUND if the request id is new.
  absl::StatusOr<internal::RequestRecord> FindRequest(const std::string& key);
  void PutRequest(const std::string& key, internal::RequestRecord record);

  // One level of savepoint, for a linked chain of commands that applies all or nothing:
  // RollbackToSavePoint undoes every Put, Delete, PutEvent and PutRequest since SetSavePoint,
  // in the view and in its WriteSet (journal entries included); PopSavePoint keeps them.
  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();

 private:
  // What a change replaced, to undo it: a row's previous state in rows_ (absent from the map,
  // deleted, or a value), or an event or request record the batch did not hold before.
  struct Undo {
    enum class Kind { kRow, kEvent, kRequest } kind;
    std::string key;
    uint64_t sequence = 0;
    std::optional<std::optional<std::string>> row;   // kRow: nullopt = not in rows_
    std::optional<internal::RequestRecord> request;  // kRequest: nullopt = not held
  };
  void RememberRow(absl::string_view key);

  bool has_savepoint_ = false;
  std::vector<Undo> undo_;

  const Store* store_;
  WriteSet* writes_;
  std::map<std::string, std::optional<std::string>, std::less<>> rows_;
  absl::flat_hash_map<uint64_t, v1::Event> events_;
  absl::flat_hash_map<std::string, internal::RequestRecord> pending_requests_;
};

// Applies `event` as entry `sequence` to the batch's projections with ApplyEntry, all of its
// rows or none, and remembers the event for later entries of the batch. Returns the request
// result as it is stored: ApplyEntry's, with the sequence and commit time set. On error
// nothing of the entry is in the view (ApplyEntry's DATA_LOSS, unchanged).
absl::StatusOr<internal::CommandResult> ApplyEntryToBatch(uint64_t sequence, int64_t commit_time_us,
                                                          const v1::Event& event, BatchView& view);

// Appends the journal record of entry `sequence` and its request record (the request's
// fingerprint and the result ApplyEntryToBatch returned) to the batch.
void RecordEntry(uint64_t sequence, absl::string_view record, const std::string& request_key,
                 std::string fingerprint, internal::CommandResult result, BatchView& view,
                 WriteSet* writes);

}  // namespace ledger

#endif  // LEDGER_ENGINE_BATCH_VIEW_H_
