// Request builders for subsidy policy versions and LPR fixings (PolicyService): flags in, an
// API request out, nothing called. Each refusal is a usage error naming the flag
// (flag_values.h); whether a version or fixing is acceptable (ranges per mode, later than the
// latest) is the server's business.
//
//   absl::StatusOr<v1::AddSubsidyPolicyVersionRequest> request =
//       BuildAddPolicyVersionRequest(ctx.flags);  // --effective_from, --mode, ...
#ifndef CLIENTS_LEDGERCTL_POLICY_REQUESTS_H_
#define CLIENTS_LEDGERCTL_POLICY_REQUESTS_H_

#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/policy.pb.h"

namespace ledgerctl {

// add-policy-version: --effective_from, --mode=borrower-pays|percent|full and the optional
// --borrower_spread_bps, --share_bps, --rate_cap_spread_bps (may be negative),
// --principal_cap (yuan, or --principal_cap_fen), --max_months, --day_count=360|365,
// --selection=contract|day and --source. Unset optional flags leave the field unset (no cap,
// no limit, the defaults ACTUAL_360 and BY_CONTRACT_DATE).
absl::StatusOr<microloan::ledger::v1::AddSubsidyPolicyVersionRequest> BuildAddPolicyVersionRequest(
    const ParsedFlags& flags);

// record-lpr: --effective_from and --lpr_bps.
absl::StatusOr<microloan::ledger::v1::RecordLprFixingRequest> BuildRecordLprFixingRequest(
    const ParsedFlags& flags);

// lpr-fixings: the paging flags.
absl::StatusOr<microloan::ledger::v1::ListLprFixingsRequest> BuildListLprFixingsRequest(
    const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_POLICY_REQUESTS_H_
