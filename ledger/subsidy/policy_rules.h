// Subsidy policy versions and LPR fixings as pure rules: validate a finance officer's request
// against the latest version / fixing and return the journal event, or refuse with a reason.
//
//   absl::StatusOr<v1::Event> event = DecideAddPolicyVersion(request, tail, today);
#ifndef LEDGER_SUBSIDY_POLICY_RULES_H_
#define LEDGER_SUBSIDY_POLICY_RULES_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/subsidy/policy_projection.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/policy.pb.h"

namespace ledger {

inline constexpr int kMaxPolicySourceChars = 200;

// Validates every field (effective_from a valid date; mode specified (INVALID_SUBSIDY_MODE)
// with its own parameter in range: BORROWER_PAYS_UP_TO_LPR_MINUS borrower_spread_bps 0..10000,
// PERCENT_OF_INTEREST subsidy_share_bps 1..10000, FULL_SUBSIDY neither; rate_cap_spread_bps
// -10000..10000 if set; principal_cap a non-negative CNY amount if set; max_subsidised_months
// 1..120 if set; max_repeat_loans 0..20 if set; day_count and version_selection known values
// (UNSPECIFIED → ACTUAL_360 / BY_CONTRACT_DATE in the event); source at most 200 characters).
// effective_from must be after the latest version's (POLICY_VERSION_NOT_LATER, FAILED_PRECONDITION,
// field version.effective_from); at most kMaxPolicyVersions (TOO_MANY_VERSIONS). It may be in the
// past or the future: policies are often published after they take effect. Event:
// subsidy_policy_version_added with the normalised version (sequence unset). No postings.
absl::StatusOr<v1::Event> DecideAddPolicyVersion(const v1::AddSubsidyPolicyVersionRequest& request,
                                                 const PolicyTail& tail, absl::CivilDay today);

// lpr_bps 1..2000; effective_from valid and after the latest fixing's (LPR_FIXING_NOT_LATER);
// at most kMaxLprFixings. Event: lpr_fixing_recorded. No postings.
absl::StatusOr<v1::Event> DecideRecordLprFixing(const v1::RecordLprFixingRequest& request,
                                                const LprTail& tail, absl::CivilDay today);

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_POLICY_RULES_H_
