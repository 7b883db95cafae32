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
      {"principal", true, "ID",
       absl::StrCat("who you act as, sent as x-ledger-principal (env LEDGER_PRINCIPAL; "
                    "default ",
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
  options.json = flags.GetBool("json");
  options.help = flags.GetBool("help");
  if (options.server.empty()) {
    return absl::InvalidArgumentError("--server: give HOST:PORT");
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
