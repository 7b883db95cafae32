// ledgerd's HTTP port: Prometheus metrics, and the county officers' status page with the JSON
// read API behind it. It is secured exactly like the gRPC port: mutual TLS with the same
// certificate, key and client CA (the caller is the Subject CN of its verified certificate),
// or, in the development mode only and only on loopback, plaintext where the caller names
// itself in the `x-ledger-principal` header or the `ledger_principal` cookie.
//
// cpp-httplib does the HTTP; this wrapper keeps its large header out of every other file,
// bounds its worker threads and queue, and hands each handler an authenticated principal.
//
//   HttpRoutes routes;
//   routes.Get("/metrics", [&](const HttpRequest& request) {
//     return HttpResponse::Text(200, registry.Render());
//   });
//   HttpServerOptions options;
//   options.listen_address = "127.0.0.1:0";
//   options.dev_plaintext = true;
//   absl::StatusOr<std::unique_ptr<HttpServer>> http = HttpServer::Start(options, routes);
//   int port = (*http)->port();
//   (*http)->Stop();
#ifndef LEDGER_HTTP_HTTP_SERVER_H_
#define LEDGER_HTTP_HTTP_SERVER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/server/transport_security.h"

namespace ledger {

inline constexpr char kPrincipalCookie[] = "ledger_principal";

struct HttpRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // without the query, e.g. "/api/v1/banks/B001/loans/L-1"
  // The route pattern's capture groups, in order (HttpRoutes patterns are regular expressions).
  std::vector<std::string> path_params;
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps its first value
  std::map<std::string, std::string> form;   // a POST's application/x-www-form-urlencoded body
  // Who is calling, authenticated as on the gRPC port: the certificate's CN with TLS; in the
  // development mode the header, else the cookie, else "dev". Malformed ones never reach a
  // handler (401).
  std::string principal;
  bool tls = false;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Set-Cookie, Location

  static HttpResponse Text(int status, std::string body);
  static HttpResponse Json(int status, std::string body);
  static HttpResponse Html(int status, std::string body);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Routes are registered before Start and never change after. A pattern is an ECMAScript
// regular expression matched against the whole path.
class HttpRoutes {
 public:
  void Get(std::string pattern, HttpHandler handler);
  void Post(std::string pattern, HttpHandler handler);

  struct Route {
    std::string method;
    std::string pattern;
    HttpHandler handler;
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

struct HttpServerOptions {
  std::string listen_address = "127.0.0.1:0";  // HOST:PORT; port 0 picks a free one
  TlsFiles tls;                // as ServerOptions::tls; all empty with dev_plaintext
  bool dev_plaintext = false;  // refused unless listen_address is loopback
  // Handlers run on these; httplib gives each open connection one, so they bound the
  // connections served at once (browsers open about six).
  int worker_threads = 16;
  int max_queued_connections = 64;  // beyond this the acceptor waits (the kernel backlog holds)
  size_t max_request_body_bytes = 64 << 10;
  int read_timeout_seconds = 5;
  int keep_alive_timeout_seconds = 1;
  int keep_alive_max_count = 100;
};

class HttpServer {
 public:
  // Binds and starts serving. FAILED_PRECONDITION naming the address if it cannot listen
  // (e.g. the port is taken), or naming the file for a TLS file that cannot be read.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                           HttpRoutes routes);
  ~HttpServer();  // Stop()s

  int port() const;
  // Stops accepting, lets requests in progress finish, joins the threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger

#endif  // LEDGER_HTTP_HTTP_SERVER_H_
