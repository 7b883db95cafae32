#include "clients/ledgerctl/global_options.h"

#include <map>

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

ParsedFlags Flags(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags(args, GlobalFlagSpecs());
  EXPECT_TRUE(flags.ok()) << flags.status();
  return flags.value_or(ParsedFlags());
}

TEST(ResolveGlobalOptions, Defaults) {
  absl::StatusOr<GlobalOptions> options = ResolveGlobalOptions(Flags({}), Env({}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->server, "127.0.0.1:50051");
  EXPECT_EQ(options->principal, "bank:dev");
  EXPECT_FALSE(options->json);
  EXPECT_EQ(options->timeout_ms, 10000);
  EXPECT_FALSE(options->timeout_given);
}

TEST(ResolveGlobalOptions, FlagBeatsEnvironmentBeatsDefault) {
  EnvLookup env = Env({{"LEDGER_SERVER", "env:1"}, {"LEDGER_PRINCIPAL", "county:370281"}});
  absl::StatusOr<GlobalOptions> options = ResolveGlobalOptions(Flags({}), env);
  EXPECT_EQ(options->server, "env:1");
  EXPECT_EQ(options->principal, "county:370281");
  options = ResolveGlobalOptions(
      Flags({"--server=flag:2", "--principal", "bank:B001", "--json", "--timeout_ms=5"}), env);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->server, "flag:2");
  EXPECT_EQ(options->principal, "bank:B001");
  EXPECT_TRUE(options->json);
  EXPECT_EQ(options->timeout_ms, 5);
  EXPECT_TRUE(options->timeout_given);
}

TEST(ResolveGlobalOptions, RefusesBadValues) {
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--timeout_ms=0"}), Env({})).ok());
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--timeout_ms=-1"}), Env({})).ok());
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--timeout_ms=1s"}), Env({})).ok());
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--principal="}), Env({})).ok());
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--principal=a\nb"}), Env({})).ok());
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--server="}), Env({})).ok());
}

TEST(ResolveGlobalOptions, TlsFilesFromFlagsOrEnvironmentAllOrNone) {
  absl::StatusOr<GlobalOptions> options = ResolveGlobalOptions(Flags({}), Env({}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_FALSE(options->uses_tls());

  EnvLookup env = Env({{"LEDGER_CA", "env-ca.pem"},
                       {"LEDGER_CERT", "env-cert.pem"},
                       {"LEDGER_KEY", "env-key.pem"}});
  options = ResolveGlobalOptions(Flags({"--cert=flag-cert.pem"}), env);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->uses_tls());
  EXPECT_EQ(options->ca_file, "env-ca.pem");
  EXPECT_EQ(options->cert_file, "flag-cert.pem");
  EXPECT_EQ(options->key_file, "env-key.pem");

  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--ca=ca.pem"}), Env({})).ok());
  EXPECT_FALSE(ResolveGlobalOptions(Flags({"--cert=c.pem", "--key=k.pem"}), Env({})).ok());
}

TEST(ResolveGlobalOptions, OutputFlagEnvironmentAndJsonAlias) {
  absl::StatusOr<GlobalOptions> options = ResolveGlobalOptions(Flags({}), Env({}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->output, OutputFormat::kTable);
  EXPECT_FALSE(options->csv());

  options = ResolveGlobalOptions(Flags({"--output=csv"}), Env({}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->csv());
  EXPECT_FALSE(options->json);

  options = ResolveGlobalOptions(Flags({"--output", "JSON"}), Env({}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->output, OutputFormat::kJson);
  EXPECT_TRUE(options->json);

  // --json is --output=json, and like every flag it beats the environment.
  options = ResolveGlobalOptions(Flags({"--json"}), Env({{"LEDGER_OUTPUT", "csv"}}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->output, OutputFormat::kJson);
  options = ResolveGlobalOptions(Flags({"--json", "--output=json"}), Env({}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->json);

  options = ResolveGlobalOptions(Flags({}), Env({{"LEDGER_OUTPUT", "csv"}}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->csv());
  options = ResolveGlobalOptions(Flags({"--output=table"}), Env({{"LEDGER_OUTPUT", "csv"}}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->output, OutputFormat::kTable);
}

TEST(ResolveGlobalOptions, RefusesUnknownOutput) {
  absl::StatusOr<GlobalOptions> options = ResolveGlobalOptions(Flags({"--output=xml"}), Env({}));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().message(),
            "--output: 'xml' is not an output format; give table, json, csv");
  options = ResolveGlobalOptions(Flags({}), Env({{"LEDGER_OUTPUT", "yaml"}}));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().message(),
            "LEDGER_OUTPUT: 'yaml' is not an output format; give table, json, csv");
  options = ResolveGlobalOptions(Flags({"--json", "--output=csv"}), Env({}));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().message(), "--json is --output=json; it cannot go with --output=csv");
}

TEST(ResolveGlobalOptions, ProgressIsTriState) {
  EXPECT_FALSE(ResolveGlobalOptions(Flags({}), Env({}))->progress.has_value());
  EXPECT_EQ(ResolveGlobalOptions(Flags({"--progress"}), Env({}))->progress, true);
  EXPECT_EQ(ResolveGlobalOptions(Flags({"--progress=false"}), Env({}))->progress, false);
}

TEST(OutputFormatNames, RoundTrip) {
  for (const std::string& name : OutputFormatNames()) {
    absl::StatusOr<OutputFormat> format = ParseOutputFormat(name, "--output");
    ASSERT_TRUE(format.ok());
    EXPECT_EQ(OutputFormatName(*format), name);
  }
}

}  // namespace
}  // namespace ledgerctl
