#include "clients/ledgerctl/account_commands.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clients/ledgerctl/account_requests.h"
#include "clients/ledgerctl/account_view.h"
#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/paging.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/account.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

int RunAccount(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetAccountRequest(ctx.flags), v1::AccountService::NewStub(ctx.channel),
      &v1::AccountService::Stub::GetAccount,
      [](const v1::GetAccountRequest&, const v1::AccountBalance& balance) {
        return FormatAccount(balance);
      },
      [](const v1::AccountBalance& balance) {
        return RenderCsv(AccountColumns(), std::vector<v1::AccountBalance>{balance});
      });
}

int RunPostings(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListAccountPostingsRequest(ctx.flags), v1::AccountService::NewStub(ctx.channel),
      &v1::AccountService::Stub::ListAccountPostings, "postings",
      [](const v1::ListAccountPostingsResponse& page) -> const auto& { return page.postings(); },
      FormatPostingTable, PostingColumns());
}

int RunTrialBalance(CommandContext& ctx) {
  absl::StatusOr<v1::GetTrialBalanceRequest> request = BuildGetTrialBalanceRequest(ctx.flags);
  if (!request.ok()) return UsageError(ctx, request.status());
  const bool all = ctx.flags.GetBool("all");
  std::unique_ptr<v1::AccountService::Stub> stub = v1::AccountService::NewStub(ctx.channel);
  // Every page carries the whole ledger's totals, read from one state (as_of_sequence); the
  // first page's are kept and the accounts of all pages gathered under them. Entries committed
  // while paging would make the accounts not add up to those totals: say so.
  std::optional<v1::TrialBalance> first;
  bool moved = false;
  std::vector<v1::AccountBalance> accounts;
  std::unique_ptr<Progress> progress = MakeProgress(ctx, "accounts");
  PageWalk walk =
      WalkPages(request->page_token(), all, kMaxPages, progress.get(),
                [&](const std::string& token, std::string* next_token, size_t* items) {
                  request->set_page_token(token);
                  grpc::ClientContext call;
                  PrepareCall(ctx, &call);
                  v1::TrialBalance page;
                  grpc::Status status = stub->GetTrialBalance(&call, *request, &page);
                  if (!status.ok()) return status;
                  *next_token = page.next_page_token();
                  *items = page.accounts_size();
                  if (ctx.options.json) return EmitJson(ctx, page);
                  if (ctx.options.csv()) {
                    // The accounts, a row each; the totals are the JSON's and the table's.
                    if (!first.has_value()) *ctx.out << CsvHeader(AccountColumns());
                    *ctx.out << CsvRows(AccountColumns(), page.accounts());
                  }
                  accounts.insert(accounts.end(), page.accounts().begin(), page.accounts().end());
                  if (first.has_value() && page.as_of_sequence() != first->as_of_sequence()) {
                    moved = true;
                  }
                  if (!first.has_value()) first = std::move(page);
                  return grpc::Status::OK;
                });
  return FinishPages(ctx, walk, all, [&] {
    *ctx.out << FormatTrialBalance(first.value_or(v1::TrialBalance()), accounts);
    if (moved) {
      *ctx.err << "note: entries were committed while the pages were read, so the accounts "
                  "listed need not add up to the totals (as of entry "
               << first->as_of_sequence() << "); run again for one consistent listing\n";
    }
  });
}

int RunReverse(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildReverseEntryRequest(ctx.flags), v1::AccountService::NewStub(ctx.channel),
      &v1::AccountService::Stub::ReverseEntry,
      [](const v1::ReverseEntryRequest& request, const v1::ReverseEntryResponse& response) {
        return FormatReversal(request.sequence(), response);
      });
}

FlagSpec AccountFlag() {
  return {"account", true, "NAME",
          "the account's name, e.g. banks/B001/accounts/funding, "
          "banks/B001/loans/L-1/accounts/principal, guarantee_funds/F1/accounts/cash"};
}

}  // namespace

std::vector<CommandSpec> AccountCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      WithCsv({"account",
               "Show one account's debits, credits and balance (AccountService.GetAccount)",
               "--account=NAME",
               "ledgerctl account --account=banks/B001/loans/L-1/accounts/principal",
               {AccountFlag()},
               RunAccount}));
  commands.push_back(WithCsv(
      {"postings", "An account's postings, oldest first (AccountService.ListAccountPostings)",
       "--account=NAME [--page_size=N] [--page_token=T] [--all]",
       "ledgerctl postings --account=guarantee_funds/F1/accounts/cash --all",
       ConcatFlags({{AccountFlag()}, PagingFlags("at most 1000")}), RunPostings}));
  commands.push_back(WithCsv(
      {"trial-balance",
       "Account totals per kind, and whether they balance (AccountService.GetTrialBalance)",
       "[--page_size=N] [--page_token=T] [--all]",
       "ledgerctl --principal=finance trial-balance --all", PagingFlags("at most 1000"),
       RunTrialBalance,
       "Prints the totals per kind of account, total debits and credits and 'balanced: yes'\n"
       "or 'no', then a page of the accounts (every page with --all). With --output=csv only\n"
       "the accounts, a row each."}));
  commands.push_back(
      {"reverse",
       "Undo a money entry with a new entry (AccountService.ReverseEntry)",
       "--sequence=N --reason=TEXT [--request_id=ID]",
       "ledgerctl reverse --sequence=42 --reason='disbursement booked twice'",
       {{"sequence", true, "N", "the journal entry to undo"},
        {"reason", true, "TEXT", "why (required, at most 200 characters)"},
        RequestIdFlag()},
       RunReverse,
       "By whoever made the entry: the bank its loans' disbursements, repayments, arrears and\n"
       "write-offs, a fund's operator its capital deposits, compensation and recoveries (any\n"
       "other entry is not found). The reversed entry is never changed. Refused for a\n"
       "reversal, an entry already reversed, one that moved no money, and while later entries\n"
       "depend on it (REVERSAL_CONFLICT: reverse those first)."});
  return commands;
}

}  // namespace ledgerctl
