// What the server computes for a SubsidyClaim before it queues it: the request's shape checked
// (what needs no state), then, from one consistent read (loan_subsidy_reader.h), each line's
// expected subsidy, contract interest, county and note for the claim's period, and the journal
// entry they were computed as of. The writer stores the basis beside the claimed amounts, and
// refuses it (ABORTED, CLAIM_BASIS_STALE) if an entry of a claimed loan, or a policy version or
// LPR fixing, was committed after basis_sequence: the client then retries with the same
// request id and the basis is computed again.
//
//   if (absl::Status s = CheckClaimShape(caller, request); !s.ok()) return s;
//   absl::StatusOr<internal::ClaimBasis> basis = ComputeClaimBasis(*store, caller, request);
//   if (basis.ok()) *command.mutable_claim_basis() = *basis;
#ifndef LEDGER_SERVER_CLAIM_BASIS_H_
#define LEDGER_SERVER_CLAIM_BASIS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/store.h"
#include "ledger/subsidy/calculator.h"
#include "ledger/subsidy/claim_rules.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {

// A period of the API: valid dates, first_day <= last_day, at most subsidy::kMaxPeriodDays
// days. INVALID_ARGUMENT (INVALID_DATE / INVALID_PERIOD / FIELD_REQUIRED) on `field`.
absl::StatusOr<subsidy::Period> ParsePeriod(const v1::DatePeriod& period, absl::string_view field);

// What needs no state: a bank claims for itself only (PERMISSION_DENIED, field bank_id); the
// period (as ParsePeriod, field "period"); 1..kMaxClaimLines lines (CLAIM_EMPTY,
// TOO_MANY_CLAIM_LINES, field "lines"); each line's loan a loan name (field "lines[i].loan")
// of the claim's bank (LOAN_OF_ANOTHER_BANK). The rules check the rest on the writer.
absl::Status CheckClaimShape(const Caller& caller, const v1::SubmitSubsidyClaimRequest& request);

// The basis of a claim whose shape CheckClaimShape accepted. NOT_FOUND (LOAN_NOT_FOUND, field
// "lines[i].loan") for a loan absent or out of the caller's scope; the calculator's refusals
// pass through. A loan with nothing disbursed by the period's end has expected 0 and note
// "not disbursed".
absl::StatusOr<internal::ClaimBasis> ComputeClaimBasis(
    const Store& store, const Caller& caller, const v1::SubmitSubsidyClaimRequest& request);

}  // namespace ledger

#endif  // LEDGER_SERVER_CLAIM_BASIS_H_
