// The flags every ledgerctl command shares (--server, --ca, --cert, --key,
// --principal, --json, --timeout_ms, --help), resolved against the environment
// and the built-in defaults.
//
// Precedence is flag, then environment (LEDGER_SERVER, LEDGER_CA, LEDGER_CERT,
// LEDGER_KEY, LEDGER_PRINCIPAL), then default, so a shell profile can point at
// a county's server with the user's certificate while a single call can still
// override it.
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
  // Mutual TLS (channel.h): PEM files of the CA that issued the server's
  // certificate, and of the user's own certificate and key, whose Subject CN is
  // who the server takes the user to be. All three, or none for a plaintext
  // development server.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // Sent as the x-ledger-principal header, which only a plaintext development
  // server honours; not sent over TLS.
  std::string principal = kDefaultPrincipal;
  bool json = false;
  int64_t timeout_ms = kDefaultTimeoutMs;
  // Whether --timeout_ms was given: `watch` streams without a deadline unless
  // asked for one.
  bool timeout_given = false;
  bool help = false;

  bool uses_tls() const { return !ca_file.empty(); }
};

// Returns the environment variable's value, or nullopt if unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

const std::vector<FlagSpec>& GlobalFlagSpecs();

// INVALID_ARGUMENT for a bad --timeout_ms, a principal that cannot be a header
// value, or only some of --ca, --cert and --key.
absl::StatusOr<GlobalOptions> ResolveGlobalOptions(const ParsedFlags& flags, const EnvLookup& env);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_GLOBAL_OPTIONS_H_
