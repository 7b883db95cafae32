// Subsidy policy versions and LPR fixings as stored projections of the journal, and their
// conversion to the calculator's inputs (calculator.h).
//
//   policy_key  := "subsidy_policy/" effective_from:yyyymmdd   -> v1.SubsidyPolicyVersion
//   lpr_key     := "lpr/" effective_from:yyyymmdd              -> v1.LprFixing
//   policy_tail := "meta/subsidy_policy_tail"                  -> internal.SeriesTail
//   lpr_tail    := "meta/lpr_tail"                             -> internal.SeriesTail
// (the tails name the latest key and count the series, so that a new version is checked
// against the latest with one read through any ProjectionState)
// (8 ASCII digits, so key order is date order; the stored message carries its entry's
// sequence.)
//
//   PutPolicyVersion(version, sequence, state);          // applying the entry
//   absl::StatusOr<std::optional<v1::SubsidyPolicyVersion>> latest = LatestPolicyVersion(state);
//   absl::StatusOr<std::vector<PolicyVersion>> versions = CalculatorPolicies(store);
#ifndef LEDGER_SUBSIDY_POLICY_PROJECTION_H_
#define LEDGER_SUBSIDY_POLICY_PROJECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "ledger/subsidy/calculator.h"
#include "microloan/ledger/v1/policy.pb.h"

namespace ledger {

inline constexpr int kMaxPolicyVersions = 1000;
inline constexpr int kMaxLprFixings = 10000;

// Writes the version (with `sequence` set) / fixing under its key and updates the series' tail.
// REQUIRES: it is later than the latest (callers check with Latest*).
void PutPolicyVersion(v1::SubsidyPolicyVersion version, uint64_t sequence, ProjectionState& state);
void PutLprFixing(v1::LprFixing fixing, uint64_t sequence, ProjectionState& state);

// The version / fixing with the latest effective_from that `state` holds (nullopt if none),
// and how many there are: two reads through the state (the commit path's batch view or the
// replay).
struct PolicyTail {
  std::optional<v1::SubsidyPolicyVersion> latest;
  int count = 0;
};
absl::StatusOr<PolicyTail> LatestPolicyVersion(ProjectionState& state);
struct LprTail {
  std::optional<v1::LprFixing> latest;
  int count = 0;
};
absl::StatusOr<LprTail> LatestLprFixing(ProjectionState& state);

// Every version, oldest first / a page of fixings (page_size 0 → 100, at most 1000; tokens as
// KeyPageToken{listing = "lpr"}), read from one snapshot.
absl::StatusOr<v1::ListSubsidyPolicyVersionsResponse> ListPolicyVersions(const Store& store);
absl::StatusOr<v1::ListLprFixingsResponse> ListLprFixings(const Store& store,
                                                          const v1::ListLprFixingsRequest& request);

// The calculator's view of every version / fixing stored (DATA_LOSS if a stored one does not
// convert).
absl::StatusOr<std::vector<subsidy::PolicyVersion>> CalculatorPolicies(const Store& store);
absl::StatusOr<std::vector<subsidy::LprFixing>> CalculatorLprFixings(const Store& store);
subsidy::PolicyVersion ToCalculatorPolicy(const v1::SubsidyPolicyVersion& version);

// "subsidy policy version from 2024-01-01" / "LPR fixing from 2024-02-20" / "tail of the
// subsidy policy versions", or "" if `key` is none of these (audit reports).
std::string DescribePolicyKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_POLICY_PROJECTION_H_
