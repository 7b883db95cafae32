// The status page's files (ledger/http/web/), compiled into ledgerd so that the binary serves
// them without files beside it. A genrule wraps each file in a raw string literal
// (web_assets.cc is generated; edit the files in web/).
//
//   HttpResponse::Html(200, std::string(StatusHtml()));
#ifndef LEDGER_HTTP_WEB_ASSETS_H_
#define LEDGER_HTTP_WEB_ASSETS_H_

#include "absl/strings/string_view.h"

namespace ledger {

absl::string_view StatusHtml();  // web/status.html
absl::string_view StatusJs();    // web/status.js
absl::string_view StatusCss();   // web/status.css

}  // namespace ledger

#endif  // LEDGER_HTTP_WEB_ASSETS_H_
