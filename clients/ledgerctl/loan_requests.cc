#include "clients/ledgerctl/loan_requests.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/guarantee_requests.h"
#include "clients/ledgerctl/request_fields.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

const std::vector<Choice>& RepaymentMethods() {
  static const auto* choices =
      new std::vector<Choice>{{"equal-principal", v1::EQUAL_PRINCIPAL}, {"bullet", v1::BULLET}};
  return *choices;
}

const std::vector<Choice>& Frequencies() {
  static const auto* choices =
      new std::vector<Choice>{{"monthly", v1::MONTHLY}, {"quarterly", v1::QUARTERLY}};
  return *choices;
}

const std::vector<Choice>& LoanStatuses() {
  static const auto* choices = new std::vector<Choice>{{"approved", v1::APPROVED},
                                                       {"active", v1::ACTIVE},
                                                       {"closed", v1::CLOSED},
                                                       {"compensated", v1::COMPENSATED},
                                                       {"written-off", v1::WRITTEN_OFF}};
  return *choices;
}

}  // namespace

absl::StatusOr<v1::CreateLoanRequest> BuildCreateLoanRequest(const ParsedFlags& flags) {
  // In the order the help lists them, so the first missing one is the first
  // reported.
  constexpr const char* kIdFlags[] = {"bank", "loan", "borrower", "county"};
  std::string ids[4];
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<std::string> value = RequiredString(flags, kIdFlags[i]);
    if (!value.ok()) return value.status();
    ids[i] = *value;
  }
  v1::CreateLoanRequest request;
  request.set_bank_id(ids[0]);
  request.set_loan_id(ids[1]);
  request.set_borrower_id(ids[2]);
  request.set_county_code(ids[3]);
  absl::StatusOr<int64_t> principal_fen = RequiredAmount(flags, "principal_amount");
  if (!principal_fen.ok()) return principal_fen.status();
  *request.mutable_principal() = ledger::Cny(*principal_fen);
  absl::StatusOr<uint64_t> rate_bps = RequiredUint(flags, "rate_bps", kInt32Max);
  if (!rate_bps.ok()) return rate_bps.status();
  request.set_annual_rate_bps(static_cast<int32_t>(*rate_bps));
  absl::StatusOr<uint64_t> term_months = RequiredUint(flags, "term_months", kInt32Max);
  if (!term_months.ok()) return term_months.status();
  request.set_term_months(static_cast<int32_t>(*term_months));
  absl::StatusOr<v1::Date> contract_date = RequiredDate(flags, "contract_date");
  if (!contract_date.ok()) return contract_date.status();
  *request.mutable_contract_date() = *contract_date;
  // Left out, they are not sent and the server applies its defaults (equal principal,
  // monthly), so a command line written before these flags existed sends what it always did.
  absl::StatusOr<std::optional<int>> method =
      OptionalChoice(flags, "repayment_method", RepaymentMethods());
  if (!method.ok()) return method.status();
  if (method->has_value()) request.set_repayment_method(v1::RepaymentMethod(**method));
  absl::StatusOr<std::optional<int>> frequency = OptionalChoice(flags, "frequency", Frequencies());
  if (!frequency.ok()) return frequency.status();
  if (frequency->has_value()) request.set_payment_frequency(v1::PaymentFrequency(**frequency));
  return request;
}

absl::StatusOr<v1::DisburseLoanRequest> BuildDisburseLoanRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::DisburseLoanRequest> request = RequestForLoan<v1::DisburseLoanRequest>(flags);
  if (!request.ok()) return request;
  absl::StatusOr<int64_t> amount_fen = RequiredAmount(flags, "amount");
  if (!amount_fen.ok()) return amount_fen.status();
  *request->mutable_amount() = ledger::Cny(*amount_fen);
  return WithValueDate(flags, *std::move(request));
}

absl::StatusOr<v1::RecordRepaymentRequest> BuildRecordRepaymentRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::RecordRepaymentRequest> request =
      RequestForLoan<v1::RecordRepaymentRequest>(flags);
  if (!request.ok()) return request;
  absl::StatusOr<PrincipalAndInterest> repaid = RequiredPrincipalOrInterest(flags);
  if (!repaid.ok()) return repaid.status();
  if (repaid->principal.has_value()) *request->mutable_principal() = *repaid->principal;
  if (repaid->interest.has_value()) *request->mutable_interest() = *repaid->interest;
  return WithValueDate(flags, *std::move(request));
}

absl::StatusOr<v1::GetLoanRequest> BuildGetLoanRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::GetLoanRequest> request = RequestForLoan<v1::GetLoanRequest>(flags);
  if (!request.ok()) return request;
  absl::StatusOr<std::optional<v1::Date>> as_of = OptionalDate(flags, "as_of");
  if (!as_of.ok()) return as_of.status();
  if (as_of->has_value()) *request->mutable_as_of_date() = **as_of;
  return request;
}

absl::StatusOr<v1::LoanStatus> ParseLoanStatus(absl::string_view text) {
  absl::StatusOr<int> status = ParseChoice("status", text, LoanStatuses());
  if (!status.ok()) return status.status();
  return v1::LoanStatus(*status);
}

absl::StatusOr<v1::ListLoansRequest> BuildListLoansRequest(const ParsedFlags& flags) {
  v1::ListLoansRequest request;
  request.set_bank_id(OptionalString(flags, "bank"));
  request.set_county_code(OptionalString(flags, "county"));
  request.set_fund_id(FundIdOf(OptionalString(flags, "fund")));
  if (std::optional<std::string> status = flags.Get("status");
      status.has_value() && !status->empty()) {
    absl::StatusOr<v1::LoanStatus> parsed = ParseLoanStatus(*status);
    if (!parsed.ok()) return parsed.status();
    request.set_status(*parsed);
  }
  return WithPaging(flags, std::move(request));
}

absl::StatusOr<v1::ListLoanHistoryRequest> BuildListLoanHistoryRequest(const ParsedFlags& flags) {
  absl::StatusOr<v1::ListLoanHistoryRequest> request =
      RequestForLoan<v1::ListLoanHistoryRequest>(flags);
  if (!request.ok()) return request;
  return WithPaging(flags, *std::move(request));
}

}  // namespace ledgerctl
