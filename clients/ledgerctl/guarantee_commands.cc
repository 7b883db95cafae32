#include "clients/ledgerctl/guarantee_commands.h"

#include <string>
#include <utility>

#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/guarantee_requests.h"
#include "clients/ledgerctl/loan_detail_view.h"
#include "clients/ledgerctl/loan_view.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/guarantee_service.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

// The loan, then its guarantees: what these commands change.
template <typename Request>
std::string LoanAnswer(const Request& /*request*/, const v1::LoanCommandResponse& response) {
  return FormatLoanWithCommit(response.loan(), response.commit()) +
         FormatGuarantees(response.loan());
}

template <typename Request>
int Run(CommandContext& ctx, absl::StatusOr<Request> request,
        grpc::Status (v1::GuaranteeService::Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                        v1::LoanCommandResponse*)) {
  return RunMutation(ctx, std::move(request), v1::GuaranteeService::NewStub(ctx.channel), rpc,
                     LoanAnswer<Request>);
}

int RunRequest(CommandContext& ctx) {
  return Run(ctx, BuildRequestFundGuaranteeRequest(ctx.flags),
             &v1::GuaranteeService::Stub::RequestFundGuarantee);
}

int RunIssue(CommandContext& ctx) {
  return Run(ctx, BuildIssueFundGuaranteeRequest(ctx.flags),
             &v1::GuaranteeService::Stub::IssueFundGuarantee);
}

int RunRecord(CommandContext& ctx) {
  return Run(ctx, BuildRecordGuaranteeRequest(ctx.flags),
             &v1::GuaranteeService::Stub::RecordGuarantee);
}

int RunFileCall(CommandContext& ctx) {
  return Run(ctx, BuildFileGuaranteeCallRequest(ctx.flags),
             &v1::GuaranteeService::Stub::FileGuaranteeCall);
}

int RunPayCompensation(CommandContext& ctx) {
  return Run(ctx, BuildPayCompensationRequest(ctx.flags),
             &v1::GuaranteeService::Stub::PayCompensation);
}

int RunRecordRecovery(CommandContext& ctx) {
  return Run(ctx, BuildRecordRecoveryRequest(ctx.flags),
             &v1::GuaranteeService::Stub::RecordRecovery);
}

FlagSpec GuaranteeIdFlag() {
  return {"guarantee_id", true, "ID", "the guarantee's id, unique within the loan, e.g. G1"};
}

FlagSpec CoverageFlag() {
  return {"coverage_bps", true, "N",
          "the share of principal and due interest covered, in basis points (1..10000)"};
}

FlagSpec PartyFlag() {
  return {"party", true, "ID",
          "a party standing behind the loan (guarantor, group member): the bank's opaque id, "
          "never personal data; repeat for several (at most 10)",
          /*repeatable=*/true};
}

}  // namespace

std::vector<CommandSpec> GuaranteeCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"request-guarantee",
       "Ask a fund to guarantee your loan (GuaranteeService.RequestFundGuarantee)",
       "--loan=NAME --guarantee_id=ID --fund=ID --coverage_bps=N [--party=ID]... "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=bank:B001 request-guarantee \\\n"
       "      --loan=banks/B001/loans/L-1 --guarantee_id=G1 --fund=F1 --coverage_bps=8000 \\\n"
       "      --party=GP-1 --value_date=2024-01-16",
       {LoanNameFlag(), GuaranteeIdFlag(), FundFlag(), CoverageFlag(), PartyFlag(), ValueDateFlag(),
        RequestIdFlag()},
       RunRequest,
       "By the bank, on its approved or active loan in the fund's region, which has no fund\n"
       "guarantee yet. No exposure until the fund issues it; from now on the fund's operator can\n"
       "read the loan, to decide."});
  commands.push_back(
      {"issue-guarantee",
       "Issue the fund guarantee a bank requested (GuaranteeService.IssueFundGuarantee)",
       "--loan=NAME --guarantee_id=ID --fund=ID --coverage_bps=N "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=guarantee_fund:F1 issue-guarantee \\\n"
       "      --loan=banks/B001/loans/L-1 --guarantee_id=G1 --fund=F1 --coverage_bps=8000 \\\n"
       "      --value_date=2024-01-16",
       {LoanNameFlag(), GuaranteeIdFlag(), FundFlag(), CoverageFlag(), ValueDateFlag(),
        RequestIdFlag()},
       RunIssue,
       "By the fund's operator, on the guarantee the bank requested (request-guarantee): the\n"
       "same loan, guarantee id and fund, and --coverage_bps equal to the request's\n"
       "(GUARANTEE_TERMS_DIFFER otherwise); the parties are the request's. A loan whose bank\n"
       "did not ask the fund is not found. Refused with LEVERAGE_LIMIT_EXCEEDED when the\n"
       "fund's exposure would pass its cash x leverage."});
  commands.push_back(
      {"record-guarantee",
       "Record a guarantee other than a fund's (GuaranteeService.RecordGuarantee)",
       "--loan=NAME --guarantee_id=ID --form=counter|joint|credit [--party=ID]... "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl record-guarantee --loan=banks/B001/loans/L-1 --guarantee_id=G2 \\\n"
       "      --form=joint --party=BR-11 --party=BR-12 --value_date=2024-01-16",
       {LoanNameFlag(),
        GuaranteeIdFlag(),
        {"form",
         true,
         "FORM",
         "counter (反担保), joint (联保: a group of borrowers) or credit (信用)",
         false,
         {"counter", "joint", "credit"}},
        PartyFlag(),
        ValueDateFlag(),
        RequestIdFlag()},
       RunRecord,
       "No money moves. A joint-liability group needs at least one party."});
  commands.push_back(
      {"file-call",
       "Call a loan's fund guarantee (GuaranteeService.FileGuaranteeCall)",
       "--loan=NAME --guarantee_id=ID --value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl file-call --loan=banks/B001/loans/L-1 --guarantee_id=G1 "
       "--value_date=2024-09-01",
       {LoanNameFlag(), GuaranteeIdFlag(), ValueDateFlag(), RequestIdFlag()},
       RunFileCall,
       "Once the loan is more than the fund's call_after_days past due on the value date."});
  commands.push_back(
      {"pay-compensation",
       "Pay a called guarantee, 代偿 (GuaranteeService.PayCompensation)",
       "--loan=NAME --guarantee_id=ID --value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=guarantee_fund:F1 pay-compensation \\\n"
       "      --loan=banks/B001/loans/L-1 --guarantee_id=G1 --value_date=2024-09-15",
       {LoanNameFlag(), GuaranteeIdFlag(), ValueDateFlag(), RequestIdFlag()},
       RunPayCompensation,
       "The covered share of the outstanding principal (at most the guaranteed principal) and\n"
       "of the due interest; the loan becomes COMPENSATED. Refused once the loan is no longer\n"
       "overdue (NOT_OVERDUE), and if the fund's cash is short."});
  commands.push_back(
      {"record-recovery",
       "Record a recovery after compensation, 追偿 (GuaranteeService.RecordRecovery)",
       "--loan=NAME --amount=YUAN --value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=guarantee_fund:F1 record-recovery \\\n"
       "      --loan=banks/B001/loans/L-1 --amount=5000 --value_date=2024-12-01",
       ConcatFlags({{LoanNameFlag()},
                    AmountFlagSpecs("amount", "money recovered"),
                    {ValueDateFlag(), RequestIdFlag()}}),
       RunRecordRecovery,
       "Money recovered from the borrower, split by the guarantee's share: the fund's part\n"
       "returns to the fund, the rest settles what the bank is still owed."});
  return commands;
}

}  // namespace ledgerctl
