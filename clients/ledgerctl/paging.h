// Walking AIP-158 pages for the list commands: one page, or with --all every page up to a
// bound, with progress on stderr (progress.h) and a way to continue where the walk stopped.
//
// The bound (kMaxPages) exists because a server bug that hands back the same
// page token would otherwise loop forever; a page may legitimately be short or
// even empty and still have a next page, so an empty page is not a stop
// signal.
//
//   std::unique_ptr<Progress> progress = MakeProgress(ctx, "loans");
//   PageWalk walk = WalkPages(first_token, all, kMaxPages, progress.get(), fetch_page);
//   return FinishPages(ctx, walk, all,
//                      [&] { *ctx.out << FormatLoanTable(loans); });
//
// A list command whose output is one table of every page's items is all of that. Its view
// defines the columns once (columns.h); the table and the CSV are rendered from them:
//
//   return RunPagedList(
//       ctx, BuildListLoansRequest(ctx.flags), v1::LoanService::NewStub(ctx.channel),
//       &v1::LoanService::Stub::ListLoans, "loans",
//       [](const v1::ListLoansResponse& page) -> const auto& { return page.loans(); },
//       FormatLoanTable, LoanColumns());
#ifndef CLIENTS_LEDGERCTL_PAGING_H_
#define CLIENTS_LEDGERCTL_PAGING_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/columns.h"
#include "clients/ledgerctl/command.h"
#include "clients/ledgerctl/progress.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace ledgerctl {

inline constexpr int kMaxPages = 10000;

struct PageWalk {
  grpc::Status status;          // the first failed call's, else OK
  std::string next_page_token;  // where to continue; "" when the last page was reached
  int pages = 0;
  size_t items = 0;
};

// Makes one call for `page_token`; sets the response's next token and item
// count.
using FetchPage = std::function<grpc::Status(const std::string& page_token,
                                             std::string* next_page_token, size_t* items)>;

// One page, or if `all` pages until the token runs out or `max_pages` were
// fetched. If `progress` is not null it is updated after each page and finished
// (its line ended) before this returns, whatever the outcome.
PageWalk WalkPages(const std::string& first_page_token, bool all, int max_pages, Progress* progress,
                   const FetchPage& fetch_page);

// Reports the walk: the call's error (exit 1); else prints the human output
// (not with --output=json or csv, where pages were already printed as they
// came), then the next_page_token to continue with (on stderr with csv, which
// must stay parseable). A walk with --all cut short by the bound is an error
// (exit 1): a script asked for everything and did not get it.
int FinishPages(CommandContext& ctx, const PageWalk& walk, bool all,
                const std::function<void()>& print_human);

// Progress on stderr for a walk over `noun` if ShowProgress(ctx), else null.
std::unique_ptr<Progress> MakeProgress(const CommandContext& ctx, const std::string& noun);

// The item type of a page, e.g. v1::Loan for ListLoansResponse::loans().
template <typename Response, typename ItemsOf>
using PageItem = typename std::decay_t<decltype(std::declval<ItemsOf>()(
    std::declval<const Response&>()))>::value_type;

// A list command: the request's first page, or with --all every page. With --output=json each
// page is printed as it comes, and with csv its rows (after one header row, columns.h);
// otherwise the items of every page (`items_of(page)`, the page's repeated field) are gathered
// and printed as `format(items)`, one aligned table, after the last page. `noun` names the
// items in the progress line.
template <typename Stub, typename Request, typename Response, typename ItemsOf, typename Format>
int RunPagedList(CommandContext& ctx, absl::StatusOr<Request> request, std::unique_ptr<Stub> stub,
                 grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                 const std::string& noun, ItemsOf items_of, Format format,
                 const Columns<PageItem<Response, ItemsOf>>& columns) {
  using Items = std::decay_t<decltype(items_of(std::declval<const Response&>()))>;
  if (!request.ok()) return UsageError(ctx, request.status());
  const bool all = ctx.flags.GetBool("all");
  std::vector<typename Items::value_type> items;
  bool csv_header_printed = false;
  std::unique_ptr<Progress> progress = MakeProgress(ctx, noun);
  PageWalk walk =
      WalkPages(request->page_token(), all, kMaxPages, progress.get(),
                [&](const std::string& token, std::string* next_token, size_t* page_items) {
                  request->set_page_token(token);
                  grpc::ClientContext call;
                  PrepareCall(ctx, &call);
                  Response response;
                  grpc::Status status = ((*stub).*rpc)(&call, *request, &response);
                  if (!status.ok()) return status;
                  *next_token = response.next_page_token();
                  const Items& page = items_of(response);
                  *page_items = page.size();
                  if (ctx.options.json) return EmitJson(ctx, response);
                  if (ctx.options.csv()) {
                    if (!csv_header_printed) *ctx.out << CsvHeader(columns);
                    csv_header_printed = true;
                    *ctx.out << CsvRows(columns, page);
                    return grpc::Status::OK;
                  }
                  items.insert(items.end(), page.begin(), page.end());
                  return grpc::Status::OK;
                });
  return FinishPages(ctx, walk, all, [&] { *ctx.out << format(items); });
}

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_PAGING_H_
