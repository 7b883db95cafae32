#include "tools/reconcile/paging.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace reconcile {

absl::Status ForEachPage(absl::string_view rpc, const FetchPage& fetch, int64_t max_pages) {
  std::string token;
  for (int64_t page = 0; page < max_pages; ++page) {
    absl::StatusOr<std::string> next = fetch(token);
    if (!next.ok()) return next.status();
    if (next->empty()) return absl::OkStatus();
    if (*next == token) {
      return absl::InternalError(absl::StrCat(
          rpc, ": the server's paging does not advance (it returned the same page token twice)"));
    }
    token = *std::move(next);
  }
  return absl::ResourceExhaustedError(
      absl::StrCat(rpc, ": the listing did not end within ", max_pages, " pages"));
}

}  // namespace reconcile
