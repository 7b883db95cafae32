#include "ledger/server/ledgerd_flags.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

// Each file in a directory of its own: FreshTempDir empties a directory it hands out again.
std::string WriteConfig(const std::string& text) {
  static int files = 0;
  const std::string dir = FreshTempDir("ledgerd_flags_" + std::to_string(++files));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/ledgerd.conf";
  std::ofstream(path) << text;
  return path;
}

TEST(ParseLedgerdFlags, DefaultsAndEveryKindOfFlag) {
  absl::StatusOr<LedgerdFlags> flags = ParseLedgerdFlags(
      {"--dev_plaintext", "--data_dir=/tmp/d", "--queue_capacity=8", "--reflection=false",
       "--log_requests=errors", "--port_file=/tmp/p", "--http_port_file=/tmp/h"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_TRUE(flags->server.dev_plaintext);
  EXPECT_EQ(flags->server.listen_address, "127.0.0.1:50051");
  EXPECT_EQ(flags->server.http_listen_address, "127.0.0.1:8080");
  EXPECT_EQ(flags->server.data_dir, "/tmp/d");
  EXPECT_EQ(flags->server.engine.queue_capacity, 8u);
  EXPECT_FALSE(flags->server.reflection);
  EXPECT_EQ(flags->server.request_logging, RequestLogging::kErrors);
  EXPECT_EQ(flags->port_file, "/tmp/p");
  EXPECT_EQ(flags->http_port_file, "/tmp/h");
  // An empty value turns the HTTP port off.
  flags = ParseLedgerdFlags({"--dev_plaintext", "--http_listen="});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->server.http_listen_address, "");
}

TEST(ParseLedgerdFlags, ConfigFileSetsEverythingAndTheCommandLineWins) {
  const std::string config = WriteConfig(
      "# ledgerd settings\n"
      "\n"
      "listen = 127.0.0.1:6000   # gRPC\n"
      "http_listen=127.0.0.1:6001\n"
      "  tls_cert = /etc/l/server.pem\n"
      "tls_key = /etc/l/server.key\n"
      "tls_client_ca = /etc/l/ca.pem\n"
      "policy_file = /etc/l/policy#2 # a '#' inside a value stays\n"
      "queue_capacity = 100\n"
      "log_requests = none\n");
  // --listen before --config on the command line still wins over the file.
  absl::StatusOr<LedgerdFlags> flags =
      ParseLedgerdFlags({"--listen=127.0.0.1:7000", "--config=" + config});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->server.listen_address, "127.0.0.1:7000");
  EXPECT_EQ(flags->server.http_listen_address, "127.0.0.1:6001");
  EXPECT_EQ(flags->server.tls.cert_file, "/etc/l/server.pem");
  EXPECT_EQ(flags->server.tls.client_ca_file, "/etc/l/ca.pem");
  EXPECT_EQ(flags->server.policy_file, "/etc/l/policy#2");
  EXPECT_EQ(flags->server.engine.queue_capacity, 100u);
  EXPECT_EQ(flags->server.request_logging, RequestLogging::kNone);
  EXPECT_FALSE(flags->server.dev_plaintext);
}

TEST(ParseLedgerdFlags, ErrorsNameTheFlagAndTheLine) {
  auto message = [](const std::vector<std::string>& args) {
    absl::StatusOr<LedgerdFlags> flags = ParseLedgerdFlags(args);
    EXPECT_FALSE(flags.ok());
    EXPECT_EQ(flags.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(flags.status().message());
  };
  EXPECT_NE(message({"--dev_plaintext", "--colour=blue"}).find("unknown flag --colour"),
            std::string::npos);
  EXPECT_NE(message({"--dev_plaintext", "--queue_capacity=0"}).find("--queue_capacity"),
            std::string::npos);
  EXPECT_NE(message({"--dev_plaintext", "--reflection=maybe"}).find("true or false"),
            std::string::npos);
  EXPECT_NE(message({"--dev_plaintext", "--log_requests=some"}).find("all, errors or none"),
            std::string::npos);
  EXPECT_NE(message({"--dev_plaintext", "stray"}).find("unexpected argument"), std::string::npos);
  EXPECT_NE(message({"--dev_plaintext", "--listen"}).find("needs a value"), std::string::npos);
  EXPECT_NE(message({}).find("choose the transport"), std::string::npos);
  EXPECT_NE(message({"--config=/nonexistent/ledgerd.conf"}).find("cannot read the config file"),
            std::string::npos);
  const std::string bad = WriteConfig("listen = 127.0.0.1:1\nnot a setting\n");
  EXPECT_NE(message({"--config=" + bad}).find(bad + ":2: expected `name = value`"),
            std::string::npos);
  const std::string unknown = WriteConfig("dev_plaintext = true\nspeed = 11\n");
  EXPECT_NE(message({"--config=" + unknown}).find(unknown + ":2: unknown flag --speed"),
            std::string::npos);
  const std::string nested = WriteConfig("config = other.conf\n");
  EXPECT_NE(message({"--config=" + nested}).find("only belongs on the command line"),
            std::string::npos);
}

TEST(ParseLedgerdFlags, HelpWinsOverEverythingElse) {
  absl::StatusOr<LedgerdFlags> flags = ParseLedgerdFlags({"--bogus", "--help"});
  ASSERT_TRUE(flags.ok());
  EXPECT_TRUE(flags->help);
  EXPECT_NE(std::string(kLedgerdUsage).find("--http_listen"), std::string::npos);
  EXPECT_NE(std::string(kLedgerdUsage).find("--config=FILE"), std::string::npos);
}

}  // namespace
}  // namespace ledger
