// SubsidyService's claims workflow (subsidy_service.h): thin handlers. The basis of a
// submission and of an approval (every line's expected subsidy and interest) is computed here,
// outside the writer, from one snapshot (claim_basis.h); the writer decides the rest
// (ledger/subsidy/claim_rules.h) and may refuse a basis gone stale (ABORTED,
// CLAIM_BASIS_STALE), which the client retries. A retry of a request the writer already
// committed is queued without a basis: the engine replays its first answer. Reads come from the
// claim projection (ledger/subsidy/claim_projection.h).
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/server/claim_basis.h"
#include "ledger/server/handler_support.h"
#include "ledger/server/subsidy_service.h"
#include "ledger/store/store_projection_state.h"
#include "ledger/subsidy/claim_projection.h"

namespace ledger {
namespace {

constexpr char kSubmitSubsidyClaim[] = "microloan.ledger.v1.SubsidyService.SubmitSubsidyClaim";
constexpr char kApproveSubsidyClaim[] = "microloan.ledger.v1.SubsidyService.ApproveSubsidyClaim";
constexpr char kRejectSubsidyClaim[] = "microloan.ledger.v1.SubsidyService.RejectSubsidyClaim";
constexpr char kRecordSubsidyPayment[] = "microloan.ledger.v1.SubsidyService.RecordSubsidyPayment";
constexpr char kGetSubsidyClaim[] = "microloan.ledger.v1.SubsidyService.GetSubsidyClaim";
constexpr char kListSubsidyClaims[] = "microloan.ledger.v1.SubsidyService.ListSubsidyClaims";

absl::Status ClaimNotFound(absl::string_view name) {
  return Refuse(absl::StatusCode::kNotFound, reason::kClaimNotFound, "name",
                absl::StrCat("no subsidy claim ", name));
}

// A bank sees its own claims only: another bank's is CLAIM_NOT_FOUND, as if absent. Finance
// staff and auditors (unscoped) see every claim.
absl::StatusOr<ClaimId> VisibleClaimName(const Caller& caller, absl::string_view name) {
  absl::StatusOr<ClaimId> id = ParseClaimName(name, "name");
  if (!id.ok()) return id.status();
  if (caller.access != Access::kAll &&
      (caller.grant.role != Role::kBank || id->bank_id != caller.grant.scope)) {
    return ClaimNotFound(name);
  }
  return id;
}

// Stops a basis computation between loans once the call is cancelled.
ClaimBasisOptions OptionsFor(grpc::CallbackServerContext* context) {
  ClaimBasisOptions options;
  options.cancelled = [context] { return context->IsCancelled(); };
  return options;
}

}  // namespace

grpc::ServerUnaryReactor* SubsidyServiceImpl::SubmitSubsidyClaim(
    grpc::CallbackServerContext* context, const v1::SubmitSubsidyClaimRequest* request,
    v1::SubsidyClaimResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_submit_claim() = *request;
  return SubmitPreparedCommand(
      engine_, context, *callers_, kSubmitSubsidyClaim, std::move(command), response,
      [&](const Caller& caller, internal::LedgerCommand* queued) -> absl::Status {
        if (absl::Status s = CheckClaimShape(caller, *request); !s.ok()) return s;
        // A committed request replays its first answer (or is REQUEST_ID_REUSED) on the
        // writer before anything is decided: it needs no basis, and computing one could fail
        // now (a loan past the history cap, a policy needing a missing LPR).
        absl::StatusOr<bool> seen =
            RequestRecorded(*store_, caller.principal, request->request_id());
        if (!seen.ok()) return seen.status();
        if (*seen) return absl::OkStatus();
        absl::StatusOr<internal::ClaimBasis> basis =
            ComputeClaimBasis(*store_, caller, *request, OptionsFor(context));
        if (!basis.ok()) return basis.status();
        *queued->mutable_claim_basis() = std::move(*basis);
        return absl::OkStatus();
      });
}

// Finance staff decide and record payments on any bank's claim (unscoped, the table says who);
// the rules check the claim's state and the request. An approval recomputes every line's
// expected subsidy and interest exactly as a submission does: the claim's loans may have
// changed since it was submitted.
grpc::ServerUnaryReactor* SubsidyServiceImpl::ApproveSubsidyClaim(
    grpc::CallbackServerContext* context, const v1::ApproveSubsidyClaimRequest* request,
    v1::SubsidyClaimResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_approve_claim() = *request;
  return SubmitPreparedCommand(
      engine_, context, *callers_, kApproveSubsidyClaim, std::move(command), response,
      [&](const Caller& caller, internal::LedgerCommand* queued) -> absl::Status {
        absl::StatusOr<ClaimId> id = VisibleClaimName(caller, request->name());
        if (!id.ok()) return id.status();
        absl::StatusOr<bool> seen =
            RequestRecorded(*store_, caller.principal, request->request_id());
        if (!seen.ok()) return seen.status();
        if (*seen) return absl::OkStatus();  // the writer replays the first answer
        StoreProjectionState state(*store_);
        absl::StatusOr<v1::SubsidyClaim> claim =
            LoadClaimWithLines(state, id->bank_id, id->claim_id);
        if (absl::IsNotFound(claim.status())) return ClaimNotFound(request->name());
        if (!claim.ok()) return claim.status();
        // The rules refuse a claim not submitted and an unknown approval before they look at
        // the basis: no need to compute one for them.
        if (claim->state() != v1::CLAIM_SUBMITTED ||
            (request->approval() != v1::APPROVE_AS_CLAIMED &&
             request->approval() != v1::APPROVE_AS_COMPUTED)) {
          return absl::OkStatus();
        }
        absl::StatusOr<internal::ClaimBasis> basis =
            ComputeClaimBasis(*store_, caller, *claim, OptionsFor(context));
        if (!basis.ok()) return basis.status();
        *queued->mutable_claim_basis() = std::move(*basis);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* SubsidyServiceImpl::RejectSubsidyClaim(
    grpc::CallbackServerContext* context, const v1::RejectSubsidyClaimRequest* request,
    v1::SubsidyClaimResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_reject_claim() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kRejectSubsidyClaim, std::move(command), response,
      [&](const Caller& caller) { return VisibleClaimName(caller, request->name()).status(); });
}

grpc::ServerUnaryReactor* SubsidyServiceImpl::RecordSubsidyPayment(
    grpc::CallbackServerContext* context, const v1::RecordSubsidyPaymentRequest* request,
    v1::SubsidyClaimResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_pay_claim() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kRecordSubsidyPayment, std::move(command), response,
      [&](const Caller& caller) { return VisibleClaimName(caller, request->name()).status(); });
}

grpc::ServerUnaryReactor* SubsidyServiceImpl::GetSubsidyClaim(
    grpc::CallbackServerContext* context, const v1::GetSubsidyClaimRequest* request,
    v1::SubsidyClaim* response) {
  return AnswerRead(context, *callers_, kGetSubsidyClaim,
                    [&](const Caller& caller) -> absl::Status {
                      absl::StatusOr<ClaimId> id = VisibleClaimName(caller, request->name());
                      if (!id.ok()) return id.status();
                      StoreProjectionState state(*store_);
                      absl::StatusOr<v1::SubsidyClaim> claim =
                          LoadClaimWithLines(state, id->bank_id, id->claim_id);
                      if (absl::IsNotFound(claim.status())) return ClaimNotFound(request->name());
                      if (!claim.ok()) return claim.status();
                      *response = std::move(*claim);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* SubsidyServiceImpl::ListSubsidyClaims(
    grpc::CallbackServerContext* context, const v1::ListSubsidyClaimsRequest* request,
    v1::ListSubsidyClaimsResponse* response) {
  return AnswerRead(
      context, *callers_, kListSubsidyClaims, [&](const Caller& caller) -> absl::Status {
        // A bank lists its own claims: no filter means its own, another bank's is refused.
        std::string bank_id = request->bank_id();
        if (caller.access != Access::kAll) {
          if (bank_id.empty()) bank_id = caller.grant.scope;
          if (caller.grant.role != Role::kBank || bank_id != caller.grant.scope) {
            return Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, "bank_id",
                          absl::StrCat("you may list bank_id ", caller.grant.scope, " only"));
          }
        }
        if (!bank_id.empty()) {
          if (absl::Status s = ValidateId(bank_id, "bank_id"); !s.ok()) return s;
        }
        absl::StatusOr<v1::ListSubsidyClaimsResponse> page = ListClaims(
            *store_, bank_id, request->state(), request->page_size(), request->page_token());
        if (!page.ok()) return page.status();
        *response = std::move(*page);
        return absl::OkStatus();
      });
}

}  // namespace ledger
