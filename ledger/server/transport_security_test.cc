#include "ledger/server/transport_security.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace ledger {
namespace {

// tools/dev_certs.sh's output, from the //tools:dev_certs genrule in this test's runfiles.
std::string DevCert(const std::string& file) {
  return std::string(std::getenv("TEST_SRCDIR")) + "/microloan_ledger/tools/dev_certs/" + file;
}

TlsFiles DevTls() { return {DevCert("server.pem"), DevCert("server.key"), DevCert("ca.pem")}; }

TEST(IsLoopbackAddress, OnlyThisMachine) {
  for (const char* address :
       {"127.0.0.1:50051", "127.1.2.3:0", "localhost:1", "LOCALHOST:1", "[::1]:50051"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:0", ":50051", "[::]:50051", "10.0.0.1:50051", "128.0.0.1:1", "127.0.0.1",
        "localhost", "127.evil.example:1", "localhost.example:1", "[::1]", "[::1:1", "",
        "ipv4:127.0.0.1:1", "unix:/tmp/socket", "::1:50051"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

TEST(ServerCredentialsFor, MutualTlsWithReadableMatchingFiles) {
  EXPECT_TRUE(ServerCredentialsFor(DevTls(), false, "0.0.0.0:50051").ok());
}

TEST(ServerCredentialsFor, RefusesNoChoice) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor({}, false, "127.0.0.1:0");
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("--dev_plaintext"), std::string::npos);
}

TEST(ServerCredentialsFor, PlaintextOnlyOnLoopbackAndNotBesideTls) {
  EXPECT_TRUE(ServerCredentialsFor({}, true, "127.0.0.1:0").ok());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor({}, true, "0.0.0.0:50051");
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("0.0.0.0:50051"), std::string::npos);
  EXPECT_FALSE(ServerCredentialsFor(DevTls(), true, "127.0.0.1:0").ok());
}

TEST(ServerCredentialsFor, NamesTheFileAtFault) {
  TlsFiles tls = DevTls();
  tls.key_file = "";
  EXPECT_NE(ServerCredentialsFor(tls, false, "127.0.0.1:0").status().message().find("--tls_key"),
            std::string::npos);

  tls = DevTls();
  tls.client_ca_file = DevCert("no-such-ca.pem");
  absl::Status status = ServerCredentialsFor(tls, false, "127.0.0.1:0").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find(tls.client_ca_file), std::string::npos) << status;

  tls = DevTls();
  tls.key_file = DevCert("bank-B001.key");  // a real key, of another certificate
  status = ServerCredentialsFor(tls, false, "127.0.0.1:0").status();
  EXPECT_NE(status.message().find("bank-B001.key"), std::string::npos) << status;

  tls = DevTls();
  tls.cert_file = DevCert("server.key");  // a key where a certificate belongs
  status = ServerCredentialsFor(tls, false, "127.0.0.1:0").status();
  EXPECT_NE(status.message().find("server.key"), std::string::npos) << status;
}

}  // namespace
}  // namespace ledger
