#include "clients/ledgerctl/loan_action_requests.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "clients/ledgerctl/flag_values.h"
#include "ledger/base/money.h"

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

}  // namespace

absl::StatusOr<v1::MarkInstalmentOverdueRequest> BuildMarkInstalmentOverdueRequest(
    const ParsedFlags& flags) {
  v1::MarkInstalmentOverdueRequest request;
  absl::StatusOr<std::string> name = RequiredString(flags, "loan");
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int32_t> instalment = RequiredInstalment(flags);
  if (!instalment.ok()) return instalment.status();
  request.set_instalment(*instalment);
  absl::StatusOr<std::optional<int64_t>> principal_fen = OptionalAmount(flags, "principal_amount");
  if (!principal_fen.ok()) return principal_fen.status();
  absl::StatusOr<std::optional<int64_t>> interest_fen = OptionalAmount(flags, "interest");
  if (!interest_fen.ok()) return interest_fen.status();
  if (!principal_fen->has_value() && !interest_fen->has_value()) {
    return absl::InvalidArgumentError("give --principal_amount, --interest or both");
  }
  if (principal_fen->has_value()) {
    *request.mutable_principal_overdue() = ledger::Cny(**principal_fen);
  }
  if (interest_fen->has_value()) *request.mutable_interest_overdue() = ledger::Cny(**interest_fen);
  absl::StatusOr<v1::Date> value_date = RequiredDate(flags, "value_date");
  if (!value_date.ok()) return value_date.status();
  *request.mutable_value_date() = *value_date;
  return request;
}

absl::StatusOr<v1::CureArrearRequest> BuildCureArrearRequest(const ParsedFlags& flags) {
  v1::CureArrearRequest request;
  absl::StatusOr<std::string> name = RequiredString(flags, "loan");
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int32_t> instalment = RequiredInstalment(flags);
  if (!instalment.ok()) return instalment.status();
  request.set_instalment(*instalment);
  absl::StatusOr<v1::Date> value_date = RequiredDate(flags, "value_date");
  if (!value_date.ok()) return value_date.status();
  *request.mutable_value_date() = *value_date;
  return request;
}

absl::StatusOr<v1::ExtendLoanRequest> BuildExtendLoanRequest(const ParsedFlags& flags) {
  v1::ExtendLoanRequest request;
  absl::StatusOr<std::string> name = RequiredString(flags, "loan");
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<v1::Date> new_maturity = RequiredDate(flags, "new_maturity");
  if (!new_maturity.ok()) return new_maturity.status();
  *request.mutable_new_maturity_date() = *new_maturity;
  absl::StatusOr<v1::Date> value_date = RequiredDate(flags, "value_date");
  if (!value_date.ok()) return value_date.status();
  *request.mutable_value_date() = *value_date;
  return request;
}

absl::StatusOr<v1::WriteOffLoanRequest> BuildWriteOffLoanRequest(const ParsedFlags& flags) {
  v1::WriteOffLoanRequest request;
  absl::StatusOr<std::string> name = RequiredString(flags, "loan");
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<v1::Date> value_date = RequiredDate(flags, "value_date");
  if (!value_date.ok()) return value_date.status();
  *request.mutable_value_date() = *value_date;
  return request;
}

}  // namespace ledgerctl
