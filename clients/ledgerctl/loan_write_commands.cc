#include "clients/ledgerctl/loan_write_commands.h"

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/loan_requests.h"
#include "clients/ledgerctl/loan_view.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

FlagSpec LoanNameFlag() {
  return {"loan", true, "NAME", "the loan's name: banks/{bank}/loans/{loan}"};
}

FlagSpec ValueDateFlag() {
  return {"value_date", true, "YYYY-MM-DD", "the date the bank booked it"};
}

FlagSpec RequestIdFlag() {
  return {"request_id", true, "ID",
          "idempotency key (default: a new UUID, printed to stderr); reuse it "
          "to retry"};
}

std::vector<FlagSpec> Concat(std::vector<std::vector<FlagSpec>> groups) {
  std::vector<FlagSpec> all;
  for (std::vector<FlagSpec>& group : groups) {
    for (FlagSpec& spec : group) all.push_back(std::move(spec));
  }
  return all;
}

// After these codes the command may or may not have been applied. Repeating it
// with the same request_id is safe: the server then answers from its record
// instead of applying it again.
bool OutcomeUnknown(grpc::StatusCode code) {
  return code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::CANCELLED || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

// Builds the request from the flags, gives it a request_id, calls `rpc` and
// prints the answer. Request and Response are one of LoanService's mutating
// pairs.
template <typename Request, typename Response, typename Rpc>
int RunMutation(CommandContext& ctx, absl::StatusOr<Request> request, Rpc rpc) {
  if (!request.ok()) return UsageError(ctx, request.status());
  absl::StatusOr<std::string> request_id = RequestIdFor(ctx);
  if (!request_id.ok()) return LocalFailure(ctx, request_id.status());
  request->set_request_id(*request_id);

  std::unique_ptr<v1::LoanService::Stub> stub = v1::LoanService::NewStub(ctx.channel);
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  Response response;
  grpc::Status status = ((*stub).*rpc)(&call, *request, &response);
  if (!status.ok()) {
    const int exit_code = RpcFailure(ctx, status);
    if (OutcomeUnknown(status.error_code())) {
      *ctx.err << "hint: it may have been applied; repeat the command with "
                  "--request_id="
               << *request_id << " to apply it at most once\n";
    }
    return exit_code;
  }
  if (ctx.options.json) {
    grpc::Status printed = EmitJson(ctx, response);
    return printed.ok() ? kExitOk : RpcFailure(ctx, printed);
  }
  *ctx.out << FormatLoanWithCommit(response.loan(), response.commit());
  return kExitOk;
}

int RunCreate(CommandContext& ctx) {
  return RunMutation<v1::CreateLoanRequest, v1::CreateLoanResponse>(
      ctx, BuildCreateLoanRequest(ctx.flags), &v1::LoanService::Stub::CreateLoan);
}

int RunDisburse(CommandContext& ctx) {
  return RunMutation<v1::DisburseLoanRequest, v1::DisburseLoanResponse>(
      ctx, BuildDisburseLoanRequest(ctx.flags), &v1::LoanService::Stub::DisburseLoan);
}

int RunRepay(CommandContext& ctx) {
  return RunMutation<v1::RecordRepaymentRequest, v1::RecordRepaymentResponse>(
      ctx, BuildRecordRepaymentRequest(ctx.flags), &v1::LoanService::Stub::RecordRepayment);
}

}  // namespace

std::vector<CommandSpec> LoanWriteCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"create", "Enter a loan its bank approved (LoanService.CreateLoan)",
       "--bank=ID --loan=ID --borrower=ID --county=CODE "
       "--principal_amount=YUAN --rate_bps=N --term_months=N "
       "--contract_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl create --bank=B001 --loan=L-1 --borrower=BR-9 \\\n"
       "      --county=370281 --principal_amount=100000.00 --rate_bps=435 \\\n"
       "      --term_months=24 --contract_date=2024-01-10",
       Concat({{{"bank", true, "ID", "the bank's id, e.g. B001"},
                {"loan", true, "ID", "the loan's id within the bank, e.g. L-1"},
                {"borrower", true, "ID", "the bank's opaque borrower id (never a national ID)"},
                {"county", true, "CODE", "6-digit county code, e.g. 370281"}},
               AmountFlagSpecs("principal_amount", "approved principal"),
               {{"rate_bps", true, "N", "annual interest rate in basis points (435 = 4.35%)"},
                {"term_months", true, "N", "term in months"},
                {"contract_date", true, "YYYY-MM-DD", "the day the contract was signed"},
                RequestIdFlag()}}),
       RunCreate});
  commands.push_back({"disburse", "Pay out principal to the borrower (LoanService.DisburseLoan)",
                      "--loan=NAME --amount=YUAN --value_date=YYYY-MM-DD [--request_id=ID]",
                      "ledgerctl disburse --loan=banks/B001/loans/L-1 --amount=50000 \\\n"
                      "      --value_date=2024-01-15",
                      Concat({{LoanNameFlag()},
                              AmountFlagSpecs("amount", "principal paid out"),
                              {ValueDateFlag(), RequestIdFlag()}}),
                      RunDisburse});
  commands.push_back({"repay", "Record a repayment (LoanService.RecordRepayment)",
                      "--loan=NAME [--principal_amount=YUAN] [--interest=YUAN] "
                      "--value_date=YYYY-MM-DD [--request_id=ID]",
                      "ledgerctl repay --loan=banks/B001/loans/L-1 \\\n"
                      "      --principal_amount=1000.00 --interest=12.34 "
                      "--value_date=2024-02-15",
                      Concat({{LoanNameFlag()},
                              AmountFlagSpecs("principal_amount", "principal repaid (omit: none)"),
                              AmountFlagSpecs("interest", "interest paid (omit: none)"),
                              {ValueDateFlag(), RequestIdFlag()}}),
                      RunRepay});
  return commands;
}

}  // namespace ledgerctl
