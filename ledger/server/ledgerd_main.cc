// ledgerd: the microloan ledger server. main only parses flags, wires the server together,
// and waits for SIGINT/SIGTERM to drain it.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/server/ledger_server.h"

namespace {

constexpr char kUsage[] = R"(ledgerd: the microloan ledger server (gRPC)

Usage: ledgerd --tls_cert=FILE --tls_key=FILE --tls_client_ca=FILE [flags]
       ledgerd --dev_plaintext [flags]

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

  --listen=HOST:PORT   address to listen on (default 127.0.0.1:50051; port 0 picks a free one)
  --data_dir=DIR       RocksDB data directory (default $BUILD_WORKSPACE_DIRECTORY/.ledger-data
                       under `bazel run`, else ./.ledger-data)
  --port_file=FILE     write the port actually bound to FILE (for scripts and tests)
  --queue_capacity=N   commands waiting for the writer before RESOURCE_EXHAUSTED (16384);
                       a batch counts each command, and one larger than N is refused
  --checkpoint_key_file=FILE  Ed25519 private key (PEM) signing GetCheckpoint's answers;
                       tools/checkpoint_key.sh DIR makes one (docs/AUDIT.md)
  --backup_dir=DIR     where the admin's CreateBackup RPC writes backups (default: DIR-backups
                       beside --data_dir DIR); outside the data directory (docs/RESILIENCE.md)

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
  --reflection=false   do not serve gRPC server reflection (grpc.reflection.v1alpha), which
                       lets generic tools (grpcurl, grpc_cli) list and call the API; it
                       shows the API's schema only, never ledger data (default true)
  --help               this text

Stops cleanly on SIGINT (Ctrl-C) or SIGTERM: journal streams end, in-flight calls finish,
queued commands commit, the database closes. SIGHUP reloads the policy file.
)";

struct Flags {
  std::string listen = "127.0.0.1:50051";
  std::string data_dir;
  std::string port_file;
  size_t queue_capacity = 16384;
  ledger::TlsFiles tls;
  bool dev_plaintext = false;
  std::string policy_file;
  std::string identity_key_file;
  std::string checkpoint_key_file;
  std::string backup_dir;
  ledger::FollowOptions follow;
  bool reflection = true;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value_of = [&](const char* name, std::string* out) {
      const std::string prefix = absl::StrCat("--", name, "=");
      if (!absl::StartsWith(arg, prefix)) return false;
      *out = arg.substr(prefix.size());
      return true;
    };
    std::string number;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--dev_plaintext") {
      flags->dev_plaintext = true;
    } else if (value_of("listen", &flags->listen) || value_of("data_dir", &flags->data_dir) ||
               value_of("port_file", &flags->port_file) ||
               value_of("tls_cert", &flags->tls.cert_file) ||
               value_of("tls_key", &flags->tls.key_file) ||
               value_of("tls_client_ca", &flags->tls.client_ca_file) ||
               value_of("policy_file", &flags->policy_file) ||
               value_of("identity_key_file", &flags->identity_key_file) ||
               value_of("checkpoint_key_file", &flags->checkpoint_key_file) ||
               value_of("backup_dir", &flags->backup_dir) ||
               value_of("follow", &flags->follow.primary_address) ||
               value_of("follow_principal", &flags->follow.principal) ||
               value_of("follow_tls_cert", &flags->follow.tls_cert_file) ||
               value_of("follow_tls_key", &flags->follow.tls_key_file) ||
               value_of("follow_tls_ca", &flags->follow.tls_ca_file)) {
    } else if (value_of("reflection", &number)) {
      if (number != "true" && number != "false") {
        std::fprintf(stderr, "ledgerd: --reflection is true or false\n");
        return false;
      }
      flags->reflection = number == "true";
    } else if (value_of("queue_capacity", &number)) {
      if (!absl::SimpleAtoi(number, &flags->queue_capacity) || flags->queue_capacity == 0) {
        std::fprintf(stderr, "ledgerd: --queue_capacity must be a positive number\n");
        return false;
      }
    } else {
      std::fprintf(stderr, "ledgerd: unknown flag %s (see --help)\n", arg.c_str());
      return false;
    }
  }
  if (!flags->dev_plaintext && !flags->tls.any()) {
    std::fprintf(stderr,
                 "ledgerd: choose the transport: --tls_cert=FILE --tls_key=FILE "
                 "--tls_client_ca=FILE for mutual TLS (tools/dev_certs.sh makes development "
                 "ones), or --dev_plaintext for an unauthenticated development server on a "
                 "loopback address (see --help)\n");
    return false;
  }
  if (flags->data_dir.empty()) {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    flags->data_dir = absl::StrCat(workspace != nullptr ? workspace : ".", "/.ledger-data");
  }
  return true;
}

