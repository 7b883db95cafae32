// What the server computes for a subsidy claim before it queues a submission or an approval:
// the request's shape checked (what needs no state), then, from one consistent read
// (loan_subsidy_reader.h), each line's expected subsidy, contract interest, county and note for
// the claim's period, and the journal entry they were computed as of. The writer stores the
// basis beside the claimed amounts (submission) or decides the approval on it, and refuses it
// (ABORTED, CLAIM_BASIS_STALE) if an entry of a claimed loan, or a policy version or LPR fixing,
// was committed after basis_sequence: the client then retries with the same request id and
// the basis is computed again.
//
// A retry of a request the writer already committed needs no basis: the engine replays the
// first answer (or refuses REQUEST_ID_REUSED) before it decides anything, so handlers look the
// request id up first and queue such a command as it is.
//
//   if (absl::Status s = CheckClaimShape(caller, request); !s.ok()) return s;
//   absl::StatusOr<bool> seen = RequestRecorded(*store, caller.principal, request.request_id());
//   if (!*seen) {
//     absl::StatusOr<internal::ClaimBasis> basis = ComputeClaimBasis(*store, caller, request);
//     if (basis.ok()) *command.mutable_claim_basis() = *basis;
//   }
#ifndef LEDGER_SERVER_CLAIM_BASIS_H_
#define LEDGER_SERVER_CLAIM_BASIS_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/namespaces.h"
#include "ledger/server/loan_subsidy_reader.h"
#include "ledger/store/store.h"
#include "ledger/subsidy/calculator.h"
#include "ledger/subsidy/claim_rules.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {

// What needs no state: a bank claims for itself only (PERMISSION_DENIED, field bank_id); the
// period (ParseSubsidyPeriod, field "period"); 1..kMaxClaimLines lines (CLAIM_EMPTY,
// TOO_MANY_CLAIM_LINES, field "lines"); each line's loan a loan name (field "lines[i].loan")
// of the claim's bank (LOAN_OF_ANOTHER_BANK). The rules check the rest on the writer.
absl::Status CheckClaimShape(const Caller& caller, const v1::SubmitSubsidyClaimRequest& request);

// Whether the writer has recorded (committed) a command of `principal` with `request_id`: its
// retry replays the stored answer without needing a basis. Errors only if the store fails.
absl::StatusOr<bool> RequestRecorded(const Store& store, absl::string_view principal,
                                     absl::string_view request_id);

struct ClaimBasisOptions {
  // Journal entries read over all the lines' loans (LoanSubsidyReader::Open).
  int64_t max_entries = kMaxSubsidyEntriesPerRequest;
  // Asked before each line's loan; true stops the computation with CANCELLED (the RPC was
  // cancelled: nobody waits for the answer). Unset: never.
  std::function<bool()> cancelled;
};

// The basis of a submission whose shape CheckClaimShape accepted, one line per request line.
// NOT_FOUND (LOAN_NOT_FOUND, field "lines[i].loan") for a loan absent or out of the caller's
// scope. A line's loan the reader or calculator refuses (LOAN_HISTORY_TOO_LONG, the
// calculator's FAILED_PRECONDITIONs, ...) keeps its code and reason, with field
// "lines[i].loan" and the loan's name in the message. A loan with nothing disbursed by the
// period's end has expected 0 and note "not disbursed".
absl::StatusOr<internal::ClaimBasis> ComputeClaimBasis(const Store& store, const Caller& caller,
                                                       const v1::SubmitSubsidyClaimRequest& request,
                                                       const ClaimBasisOptions& options = {});

// The same for a stored claim (with its lines) that is being approved: one line per claim line.
absl::StatusOr<internal::ClaimBasis> ComputeClaimBasis(const Store& store, const Caller& caller,
                                                       const v1::SubsidyClaim& claim,
                                                       const ClaimBasisOptions& options = {});

}  // namespace ledger

#endif  // LEDGER_SERVER_CLAIM_BASIS_H_
