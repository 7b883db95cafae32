#include "ledger/server/guarantee_service.h"

#include <string>
#include <utility>

#include "ledger/auth/authorization.h"
#include "ledger/base/ids.h"
#include "ledger/guarantee/fund_projection.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"

namespace ledger {
namespace {

constexpr char kCreateFund[] = "microloan.ledger.v1.GuaranteeService.CreateFund";
constexpr char kDepositFundCapital[] = "microloan.ledger.v1.GuaranteeService.DepositFundCapital";
constexpr char kGetFund[] = "microloan.ledger.v1.GuaranteeService.GetFund";
constexpr char kListFunds[] = "microloan.ledger.v1.GuaranteeService.ListFunds";
constexpr char kRequestFundGuarantee[] =
    "microloan.ledger.v1.GuaranteeService.RequestFundGuarantee";
constexpr char kIssueFundGuarantee[] = "microloan.ledger.v1.GuaranteeService.IssueFundGuarantee";
constexpr char kRecordGuarantee[] = "microloan.ledger.v1.GuaranteeService.RecordGuarantee";
constexpr char kFileGuaranteeCall[] = "microloan.ledger.v1.GuaranteeService.FileGuaranteeCall";
constexpr char kPayCompensation[] = "microloan.ledger.v1.GuaranteeService.PayCompensation";
constexpr char kRecordRecovery[] = "microloan.ledger.v1.GuaranteeService.RecordRecovery";

}  // namespace

absl::Status GuaranteeServiceImpl::CheckFundLoanScope(const Caller& caller,
                                                      absl::string_view loan_name) const {
  if (caller.access == Access::kAll) return absl::OkStatus();
  absl::StatusOr<LoanName> parsed = ParseLoanName(loan_name, "loan");
  if (!parsed.ok()) return parsed.status();
  // Read before the writer applies the command; safe because a fund guarantee, once requested,
  // stays on its loan for good (a loan has at most one, ever, and neither the request nor the
  // issue can be reversed): the answer cannot change meanwhile. For a fund's operator
  // CanSeeLoan is exactly "the loan carries a fund guarantee of its fund", in any state.
  return LoanIfVisible(caller, LoanProjection(store_).Get(parsed->bank_id, parsed->loan_id),
                       loan_name, "loan")
      .status();
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::CreateFund(grpc::CallbackServerContext* context,
                                                           const v1::CreateFundRequest* request,
                                                           v1::FundCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_create_fund() = *request;
  // Only unscoped roles (finance) may: the table is the whole check.
  return SubmitCommand(engine_, context, *callers_, kCreateFund, std::move(command), response,
                       [](const Caller&) { return absl::OkStatus(); });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::DepositFundCapital(
    grpc::CallbackServerContext* context, const v1::DepositFundCapitalRequest* request,
    v1::FundCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_deposit_capital() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kDepositFundCapital, std::move(command), response,
      [&](const Caller& caller) { return CheckFundNameScope(caller, request->name(), "name"); });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::GetFund(grpc::CallbackServerContext* context,
                                                        const v1::GetFundRequest* request,
                                                        v1::GuaranteeFund* response) {
  return AnswerRead(context, *callers_, kGetFund, [&](const Caller& caller) -> absl::Status {
    if (absl::Status s = CheckFundNameScope(caller, request->name(), "name"); !s.ok()) return s;
    absl::StatusOr<std::string> fund_id = ParseFundName(request->name(), "name");
    if (!fund_id.ok()) return fund_id.status();
    absl::StatusOr<v1::GuaranteeFund> fund = FundProjection(store_).Get(*fund_id);
    if (!fund.ok()) return fund.status();
    *response = std::move(*fund);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::ListFunds(grpc::CallbackServerContext* context,
                                                          const v1::ListFundsRequest* request,
                                                          v1::ListFundsResponse* response) {
  return AnswerRead(context, *callers_, kListFunds, [&](const Caller& caller) -> absl::Status {
    if (caller.access == Access::kAll) {
      absl::StatusOr<v1::ListFundsResponse> page = FundProjection(store_).List(*request);
      if (!page.ok()) return page.status();
      *response = std::move(*page);
      return absl::OkStatus();
    }
    // A fund's operator sees its own fund only: one page holding it, or none if it was not
    // created yet. Read directly rather than by filtering pages, which would come back empty.
    absl::StatusOr<int> page_size =
        ResolvePageSize(request->page_size(), kDefaultFundPageSize, kMaxFundPageSize);
    if (!page_size.ok()) return page_size.status();
    if (!CanSeeFund(caller, caller.grant.scope)) return absl::OkStatus();
    absl::StatusOr<v1::GuaranteeFund> own = FundProjection(store_).Get(caller.grant.scope);
    if (absl::IsNotFound(own.status())) return absl::OkStatus();
    if (!own.ok()) return own.status();
    *response->add_funds() = std::move(*own);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::RequestFundGuarantee(
    grpc::CallbackServerContext* context, const v1::RequestFundGuaranteeRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_request_fund_guarantee() = *request;
  // The bank asks for its own loans only; that the fund exists and covers the loan's region is
  // a rule (FUND_NOT_FOUND, OUTSIDE_FUND_REGION), decided on the writer: funds are no secret
  // to banks (GetFund, ListFunds).
  return SubmitCommand(
      engine_, context, *callers_, kRequestFundGuarantee, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->loan(), "loan"); });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::IssueFundGuarantee(
    grpc::CallbackServerContext* context, const v1::IssueFundGuaranteeRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_issue_fund_guarantee() = *request;
  // The fund issues in its own name only, and only on a loan whose bank asked it for a
  // guarantee: any other loan is LOAN_NOT_FOUND, whether it exists or not, so a fund can
  // neither attach itself to a loan uninvited nor probe loans it cannot see. Whether the
  // request is for this guarantee id and these terms is the rules' business.
  return SubmitCommand(engine_, context, *callers_, kIssueFundGuarantee, std::move(command),
                       response, [&](const Caller& caller) -> absl::Status {
                         if (absl::Status s = CheckFundNameScope(caller, request->fund(), "fund");
                             !s.ok()) {
                           return s;
                         }
                         return CheckFundLoanScope(caller, request->loan());
                       });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::RecordGuarantee(
    grpc::CallbackServerContext* context, const v1::RecordGuaranteeRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_record_guarantee() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kRecordGuarantee, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->loan(), "loan"); });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::FileGuaranteeCall(
    grpc::CallbackServerContext* context, const v1::FileGuaranteeCallRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_file_call() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kFileGuaranteeCall, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->loan(), "loan"); });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::PayCompensation(
    grpc::CallbackServerContext* context, const v1::PayCompensationRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_pay_compensation() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kPayCompensation, std::move(command), response,
      [&](const Caller& caller) { return CheckFundLoanScope(caller, request->loan()); });
}

grpc::ServerUnaryReactor* GuaranteeServiceImpl::RecordRecovery(
    grpc::CallbackServerContext* context, const v1::RecordRecoveryRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_record_recovery() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kRecordRecovery, std::move(command), response,
      [&](const Caller& caller) { return CheckFundLoanScope(caller, request->loan()); });
}

}  // namespace ledger
