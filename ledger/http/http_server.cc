#include "ledger/http/http_server.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <atomic>
#include <cassert>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "httplib.h"
#include "ledger/base/log.h"
#include "ledger/server/principal.h"

namespace ledger {
namespace {

// httplib's own pool queues without limit. This one holds at most `max_queued` accepted
// connections; when it is full the acceptor blocks in enqueue, so further clients wait in the
// kernel's listen backlog instead of in our memory.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(int threads, int max_queued) : max_queued_(static_cast<size_t>(max_queued)) {
    assert(threads > 0 && max_queued > 0);
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return jobs_.size() < max_queued_ || shutdown_; });
    // After shutdown the job still runs (on a worker, before it exits) so that its socket is
    // closed: httplib hands the socket's ownership to the job.
    jobs_.push_back(std::move(fn));
    work_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      shutdown_ = true;
    }
    work_.notify_all();
    space_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shut down and drained
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      space_.notify_one();
      job();
    }
  }

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable space_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::vector<std::thread> workers_;
};

// Only SO_REUSEADDR: httplib's default also sets SO_REUSEPORT, which would let a second ledgerd
// share the port (and split the requests) instead of failing to start.
void ListenSocketOptions(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

struct HostPort {
  std::string host;
  int port = 0;
};

absl::StatusOr<HostPort> ParseListenAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  HostPort parsed;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &parsed.port) || parsed.port < 0 ||
      parsed.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("HTTP listen address \"", address, "\" is not HOST:PORT"));
  }
  absl::string_view host(address.data(), colon);
  if (absl::ConsumePrefix(&host, "[")) {
    if (!absl::ConsumeSuffix(&host, "]")) {
      return absl::InvalidArgumentError(
          absl::StrCat("HTTP listen address \"", address, "\" has an unclosed ["));
    }
  }
  parsed.host = std::string(host);
  return parsed;
}

// The verified client certificate's Subject CN, or "" when there is none usable. The TLS
// handshake already refused a client without a certificate chaining to the client CA.
std::string CertificatePrincipal(const SSL* ssl) {
  if (ssl == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return "";
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return "";
  std::string principal;
  X509_NAME* subject = X509_get_subject_name(cert);
  // Exactly one CN, as on the gRPC port.
  if (X509_NAME_get_index_by_NID(subject, NID_commonName, -1) >= 0 &&
      X509_NAME_get_index_by_NID(subject, NID_commonName,
                                 X509_NAME_get_index_by_NID(subject, NID_commonName, -1)) < 0) {
    char name[kMaxPrincipalLength + 2] = {};
    const int length = X509_NAME_get_text_by_NID(subject, NID_commonName, name, sizeof(name));
    if (length > 0 && static_cast<size_t>(length) <= kMaxPrincipalLength) {
      principal.assign(name, static_cast<size_t>(length));
    }
  }
  X509_free(cert);
  return principal;
}

// The cookie's value from a Cookie header ("a=1; ledger_principal=bank:B001").
std::string CookieValue(const std::string& header, absl::string_view name) {
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

// Who is calling, or "" to refuse with 401. With TLS only the certificate counts.
std::string PrincipalOf(const httplib::Request& request, bool tls) {
  if (tls) {
    std::string principal = CertificatePrincipal(request.ssl);
    return IsPrincipalId(principal) ? principal : "";
  }
  std::string principal = request.get_header_value(kPrincipalHeader);
  if (principal.empty()) {
    principal = CookieValue(request.get_header_value("Cookie"), kPrincipalCookie);
  }
  if (principal.empty()) return kDefaultPrincipal;
  return IsPrincipalId(principal) ? principal : "";
}

void Answer(const HttpResponse& from, httplib::Response* to) {
  to->status = from.status;
  for (const auto& [name, value] : from.headers) to->set_header(name, value);
  to->set_content(from.body, from.content_type.c_str());
}

}  // namespace

HttpResponse HttpResponse::Text(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body), {}};
}
HttpResponse HttpResponse::Json(int status, std::string body) {
  return HttpResponse{status, "application/json", std::move(body), {}};
}
HttpResponse HttpResponse::Html(int status, std::string body) {
  return HttpResponse{status, "text/html; charset=utf-8", std::move(body), {}};
}

void HttpRoutes::Get(std::string pattern, HttpHandler handler) {
  routes_.push_back(Route{"GET", std::move(pattern), std::move(handler)});
}
void HttpRoutes::Post(std::string pattern, HttpHandler handler) {
  routes_.push_back(Route{"POST", std::move(pattern), std::move(handler)});
}

struct HttpServer::Impl {
  std::unique_ptr<httplib::Server> server;
  std::thread listener;
  std::atomic<bool> stopping{false};
  std::atomic<bool> listener_exited{false};
  int port = 0;
  std::mutex mu;
  bool stopped = false;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Stop(); }
