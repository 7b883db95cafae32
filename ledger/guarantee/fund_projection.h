// Guarantee funds as stored projections of the journal: one row per fund holding its current
// state (capital, cash, exposure, ...), and the listing of funds.
//
// LoadFund and PutFund are how applying an event reads and writes a fund; the commit path and
// the audit's replay both go through them with their ProjectionState
// (ledger/store/projection_state.h). Reads for the RPC layer go straight to the Store through
// FundProjection. The key format is at the top of fund_projection.cc and in docs/STORAGE.md.
//
//   absl::StatusOr<v1::GuaranteeFund> fund = LoadFund(state, "F1");   // NOT_FOUND if absent
//   PutFund(*fund, state);
//   FundProjection funds(store);
//   absl::StatusOr<v1::ListFundsResponse> page = funds.List(request);
#ifndef LEDGER_GUARANTEE_FUND_PROJECTION_H_
#define LEDGER_GUARANTEE_FUND_PROJECTION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/guarantee_service.pb.h"

namespace ledger {

inline constexpr int kDefaultFundPageSize = 50;
inline constexpr int kMaxFundPageSize = 500;

// NOT_FOUND (FUND_NOT_FOUND, field "fund") if there is no such fund; DATA_LOSS if its row does
// not parse.
absl::StatusOr<v1::GuaranteeFund> LoadFund(ProjectionState& state, absl::string_view fund_id);

// Stores `fund` under its fund_id, replacing what was there.
void PutFund(const v1::GuaranteeFund& fund, ProjectionState& state);

class FundProjection {
 public:
  explicit FundProjection(const Store* store) : store_(store) {}

  // `fund_id` as parsed from the request's name (ParseFundName). NOT_FOUND (FUND_NOT_FOUND,
  // field "name") if there is no such fund.
  absl::StatusOr<v1::GuaranteeFund> Get(absl::string_view fund_id) const;

  // Every fund, in fund_id order (byte order).
  absl::StatusOr<v1::ListFundsResponse> List(const v1::ListFundsRequest& request) const;

 private:
  const Store* store_;
};

// "fund guarantee_funds/F1" for a fund key of the projections family, for audit reports; ""
// for any other key.
std::string DescribeFundKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_GUARANTEE_FUND_PROJECTION_H_
