#include "clients/ledgerctl/loan_read_commands.h"

#include <string>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/entry_view.h"
#include "clients/ledgerctl/loan_requests.h"
#include "clients/ledgerctl/loan_view.h"
#include "clients/ledgerctl/paging.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::ostream* ProgressStream(CommandContext& ctx) { return ctx.err_is_tty ? ctx.err : nullptr; }

int RunGet(CommandContext& ctx) {
  absl::StatusOr<v1::GetLoanRequest> request = BuildGetLoanRequest(ctx.flags);
  if (!request.ok()) return UsageError(ctx, request.status());
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  v1::Loan loan;
  grpc::Status status = v1::LoanService::NewStub(ctx.channel)->GetLoan(&call, *request, &loan);
  if (!status.ok()) return RpcFailure(ctx, status);
  if (ctx.options.json) {
    grpc::Status printed = EmitJson(ctx, loan);
    return printed.ok() ? kExitOk : RpcFailure(ctx, printed);
  }
  *ctx.out << FormatLoan(loan);
  return kExitOk;
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

std::vector<FlagSpec> PagingFlags(const char* max_hint) {
  return {
      {"page_size", true, "N",
       std::string("results per call (default: the server's; ") + max_hint + ")"},
      {"page_token", true, "T", "continue from a previous next_page_token"},
      {"all", false, "", "follow next_page_token to the end (at most 10000 pages)"},
  };
}

}  // namespace

std::vector<CommandSpec> LoanReadCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back({"get",
                      "Show one loan (LoanService.GetLoan)",
                      "--loan=NAME",
                      "ledgerctl get --loan=banks/B001/loans/L-1",
                      {{"loan", true, "NAME", "the loan's name: banks/{bank}/loans/{loan}"}},
                      RunGet});
  std::vector<FlagSpec> list_flags = {
      {"bank", true, "ID", "only this bank's loans"},
      {"county", true, "CODE", "only loans in this county"},
      {"status", true, "STATUS", "only loans in this status: approved, active or closed"},
  };
  for (FlagSpec& spec : PagingFlags("at most 500")) list_flags.push_back(spec);
  commands.push_back({"list", "List loans, filters combined with AND (LoanService.ListLoans)",
                      "[--bank=ID] [--county=CODE] [--status=approved|active|closed] "
                      "[--page_size=N] [--page_token=T] [--all]",
                      "ledgerctl list --county=370281 --status=active --all", list_flags, RunList});
  std::vector<FlagSpec> history_flags = {
      {"loan", true, "NAME", "the loan's name: banks/{bank}/loans/{loan}"}};
  for (FlagSpec& spec : PagingFlags("at most 1000")) history_flags.push_back(spec);
  commands.push_back(
      {"history", "A loan's journal entries, oldest first (LoanService.ListLoanHistory)",
       "--loan=NAME [--page_size=N] [--page_token=T] [--all]",
       "ledgerctl history --loan=banks/B001/loans/L-1 --all", history_flags, RunHistory});
  return commands;
}

}  // namespace ledgerctl
