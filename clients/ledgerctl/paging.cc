#include "clients/ledgerctl/paging.h"

#include "absl/strings/str_cat.h"

namespace ledgerctl {

PageWalk WalkPages(const std::string& first_page_token, bool all, int max_pages, Progress* progress,
                   const FetchPage& fetch_page) {
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
    if (progress != nullptr) progress->Update(walk.pages, walk.items);
  } while (all && !token.empty() && walk.pages < max_pages);
  // The line ends before anything else is printed, the error of a failed page included.
  if (progress != nullptr) progress->Finish();
  return walk;
}

int FinishPages(CommandContext& ctx, const PageWalk& walk, bool all,
                const std::function<void()>& print_human) {
  if (!walk.status.ok()) {
    std::vector<std::string> notes;
    if (all && walk.pages > 0) {
      notes.push_back(absl::StrCat("stopped after ", walk.pages,
                                   " pages; continue with --page_token=", walk.next_page_token));
    }
    return RpcFailure(ctx, walk.status, "", notes);
  }
  if (ctx.options.csv()) {
    if (!all && !walk.next_page_token.empty()) {
      *ctx.err << "next_page_token: " << walk.next_page_token << "\n";
    }
  } else if (!ctx.options.json) {
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

std::unique_ptr<Progress> MakeProgress(const CommandContext& ctx, const std::string& noun) {
  if (!ShowProgress(ctx)) return nullptr;
  return std::make_unique<Progress>(ctx.err, noun);
}

}  // namespace ledgerctl
