// The "projections" family of a Store as a read-only ProjectionState: the latest rows, or the
// rows as one snapshot holds them. For readers outside the writer (RPC handlers, the subsidy
// reader) that call the projections' loaders; nothing applies events through it (Put and
// Delete are invariant failures).
//
//   StoreProjectionState latest(store);
//   StoreProjectionState at_snapshot(store, snapshot.get());
//   absl::StatusOr<v1::Loan> loan = LoadLoan(at_snapshot, name);
#ifndef LEDGER_STORE_STORE_PROJECTION_STATE_H_
#define LEDGER_STORE_STORE_PROJECTION_STATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/invariant.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"

namespace ledger {

class StoreProjectionState : public ProjectionState {
 public:
  // `at` (not owned, may be null: the latest state) must outlive this.
  explicit StoreProjectionState(const Store& store, const ReadSnapshot* at = nullptr)
      : store_(store), at_(at) {}
  absl::StatusOr<std::string> Get(absl::string_view key) override {
    return store_.Get(Family::kProjections, key, at_);
  }
  void Put(absl::string_view, absl::string_view) override {
    Invariant(false, "a StoreProjectionState is read-only");
  }
  void Delete(absl::string_view) override {
    Invariant(false, "a StoreProjectionState is read-only");
  }

 private:
  const Store& store_;
  const ReadSnapshot* const at_;
};

}  // namespace ledger

#endif  // LEDGER_STORE_STORE_PROJECTION_STATE_H_
