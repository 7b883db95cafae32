#include "ledger/http/http_server.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace ledger {
namespace {

// Echoes what the handler was given, so each test can see what the wrapper parsed.
HttpRoutes EchoRoutes() {
  HttpRoutes routes;
  routes.Get(R"(/echo/([A-Za-z0-9-]+))", [](const HttpRequest& request) {
    std::string body =
        absl::StrCat(request.method, " ", request.path, " principal=", request.principal,
                     " param=", request.path_params.at(0));
    for (const auto& [name, value] : request.query) absl::StrAppend(&body, " ", name, "=", value);
    return HttpResponse::Text(200, body);
  });
  routes.Post("/form", [](const HttpRequest& request) {
    HttpResponse response = HttpResponse::Text(201, "");
    for (const auto& [name, value] : request.form) {
      absl::StrAppend(&response.body, name, "=", value, ";");
    }
    response.headers.emplace_back("X-Seen", "yes");
    return response;
  });
  return routes;
}

std::unique_ptr<HttpServer> StartDev(HttpRoutes routes = EchoRoutes()) {
  HttpServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.dev_plaintext = true;
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(options, std::move(routes));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? std::move(*server) : nullptr;
}

TEST(HttpServerTest, RoutesWithCapturesQueryAndDefaultPrincipal) {
  std::unique_ptr<HttpServer> server = StartDev();
  ASSERT_NE(server, nullptr);
  ASSERT_GT(server->port(), 0);
  httplib::Client client("127.0.0.1", server->port());
  httplib::Result result = client.Get("/echo/L-1?page_size=10&status=ACTIVE%20X");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "GET /echo/L-1 principal=dev param=L-1 page_size=10 status=ACTIVE X");

  result = client.Get("/echo/bad/path");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
}

TEST(HttpServerTest, DevelopmentPrincipalFromHeaderThenCookie) {
  std::unique_ptr<HttpServer> server = StartDev();
  ASSERT_NE(server, nullptr);
  httplib::Client client("127.0.0.1", server->port());

  httplib::Result result = client.Get("/echo/x", {{"x-ledger-principal", "bank:B001"}});
  ASSERT_TRUE(result);
  EXPECT_NE(result->body.find("principal=bank:B001 "), std::string::npos) << result->body;

  result = client.Get("/echo/x", {{"Cookie", "a=1; ledger_principal=county_officer:370281"}});
  ASSERT_TRUE(result);
  EXPECT_NE(result->body.find("principal=county_officer:370281 "), std::string::npos)
      << result->body;

  // The header wins over the cookie.
  result = client.Get("/echo/x", {{"x-ledger-principal", "finance"},
                                  {"Cookie", "ledger_principal=county_officer:370281"}});
  ASSERT_TRUE(result);
  EXPECT_NE(result->body.find("principal=finance "), std::string::npos) << result->body;
}

TEST(HttpServerTest, MalformedPrincipalIsRefusedBeforeTheHandler) {
  std::unique_ptr<HttpServer> server = StartDev();
  ASSERT_NE(server, nullptr);
  httplib::Client client("127.0.0.1", server->port());
  for (const std::string& bad :
       {std::string("bank B001"), std::string(65, 'a'), std::string("<script>")}) {
    httplib::Result result = client.Get("/echo/x", {{"x-ledger-principal", bad}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401) << bad;
    EXPECT_NE(result->body.find("INVALID_PRINCIPAL"), std::string::npos);
  }
}

TEST(HttpServerTest, PostFormAndResponseHeaders) {
  std::unique_ptr<HttpServer> server = StartDev();
  ASSERT_NE(server, nullptr);
  httplib::Client client("127.0.0.1", server->port());
  httplib::Result result = client.Post("/form", "principal=county_officer%3A370281&x=1",
                                       "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, "principal=county_officer:370281;x=1;");
  EXPECT_EQ(result->get_header_value("X-Seen"), "yes");
  // A GET route does not answer a POST, nor the other way round.
  result = client.Post("/echo/x", "", "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
}

TEST(HttpServerTest, OversizedBodyIsRefused) {
  std::unique_ptr<HttpServer> server = StartDev();
  ASSERT_NE(server, nullptr);
  httplib::Client client("127.0.0.1", server->port());
  httplib::Result result =
      client.Post("/form", std::string(100 << 10, 'a'), "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
}

TEST(HttpServerTest, TakenPortFailsToStartWithAClearMessage) {
  std::unique_ptr<HttpServer> first = StartDev();
  ASSERT_NE(first, nullptr);
  HttpServerOptions options;
  options.listen_address = absl::StrCat("127.0.0.1:", first->port());
  options.dev_plaintext = true;
  absl::StatusOr<std::unique_ptr<HttpServer>> second = HttpServer::Start(options, EchoRoutes());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("port taken"), std::string::npos) << second.status();
}

TEST(HttpServerTest, PlaintextOnlyOnLoopbackAndNeverWithTls) {
  HttpServerOptions options;
  options.listen_address = "0.0.0.0:0";
  options.dev_plaintext = true;
  EXPECT_EQ(HttpServer::Start(options, EchoRoutes()).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.listen_address = "127.0.0.1:0";
  options.tls.cert_file = "server.pem";
  EXPECT_EQ(HttpServer::Start(options, EchoRoutes()).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.listen_address = "127.0.0.1";
  options.tls = {};
  EXPECT_EQ(HttpServer::Start(options, EchoRoutes()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Stop right after Start races the listener thread's start; it must never hang.
TEST(HttpServerTest, StopRightAfterStartNeverHangs) {
  for (int i = 0; i < 50; ++i) {
    std::unique_ptr<HttpServer> server = StartDev();
    ASSERT_NE(server, nullptr);
    server->Stop();
  }
}

TEST(HttpServerTest, StopIsIdempotentAndClosesThePort) {
  std::unique_ptr<HttpServer> server = StartDev();
  ASSERT_NE(server, nullptr);
  const int port = server->port();
  server->Stop();
  server->Stop();
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  EXPECT_FALSE(client.Get("/echo/x"));
}

}  // namespace
}  // namespace ledger
