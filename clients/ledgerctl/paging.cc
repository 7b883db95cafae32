#include "clients/ledgerctl/paging.h"

namespace ledgerctl {

PageWalk WalkPages(const std::string& first_page_token, bool all, int max_pages,
                   std::ostream* progress, const std::string& noun, const FetchPage& fetch_page) {
  PageWalk walk;
  std::string token = first_page_token;
  do {
    std::string next_token;
    size_t items = 0;
    walk.status = fetch_page(token, &next_token, &items);
    if (!walk.status.ok()) {
      // Continuing from the page that failed repeats nothing and skips nothing.
      walk.next_page_token = token;
      break;
    }
    ++walk.pages;
    walk.items += items;
    walk.next_page_token = next_token;
    token = next_token;
    if (progress != nullptr) {
      *progress << "\r" << walk.pages << " pages, " << walk.items << " " << noun << std::flush;
    }
  } while (all && !token.empty() && walk.pages < max_pages);
  if (progress != nullptr && walk.pages > 0) *progress << "\n";
  return walk;
}

int FinishPages(CommandContext& ctx, const PageWalk& walk, bool all,
                const std::function<void()>& print_human) {
  if (!walk.status.ok()) {
    const int exit_code = RpcFailure(ctx, walk.status);
    if (all && walk.pages > 0) {
      *ctx.err << "stopped after " << walk.pages
               << " pages; continue with --page_token=" << walk.next_page_token << "\n";
    }
    return exit_code;
  }
  if (!ctx.options.json) {
    print_human();
    if (!all && !walk.next_page_token.empty()) {
      *ctx.out << "next_page_token: " << walk.next_page_token << "\n";
    }
  }
  if (all && !walk.next_page_token.empty()) {
    *ctx.err << "error: stopped after " << walk.pages
             << " pages (the limit); continue with --page_token=" << walk.next_page_token << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

std::ostream* ProgressStream(const CommandContext& ctx) {
  return ctx.err_is_tty ? ctx.err : nullptr;
}

}  // namespace ledgerctl