int HttpServer::port() const { return impl_->port; }

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                              HttpRoutes routes) {
  absl::StatusOr<HostPort> address = ParseListenAddress(options.listen_address);
  if (!address.ok()) return address.status();
  const bool tls = options.tls.any();
  if (tls == options.dev_plaintext) {
    return absl::InvalidArgumentError(
        "the HTTP port needs either the TLS files or the development mode, not both");
  }
  if (options.dev_plaintext && !IsLoopbackAddress(options.listen_address)) {
    return absl::InvalidArgumentError(
        absl::StrCat("plaintext HTTP is only for development, on a loopback address, not ",
                     options.listen_address));
  }

  auto impl = std::make_unique<Impl>();
  if (tls) {
    // The files were already read and checked for the gRPC port (transport_security.h); a
    // failure here is a race with their removal or a format only OpenSSL's loader rejects.
    auto server = std::make_unique<httplib::SSLServer>(options.tls.cert_file.c_str(),
                                                       options.tls.key_file.c_str(),
                                                       options.tls.client_ca_file.c_str());
    if (!server->is_valid()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot load the TLS files for the HTTP port: ", options.tls.cert_file, ", ",
                       options.tls.key_file, ", ", options.tls.client_ca_file));
    }
    // With client certificates required, OpenSSL refuses to resume a session (a fatal alert)
    // unless the context names itself; browsers resume on every new connection.
    static constexpr unsigned char kSessionContext[] = "ledgerd-http";
    SSL_CTX_set_session_id_context(server->ssl_context(), kSessionContext,
                                   sizeof(kSessionContext) - 1);
    impl->server = std::move(server);
  } else {
    impl->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *impl->server;
  const int threads = options.worker_threads;
  const int max_queued = options.max_queued_connections;
  server.new_task_queue = [threads, max_queued] { return new BoundedPool(threads, max_queued); };
  server.set_socket_options(ListenSocketOptions);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.read_timeout_seconds, 0);
  server.set_keep_alive_max_count(static_cast<size_t>(options.keep_alive_max_count));
  // Each open connection holds a worker: an idle one gives it back after a second.
  server.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  server.set_payload_max_length(options.max_request_body_bytes);

  for (const HttpRoutes::Route& route : routes.routes()) {
    HttpHandler handler = route.handler;
    const std::string method = route.method;
    auto adapter = [handler, method, tls](const httplib::Request& in, httplib::Response& out) {
      HttpRequest request;
      request.method = method;
      request.path = in.path;
      request.tls = tls;
      request.principal = PrincipalOf(in, tls);
      if (request.principal.empty()) {
        Answer(HttpResponse::Json(401, R"({"error":{"code":"UNAUTHENTICATED",)"
                                       R"("reason":"INVALID_PRINCIPAL","message":"the caller )"
                                       R"(must be 1..64 characters of A-Z a-z 0-9 : . _ -"}})"),
               &out);
        return;
      }
      for (size_t i = 1; i < in.matches.size(); ++i) request.path_params.push_back(in.matches[i]);
      // httplib puts the query and, for a urlencoded POST, the form into params.
      const bool form = method == "POST" && absl::StartsWith(in.get_header_value("Content-Type"),
                                                             "application/x-www-form-urlencoded");
      for (const auto& [name, value] : in.params) {
        (form ? request.form : request.query).emplace(name, value);
      }
      Answer(handler(request), &out);
    };
    if (route.method == "GET") {
      server.Get(route.pattern, adapter);
    } else {
      server.Post(route.pattern, adapter);
    }
  }
  server.set_error_handler([](const httplib::Request&, httplib::Response& out) {
    if (out.body.empty()) out.set_content(absl::StrCat("HTTP ", out.status, "\n"), "text/plain");
  });

  if (address->port == 0) {
    impl->port = server.bind_to_any_port(address->host);
    if (impl->port < 0) impl->port = 0;
  } else if (server.bind_to_port(address->host, address->port)) {
    impl->port = address->port;
  }
  if (impl->port == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot listen on ", options.listen_address,
        " for HTTP (port taken by another program, or not an address of this machine); choose "
        "another with --http_listen=HOST:PORT, or turn the HTTP port off with --http_listen="));
  }
  Impl* raw = impl.get();
  impl->listener = std::thread([raw] {
    raw->server->listen_after_bind();
    raw->listener_exited.store(true);
    // httplib ends its accept loop on most accept errors; say so rather than go quiet.
    if (!raw->stopping.load()) {
      LogLine(LogLevel::kError, "http_listener_stopped")
          .Str("message", "the HTTP port stopped accepting connections; gRPC is unaffected")
          .Int("port", raw->port)
          .Write();
    }
  });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Stop() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->stopping.store(true);
  // stop() only takes effect once the listener runs, and the thread may not have got there
  // yet: repeat it until the listener has returned. Bounded: the loop starts at once.
  for (int i = 0; i < 10000 && !impl_->listener_exited.load(); ++i) {
    impl_->server->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (impl_->listener.joinable()) impl_->listener.join();
}

}  // namespace ledger
