#include "clients/ledgerctl/fund_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/fund_view.h"
#include "clients/ledgerctl/guarantee_requests.h"
#include "clients/ledgerctl/paging.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/guarantee_service.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

template <typename Request>
std::string FundAnswer(const Request& /*request*/, const v1::FundCommandResponse& response) {
  return FormatFundWithCommit(response.fund(), response.commit());
}

int RunCreateFund(CommandContext& ctx) {
  return RunMutation(ctx, BuildCreateFundRequest(ctx.flags),
                     v1::GuaranteeService::NewStub(ctx.channel),
                     &v1::GuaranteeService::Stub::CreateFund, FundAnswer<v1::CreateFundRequest>);
}

int RunDepositCapital(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildDepositFundCapitalRequest(ctx.flags), v1::GuaranteeService::NewStub(ctx.channel),
      &v1::GuaranteeService::Stub::DepositFundCapital, FundAnswer<v1::DepositFundCapitalRequest>);
}

int RunGetFund(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetFundRequest(ctx.flags), v1::GuaranteeService::NewStub(ctx.channel),
      &v1::GuaranteeService::Stub::GetFund,
      [](const v1::GetFundRequest&, const v1::GuaranteeFund& fund) { return FormatFund(fund); },
      [](const v1::GuaranteeFund& fund) {
        return RenderCsv(FundColumns(), std::vector<v1::GuaranteeFund>{fund});
      });
}

int RunListFunds(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListFundsRequest(ctx.flags), v1::GuaranteeService::NewStub(ctx.channel),
      &v1::GuaranteeService::Stub::ListFunds, "funds",
      [](const v1::ListFundsResponse& page) -> const auto& { return page.funds(); },
      FormatFundTable, FundColumns());
}

}  // namespace

std::vector<CommandSpec> FundCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"create-fund",
       "Set up a guarantee fund (GuaranteeService.CreateFund)",
       "--fund=ID --display_name=TEXT --scope=county|city --region=CODE --leverage=N "
       "[--call_after_days=N] [--request_id=ID]",
       "ledgerctl --principal=finance create-fund --fund=F1 \\\n"
       "      --display_name='Jimo youth loan fund' --scope=city --region=3702 --leverage=5",
       {{"fund", true, "ID", "the new fund's id, e.g. F1 (its name: guarantee_funds/F1)"},
        {"display_name", true, "TEXT", "what people call it (at most 100 characters)"},
        {"scope",
         true,
         "SCOPE",
         "county (one county's loans) or city (every county of a city)",
         false,
         {"county", "city"}},
        {"region", true, "CODE", "a 6-digit county code, or a 4-digit city prefix for city"},
        {"leverage", true, "N", "guaranteed principal may reach capital x N (1..20)"},
        {"call_after_days", true, "N",
         "a guarantee can be called once the loan is more than N days past due "
         "(default 90)"},
        RequestIdFlag()},
       RunCreateFund,
       "The fund holds no capital until deposit-capital."});
  commands.push_back({"deposit-capital",
                      "Deposit capital into a fund (GuaranteeService.DepositFundCapital)",
                      "--fund=ID --amount=YUAN --value_date=YYYY-MM-DD [--request_id=ID]",
                      "ledgerctl --principal=guarantee_fund:F1 deposit-capital --fund=F1 \\\n"
                      "      --amount=1000000 --value_date=2024-01-02",
                      ConcatFlags({{FundFlag()},
                                   AmountFlagSpecs("amount", "capital deposited"),
                                   {ValueDateFlag(), RequestIdFlag()}}),
                      RunDepositCapital});
  commands.push_back(WithCsv({"get-fund",
                              "Show one guarantee fund (GuaranteeService.GetFund)",
                              "--fund=ID",
                              "ledgerctl get-fund --fund=F1",
                              {FundFlag()},
                              RunGetFund}));
  commands.push_back(
      WithCsv({"list-funds", "List guarantee funds (GuaranteeService.ListFunds)",
               "[--page_size=N] [--page_token=T] [--all]", "ledgerctl list-funds --all",
               PagingFlags("at most 500"), RunListFunds}));
  return commands;
}

}  // namespace ledgerctl
