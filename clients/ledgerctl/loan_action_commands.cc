#include "clients/ledgerctl/loan_action_commands.h"

#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/loan_action_requests.h"
#include "clients/ledgerctl/loan_view.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

int RunMarkOverdue(CommandContext& ctx) {
  return RunMutation(ctx, BuildMarkInstalmentOverdueRequest(ctx.flags),
                     v1::LoanService::NewStub(ctx.channel),
                     &v1::LoanService::Stub::MarkInstalmentOverdue, LoanMutationAnswer());
}

int RunCureArrear(CommandContext& ctx) {
  return RunMutation(ctx, BuildCureArrearRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
                     &v1::LoanService::Stub::CureArrear, LoanMutationAnswer());
}

int RunExtend(CommandContext& ctx) {
  return RunMutation(ctx, BuildExtendLoanRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
                     &v1::LoanService::Stub::ExtendLoan, LoanMutationAnswer());
}

int RunWriteOff(CommandContext& ctx) {
  return RunMutation(ctx, BuildWriteOffLoanRequest(ctx.flags),
                     v1::LoanService::NewStub(ctx.channel), &v1::LoanService::Stub::WriteOffLoan,
                     LoanMutationAnswer());
}

FlagSpec InstalmentFlag(const char* help) { return {"instalment", true, "N", help}; }

}  // namespace

std::vector<CommandSpec> LoanActionCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"mark-overdue", "Mark an instalment overdue (LoanService.MarkInstalmentOverdue)",
       "--loan=NAME --instalment=N [--principal_amount=YUAN] [--interest=YUAN] "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl mark-overdue --loan=banks/B001/loans/L-1 --instalment=3 \\\n"
       "      --principal_amount=4166.67 --interest=362.50 --value_date=2024-04-15",
       ConcatFlags(
           {{LoanNameFlag(), InstalmentFlag("the instalment's number in the schedule")},
            AmountFlagSpecs("principal_amount", "principal overdue (omit: none)"),
            AmountFlagSpecs("interest", "interest overdue (omit: none)"),
            {{"value_date", true, "YYYY-MM-DD", "the day it was marked, after the due date"},
             RequestIdFlag()}}),
       RunMarkOverdue,
       "Give what is unpaid of the instalment: its principal and the interest then due, which\n"
       "becomes due interest (a receivable) of the loan. Days past due count from the day\n"
       "after the instalment's due date."});
  commands.push_back({"cure-arrear",
                      "Mark an overdue instalment paid up (LoanService.CureArrear)",
                      "--loan=NAME --instalment=N --value_date=YYYY-MM-DD [--request_id=ID]",
                      "ledgerctl cure-arrear --loan=banks/B001/loans/L-1 --instalment=3 "
                      "--value_date=2024-04-20",
                      {LoanNameFlag(), InstalmentFlag("the overdue instalment's number"),
                       ValueDateFlag(), RequestIdFlag()},
                      RunCureArrear,
                      "No money moves: record the repayment that paid it with repay first."});
  commands.push_back(
      {"extend",
       "Extend the loan's maturity, 展期 (LoanService.ExtendLoan)",
       "--loan=NAME --new_maturity=YYYY-MM-DD --value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl extend --loan=banks/B001/loans/L-1 --new_maturity=2026-07-10 \\\n"
       "      --value_date=2025-12-01",
       {LoanNameFlag(),
        {"new_maturity", true, "YYYY-MM-DD", "the new maturity date"},
        ValueDateFlag(),
        RequestIdFlag()},
       RunExtend,
       "Once per loan, before maturity, to at most one year after the original maturity, at\n"
       "the original rate."});
  commands.push_back(
      {"write-off",
       "Write off what is still owed to the bank (LoanService.WriteOffLoan)",
       "--loan=NAME --value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl write-off --loan=banks/B001/loans/L-1 --value_date=2025-06-30",
       {LoanNameFlag(), ValueDateFlag(), RequestIdFlag()},
       RunWriteOff,
       "The outstanding principal and due interest. Refused while a fund guarantee is live:\n"
       "call it first (file-call)."});
  return commands;
}

}  // namespace ledgerctl
