#include "clients/ledgerctl/guarantee_requests.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/request_fields.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

constexpr char kFundPrefix[] = "guarantee_funds/";

absl::StatusOr<std::string> RequiredFundId(const ParsedFlags& flags) {
  absl::StatusOr<std::string> text = RequiredString(flags, "fund");
  if (!text.ok()) return text.status();
  return FundIdOf(*text);
}

absl::StatusOr<std::string> RequiredFundName(const ParsedFlags& flags) {
  absl::StatusOr<std::string> id = RequiredFundId(flags);
  if (!id.ok()) return id.status();
  return absl::StrCat(kFundPrefix, *id);
}

// The loan and guarantee that every guarantee action names (first, as the help lists them).
struct GuaranteeAction {
  std::string loan;
  std::string guarantee_id;
};

absl::StatusOr<GuaranteeAction> ReadGuaranteeAction(const ParsedFlags& flags) {
  GuaranteeAction action;
  absl::StatusOr<std::string> loan = RequiredString(flags, "loan");
  if (!loan.ok()) return loan.status();
  action.loan = *loan;
  absl::StatusOr<std::string> guarantee_id = RequiredString(flags, "guarantee_id");
  if (!guarantee_id.ok()) return guarantee_id.status();
  action.guarantee_id = *guarantee_id;
  return action;
}

// A fund guarantee's loan and id, fund and coverage: what the bank asks for and the fund
// issues (in the order the help lists them).
struct FundGuaranteeTerms {
  GuaranteeAction action;
  std::string fund;  // guarantee_funds/{id}
  int32_t coverage_bps = 0;
};

absl::StatusOr<FundGuaranteeTerms> ReadFundGuaranteeTerms(const ParsedFlags& flags) {
  FundGuaranteeTerms terms;
  absl::StatusOr<GuaranteeAction> action = ReadGuaranteeAction(flags);
  if (!action.ok()) return action.status();
  terms.action = std::move(*action);
  absl::StatusOr<std::string> fund = RequiredFundName(flags);
  if (!fund.ok()) return fund.status();
  terms.fund = std::move(*fund);
  absl::StatusOr<uint64_t> coverage_bps = RequiredUint(flags, "coverage_bps", kInt32Max);
  if (!coverage_bps.ok()) return coverage_bps.status();
  terms.coverage_bps = static_cast<int32_t>(*coverage_bps);
  return terms;
}

template <typename Request>
void AddParties(const ParsedFlags& flags, Request* request) {
  for (const std::string& party : flags.GetAll("party")) request->add_party_ids(party);
}

}  // namespace

std::string FundIdOf(absl::string_view text) {
  absl::ConsumePrefix(&text, kFundPrefix);
  return std::string(text);
}

absl::StatusOr<v1::CreateFundRequest> BuildCreateFundRequest(const ParsedFlags& flags) {
  v1::CreateFundRequest request;
  absl::StatusOr<std::string> fund_id = RequiredFundId(flags);
  if (!fund_id.ok()) return fund_id.status();
  request.set_fund_id(*fund_id);
  absl::StatusOr<std::string> display_name = RequiredString(flags, "display_name");
  if (!display_name.ok()) return display_name.status();
  request.set_display_name(*display_name);
  absl::StatusOr<int> scope =
      RequiredChoice(flags, "scope", {{"county", v1::COUNTY}, {"city", v1::CITY}});
  if (!scope.ok()) return scope.status();
  request.set_scope(v1::FundScope(*scope));
  absl::StatusOr<std::string> region = RequiredString(flags, "region");
  if (!region.ok()) return region.status();
  request.set_region_code(*region);
  absl::StatusOr<uint64_t> leverage = RequiredUint(flags, "leverage", kInt32Max);
  if (!leverage.ok()) return leverage.status();
  request.set_leverage_multiple(static_cast<int32_t>(*leverage));
  // 0 (not given) lets the server apply its default of 90 days.
  absl::StatusOr<uint64_t> call_after_days = UintFlagOr(flags, "call_after_days", kInt32Max, 0);
  if (!call_after_days.ok()) return call_after_days.status();
  request.set_call_after_days(static_cast<int32_t>(*call_after_days));
  return request;
}

