#include "clients/ledgerctl/loan_write_commands.h"

#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/loan_requests.h"
#include "clients/ledgerctl/loan_view.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

int RunCreate(CommandContext& ctx) {
  return RunMutation(ctx, BuildCreateLoanRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
                     &v1::LoanService::Stub::CreateLoan, LoanMutationAnswer());
}

int RunDisburse(CommandContext& ctx) {
  return RunMutation(ctx, BuildDisburseLoanRequest(ctx.flags),
                     v1::LoanService::NewStub(ctx.channel), &v1::LoanService::Stub::DisburseLoan,
                     LoanMutationAnswer());
}

int RunRepay(CommandContext& ctx) {
  return RunMutation(ctx, BuildRecordRepaymentRequest(ctx.flags),
                     v1::LoanService::NewStub(ctx.channel), &v1::LoanService::Stub::RecordRepayment,
                     LoanMutationAnswer());
}

}  // namespace

std::vector<CommandSpec> LoanWriteCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"create", "Enter a loan its bank approved (LoanService.CreateLoan)",
       "--bank=ID --loan=ID --borrower=ID --county=CODE "
       "--principal_amount=YUAN --rate_bps=N --term_months=N "
       "--contract_date=YYYY-MM-DD [--repayment_method=equal-principal|bullet] "
       "[--frequency=monthly|quarterly] [--request_id=ID]",
       "ledgerctl create --bank=B001 --loan=L-1 --borrower=BR-9 \\\n"
       "      --county=370281 --principal_amount=100000.00 --rate_bps=435 \\\n"
       "      --term_months=24 --contract_date=2024-01-10 --repayment_method=bullet \\\n"
       "      --frequency=quarterly",
       ConcatFlags(
           {{{"bank", true, "ID", "the bank's id, e.g. B001"},
             {"loan", true, "ID", "the loan's id within the bank, e.g. L-1"},
             {"borrower", true, "ID", "the bank's opaque borrower id (never a national ID)"},
             {"county", true, "CODE", "6-digit county code, e.g. 370281"}},
            AmountFlagSpecs("principal_amount", "approved principal"),
            {{"rate_bps", true, "N", "annual interest rate in basis points (435 = 4.35%)"},
             {"term_months", true, "N", "term in months"},
             {"contract_date", true, "YYYY-MM-DD", "the day the contract was signed"},
             {"repayment_method",
              true,
              "METHOD",
              "equal-principal (等额本金, the default) or bullet (到期还本: all "
              "principal at maturity)",
              false,
              {"equal-principal", "bullet"}},
             {"frequency",
              true,
              "FREQ",
              "instalments monthly (the default) or quarterly",
              false,
              {"monthly", "quarterly"}},
             RequestIdFlag()}}),
       RunCreate});
  commands.push_back({"disburse", "Pay out principal to the borrower (LoanService.DisburseLoan)",
                      "--loan=NAME --amount=YUAN --value_date=YYYY-MM-DD [--request_id=ID]",
                      "ledgerctl disburse --loan=banks/B001/loans/L-1 --amount=50000 \\\n"
                      "      --value_date=2024-01-15",
                      ConcatFlags({{LoanNameFlag()},
                                   AmountFlagSpecs("amount", "principal paid out"),
                                   {ValueDateFlag(), RequestIdFlag()}}),
                      RunDisburse});
  commands.push_back(
      {"repay", "Record a repayment (LoanService.RecordRepayment)",
       "--loan=NAME [--principal_amount=YUAN] [--interest=YUAN] "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl repay --loan=banks/B001/loans/L-1 \\\n"
       "      --principal_amount=1000.00 --interest=12.34 "
       "--value_date=2024-02-15",
       ConcatFlags({{LoanNameFlag()},
                    AmountFlagSpecs("principal_amount", "principal repaid (omit: none)"),
                    AmountFlagSpecs("interest", "interest paid (omit: none)"),
                    {ValueDateFlag(), RequestIdFlag()}}),
       RunRepay});
  return commands;
}

}  // namespace ledgerctl
