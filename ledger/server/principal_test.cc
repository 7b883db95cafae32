// PrincipalOf on each transport a call can arrive by, with a real gRPC server whose one
// (generic) method answers with the principal it resolved: plaintext takes the development
// header, TLS the certificate's CN whatever the headers say, and the in-process channel the
// header only together with the right gateway token.
#include "ledger/server/principal.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "gtest/gtest.h"

namespace ledger {
namespace {

std::string DevCert(const std::string& file) {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  std::ifstream in(absl::StrCat(runfiles != nullptr ? runfiles : ".",
                                "/microloan_ledger/tools/dev_certs/", file));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Reads the request, answers with PrincipalOf's principal, or fails with its message.
class WhoAmIReactor : public grpc::ServerGenericBidiReactor {
 public:
  explicit WhoAmIReactor(grpc::GenericCallbackServerContext* context) : context_(context) {
    StartRead(&request_);
  }
  void OnReadDone(bool ok) override {
    if (!ok) return Finish(grpc::Status(grpc::StatusCode::INTERNAL, "no request"));
    absl::StatusOr<std::string> principal = PrincipalOf(*context_);
    if (!principal.ok()) {
      return Finish(grpc::Status(static_cast<grpc::StatusCode>(principal.status().code()),
                                 std::string(principal.status().message())));
    }
    slice_ = grpc::Slice(*principal);
    response_ = grpc::ByteBuffer(&slice_, 1);
    StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  grpc::GenericCallbackServerContext* context_;
  grpc::ByteBuffer request_;
  grpc::Slice slice_;
  grpc::ByteBuffer response_;
};

class WhoAmIService : public grpc::CallbackGenericService {
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    return new WhoAmIReactor(context);
  }
};

// The principal the server saw, or "error CODE: message".
std::string Call(const std::shared_ptr<grpc::Channel>& channel,
                 const std::vector<std::pair<std::string, std::string>>& headers) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  for (const auto& [name, value] : headers) context.AddMetadata(name, value);
  grpc::Slice slice("?");
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/test.WhoAmI/Call", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (!status.ok())
    return absl::StrCat("error ", status.error_code(), ": ", status.error_message());
  std::vector<grpc::Slice> slices;
  (void)response.Dump(&slices);
  std::string text;
  for (const grpc::Slice& s : slices)
    text.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return text;
}

class PrincipalTest : public ::testing::Test {
 protected:
  void Start(std::shared_ptr<grpc::ServerCredentials> credentials) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port_);
    builder.RegisterCallbackGenericService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }
  std::shared_ptr<grpc::Channel> InProcess() {
    return server_->InProcessChannel(grpc::ChannelArguments());
  }

  WhoAmIService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

const std::string kUnauthenticated = absl::StrCat("error ", grpc::StatusCode::UNAUTHENTICATED);

TEST(GatewayTokenTest, IsSixtyFourHexDigitsAndStable) {
  const std::string& token = GatewayToken();
  ASSERT_EQ(token.size(), 64u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(&GatewayToken(), &token);
}

TEST_F(PrincipalTest, InProcessNeedsTheGatewayToken) {
  Start(grpc::InsecureServerCredentials());
  auto channel = InProcess();
  EXPECT_EQ(Call(channel, {{kPrincipalHeader, "finance"}}).rfind(kUnauthenticated, 0), 0u);
  EXPECT_EQ(Call(channel, {}).rfind(kUnauthenticated, 0), 0u);
  std::string wrong = GatewayToken();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Call(channel, {{kPrincipalHeader, "finance"}, {kGatewayTokenHeader, wrong}})
                .rfind(kUnauthenticated, 0),
            0u);
  EXPECT_EQ(Call(channel, {{kPrincipalHeader, "finance"}, {kGatewayTokenHeader, "short"}})
                .rfind(kUnauthenticated, 0),
            0u);
  EXPECT_EQ(Call(channel, {{kPrincipalHeader, "finance"}, {kGatewayTokenHeader, GatewayToken()}}),
            "finance");
  // With the token, the principal must still be named and well formed (no "dev" default).
  EXPECT_EQ(Call(channel, {{kGatewayTokenHeader, GatewayToken()}}).rfind(kUnauthenticated, 0), 0u);
  EXPECT_EQ(
      Call(channel, {{kPrincipalHeader, "bad principal"}, {kGatewayTokenHeader, GatewayToken()}})
          .rfind(kUnauthenticated, 0),
      0u);
}

TEST_F(PrincipalTest, PlaintextIsUnchangedAndIgnoresTheToken) {
  Start(grpc::InsecureServerCredentials());
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials());
  EXPECT_EQ(Call(channel, {}), "dev");
  EXPECT_EQ(Call(channel, {{kPrincipalHeader, "bank:B001"}, {kGatewayTokenHeader, "nonsense"}}),
            "bank:B001");
}

TEST_F(PrincipalTest, TlsUsesTheCertificateWhateverTheHeadersSay) {
  grpc::SslServerCredentialsOptions server_options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  server_options.pem_root_certs = DevCert("ca.pem");
  server_options.pem_key_cert_pairs.push_back({DevCert("server.key"), DevCert("server.pem")});
  Start(grpc::SslServerCredentials(server_options));
  grpc::SslCredentialsOptions client;
  client.pem_root_certs = DevCert("ca.pem");
  client.pem_private_key = DevCert("bank-B001.key");
  client.pem_cert_chain = DevCert("bank-B001.pem");
  auto channel =
      grpc::CreateChannel(absl::StrCat("localhost:", port_), grpc::SslCredentials(client));
  EXPECT_EQ(Call(channel, {{kPrincipalHeader, "finance"}, {kGatewayTokenHeader, GatewayToken()}}),
            "bank-B001");
  // The server's own in-process channel still needs the token (and then names its principal).
  EXPECT_EQ(Call(InProcess(), {{kPrincipalHeader, "finance"}}).rfind(kUnauthenticated, 0), 0u);
  EXPECT_EQ(Call(InProcess(),
                 {{kPrincipalHeader, "officer-370281"}, {kGatewayTokenHeader, GatewayToken()}}),
            "officer-370281");
}

}  // namespace
}  // namespace ledger
