#include "ledger/server/ledgerd_flags.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace ledger {

const char kLedgerdUsage[] =
    R"(ledgerd: the microloan ledger server (gRPC, and HTTP for metrics and the status page)

Usage: ledgerd --tls_cert=FILE --tls_key=FILE --tls_client_ca=FILE [flags]
       ledgerd --dev_plaintext [flags]
       ledgerd --config=FILE [flags]

Every flag can also be a line `name = value` of a --config file (`#` starts a comment);
flags on the command line win over the file.

Transport (one of the two is required):
  --tls_cert=FILE      mutual TLS: the server's certificate chain (PEM)
  --tls_key=FILE       its private key (PEM)
  --tls_client_ca=FILE the CA certificate(s) (PEM) a client certificate must chain to. A
                       caller is the Subject CN of its verified certificate, e.g. bank-B001.
                       tools/dev_certs.sh DIR makes a development set of all three.
  --dev_plaintext      DEVELOPMENT ONLY: plaintext and unauthenticated (callers name
                       themselves in the x-ledger-principal header); only on a loopback
                       --listen address

Access:
  --policy_file=FILE   who may do what: lines of `principal role [scope]` (docs/SECURITY.md).
                       Required with TLS. Reloaded on SIGHUP without dropping calls. In
                       --dev_plaintext mode without it, the principal header names the
                       grant itself, e.g. bank:B001, county_officer:370281, finance
  --identity_key_file=FILE  HMAC key (>= 32 bytes) for borrowers' resident ID numbers; must
                       be outside the data directory. Without it national_id is refused

Ports and files:
  --listen=HOST:PORT   gRPC address (default 127.0.0.1:50051; port 0 picks a free one)
  --http_listen=HOST:PORT  HTTP address for /metrics (Prometheus) and the county officers'
                       status page, secured like the gRPC port (default 127.0.0.1:8080;
                       empty turns it off: --http_listen=)
  --data_dir=DIR       RocksDB data directory (default $BUILD_WORKSPACE_DIRECTORY/.ledger-data
                       under `bazel run`, else ./.ledger-data)
  --port_file=FILE     write the gRPC port actually bound to FILE (for scripts and tests)
  --http_port_file=FILE  the same for the HTTP port
  --backup_dir=DIR     where the admin's CreateBackup RPC writes backups (default: DIR-backups
                       beside --data_dir DIR); outside the data directory (docs/RESILIENCE.md)
  --checkpoint_key_file=FILE  Ed25519 private key (PEM) signing GetCheckpoint's answers;
                       tools/checkpoint_key.sh DIR makes one (docs/AUDIT.md)

Behaviour:
  --queue_capacity=N   commands waiting for the writer before RESOURCE_EXHAUSTED (16384);
                       a batch counts each command, and one larger than N is refused
  --reflection=true|false  gRPC server reflection (grpc.reflection.v1alpha), which lets
                       generic tools (grpcurl, grpc_cli) list and call the API; it shows the
                       API's schema only, never ledger data (default true)
  --log_requests=all|errors|none  which RPCs get a JSON log line on stderr (default all)

Follower (read-only replica; docs/RESILIENCE.md):
  --follow=HOST:PORT   follow that primary: tail its journal (JournalService.ReplicateJournal),
                       verify the chain, keep own projections, serve reads; writes are refused
                       (FAILED_PRECONDITION / NOT_PRIMARY) until an admin promotes it
                       (ledgerctl promote). Seed --data_dir from a backup of the primary, or
                       start empty to copy everything
  --follow_principal=P --dev_plaintext only: the principal header sent to the primary
                       (default auditor); the primary must be on a loopback address
  --follow_tls_cert=FILE  with TLS: the client certificate (PEM) presented to the primary;
                       its CN needs the auditor role there (the feed is every entry)
  --follow_tls_key=FILE   its private key (PEM)
  --follow_tls_ca=FILE    the CA (PEM) the primary's certificate must chain to (default:
                       --tls_client_ca)

  --config=FILE        read settings from FILE first (only on the command line)
  --help               this text

Logs: one JSON object per line on stderr (docs/OPERATIONS.md); the start-up banner and the
stop message are plain lines on stdout. Stops cleanly on SIGINT (Ctrl-C) or SIGTERM: the HTTP
port closes, journal streams end, in-flight calls finish, queued commands commit, the database
closes. SIGHUP reloads the policy file.
)";

namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat(message, " (see --help)"));
}

absl::StatusOr<bool> ParseBool(const std::string& name, const std::string& value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return Invalid(absl::StrCat("--", name, " is true or false, not \"", value, "\""));
}

