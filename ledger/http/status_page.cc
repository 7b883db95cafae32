#include "ledger/http/status_page.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/http/json_api.h"
#include "ledger/http/web_assets.h"
#include "ledger/server/principal.h"

namespace ledger {
namespace {

HttpHandler WithSecurityHeaders(HttpHandler handler) {
  return [handler = std::move(handler)](const HttpRequest& request) {
    HttpResponse response = handler(request);
    AddPageSecurityHeaders(&response);
    return response;
  };
}

HttpResponse Asset(absl::string_view text, const char* content_type) {
  HttpResponse response = HttpResponse::Text(200, std::string(text));
  response.content_type = content_type;
  return response;
}

// The login page's body: fixed text only (nothing the caller sent is echoed).
std::string LoginPage(bool dev_mode, absl::string_view notice) {
  std::string body;
  if (dev_mode) {
    body = R"(<p>Development mode: nothing is authenticated. Name the principal to act as,
as <code>role:scope</code>, e.g. <code>county_officer:370281</code> or <code>bank:B001</code>
(or, with a policy file, a principal it names).</p>
<form id="login-form" method="post" action="/login">
<label for="login-principal">Principal</label>
<input id="login-principal" name="principal" required maxlength="64"
 pattern="[A-Za-z0-9:._\-]{1,64}" autocomplete="username" autofocus>
<button id="login-submit" type="submit">Log in</button>
</form>)";
  } else {
    body = R"(<p>This server uses mutual TLS: your browser's client certificate is your
login, and its Subject CN (e.g. <code>officer-370281</code>) is the principal that the policy
file grants access to. Import the certificate and key your administrator issued (a PKCS#12
file) into the browser, then open <a href="/">the status page</a>; to log out, close the
browser or remove the certificate.</p>)";
  }
  return absl::StrCat(
      R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in - loan ledger</title>
<link rel="stylesheet" href="/static/status.css"></head>
<body><main class="login"><h1>Loan ledger: county status page</h1>
)",
      notice.empty() ? "" : absl::StrCat(R"(<p id="login-error" class="error">)", notice, "</p>\n"),
      body, "\n</main></body></html>\n");
}

HttpResponse Redirect(const std::string& location) {
  HttpResponse response = HttpResponse::Text(303, "");
  response.headers.emplace_back("Location", location);
  return response;
}

std::string Cookie(absl::string_view value, bool clear) {
  return absl::StrCat(kPrincipalCookie, "=", value, "; Path=/; HttpOnly; SameSite=Strict",
                      clear ? "; Max-Age=0" : "");
}

}  // namespace

void AddPageSecurityHeaders(HttpResponse* response) {
  response->headers.emplace_back("Content-Security-Policy",
                                 "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
  response->headers.emplace_back("X-Content-Type-Options", "nosniff");
  response->headers.emplace_back("Referrer-Policy", "no-referrer");
}

void AddStatusPage(const StatusPageOptions& options, HttpRoutes* routes) {
  JsonApiOptions api_options;
  api_options.channel = options.channel;
  api_options.dev_mode = options.dev_mode;
  api_options.grant_of = options.grant_of;
  HttpRoutes api;
  AddJsonApi(api_options, &api);
  for (const HttpRoutes::Route& route : api.routes()) {
    routes->Get(route.pattern, WithSecurityHeaders(route.handler));
  }

  const bool dev_mode = options.dev_mode;
  routes->Get("/", WithSecurityHeaders([dev_mode](const HttpRequest& request) {
                // Nobody logged in yet (the development default): the form first.
                if (dev_mode && !request.tls && request.principal == kDefaultPrincipal) {
                  return Redirect("/login");
                }
                HttpResponse response = HttpResponse::Html(200, std::string(StatusHtml()));
                response.headers.emplace_back("Cache-Control", "no-store");
                return response;
              }));
  routes->Get("/static/status\\.js", WithSecurityHeaders([](const HttpRequest&) {
                return Asset(StatusJs(), "text/javascript; charset=utf-8");
              }));
  routes->Get("/static/status\\.css", WithSecurityHeaders([](const HttpRequest&) {
                return Asset(StatusCss(), "text/css; charset=utf-8");
              }));

  routes->Get("/login", WithSecurityHeaders([dev_mode](const HttpRequest& request) {
                return HttpResponse::Html(200, LoginPage(dev_mode && !request.tls, ""));
              }));
  routes->Post("/login", WithSecurityHeaders([dev_mode](const HttpRequest& request) {
                 if (!dev_mode || request.tls) {
                   return HttpResponse::Html(
                       400, LoginPage(false, "With TLS the client certificate is the login."));
                 }
                 auto it = request.form.find("principal");
                 if (it == request.form.end() || !IsPrincipalId(it->second)) {
                   return HttpResponse::Html(
                       400, LoginPage(true,
                                      "The principal must be 1..64 characters of A-Z a-z 0-9 "
                                      ": . _ -"));
                 }
                 HttpResponse response = Redirect("/");
                 response.headers.emplace_back("Set-Cookie", Cookie(it->second, false));
                 return response;
               }));
  routes->Post("/logout", WithSecurityHeaders([dev_mode](const HttpRequest& request) {
                 HttpResponse response = Redirect(dev_mode && !request.tls ? "/login" : "/");
                 response.headers.emplace_back("Set-Cookie", Cookie("", true));
                 return response;
               }));
}

}  // namespace ledger
