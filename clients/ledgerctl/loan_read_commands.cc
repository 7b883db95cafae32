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

std::ostream* ProgressStream(CommandContext& ctx) { return ctx.err_is_tty ? ctx.err : nullptr; }

int RunGet(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetLoanRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
      &v1::LoanService::Stub::GetLoan,
      [](const v1::GetLoanRequest&, const v1::Loan& loan) { return FormatLoanDetail(loan); });
}

int RunList(CommandContext& ctx) {
  absl::StatusOr<v1::ListLoansRequest> request = BuildListLoansRequest(ctx.flags);
  if (!request.ok()) return UsageError(ctx, request.status());
  const bool all = ctx.flags.GetBool("all");
  std::unique_ptr<v1::LoanService::Stub> stub = v1::LoanService::NewStub(ctx.channel);
  // Human output is one aligned table, so rows wait for the last page; JSON
  // goes out per page.
  std::vector<v1::Loan> loans;
  PageWalk walk =
      WalkPages(request->page_token(), all, kMaxPages, ProgressStream(ctx), "loans",
                [&](const std::string& token, std::string* next_token, size_t* items) {
                  request->set_page_token(token);
                  grpc::ClientContext call;
                  PrepareCall(ctx, &call);
                  v1::ListLoansResponse response;
                  grpc::Status status = stub->ListLoans(&call, *request, &response);
                  if (!status.ok()) return status;
                  *next_token = response.next_page_token();
                  *items = response.loans_size();
                  if (ctx.options.json) return EmitJson(ctx, response);
                  loans.insert(loans.end(), response.loans().begin(), response.loans().end());
                  return grpc::Status::OK;
                });
  return FinishPages(ctx, walk, all, [&] { *ctx.out << FormatLoanTable(loans); });
}

int RunHistory(CommandContext& ctx) {
  absl::StatusOr<v1::ListLoanHistoryRequest> request = BuildListLoanHistoryRequest(ctx.flags);
  if (!request.ok()) return UsageError(ctx, request.status());
  const bool all = ctx.flags.GetBool("all");
  std::unique_ptr<v1::LoanService::Stub> stub = v1::LoanService::NewStub(ctx.channel);
  std::vector<v1::JournalEntry> entries;
  PageWalk walk = WalkPages(
      request->page_token(), all, kMaxPages, ProgressStream(ctx), "entries",
      [&](const std::string& token, std::string* next_token, size_t* items) {
        request->set_page_token(token);
        grpc::ClientContext call;
        PrepareCall(ctx, &call);
        v1::ListLoanHistoryResponse response;
        grpc::Status status = stub->ListLoanHistory(&call, *request, &response);
        if (!status.ok()) return status;
        *next_token = response.next_page_token();
        *items = response.entries_size();
        if (ctx.options.json) return EmitJson(ctx, response);
        entries.insert(entries.end(), response.entries().begin(), response.entries().end());
        return grpc::Status::OK;
      });
  return FinishPages(ctx, walk, all, [&] { *ctx.out << FormatEntryTable(entries); });
}

}  // namespace

std::vector<CommandSpec> LoanReadCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"get",
       "Show one loan, its schedule, arrears and guarantees (LoanService.GetLoan)",
       "--loan=NAME [--as_of=YYYY-MM-DD]",
       "ledgerctl get --loan=banks/B001/loans/L-1 --as_of=2024-06-30",
       {LoanNameFlag(),
        {"as_of", true, "YYYY-MM-DD", "count days past due as of this date (default: today)"}},
       RunGet});
  std::vector<FlagSpec> list_flags = {
      {"bank", true, "ID", "only this bank's loans"},
      {"county", true, "CODE", "only loans in this county"},
      {"status", true, "STATUS",
       "only loans in this status: approved, active, closed, compensated or written-off"},
      {"fund", true, "ID", "only loans with a guarantee of this fund, e.g. F1"},
  };
  for (FlagSpec& spec : PagingFlags("at most 500")) list_flags.push_back(spec);
  commands.push_back({"list", "List loans, filters combined with AND (LoanService.ListLoans)",
                      "[--bank=ID] [--county=CODE] [--status=STATUS] [--fund=ID] "
                      "[--page_size=N] [--page_token=T] [--all]",
                      "ledgerctl list --county=370281 --status=active --all", list_flags, RunList});
  std::vector<FlagSpec> history_flags = {LoanNameFlag()};
  for (FlagSpec& spec : PagingFlags("at most 1000")) history_flags.push_back(spec);
  commands.push_back(
      {"history", "A loan's journal entries, oldest first (LoanService.ListLoanHistory)",
       "--loan=NAME [--page_size=N] [--page_token=T] [--all]",
       "ledgerctl history --loan=banks/B001/loans/L-1 --all", history_flags, RunHistory});
  return commands;
}

}  // namespace ledgerctl
