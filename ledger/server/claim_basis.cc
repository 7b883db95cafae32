#include "ledger/server/claim_basis.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/store/request_key.h"
#include "ledger/subsidy/period.h"

namespace ledger {
namespace {

std::string LineField(int i) { return absl::StrCat("lines[", i, "].loan"); }

// A line's refusal names its line: the same code and reason, field `field`, and the loan in the
// message. A status without a reason (a storage failure) passes through as it is.
absl::Status OnLine(const absl::Status& status, const std::string& field, absl::string_view loan) {
  const std::string why = ReasonOf(status);
  if (why.empty()) return status;
  return Refuse(status.code(), why, field, absl::StrCat(loan, ": ", status.message()));
}

absl::StatusOr<internal::ClaimBasis> ComputeBasis(const Store& store, const Caller& caller,
                                                  const subsidy::Period& period,
                                                  const std::vector<const std::string*>& loans,
                                                  const ClaimBasisOptions& options) {
  absl::StatusOr<std::unique_ptr<LoanSubsidyReader>> reader =
      LoanSubsidyReader::Open(&store, options.max_entries);
  if (!reader.ok()) return reader.status();
  internal::ClaimBasis basis;
  basis.set_basis_sequence((*reader)->head_sequence());
  for (size_t i = 0; i < loans.size(); ++i) {
    if (options.cancelled && options.cancelled()) {
      return absl::CancelledError("the call was cancelled while the claim's basis was computed");
    }
    const std::string& name = *loans[i];
    const std::string field = LineField(static_cast<int>(i));
    absl::StatusOr<v1::Loan> loan = LoanIfVisible(caller, (*reader)->LoadLoan(name), name, field);
    if (!loan.ok()) return loan.status();
    absl::StatusOr<LoanPeriodSubsidy> figures = (*reader)->ForPeriod(*loan, period);
    if (!figures.ok()) return OnLine(figures.status(), field, name);
    internal::ClaimLineBasis* line = basis.add_lines();
    line->set_expected_fen(figures->subsidy_fen);
    line->set_interest_fen(figures->interest_fen);
    line->set_county_code(loan->county_code());
    line->set_note(figures->note);
  }
  return basis;
}

}  // namespace

absl::Status CheckClaimShape(const Caller& caller, const v1::SubmitSubsidyClaimRequest& request) {
  if (caller.access != Access::kAll &&
      (caller.grant.role != Role::kBank || request.bank_id() != caller.grant.scope)) {
    return Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, "bank_id",
                  absl::StrCat("you claim for bank ", caller.grant.scope, " only"));
  }
  if (absl::Status s = ValidateId(request.bank_id(), "bank_id"); !s.ok()) return s;
  if (absl::StatusOr<subsidy::Period> p = ParseSubsidyPeriod(request.period(), "period"); !p.ok()) {
    return p.status();
  }
  if (request.lines_size() == 0) {
    return InvalidArgument(reason::kClaimEmpty, "lines", "a claim has at least one line");
  }
  if (request.lines_size() > kMaxClaimLines) {
    return InvalidArgument(
        reason::kTooManyClaimLines, "lines",
        absl::StrCat("at most ", kMaxClaimLines, " lines a claim, not ", request.lines_size()));
  }
  for (int i = 0; i < request.lines_size(); ++i) {
    const std::string field = LineField(i);
    absl::StatusOr<LoanName> loan = ParseLoanName(request.lines(i).loan(), field);
    if (!loan.ok()) return loan.status();
    if (loan->bank_id != request.bank_id()) {
      return InvalidArgument(
          reason::kLoanOfAnotherBank, field,
          absl::StrCat(request.lines(i).loan(), " is not a loan of bank ", request.bank_id()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> RequestRecorded(const Store& store, absl::string_view principal,
                                     absl::string_view request_id) {
  if (request_id.empty()) return false;
  absl::StatusOr<std::string> record =
      store.Get(Family::kRequests, RequestRecordKey(principal, request_id));
  if (record.ok()) return true;
  if (absl::IsNotFound(record.status())) return false;
  return record.status();
}

absl::StatusOr<internal::ClaimBasis> ComputeClaimBasis(const Store& store, const Caller& caller,
                                                       const v1::SubmitSubsidyClaimRequest& request,
                                                       const ClaimBasisOptions& options) {
  absl::StatusOr<subsidy::Period> period = ParseSubsidyPeriod(request.period(), "period");
  if (!period.ok()) return period.status();
  std::vector<const std::string*> loans;
  loans.reserve(request.lines_size());
  for (const v1::SubsidyClaimLine& line : request.lines()) loans.push_back(&line.loan());
  return ComputeBasis(store, caller, *period, loans, options);
}

absl::StatusOr<internal::ClaimBasis> ComputeClaimBasis(const Store& store, const Caller& caller,
                                                       const v1::SubsidyClaim& claim,
                                                       const ClaimBasisOptions& options) {
  absl::StatusOr<subsidy::Period> period = ParseSubsidyPeriod(claim.period(), "period");
  if (!period.ok()) return period.status();
  std::vector<const std::string*> loans;
  loans.reserve(claim.lines_size());
  for (const v1::SubsidyClaimLine& line : claim.lines()) loans.push_back(&line.loan());
  return ComputeBasis(store, caller, *period, loans, options);
}

}  // namespace ledger
