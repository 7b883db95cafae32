// The status page's JSON read API end to end: a real LedgerServer with its HTTP port on
// loopback, loans created over gRPC, and HTTP requests with httplib. The API answers exactly
// what the gRPC API answers the same principal (protobuf's JSON mapping of the same message,
// the same refusals with the same reason and field), because it is a gateway over the
// server's in-process channel. Also the page's headers, the development login and, with
// mutual TLS, that the HTTP port wants a client certificate from the ledger's CA.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "ledger/server/ledger_server.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/status_page.pb.h"

namespace ledger {
namespace {

constexpr char kOfficer[] = "county_officer:370281";
constexpr char kOtherOfficer[] = "county_officer:370282";

std::string Json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions print;
  print.always_print_primitive_fields = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, print).ok());
  return json;
}

template <typename Message>
Message Parse(const std::string& json) {
  Message message;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message).ok()) << json;
  return message;
}

// A real LedgerServer with its HTTP port on a free loopback port.
TestServerOptions WithHttp(Transport transport = Transport::kDevPlaintext) {
  TestServerOptions options;
  options.transport = transport;
  options.http = true;
  if (transport == Transport::kMutualTls) {
    options.policy_text =
        "bank-B001 bank B001\n"
        "officer-370281 county_officer 370281\n"
        "officer-370282 county_officer 370282\n";
  }
  return options;
}

struct ApiError {
  std::string code, reason, field;
};

ApiError ErrorOf(const httplib::Result& result) {
  auto body = Parse<google::protobuf::Struct>(result->body);
  const auto& error = body.fields().at("error").struct_value().fields();
  return {error.at("code").string_value(), error.at("reason").string_value(),
          error.at("field").string_value()};
}

class StatusApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer("status_api", WithHttp());
    auto loans = server_->Loans();
    v1::CreateLoanResponse created;
    // B001: L-1 active and L-2 approved in 370281; B002: L-9 active in 370282.
    ASSERT_TRUE(loans
                    ->CreateLoan(Context("bank:B001").get(), CreateRequest("c1", "L-1", 100'000'00),
                                 &created)
                    .ok());
    ASSERT_TRUE(loans
                    ->CreateLoan(Context("bank:B001").get(), CreateRequest("c2", "L-2", 50'000'00),
                                 &created)
                    .ok());
    ASSERT_TRUE(loans
                    ->CreateLoan(Context("bank:B002").get(),
                                 CreateRequest("c9", "L-9", 80'000'00, "370282", "B002"), &created)
                    .ok());
    v1::DisburseLoanResponse disbursed;
    ASSERT_TRUE(loans
                    ->DisburseLoan(Context("bank:B001").get(),
                                   DisburseRequest("d1", "L-1", 60'000'00), &disbursed)
                    .ok());
    ASSERT_TRUE(loans
                    ->DisburseLoan(Context("bank:B002").get(),
                                   DisburseRequest("d9", "L-9", 80'000'00, "B002"), &disbursed)
                    .ok());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static httplib::Result Get(const std::string& path, const std::string& principal) {
    httplib::Client client("127.0.0.1", server_->server().http_port());
    client.set_read_timeout(30, 0);
    return client.Get(path.c_str(), {{"x-ledger-principal", principal}});
  }

  static TestServer* server_;
};

TestServer* StatusApiTest::server_ = nullptr;

TEST_F(StatusApiTest, GetLoanIsTheJsonMappingOfTheGrpcAnswer) {
  v1::GetLoanRequest request;
  request.set_name(LoanName("L-1"));
  v1::Loan loan;
  ASSERT_TRUE(server_->Loans()->GetLoan(Context(kOfficer).get(), request, &loan).ok());

  httplib::Result result = Get("/api/v1/banks/B001/loans/L-1", kOfficer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, Json(loan));
  EXPECT_TRUE(absl::StrContains(
      result->body, R"("outstandingPrincipal":{"currencyCode":"CNY","amountFen":"6000000"})"))
      << result->body;
  EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");
}

