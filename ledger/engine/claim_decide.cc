#include "ledger/engine/claim_decide.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/claim_rules.h"
#include "ledger/subsidy/policy_projection.h"

namespace ledger {
namespace {

// The entries that set the latest subsidy policy version and LPR fixing (0 if none): a basis
// computed before either is stale.
template <typename Inputs>
absl::Status ReadTailSequences(ProjectionState& state, Inputs* inputs) {
  absl::StatusOr<PolicyTail> policy = LatestPolicyVersion(state);
  if (!policy.ok()) return policy.status();
  if (policy->latest) inputs->policy_tail_sequence = policy->latest->sequence();
  absl::StatusOr<LprTail> lpr = LatestLprFixing(state);
  if (!lpr.ok()) return lpr.status();
  if (lpr->latest) inputs->lpr_tail_sequence = lpr->latest->sequence();
  return absl::OkStatus();
}

// What a submission's rules read: each line's loan (if its name is one of the bank's loans and
// it exists) and claimed days, whether the claim exists, and the policy and LPR tails.
absl::StatusOr<ClaimSubmitInputs> LoadSubmitInputs(const v1::SubmitSubsidyClaimRequest& request,
                                                   ProjectionState& state) {
  ClaimSubmitInputs inputs;
  if (ValidateId(request.bank_id(), "").ok() && ValidateId(request.claim_id(), "").ok()) {
    absl::StatusOr<v1::SubsidyClaim> existing =
        LoadClaim(state, request.bank_id(), request.claim_id());
    if (!existing.ok() && !absl::IsNotFound(existing.status())) return existing.status();
    inputs.claim_exists = existing.ok();
  }
  if (absl::Status s = ReadTailSequences(state, &inputs); !s.ok()) return s;
  // The rules refuse an empty or oversized claim before reading lines: load none for it.
  if (request.lines_size() == 0 || request.lines_size() > kMaxClaimLines) return inputs;
  inputs.loans.resize(request.lines_size());
  inputs.claimed_days.resize(request.lines_size());
  for (int i = 0; i < request.lines_size(); ++i) {
    const std::string& loan = request.lines(i).loan();
    absl::StatusOr<LoanName> name = ParseLoanName(loan, "loan");
    if (!name.ok() || name->bank_id != request.bank_id()) continue;
    absl::StatusOr<v1::Loan> loaded = LoadLoan(state, loan);
    if (absl::IsNotFound(loaded.status())) continue;
    if (!loaded.ok()) return loaded.status();
    inputs.loans[i] = std::move(*loaded);
    absl::StatusOr<internal::ClaimedDays> days =
        LoadClaimedDays(state, name->bank_id, name->loan_id);
    if (!days.ok()) return days.status();
    inputs.claimed_days[i] = std::move(*days);
  }
  return inputs;
}

// What an approval's rules read: each claim line's loan's latest entry, the policy and LPR
// tails. Loaded only for a submitted claim (the rules refuse any other first).
absl::StatusOr<ClaimApproveInputs> LoadApproveInputs(const v1::SubsidyClaim& claim,
                                                     ProjectionState& state) {
  ClaimApproveInputs inputs;
  inputs.loan_last_sequences.resize(claim.lines_size());
  if (claim.state() != v1::CLAIM_SUBMITTED) return inputs;
  if (absl::Status s = ReadTailSequences(state, &inputs); !s.ok()) return s;
  for (int i = 0; i < claim.lines_size(); ++i) {
    absl::StatusOr<v1::Loan> loan = LoadLoan(state, claim.lines(i).loan());
    if (!loan.ok()) {
      // A submitted claim's loans existed when it was stored, and loans are never removed.
      if (absl::IsNotFound(loan.status())) {
        return absl::DataLossError(
            absl::StrCat(claim.name(), " claims ", claim.lines(i).loan(), ", which is not stored"));
      }
      return loan.status();
    }
    inputs.loan_last_sequences[i] = loan->last_sequence();
  }
  return inputs;
}

absl::StatusOr<v1::SubsidyClaim> FindClaim(ProjectionState& state, absl::string_view name) {
  absl::StatusOr<ClaimId> id = ParseClaimName(name, "name");
  if (!id.ok()) return id.status();
  return LoadClaimWithLines(state, id->bank_id, id->claim_id);
}

}  // namespace

bool IsClaimCommand(const internal::LedgerCommand& command) {
  return command.has_submit_claim() || command.has_approve_claim() || command.has_reject_claim() ||
         command.has_pay_claim();
}

absl::StatusOr<v1::Event> DecideClaimCommand(const internal::LedgerCommand& command,
                                             const DecideContext& context) {
  Invariant(IsClaimCommand(command), "DecideClaimCommand is given a claim command");
  ProjectionState& state = *context.state;
  if (command.has_submit_claim()) {
    absl::StatusOr<ClaimSubmitInputs> inputs = LoadSubmitInputs(command.submit_claim(), state);
    if (!inputs.ok()) return inputs.status();
    return DecideSubmitClaim(command.submit_claim(), command.claim_basis(), *inputs, context.today);
  }
  if (command.has_approve_claim()) {
    absl::StatusOr<v1::SubsidyClaim> claim = FindClaim(state, command.approve_claim().name());
    if (!claim.ok()) return claim.status();
    absl::StatusOr<ClaimApproveInputs> inputs = LoadApproveInputs(*claim, state);
    if (!inputs.ok()) return inputs.status();
    return DecideApproveClaim(command.approve_claim(), *claim, command.claim_basis(), *inputs);
  }
  if (command.has_reject_claim()) {
    absl::StatusOr<v1::SubsidyClaim> claim = FindClaim(state, command.reject_claim().name());
    if (!claim.ok()) return claim.status();
    return DecideRejectClaim(command.reject_claim(), *claim);
  }
  absl::StatusOr<v1::SubsidyClaim> claim = FindClaim(state, command.pay_claim().name());
  if (!claim.ok()) return claim.status();
  return DecideRecordPayment(command.pay_claim(), *claim, context.today);
}

}  // namespace ledger
