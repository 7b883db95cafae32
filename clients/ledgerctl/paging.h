// Walking AIP-158 pages for `list` and `history`: one page, or with --all
// every page up to a bound, with progress on a terminal and a way to continue
// where the walk stopped.
//
// The bound (kMaxPages) exists because a server bug that hands back the same
// page token would otherwise loop forever; a page may legitimately be short or
// even empty and still have a next page, so an empty page is not a stop
// signal.
//
//   PageWalk walk =
//       WalkPages(first_token, all, kMaxPages, progress, "loans", fetch_page);
//   return FinishPages(ctx, walk, all,
//                      [&] { *ctx.out << FormatLoanTable(loans); });
#ifndef CLIENTS_LEDGERCTL_PAGING_H_
#define CLIENTS_LEDGERCTL_PAGING_H_

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include "clients/ledgerctl/command.h"
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
// fetched. If `progress` is not null, "\r<n> pages, <m> <noun>" is rewritten
// there after each page.
PageWalk WalkPages(const std::string& first_page_token, bool all, int max_pages,
                   std::ostream* progress, const std::string& noun, const FetchPage& fetch_page);

// Reports the walk: the call's error (exit 1); else prints the human output
// (not with --json, where pages were already printed as they came), then the
// next_page_token to continue with. A walk with --all cut short by the bound
// is an error (exit 1): a script asked for everything and did not get it.
int FinishPages(CommandContext& ctx, const PageWalk& walk, bool all,
                const std::function<void()>& print_human);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_PAGING_H_
