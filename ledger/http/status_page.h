// The county officers' status page on ledgerd's HTTP port: one read-only page (look a loan up,
// browse the caller's loans and the county's cohorts, a chart of the portfolio by status)
// whose script reads the JSON API of json_api.h, and in the development mode a login form that
// sets the `ledger_principal` cookie. With TLS the browser's client certificate is the login.
// Every answer carries Content-Security-Policy: default-src 'self' (no inline script or style;
// every text is inserted with textContent) and X-Content-Type-Options: nosniff.
//
//   GET  /                  the page (web/status.html)
//   GET  /static/status.js  its script; /static/status.css its style
//   GET  /login             the development login form (with TLS: how to log in)
//   POST /login             principal=county_officer:370281 -> cookie, 303 to /
//   POST /logout            clears the cookie, 303 to /login
//
//   StatusPageOptions page;
//   page.channel = grpc_server->InProcessChannel(grpc::ChannelArguments());
//   page.dev_mode = options.dev_plaintext;
//   page.grant_of = [&](absl::string_view p) { return callers.GrantOf(p); };  // optional
//   AddStatusPage(page, &routes);
#ifndef LEDGER_HTTP_STATUS_PAGE_H_
#define LEDGER_HTTP_STATUS_PAGE_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"
#include "ledger/auth/policy.h"
#include "ledger/http/http_server.h"

namespace ledger {

struct StatusPageOptions {
  // The server's in-process channel (grpc::Server::InProcessChannel). Required.
  std::shared_ptr<grpc::Channel> channel;
  // The plaintext development mode: the login form sets the principal cookie.
  bool dev_mode = false;
  // Optional (JsonApiOptions::grant_of): lets the page show the caller's role and county.
  std::function<absl::StatusOr<Grant>(absl::string_view principal)> grant_of;
};

// Registers the page's routes and the JSON API's (json_api.h).
void AddStatusPage(const StatusPageOptions& options, HttpRoutes* routes);

// Adds Content-Security-Policy, X-Content-Type-Options and Referrer-Policy to `response`.
void AddPageSecurityHeaders(HttpResponse* response);

}  // namespace ledger

#endif  // LEDGER_HTTP_STATUS_PAGE_H_
