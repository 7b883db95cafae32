// The "projections" family as the journal's events see it while they are applied: read a row,
// put a row, delete a row. Applying an event (ledger/model/evolve.h) goes through this and
// nothing else, so the commit path and the audit's replay of the journal change projections
// in exactly the same way:
//   - the commit path's implementation reads its own batch's earlier writes, then the store,
//     and turns every Put/Delete into the batch's WriteSet (ledger/engine/ledger_engine.cc);
//   - MapProjectionState below keeps every row in memory (the replay, tests).
//
//   MapProjectionState state;
//   state.Put("loan/B001\0L1", loan.SerializeAsString());
//   absl::StatusOr<std::string> row = state.Get(key);   // NOT_FOUND if absent
#ifndef LEDGER_STORE_PROJECTION_STATE_H_
#define LEDGER_STORE_PROJECTION_STATE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledger {

class ProjectionState {
 public:
  virtual ~ProjectionState() = default;
  // NOT_FOUND if the row is absent; other errors only if reading the store fails.
  virtual absl::StatusOr<std::string> Get(absl::string_view key) = 0;
  virtual void Put(absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(absl::string_view key) = 0;
};

// Every row in memory, in key order.
class MapProjectionState : public ProjectionState {
 public:
  absl::StatusOr<std::string> Get(absl::string_view key) override {
    auto it = rows_.find(key);
    if (it == rows_.end()) return absl::NotFoundError("no such row");
    return it->second;
  }
  void Put(absl::string_view key, absl::string_view value) override {
    rows_[std::string(key)] = std::string(value);
  }
  void Delete(absl::string_view key) override {
    auto it = rows_.find(key);
    if (it != rows_.end()) rows_.erase(it);
  }
  const std::map<std::string, std::string, std::less<>>& rows() const { return rows_; }

 private:
  std::map<std::string, std::string, std::less<>> rows_;
};

// Changes held back over another state until Commit: reads see them first; Commit applies them
// to the base in order; dropping the StagedState discards them. Lets a caller apply an entry
// all-or-nothing over a state that writes through (the commit path's batch).
class StagedState : public ProjectionState {
 public:
  explicit StagedState(ProjectionState* base) : base_(base) {}
  absl::StatusOr<std::string> Get(absl::string_view key) override {
    auto it = staged_.find(key);
    if (it == staged_.end()) return base_->Get(key);
    if (!it->second.has_value()) return absl::NotFoundError("no such row");
    return *it->second;
  }
  void Put(absl::string_view key, absl::string_view value) override {
    staged_[std::string(key)] = std::string(value);
  }
  void Delete(absl::string_view key) override { staged_[std::string(key)] = std::nullopt; }
  void Commit() {
    for (auto& [key, value] : staged_) {
      if (value.has_value()) {
        base_->Put(key, *value);
      } else {
        base_->Delete(key);
      }
    }
    staged_.clear();
  }

 private:
  ProjectionState* base_;
  std::map<std::string, std::optional<std::string>, std::less<>> staged_;
};

}  // namespace ledger

#endif  // LEDGER_STORE_PROJECTION_STATE_H_
