#include "clients/ledgerctl/loan_action_requests.h"

#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/request_fields.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

// Instalments are numbered from 1; 0 would only come back as a less helpful server error.
absl::StatusOr<int32_t> RequiredInstalment(const ParsedFlags& flags) {
  absl::StatusOr<uint64_t> instalment = RequiredUint(flags, "instalment", kInt32Max);
  if (!instalment.ok()) return instalment.status();
  if (*instalment == 0) {
    return absl::InvalidArgumentError("--instalment: instalments are numbered from 1");
  }
  return static_cast<int32_t>(*instalment);
}

// A request with its name from --loan and its instalment from --instalment, which the arrear
// commands read first.
template <typename Request>
absl::StatusOr<Request> RequestForInstalment(const ParsedFlags& flags) {
  absl::StatusOr<Request> request = RequestForLoan<Request>(flags);
  if (!request.ok()) return request;
  absl::StatusOr<int32_t> instalment = RequiredInstalment(flags);
  if (!instalment.ok()) return instalment.status();
  request->set_instalment(*instalment);
  return request;
}

}  // namespace

absl::StatusOr<v1::MarkInstalmentOverdueRequest> BuildMarkInstalmentOverdueRequest(
    const ParsedFlags& flags) {
  absl::StatusOr<v1::MarkInstalmentOverdueRequest> request =
      RequestForInstalment<v1::MarkInstalmentOverdueRequest>(flags);
  if (!request.ok()) return request;
  absl::StatusOr<PrincipalAndInterest> overdue = RequiredPrincipalOrInterest(flags);
  if (!overdue.ok()) return overdue.status();
  if (overdue->principal.has_value()) *request->mutable_principal_overdue() = *overdue->principal;
  if (overdue->interest.has_value()) *request->mutable_interest_overdue() = *overdue->interest;
  return WithValueDate(flags, *std::move(request));
}

absl::StatusOr<v1::CureArrearRequest> BuildCureArrearRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::CureArrearRequest> request =
      RequestForInstalment<v1::CureArrearRequest>(flags);
  if (!request.ok()) return request;
  return WithValueDate(flags, *std::move(request));
}

absl::StatusOr<v1::ExtendLoanRequest> BuildExtendLoanRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::ExtendLoanRequest> request = RequestForLoan<v1::ExtendLoanRequest>(flags);
  if (!request.ok()) return request;
  absl::StatusOr<v1::Date> new_maturity = RequiredDate(flags, "new_maturity");
  if (!new_maturity.ok()) return new_maturity.status();
  *request->mutable_new_maturity_date() = *new_maturity;
  return WithValueDate(flags, *std::move(request));
}

absl::StatusOr<v1::WriteOffLoanRequest> BuildWriteOffLoanRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::WriteOffLoanRequest> request = RequestForLoan<v1::WriteOffLoanRequest>(flags);
  if (!request.ok()) return request;
  return WithValueDate(flags, *std::move(request));
}

}  // namespace ledgerctl
