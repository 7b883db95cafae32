#include "clients/ledgerctl/global_options.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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

}  // namespace

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
      {"json", false, "", "print responses as protobuf JSON (watch: one object per line)"},
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
  options.json = flags.GetBool("json");
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