TEST_F(StatusApiTest, AnotherCountysOfficerIsRefusedAsOverGrpc) {
  v1::GetLoanRequest request;
  request.set_name(LoanName("L-1"));
  v1::Loan loan;
  grpc::Status grpc_status =
      server_->Loans()->GetLoan(Context(kOtherOfficer).get(), request, &loan);
  ASSERT_EQ(grpc_status.error_code(), grpc::StatusCode::NOT_FOUND);

  httplib::Result result = Get("/api/v1/banks/B001/loans/L-1", kOtherOfficer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  ApiError error = ErrorOf(result);
  EXPECT_EQ(error.code, "NOT_FOUND");
  EXPECT_EQ(error.reason, ReasonOf(grpc_status));
  EXPECT_EQ(error.field, FieldOf(grpc_status));

  // Listing another county is refused, naming the field, as ListLoans does.
  result = Get("/api/v1/loans?county_code=370281", kOtherOfficer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(ErrorOf(result).field, "county_code");

  // Their own listing has only their county's loan.
  result = Get("/api/v1/loans", kOtherOfficer);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  auto page = Parse<v1::ListLoansResponse>(result->body);
  ASSERT_EQ(page.loans_size(), 1);
  EXPECT_EQ(page.loans(0).name(), LoanName("L-9", "B002"));
}

TEST_F(StatusApiTest, ABankSeesOnlyItsOwnLoans) {
  httplib::Result result = Get("/api/v1/loans?page_size=500", "bank:B001");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  auto page = Parse<v1::ListLoansResponse>(result->body);
  ASSERT_EQ(page.loans_size(), 2);
  for (const v1::Loan& loan : page.loans()) EXPECT_EQ(loan.bank_id(), "B001");
  EXPECT_EQ(Get("/api/v1/banks/B002/loans/L-9", "bank:B001")->status, 404);
}

TEST_F(StatusApiTest, UnknownLoanIsNotFoundWithReasonAndField) {
  httplib::Result result = Get("/api/v1/banks/B001/loans/NOPE", kOfficer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  ApiError error = ErrorOf(result);
  EXPECT_EQ(error.reason, "LOAN_NOT_FOUND");
  EXPECT_EQ(error.field, "name");
}

TEST_F(StatusApiTest, BadInputIsRefusedBeforeAnyCall) {
  for (const char* path : {"/api/v1/loans?page_size=9999", "/api/v1/loans?page_size=abc",
                           "/api/v1/loans?page_size=-1"}) {
    httplib::Result result = Get(path, kOfficer);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << path;
    EXPECT_EQ(ErrorOf(result).field, "page_size") << path;
    EXPECT_EQ(ErrorOf(result).reason, "PAGE_SIZE_OUT_OF_RANGE") << path;
  }
  httplib::Result result = Get("/api/v1/loans?status=SLEEPING", kOfficer);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(ErrorOf(result).field, "status");
  result = Get(absl::StrCat("/api/v1/banks/B001/loans/", std::string(65, 'x')), kOfficer);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(ErrorOf(result).field, "name");
  result = Get("/api/v1/loans?status=active", kOfficer);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(Parse<v1::ListLoansResponse>(result->body).loans_size(), 1);
}

TEST_F(StatusApiTest, PortfolioCountsTheCallersLoansByStatus) {
  httplib::Result result = Get("/api/v1/portfolio", kOfficer);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  auto summary = Parse<v1::PortfolioSummary>(result->body);
  EXPECT_EQ(summary.loan_count(), 2);
  EXPECT_EQ(summary.outstanding_principal().amount_fen(), 60'000'00);
  EXPECT_FALSE(summary.truncated());
  ASSERT_EQ(summary.by_status_size(), 2);
  EXPECT_EQ(summary.by_status(0).status(), v1::APPROVED);
  EXPECT_EQ(summary.by_status(0).loan_count(), 1);
  EXPECT_EQ(summary.by_status(0).outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(summary.by_status(1).status(), v1::ACTIVE);
  EXPECT_EQ(summary.by_status(1).loan_count(), 1);
  EXPECT_EQ(summary.by_status(1).outstanding_principal().amount_fen(), 60'000'00);

  // finance sees all three.
  summary = Parse<v1::PortfolioSummary>(Get("/api/v1/portfolio", "finance")->body);
  EXPECT_EQ(summary.loan_count(), 3);
  EXPECT_EQ(summary.outstanding_principal().amount_fen(), 140'000'00);
}

TEST_F(StatusApiTest, SubsidiesAndCohortsGoThroughTheirRpcs) {
  httplib::Result result = Get("/api/v1/banks/B001/loans/L-1/subsidies", kOfficer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(Parse<v1::ComputeSubsidyResponse>(result->body).loan(), LoanName("L-1"));
  EXPECT_EQ(Get("/api/v1/banks/B001/loans/L-1/subsidies", kOtherOfficer)->status, 404);

  result = Get("/api/v1/cohorts?county_code=370281&programme_year=2026", kOfficer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(Parse<v1::CountyCohortsView>(result->body).county_code(), "370281");
  result = Get("/api/v1/cohorts?county_code=370281&programme_year=2026", kOtherOfficer);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(ErrorOf(result).field, "county_code");
}

TEST_F(StatusApiTest, ThePageAndItsFilesCarryTheSecurityHeaders) {
  for (const char* path : {"/", "/static/status.js", "/static/status.css", "/login",
                           "/api/v1/whoami", "/api/v1/banks/B001/loans/NOPE"}) {
    httplib::Result result = Get(path, kOfficer);
    ASSERT_TRUE(result) << path;
    EXPECT_TRUE(
        absl::StartsWith(result->get_header_value("Content-Security-Policy"), "default-src 'self'"))
        << path;
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
  // Nobody logged in (the development default principal): the login form first.
  httplib::Client anonymous("127.0.0.1", server_->server().http_port());
  httplib::Result first = anonymous.Get("/");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 303);
  EXPECT_EQ(first->get_header_value("Location"), "/login");
  httplib::Result login = anonymous.Get("/login");
  EXPECT_TRUE(absl::StrContains(login->body, R"(id="login-form")"));

  httplib::Result page = Get("/", kOfficer);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(absl::StrContains(page->body, R"(id="loan-lookup")"));
  EXPECT_FALSE(absl::StrContains(page->body, "<script>"));  // no inline script
  EXPECT_TRUE(absl::StartsWith(Get("/static/status.js", kOfficer)->get_header_value("Content-Type"),
                               "text/javascript"));
}

TEST_F(StatusApiTest, DevelopmentLoginSetsTheCookieThatIsThenHonoured) {
  httplib::Client client("127.0.0.1", server_->server().http_port());
  httplib::Result login = client.Post("/login", "principal=county_officer%3A370281",
                                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 303);
  EXPECT_EQ(login->get_header_value("Location"), "/");
  const std::string cookie = login->get_header_value("Set-Cookie");
  EXPECT_TRUE(absl::StartsWith(cookie, "ledger_principal=county_officer:370281;")) << cookie;
  EXPECT_TRUE(absl::StrContains(cookie, "HttpOnly"));
  EXPECT_TRUE(absl::StrContains(cookie, "SameSite=Strict"));
  EXPECT_TRUE(absl::StrContains(cookie, "Path=/"));

  httplib::Result whoami =
      client.Get("/api/v1/whoami", {{"Cookie", "ledger_principal=county_officer:370281"}});
  ASSERT_TRUE(whoami);
  EXPECT_EQ(Parse<v1::WhoAmI>(whoami->body).principal(), "county_officer:370281");
  httplib::Result loan = client.Get("/api/v1/banks/B001/loans/L-1",
                                    {{"Cookie", "ledger_principal=county_officer:370281"}});
  EXPECT_EQ(loan->status, 200);

  httplib::Result bad =
      client.Post("/login", "principal=not%20a%20principal", "application/x-www-form-urlencoded");
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(bad->get_header_value("Set-Cookie").empty());

  httplib::Result logout = client.Post("/logout", "", "application/x-www-form-urlencoded");
  EXPECT_EQ(logout->status, 303);
  EXPECT_TRUE(absl::StrContains(logout->get_header_value("Set-Cookie"), "Max-Age=0"));
}

TEST(StatusApiTlsTest, TheHttpPortWantsAClientCertificateFromTheLedgersCa) {
  TestServer server("status_api_tls", WithHttp(Transport::kMutualTls));
  v1::CreateLoanResponse created;
  ASSERT_TRUE(v1::LoanService::NewStub(server.NewTlsChannel("bank-B001"))
                  ->CreateLoan(Context().get(), CreateRequest("c1", "L-1", 100'000'00), &created)
                  .ok());
  const int port = server.server().http_port();

  httplib::SSLClient anonymous("127.0.0.1", port);
  anonymous.set_ca_cert_path(DevCertPath("ca.pem").c_str());
  anonymous.enable_server_certificate_verification(true);
  anonymous.set_connection_timeout(10, 0);
  httplib::Result refused = anonymous.Get("/api/v1/whoami");
  EXPECT_TRUE(!refused || refused->status == 401);

  httplib::SSLClient officer("127.0.0.1", port, DevCertPath("officer-370281.pem"),
                             DevCertPath("officer-370281.key"));
  officer.set_ca_cert_path(DevCertPath("ca.pem").c_str());
  officer.enable_server_certificate_verification(true);
  // The header is ignored with TLS: the certificate is the principal.
  httplib::Result whoami = officer.Get("/api/v1/whoami", {{"x-ledger-principal", "finance"}});
  ASSERT_TRUE(whoami) << httplib::to_string(whoami.error());
  EXPECT_EQ(whoami->status, 200);
  EXPECT_EQ(Parse<v1::WhoAmI>(whoami->body).principal(), "officer-370281");
  EXPECT_TRUE(Parse<v1::WhoAmI>(whoami->body).tls());
  httplib::Result loan = officer.Get("/api/v1/banks/B001/loans/L-1");
  ASSERT_TRUE(loan);
  EXPECT_EQ(loan->status, 200) << loan->body;
  EXPECT_EQ(Parse<v1::Loan>(loan->body).name(), LoanName("L-1"));

  // The certificate is the login: no form, and no cookie is ever set.
  httplib::Result login = officer.Get("/login");
  ASSERT_TRUE(login);
  EXPECT_TRUE(absl::StrContains(login->body, "client certificate"));
  EXPECT_FALSE(absl::StrContains(login->body, "login-form"));
  httplib::Result post =
      officer.Post("/login", "principal=finance", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 400);
  EXPECT_TRUE(post->get_header_value("Set-Cookie").empty());
  EXPECT_EQ(officer.Get("/")->status, 200);

  httplib::SSLClient other("127.0.0.1", port, DevCertPath("officer-370282.pem"),
                           DevCertPath("officer-370282.key"));
  other.set_ca_cert_path(DevCertPath("ca.pem").c_str());
  other.enable_server_certificate_verification(true);
  httplib::Result hidden = other.Get("/api/v1/banks/B001/loans/L-1");
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 404);

  httplib::SSLClient stranger("127.0.0.1", port, DevCertPath("stranger.pem"),
                              DevCertPath("stranger.key"));
  stranger.set_ca_cert_path(DevCertPath("ca.pem").c_str());
  stranger.enable_server_certificate_verification(true);
  stranger.set_connection_timeout(10, 0);
  httplib::Result strange = stranger.Get("/api/v1/whoami");
  EXPECT_TRUE(!strange || strange->status == 401);
}

}  // namespace
}  // namespace ledger