// Applies one setting. `where` says where it came from, for errors.
absl::Status Apply(const std::string& name, const std::string& value, bool has_value,
                   LedgerdFlags* flags) {
  ServerOptions& s = flags->server;
  std::map<std::string, std::string*> strings = {
      {"listen", &s.listen_address},
      {"http_listen", &s.http_listen_address},
      {"data_dir", &s.data_dir},
      {"port_file", &flags->port_file},
      {"http_port_file", &flags->http_port_file},
      {"tls_cert", &s.tls.cert_file},
      {"tls_key", &s.tls.key_file},
      {"tls_client_ca", &s.tls.client_ca_file},
      {"policy_file", &s.policy_file},
      {"identity_key_file", &s.identity_key_file},
      {"checkpoint_key_file", &s.checkpoint_key_file},
      {"backup_dir", &s.backup_dir},
      {"follow", &s.follow.primary_address},
      {"follow_principal", &s.follow.principal},
      {"follow_tls_cert", &s.follow.tls_cert_file},
      {"follow_tls_key", &s.follow.tls_key_file},
      {"follow_tls_ca", &s.follow.tls_ca_file},
  };
  if (auto it = strings.find(name); it != strings.end()) {
    if (!has_value) return Invalid(absl::StrCat("--", name, " needs a value: --", name, "=..."));
    *it->second = value;
    return absl::OkStatus();
  }
  if (name == "dev_plaintext") {
    absl::StatusOr<bool> on = has_value ? ParseBool(name, value) : true;
    if (!on.ok()) return on.status();
    s.dev_plaintext = *on;
  } else if (name == "reflection") {
    absl::StatusOr<bool> on = ParseBool(name, value);
    if (!on.ok()) return on.status();
    s.reflection = *on;
  } else if (name == "queue_capacity") {
    size_t capacity = 0;
    if (!absl::SimpleAtoi(value, &capacity) || capacity == 0 || capacity > (1u << 24)) {
      return Invalid("--queue_capacity is a number of commands from 1 to 16777216");
    }
    s.engine.queue_capacity = capacity;
  } else if (name == "log_requests") {
    if (!ParseRequestLogging(value, &s.request_logging)) {
      return Invalid(absl::StrCat("--log_requests is all, errors or none, not \"", value, "\""));
    }
  } else {
    return Invalid(absl::StrCat("unknown flag --", name));
  }
  return absl::OkStatus();
}

// "--name=value" or "--name" → (name, value, has_value); false if it is not a flag.
bool SplitFlag(const std::string& arg, std::string* name, std::string* value, bool* has_value) {
  absl::string_view rest = arg;
  if (!absl::ConsumePrefix(&rest, "--")) return false;
  const size_t equals = rest.find('=');
  *has_value = equals != absl::string_view::npos;
  *name = std::string(rest.substr(0, equals));
  *value = *has_value ? std::string(rest.substr(equals + 1)) : "";
  return !name->empty();
}

absl::Status ApplyConfigFile(const std::string& path, LedgerdFlags* flags) {
  std::ifstream in(path);
  if (!in) return Invalid(absl::StrCat("cannot read the config file ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxConfigFileBytes) {
    return Invalid(absl::StrCat("config file ", path, " is over ", kMaxConfigFileBytes, " bytes"));
  }
  std::string line;
  int number = 0;
  while (std::getline(text, line)) {
    ++number;
    absl::string_view content = line;
    // A comment starts a line or follows whitespace, so that a value may hold '#'.
    for (size_t i = 0; i < content.size(); ++i) {
      if (content[i] == '#' && (i == 0 || content[i - 1] == ' ' || content[i - 1] == '\t')) {
        content = content.substr(0, i);
        break;
      }
    }
    content = absl::StripAsciiWhitespace(content);
    if (content.empty()) continue;
    const size_t equals = content.find('=');
    const std::string where = absl::StrCat(path, ":", number, ": ");
    if (equals == absl::string_view::npos) {
      return Invalid(absl::StrCat(where, "expected `name = value`"));
    }
    const std::string name(absl::StripAsciiWhitespace(content.substr(0, equals)));
    const std::string value(absl::StripAsciiWhitespace(content.substr(equals + 1)));
    if (name == "config" || name == "help") {
      return Invalid(absl::StrCat(where, name, " only belongs on the command line"));
    }
    if (absl::Status applied = Apply(name, value, /*has_value=*/true, flags); !applied.ok()) {
      return Invalid(absl::StrCat(where, applied.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LedgerdFlags> ParseLedgerdFlags(const std::vector<std::string>& args) {
  LedgerdFlags flags;
  flags.server.listen_address = "127.0.0.1:50051";
  flags.server.http_listen_address = "127.0.0.1:8080";
  // The file first, so that the command line wins whatever the order.
  for (const std::string& arg : args) {
    std::string name, value;
    bool has_value = false;
    if (!SplitFlag(arg, &name, &value, &has_value)) continue;
    if (name == "help" || arg == "-h") {
      flags.help = true;
      return flags;
    }
    if (name == "config") {
      if (!has_value || value.empty()) return Invalid("--config needs a file: --config=FILE");
      if (absl::Status read = ApplyConfigFile(value, &flags); !read.ok()) return read;
    }
  }
  for (const std::string& arg : args) {
    if (arg == "-h") {
      flags.help = true;
      return flags;
    }
    std::string name, value;
    bool has_value = false;
    if (!SplitFlag(arg, &name, &value, &has_value)) {
      return Invalid(absl::StrCat("unexpected argument \"", arg, "\"; flags are --name=value"));
    }
    if (name == "config") continue;
    if (absl::Status applied = Apply(name, value, has_value, &flags); !applied.ok()) {
      return applied;
    }
  }
  if (!flags.server.dev_plaintext && !flags.server.tls.any()) {
    return Invalid(
        "choose the transport: --tls_cert=FILE --tls_key=FILE --tls_client_ca=FILE for mutual "
        "TLS (tools/dev_certs.sh makes development ones), or --dev_plaintext for an "
        "unauthenticated development server on a loopback address");
  }
  if (flags.server.data_dir.empty()) {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    flags.server.data_dir = absl::StrCat(workspace != nullptr ? workspace : ".", "/.ledger-data");
  }
  return flags;
}

}  // namespace ledger
