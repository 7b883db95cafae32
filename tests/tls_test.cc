// Mutual TLS through a real server over loopback: only a client with a valid, unexpired
// certificate from the ledger's CA gets through, and its identity is the certificate's
// Subject CN whatever header it sends. Also the start-up refusals: plaintext beyond loopback,
// unreadable certificate files.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

// A failed handshake must fail the call, not wait: no wait_for_ready, a short deadline.
grpc::Status GetHead(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::JournalHead head;
  return v1::JournalService::NewStub(channel)->GetHead(&context, v1::GetHeadRequest(), &head);
}

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer("tls", Transport::kMutualTls); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};

TestServer* TlsTest::server_ = nullptr;

TEST_F(TlsTest, RefusesClientsWithoutAValidCertificate) {
  struct Case {
    const char* what;
    std::shared_ptr<grpc::Channel> channel;
  };
  for (const Case& c : {Case{"no certificate", server_->NewTlsChannel("")},
                        Case{"another CA's certificate", server_->NewTlsChannel("stranger")},
                        Case{"an expired certificate", server_->NewTlsChannel("expired-bank-B001")},
                        Case{"plaintext", server_->NewChannel()}}) {
    grpc::Status status = GetHead(c.channel);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
        << c.what << ": " << status.error_message();
  }
}

TEST_F(TlsTest, ThePrincipalIsTheCertificateCommonNameNotTheHeader) {
  auto loans = v1::LoanService::NewStub(server_->NewTlsChannel("bank-B001"));
  v1::CreateLoanResponse created;
  // The header a plaintext development server would honour; over TLS it must change nothing.
  grpc::Status status =
      loans->CreateLoan(Context("someone-else").get(), CreateRequest("c1", "L1", 100'00), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  auto journal = v1::JournalService::NewStub(server_->NewTlsChannel("bank-B001"));
  v1::GetEntryRequest request;
  request.set_sequence(created.commit().sequence());
  v1::JournalEntry entry;
  ASSERT_TRUE(journal->GetEntry(Context().get(), request, &entry).ok());
  EXPECT_EQ(entry.principal(), "bank-B001");
  EXPECT_EQ(entry.request_id(), "c1");
}

TEST(TlsPolicy, AValidCertificateWithoutAGrantGetsNothing) {
  // The CA vouches for bank-B002, but this server's policy does not name it.
  TestServer server("tls_policy", Transport::kMutualTls, "bank-B001 bank B001\n");
  grpc::Status status = GetHead(server.NewTlsChannel("bank-B002"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "UNKNOWN_PRINCIPAL");
  EXPECT_TRUE(GetHead(server.NewTlsChannel("bank-B001")).ok());
  // A bank's certificate acts only for that bank, whatever the request says.
  auto loans = v1::LoanService::NewStub(server.NewTlsChannel("bank-B001"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::CreateLoanResponse created;
  status = loans->CreateLoan(&context, CreateRequest("c1", "L1", 1000, "370281", "B002"), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(FieldOf(status), "bank_id");
}

TEST(TlsStart, TlsWithoutAPolicyFileIsRefused) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = FreshTempDir("tls_no_policy");
  options.tls = {DevCertPath("server.pem"), DevCertPath("server.key"), DevCertPath("ca.pem")};
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
  EXPECT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("policy"), absl::string_view::npos);
}

TEST(TlsStart, PlaintextOnlyOnLoopback) {
  ServerOptions options;
  options.listen_address = "0.0.0.0:0";
  options.data_dir = FreshTempDir("plaintext_anywhere") + "/data";
  options.dev_plaintext = true;
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(server.status().message().find("loopback"), std::string::npos) << server.status();
  EXPECT_NE(server.status().message().find("0.0.0.0:0"), std::string::npos) << server.status();
  // Refused before anything was opened.
  EXPECT_FALSE(std::filesystem::exists(options.data_dir));
}

TEST(TlsStart, NoTransportChosenIsRefused) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = FreshTempDir("no_transport");
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument) << server.status();
}

TEST(TlsStart, AMissingCertificateFileIsNamed) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = FreshTempDir("missing_cert");
  options.tls = {DevCertPath("server.pem"), DevCertPath("server.key"),
                 DevCertPath("missing-ca.pem")};
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find(DevCertPath("missing-ca.pem")), std::string::npos)
      << server.status();
}

}  // namespace
}  // namespace ledger