absl::StatusOr<v1::DepositFundCapitalRequest> BuildDepositFundCapitalRequest(
    const ParsedFlags& flags) {
  v1::DepositFundCapitalRequest request;
  absl::StatusOr<std::string> name = RequiredFundName(flags);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int64_t> amount_fen = RequiredAmount(flags, "amount");
  if (!amount_fen.ok()) return amount_fen.status();
  *request.mutable_amount() = ledger::Cny(*amount_fen);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::GetFundRequest> BuildGetFundRequest(const ParsedFlags& flags) {
  v1::GetFundRequest request;
  absl::StatusOr<std::string> name = RequiredFundName(flags);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListFundsRequest> BuildListFundsRequest(const ParsedFlags& flags) {
  return WithPaging(flags, v1::ListFundsRequest());
}

absl::StatusOr<v1::RequestFundGuaranteeRequest> BuildRequestFundGuaranteeRequest(
    const ParsedFlags& flags) {
  absl::StatusOr<FundGuaranteeTerms> terms = ReadFundGuaranteeTerms(flags);
  if (!terms.ok()) return terms.status();
  v1::RequestFundGuaranteeRequest request;
  request.set_loan(terms->action.loan);
  request.set_guarantee_id(terms->action.guarantee_id);
  request.set_fund(terms->fund);
  request.set_coverage_bps(terms->coverage_bps);
  AddParties(flags, &request);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::IssueFundGuaranteeRequest> BuildIssueFundGuaranteeRequest(
    const ParsedFlags& flags) {
  absl::StatusOr<FundGuaranteeTerms> terms = ReadFundGuaranteeTerms(flags);
  if (!terms.ok()) return terms.status();
  v1::IssueFundGuaranteeRequest request;
  request.set_loan(terms->action.loan);
  request.set_guarantee_id(terms->action.guarantee_id);
  request.set_fund(terms->fund);
  request.set_coverage_bps(terms->coverage_bps);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::RecordGuaranteeRequest> BuildRecordGuaranteeRequest(const ParsedFlags& flags) {
  absl::StatusOr<GuaranteeAction> action = ReadGuaranteeAction(flags);
  if (!action.ok()) return action.status();
  v1::RecordGuaranteeRequest request;
  request.set_loan(action->loan);
  request.set_guarantee_id(action->guarantee_id);
  // Fund guarantees are requested by the bank (request-guarantee) and issued by their fund
  // (issue-guarantee), never recorded.
  absl::StatusOr<int> form = RequiredChoice(flags, "form",
                                            {{"counter", v1::COUNTER_GUARANTEE},
                                             {"joint", v1::JOINT_LIABILITY},
                                             {"credit", v1::CREDIT_GUARANTEE}});
  if (!form.ok()) return form.status();
  request.set_form(v1::GuaranteeForm(*form));
  AddParties(flags, &request);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::FileGuaranteeCallRequest> BuildFileGuaranteeCallRequest(
    const ParsedFlags& flags) {
  absl::StatusOr<GuaranteeAction> action = ReadGuaranteeAction(flags);
  if (!action.ok()) return action.status();
  v1::FileGuaranteeCallRequest request;
  request.set_loan(action->loan);
  request.set_guarantee_id(action->guarantee_id);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::PayCompensationRequest> BuildPayCompensationRequest(const ParsedFlags& flags) {
  absl::StatusOr<GuaranteeAction> action = ReadGuaranteeAction(flags);
  if (!action.ok()) return action.status();
  v1::PayCompensationRequest request;
  request.set_loan(action->loan);
  request.set_guarantee_id(action->guarantee_id);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::RecordRecoveryRequest> BuildRecordRecoveryRequest(const ParsedFlags& flags) {
  v1::RecordRecoveryRequest request;
  absl::StatusOr<std::string> loan = RequiredString(flags, "loan");
  if (!loan.ok()) return loan.status();
  request.set_loan(*loan);
  absl::StatusOr<int64_t> amount_fen = RequiredAmount(flags, "amount");
  if (!amount_fen.ok()) return amount_fen.status();
  *request.mutable_amount() = ledger::Cny(*amount_fen);
  return WithValueDate(flags, std::move(request));
}

}  // namespace ledgerctl
