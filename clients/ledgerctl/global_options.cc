#include "clients/ledgerctl/global_options.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/flag_values.h"

namespace ledgerctl {
namespace {

std::string FlagEnvOrDefault(const ParsedFlags& flags, absl::string_view name, const EnvLookup& env,
                             const char* env_name, const char* default_value) {
  if (std::optional<std::string> value = flags.Get(name); value.has_value()) return *value;
  if (std::optional<std::string> value = env(env_name); value.has_value() && !value->empty()) {
    return *value;
  }
  return default_value;
}

// gRPC metadata values must be printable ASCII; anything else would fail every
// call with a confusing transport error. The server applies its own, stricter
// rule.
bool IsHeaderValue(absl::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

absl::StatusOr<OutputFormat> ResolveOutput(const ParsedFlags& flags, const EnvLookup& env) {
  const bool json = flags.GetBool("json");
  if (std::optional<std::string> given = flags.Get("output"); given.has_value()) {
    absl::StatusOr<OutputFormat> output = ParseOutputFormat(*given, "--output");
    if (output.ok() && json && *output != OutputFormat::kJson) {
      return absl::InvalidArgumentError(
          absl::StrCat("--json is --output=json; it cannot go with --output=", *given));
    }
    return output;
  }
  if (json) return OutputFormat::kJson;
  if (std::optional<std::string> value = env("LEDGER_OUTPUT");
      value.has_value() && !value->empty()) {
    return ParseOutputFormat(*value, "LEDGER_OUTPUT");
  }
  return OutputFormat::kTable;
}

}  // namespace

const std::vector<std::string>& OutputFormatNames() {
  static const auto* names = new std::vector<std::string>{"table", "json", "csv"};
  return *names;
}

std::string OutputFormatName(OutputFormat format) {
  return OutputFormatNames()[static_cast<size_t>(format)];
}

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text, absl::string_view source) {
  const std::string word = absl::AsciiStrToLower(text);
  for (size_t i = 0; i < OutputFormatNames().size(); ++i) {
    if (word == OutputFormatNames()[i]) return static_cast<OutputFormat>(i);
  }
  return absl::InvalidArgumentError(absl::StrCat(source, ": '", text,
                                                 "' is not an output format; give ",
                                                 absl::StrJoin(OutputFormatNames(), ", ")));
}

const std::vector<FlagSpec>& GlobalFlagSpecs() {
  static const auto* specs = new std::vector<FlagSpec>{
      {"server", true, "HOST:PORT",
       absl::StrCat("ledger server (env LEDGER_SERVER; default ", kDefaultServer, ")")},
      {"ca", true, "FILE", "mutual TLS: the CA (PEM) of the server's certificate (env LEDGER_CA)"},
      {"cert", true, "FILE", "mutual TLS: your certificate (PEM); its CN is you (env LEDGER_CERT)"},
      {"key", true, "FILE", "mutual TLS: your private key (PEM) (env LEDGER_KEY)"},
      {"principal", true, "ID",
       absl::StrCat("plaintext dev server: who you act as (env LEDGER_PRINCIPAL; default ",
                    kDefaultPrincipal, ")")},
      {"output", true, "FORMAT",
       "table (default), json or csv: what stdout gets (env LEDGER_OUTPUT)", false,
       OutputFormatNames()},
      {"json", false, "", "the same as --output=json (watch: one object per line)"},
      {"progress", false, "",
       "progress of long listings on stderr (default: on a terminal; =false: never)"},
      {"timeout_ms", true, "N",
       absl::StrCat("deadline of each call in milliseconds (default ", kDefaultTimeoutMs,
                    "; watch: none)")},
      {"help", false, "", "show help"},
  };
  return *specs;
}

absl::StatusOr<GlobalOptions> ResolveGlobalOptions(const ParsedFlags& flags, const EnvLookup& env) {
  GlobalOptions options;
  options.server = FlagEnvOrDefault(flags, "server", env, "LEDGER_SERVER", kDefaultServer);
  options.principal =
      FlagEnvOrDefault(flags, "principal", env, "LEDGER_PRINCIPAL", kDefaultPrincipal);
  options.ca_file = FlagEnvOrDefault(flags, "ca", env, "LEDGER_CA", "");
  options.cert_file = FlagEnvOrDefault(flags, "cert", env, "LEDGER_CERT", "");
  options.key_file = FlagEnvOrDefault(flags, "key", env, "LEDGER_KEY", "");
  absl::StatusOr<OutputFormat> output = ResolveOutput(flags, env);
  if (!output.ok()) return output.status();
  options.output = *output;
  options.json = *output == OutputFormat::kJson;
  if (flags.Has("progress")) options.progress = flags.GetBool("progress");
  options.help = flags.GetBool("help");
  if (options.server.empty()) {
    return absl::InvalidArgumentError("--server: give HOST:PORT");
  }
  // The server refuses every client without a certificate, so TLS with only
  // some of the three would fail on the first call, less clearly.
  const int tls_files_given =
      !options.ca_file.empty() + !options.cert_file.empty() + !options.key_file.empty();
  if (tls_files_given != 0 && tls_files_given != 3) {
    return absl::InvalidArgumentError(
        "--ca, --cert, --key: give all three for mutual TLS, or none for a plaintext "
        "development server");
  }
  if (options.principal.empty() || !IsHeaderValue(options.principal)) {
    return absl::InvalidArgumentError(
        "--principal: give a non-empty id of printable ASCII, e.g. bank:B001");
  }
  options.timeout_given = flags.Has("timeout_ms");
  absl::StatusOr<uint64_t> timeout_ms =
      UintFlagOr(flags, "timeout_ms", kMaxTimeoutMs, kDefaultTimeoutMs);
  if (!timeout_ms.ok()) return timeout_ms.status();
  if (*timeout_ms == 0) return absl::InvalidArgumentError("--timeout_ms: must be at least 1");
  options.timeout_ms = static_cast<int64_t>(*timeout_ms);
  return options;
}

}  // namespace ledgerctl
