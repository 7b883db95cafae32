#include "clients/ledgerctl/loan_read_commands.h"

#include <string>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/entry_view.h"
#include "clients/ledgerctl/loan_requests.h"
#include "clients/ledgerctl/loan_view.h"
#include "clients/ledgerctl/paging.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

int RunGet(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetLoanRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
      &v1::LoanService::Stub::GetLoan,
      [](const v1::GetLoanRequest&, const v1::Loan& loan) { return FormatLoanDetail(loan); },
      [](const v1::Loan& loan) { return RenderCsv(LoanColumns(), std::vector<v1::Loan>{loan}); });
}

int RunList(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListLoansRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
      &v1::LoanService::Stub::ListLoans, "loans",
      [](const v1::ListLoansResponse& page) -> const auto& { return page.loans(); },
      FormatLoanTable, LoanColumns());
}

int RunHistory(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListLoanHistoryRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
      &v1::LoanService::Stub::ListLoanHistory, "entries",
      [](const v1::ListLoanHistoryResponse& page) -> const auto& { return page.entries(); },
      FormatEntryTable, EntryColumns());
}

}  // namespace

std::vector<CommandSpec> LoanReadCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(WithCsv(
      {"get",
       "Show one loan, its schedule, arrears and guarantees (LoanService.GetLoan)",
       "--loan=NAME [--as_of=YYYY-MM-DD]",
       "ledgerctl get --loan=banks/B001/loans/L-1 --as_of=2024-06-30",
       {LoanNameFlag(),
        {"as_of", true, "YYYY-MM-DD", "count days past due as of this date (default: today)"}},
       RunGet}));
  std::vector<FlagSpec> list_flags = {
      {"bank", true, "ID", "only this bank's loans"},
      {"county", true, "CODE", "only loans in this county"},
      {"status",
       true,
       "STATUS",
       "only loans in this status: approved, active, closed, compensated or written-off",
       false,
       {"approved", "active", "closed", "compensated", "written-off"}},
      {"fund", true, "ID", "only loans with a guarantee of this fund, e.g. F1"},
  };
  for (FlagSpec& spec : PagingFlags("at most 500")) list_flags.push_back(spec);
  commands.push_back(
      WithCsv({"list", "List loans, filters combined with AND (LoanService.ListLoans)",
               "[--bank=ID] [--county=CODE] [--status=STATUS] [--fund=ID] "
               "[--page_size=N] [--page_token=T] [--all]",
               "ledgerctl list --county=370281 --status=active --all", list_flags, RunList}));
  std::vector<FlagSpec> history_flags = {LoanNameFlag()};
  for (FlagSpec& spec : PagingFlags("at most 1000")) history_flags.push_back(spec);
  commands.push_back(
      WithCsv({"history", "A loan's journal entries, oldest first (LoanService.ListLoanHistory)",
               "--loan=NAME [--page_size=N] [--page_token=T] [--all]",
               "ledgerctl history --loan=banks/B001/loans/L-1 --all", history_flags, RunHistory}));
  return commands;
}

}  // namespace ledgerctl
