#include "clients/ledgerctl/channel.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

// tools/dev_certs.sh's output, from the //tools:dev_certs genrule in this test's runfiles.
std::string DevCert(const std::string& file) {
  return std::string(std::getenv("TEST_SRCDIR")) + "/microloan_ledger/tools/dev_certs/" + file;
}

TEST(ChannelCredentialsFor, PlaintextWithoutTlsFiles) {
  EXPECT_TRUE(ChannelCredentialsFor(GlobalOptions()).ok());
}

TEST(ChannelCredentialsFor, MutualTlsReadsTheFiles) {
  GlobalOptions options;
  options.ca_file = DevCert("ca.pem");
  options.cert_file = DevCert("bank-B001.pem");
  options.key_file = DevCert("bank-B001.key");
  EXPECT_TRUE(ChannelCredentialsFor(options).ok());
  EXPECT_TRUE(NewChannel(options).ok());

  options.key_file = DevCert("no-such.key");
  absl::Status status = ChannelCredentialsFor(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("--key"), std::string::npos) << status;
  EXPECT_NE(status.message().find(options.key_file), std::string::npos) << status;
  EXPECT_FALSE(NewChannel(options).ok());
}

}  // namespace
}  // namespace ledgerctl
