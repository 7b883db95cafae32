// The flags every ledgerctl command shares (--server, --ca, --cert, --key,
// --principal, --output, --json, --progress, --timeout_ms, --help), resolved
// against the environment and the built-in defaults.
//
// Precedence is flag, then environment (LEDGER_SERVER, LEDGER_CA, LEDGER_CERT,
// LEDGER_KEY, LEDGER_PRINCIPAL, LEDGER_OUTPUT), then default, so a shell
// profile can point at a county's server with the user's certificate while a
// single call can still override it. `--json` is `--output=json`.
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

// What a command prints on stdout: the human text (aligned blocks and tables), protobuf JSON,
// or RFC 4180 CSV (columns.h).
enum class OutputFormat { kTable, kJson, kCsv };

// "table", "json", "csv": what --output takes, in that order.
const std::vector<std::string>& OutputFormatNames();
std::string OutputFormatName(OutputFormat format);

// Any of OutputFormatNames, ignoring case. INVALID_ARGUMENT naming `source` ("--output" or
// "LEDGER_OUTPUT") and the words it takes.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text, absl::string_view source);

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
  OutputFormat output = OutputFormat::kTable;
  // output == kJson, which most commands ask (kept as a field: tests set it alone).
  bool json = false;
  // --progress (true) or --progress=false; unset: progress when stderr is a terminal.
  std::optional<bool> progress;
  int64_t timeout_ms = kDefaultTimeoutMs;
  // Whether --timeout_ms was given: `watch` streams without a deadline unless
  // asked for one.
  bool timeout_given = false;
  bool help = false;

  bool uses_tls() const { return !ca_file.empty(); }
  bool csv() const { return output == OutputFormat::kCsv; }
};

// Returns the environment variable's value, or nullopt if unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

const std::vector<FlagSpec>& GlobalFlagSpecs();

// INVALID_ARGUMENT for a bad --timeout_ms, a principal that cannot be a header
// value, only some of --ca, --cert and --key, an unknown --output (or
// LEDGER_OUTPUT), or --json with another --output.
absl::StatusOr<GlobalOptions> ResolveGlobalOptions(const ParsedFlags& flags, const EnvLookup& env);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_GLOBAL_OPTIONS_H_
