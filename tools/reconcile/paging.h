// Paging through a List call of the ledger's API, whatever its messages: the caller's callback
// fetches and consumes one page; ForEachPage decides whether to ask for the next one. Pure: the
// callback does the talking, so the rules are testable without a server.
//
//   absl::Status s = ForEachPage("ListLoanSubsidies", [&](const std::string& token)
//                                    -> absl::StatusOr<std::string> {
//     request.set_page_token(token);
//     ... call, consume response.loans() ...
//     return response.next_page_token();
//   });
#ifndef TOOLS_RECONCILE_PAGING_H_
#define TOOLS_RECONCILE_PAGING_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reconcile {

// How many pages one listing may take. Generous: a page may be short or empty (the server
// scans a bounded number of index keys per page, e.g. 5,000 per ListLoans call for a bank and
// county filter), so this is far above the pages of the largest listing read (10,000,000 loans,
// 1,000 a page); it only keeps a misbehaving server from being read forever.
inline constexpr int64_t kMaxListPages = 1'000'000;

// Fetches the page `page_token` names ("" for the first), consumes its items, and returns the
// page's next_page_token ("" on the last page), or an error that ends the listing.
using FetchPage = std::function<absl::StatusOr<std::string>(const std::string& page_token)>;

// Calls `fetch` page by page until a page carries no next_page_token. A short or even empty
// page that carries a token is normal: paging goes on. Errors, prefixed with `rpc`: INTERNAL
// when a page returns the very token it was fetched with (the same token twice in a row:
// paging would never end); RESOURCE_EXHAUSTED when `max_pages` pages all carried a token.
// `fetch`'s own error is returned as it is.
absl::Status ForEachPage(absl::string_view rpc, const FetchPage& fetch,
                         int64_t max_pages = kMaxListPages);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_PAGING_H_
