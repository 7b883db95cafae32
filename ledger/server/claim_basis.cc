#include "ledger/server/claim_basis.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/server/loan_subsidy_reader.h"

namespace ledger {
namespace {

std::string LineField(int i) { return absl::StrCat("lines[", i, "].loan"); }

}  // namespace

absl::StatusOr<subsidy::Period> ParsePeriod(const v1::DatePeriod& period, absl::string_view field) {
  absl::StatusOr<absl::CivilDay> first = ParseDate(period.first_day(), field);
  if (!first.ok()) return first.status();
  absl::StatusOr<absl::CivilDay> last = ParseDate(period.last_day(), field);
  if (!last.ok()) return last.status();
  if (*last < *first) {
    return InvalidArgument(reason::kInvalidPeriod, field,
                           absl::StrCat("period ", absl::FormatCivilTime(*first), "..",
                                        absl::FormatCivilTime(*last), " ends before it starts"));
  }
  if (*last - *first + 1 > subsidy::kMaxPeriodDays) {
    return InvalidArgument(
        reason::kInvalidPeriod, field,
        absl::StrCat("period ", absl::FormatCivilTime(*first), "..", absl::FormatCivilTime(*last),
                     " is longer than ", subsidy::kMaxPeriodDays, " days"));
  }
  return subsidy::Period{*first, *last};
}

absl::Status CheckClaimShape(const Caller& caller, const v1::SubmitSubsidyClaimRequest& request) {
  if (caller.access != Access::kAll &&
      (caller.grant.role != Role::kBank || request.bank_id() != caller.grant.scope)) {
    return Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, "bank_id",
                  absl::StrCat("you claim for bank ", caller.grant.scope, " only"));
  }
  if (absl::Status s = ValidateId(request.bank_id(), "bank_id"); !s.ok()) return s;
  if (absl::StatusOr<subsidy::Period> p = ParsePeriod(request.period(), "period"); !p.ok()) {
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

absl::StatusOr<internal::ClaimBasis> ComputeClaimBasis(
    const Store& store, const Caller& caller, const v1::SubmitSubsidyClaimRequest& request) {
  absl::StatusOr<subsidy::Period> period = ParsePeriod(request.period(), "period");
  if (!period.ok()) return period.status();
  absl::StatusOr<std::unique_ptr<LoanSubsidyReader>> reader = LoanSubsidyReader::Open(&store);
  if (!reader.ok()) return reader.status();
  internal::ClaimBasis basis;
  basis.set_basis_sequence((*reader)->head_sequence());
  for (int i = 0; i < request.lines_size(); ++i) {
    const std::string& name = request.lines(i).loan();
    const std::string field = LineField(i);
    absl::StatusOr<v1::Loan> loan = LoanIfVisible(caller, (*reader)->LoadLoan(name), name, field);
    if (!loan.ok()) return loan.status();
    absl::StatusOr<LoanPeriodSubsidy> figures = (*reader)->ForPeriod(*loan, *period);
    if (!figures.ok()) return figures.status();
    internal::ClaimLineBasis* line = basis.add_lines();
    line->set_expected_fen(figures->subsidy_fen);
    line->set_interest_fen(figures->interest_fen);
    line->set_county_code(loan->county_code());
    line->set_note(figures->note);
  }
  return basis;
}

}  // namespace ledger
