// The flags every ledgerctl command shares (--server, --principal, --json,
// --timeout_ms, --help), resolved against the environment and the built-in
// defaults.
//
// Precedence is flag, then environment (LEDGER_SERVER, LEDGER_PRINCIPAL), then
// default, so a shell profile can point at a county's server while a single
// call can still override it.
//
//   absl::StatusOr<GlobalOptions> options =
//       ResolveGlobalOptions(flags, env_lookup);
//   grpc::CreateChannel(options->server, ...);
#ifndef CLIENTS_LEDGERCTL_GLOBAL_OPTIONS_H_
#define CLIENTS_LEDGERCTL_GLOBAL_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"

namespace ledgerctl {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";
inline constexpr char kDefaultPrincipal[] = "bank:dev";
inline constexpr int64_t kDefaultTimeoutMs = 10000;
// A day: a larger deadline is a typo, not a plan.
inline constexpr int64_t kMaxTimeoutMs = 86400000;

struct GlobalOptions {
  std::string server = kDefaultServer;
  // Sent as the x-ledger-principal header: the development identity until
  // mutual TLS.
  std::string principal = kDefaultPrincipal;
  bool json = false;
  int64_t timeout_ms = kDefaultTimeoutMs;
  // Whether --timeout_ms was given: `watch` streams without a deadline unless
  // asked for one.
  bool timeout_given = false;
  bool help = false;
};

// Returns the environment variable's value, or nullopt if unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

const std::vector<FlagSpec>& GlobalFlagSpecs();

// INVALID_ARGUMENT for a bad --timeout_ms or a principal that cannot be a
// header value.
absl::StatusOr<GlobalOptions> ResolveGlobalOptions(const ParsedFlags& flags, const EnvLookup& env);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_GLOBAL_OPTIONS_H_