// Stop and reload signals are turned into a byte on this pipe. A handler (rather than blocking the
// signals and sigwait) works whichever thread the kernel picks, including threads that
// libraries start with their own signal masks.
int stop_pipe[2] = {-1, -1};

void OnSignal(int signal_number) {
  const char byte = static_cast<char>(signal_number);
  // write(2) is async-signal-safe; if the pipe is somehow full a signal is already pending.
  [[maybe_unused]] ssize_t ignored = write(stop_pipe[1], &byte, 1);
}

bool InstallSignalHandlers() {
  if (pipe2(stop_pipe, O_CLOEXEC) != 0) return false;
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  return sigaction(SIGINT, &action, nullptr) == 0 && sigaction(SIGTERM, &action, nullptr) == 0 &&
         sigaction(SIGHUP, &action, nullptr) == 0;
}

int WaitForSignal() {
  char byte = 0;
  while (read(stop_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  return byte;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;

  if (!InstallSignalHandlers()) {
    std::fprintf(stderr, "ledgerd: cannot install signal handlers\n");
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);

  ledger::ServerOptions options;
  options.listen_address = flags.listen;
  options.data_dir = flags.data_dir;
  options.tls = flags.tls;
  options.dev_plaintext = flags.dev_plaintext;
  options.policy_file = flags.policy_file;
  options.identity_key_file = flags.identity_key_file;
  options.checkpoint_key_file = flags.checkpoint_key_file;
  options.backup_dir = flags.backup_dir;
  options.follow = flags.follow;
  options.engine.queue_capacity = flags.queue_capacity;
  options.reflection = flags.reflection;
  absl::StatusOr<std::unique_ptr<ledger::LedgerServer>> server =
      ledger::LedgerServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "ledgerd: cannot start: %s\n", server.status().ToString().c_str());
    return 1;
  }
  if (flags.dev_plaintext) {
    std::fprintf(stderr,
                 "WARNING: development mode: plaintext, unauthenticated: any program on this "
                 "machine may act as any principal (x-ledger-principal header). Never use it "
                 "for real loans; serve mutual TLS (--tls_cert, --tls_key, --tls_client_ca).\n");
  } else {
    std::printf("ledgerd mutual TLS: clients need a certificate from %s\n",
                flags.tls.client_ca_file.c_str());
  }
  const std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  std::printf("ledgerd listening on %s:%d\nledgerd data directory %s\n", host.c_str(),
              (*server)->port(), (*server)->data_dir().c_str());
  if (!flags.follow.primary_address.empty()) {
    std::printf("ledgerd read-only follower of %s\n", flags.follow.primary_address.c_str());
  }
  std::fflush(stdout);
  if (!flags.port_file.empty()) {
    // Write then rename, so a reader never sees a half-written port.
    const std::string temp = flags.port_file + ".tmp";
    std::ofstream(temp) << (*server)->port() << "\n";
    std::rename(temp.c_str(), flags.port_file.c_str());
  }

  int signal_number = WaitForSignal();
  // Bounded only by how often an operator sends SIGHUP; each reload is one file read.
  while (signal_number == SIGHUP) {
    absl::Status reloaded = (*server)->ReloadPolicy();
    if (reloaded.ok()) {
      std::printf("ledgerd: SIGHUP: policy reloaded from %s\n", flags.policy_file.c_str());
    } else {
      std::printf("ledgerd: SIGHUP: policy NOT reloaded, the previous one stays: %s\n",
                  reloaded.ToString().c_str());
    }
    std::fflush(stdout);
    signal_number = WaitForSignal();
  }
  std::printf("ledgerd: %s received, draining\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  (*server)->Shutdown();
  std::printf("ledgerd: stopped cleanly\n");
  return 0;
}
