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

Usage: ledgerd [flags]

  --listen=HOST:PORT   address to listen on (default 127.0.0.1:50051; port 0 picks a free one)
  --data_dir=DIR       RocksDB data directory (default $BUILD_WORKSPACE_DIRECTORY/.ledger-data
                       under `bazel run`, else ./.ledger-data)
  --port_file=FILE     write the port actually bound to FILE (for scripts and tests)
  --queue_capacity=N   commands waiting for the writer before RESOURCE_EXHAUSTED (16384)
  --help               this text

Stops cleanly on SIGINT (Ctrl-C) or SIGTERM: journal streams end, in-flight calls finish,
queued commands commit, the database closes.
)";

struct Flags {
  std::string listen = "127.0.0.1:50051";
  std::string data_dir;
  std::string port_file;
  size_t queue_capacity = 16384;
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
    } else if (value_of("listen", &flags->listen) || value_of("data_dir", &flags->data_dir) ||
               value_of("port_file", &flags->port_file)) {
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
  if (flags->data_dir.empty()) {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    flags->data_dir = absl::StrCat(workspace != nullptr ? workspace : ".", "/.ledger-data");
  }
  return true;
}

// Stop signals are turned into a byte on this pipe. A handler (rather than blocking the
// signals and sigwait) works whichever thread the kernel picks, including threads that
// libraries start with their own signal masks.
int stop_pipe[2] = {-1, -1};

void OnStopSignal(int signal_number) {
  const char byte = static_cast<char>(signal_number);
  // write(2) is async-signal-safe; if the pipe is somehow full a stop is already pending.
  [[maybe_unused]] ssize_t ignored = write(stop_pipe[1], &byte, 1);
}

bool InstallStopHandlers() {
  if (pipe2(stop_pipe, O_CLOEXEC) != 0) return false;
  struct sigaction action = {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  return sigaction(SIGINT, &action, nullptr) == 0 && sigaction(SIGTERM, &action, nullptr) == 0;
}

int WaitForStopSignal() {
  char byte = 0;
  while (read(stop_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  return byte;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;

  if (!InstallStopHandlers()) {
    std::fprintf(stderr, "ledgerd: cannot install signal handlers\n");
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);

  ledger::ServerOptions options;
  options.listen_address = flags.listen;
  options.data_dir = flags.data_dir;
  options.engine.queue_capacity = flags.queue_capacity;
  absl::StatusOr<std::unique_ptr<ledger::LedgerServer>> server =
      ledger::LedgerServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "ledgerd: cannot start: %s\n", server.status().ToString().c_str());
    return 1;
  }
  const std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  std::printf("ledgerd listening on %s:%d\nledgerd data directory %s\n", host.c_str(),
              (*server)->port(), (*server)->data_dir().c_str());
  std::fflush(stdout);
  if (!flags.port_file.empty()) {
    // Write then rename, so a reader never sees a half-written port.
    const std::string temp = flags.port_file + ".tmp";
    std::ofstream(temp) << (*server)->port() << "\n";
    std::rename(temp.c_str(), flags.port_file.c_str());
  }

  const int signal_number = WaitForStopSignal();
  std::printf("ledgerd: %s received, draining\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  (*server)->Shutdown();
  std::printf("ledgerd: stopped cleanly\n");
  return 0;
}
