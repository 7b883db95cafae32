// ledgerd: the microloan ledger server. main only parses flags (ledgerd_flags.h), starts the
// server, and waits for SIGINT/SIGTERM to drain it.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "ledger/base/log.h"
#include "ledger/server/ledger_server.h"
#include "ledger/server/ledgerd_flags.h"

namespace {

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

// Write then rename, so that a reader never sees a half-written port.
void WritePortFile(const std::string& path, int port) {
  if (path.empty()) return;
  const std::string temp = path + ".tmp";
  std::ofstream(temp) << port << "\n";
  std::rename(temp.c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<ledger::LedgerdFlags> flags =
      ledger::ParseLedgerdFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!flags.ok()) {
    std::fprintf(stderr, "ledgerd: %s\n", std::string(flags.status().message()).c_str());
    return 2;
  }
  if (flags->help) {
    std::fputs(ledger::kLedgerdUsage, stdout);
    return 0;
  }
  const ledger::ServerOptions& options = flags->server;

  if (!InstallSignalHandlers()) {
    std::fprintf(stderr, "ledgerd: cannot install signal handlers\n");
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);

  absl::StatusOr<std::unique_ptr<ledger::LedgerServer>> server =
      ledger::LedgerServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "ledgerd: cannot start: %s\n", server.status().ToString().c_str());
    ledger::LogLine(ledger::LogLevel::kError, "start_failed")
        .Str("error", server.status().ToString())
        .Write();
    return 1;
  }
  if (options.dev_plaintext) {
    std::fprintf(stderr,
                 "WARNING: development mode: plaintext, unauthenticated: any program on this "
                 "machine may act as any principal (x-ledger-principal header). Never use it "
                 "for real loans; serve mutual TLS (--tls_cert, --tls_key, --tls_client_ca).\n");
  } else {
    std::printf("ledgerd mutual TLS: clients need a certificate from %s\n",
                options.tls.client_ca_file.c_str());
  }
  const std::string host = options.listen_address.substr(0, options.listen_address.rfind(':'));
  std::printf("ledgerd listening on %s:%d\nledgerd data directory %s\n", host.c_str(),
              (*server)->port(), (*server)->data_dir().c_str());
  if ((*server)->http_port() != 0) {
    const std::string& http = options.http_listen_address;
    std::printf("ledgerd HTTP on %s://%s:%d (/metrics, status page /)\n",
                options.dev_plaintext ? "http" : "https", http.substr(0, http.rfind(':')).c_str(),
                (*server)->http_port());
  }
  if (!options.follow.primary_address.empty()) {
    std::printf("ledgerd read-only follower of %s\n", options.follow.primary_address.c_str());
  }
  std::fflush(stdout);
  ledger::LogLine(ledger::LogLevel::kInfo, "started")
      .Int("grpc_port", (*server)->port())
      .Int("http_port", (*server)->http_port())
      .Str("data_dir", (*server)->data_dir())
      .Bool("dev_plaintext", options.dev_plaintext)
      .Write();
  WritePortFile(flags->port_file, (*server)->port());
  WritePortFile(flags->http_port_file, (*server)->http_port());

  int signal_number = WaitForSignal();
  // Bounded only by how often an operator sends SIGHUP; each reload is one file read.
  while (signal_number == SIGHUP) {
    absl::Status reloaded = (*server)->ReloadPolicy();
    if (reloaded.ok()) {
      std::printf("ledgerd: SIGHUP: policy reloaded from %s\n", options.policy_file.c_str());
    } else {
      std::printf("ledgerd: SIGHUP: policy NOT reloaded, the previous one stays: %s\n",
                  reloaded.ToString().c_str());
    }
    std::fflush(stdout);
    signal_number = WaitForSignal();
  }
  const char* signal_name = signal_number == SIGINT ? "SIGINT" : "SIGTERM";
  std::printf("ledgerd: %s received, draining\n", signal_name);
  std::fflush(stdout);
  ledger::LogLine(ledger::LogLevel::kInfo, "stopping").Str("signal", signal_name).Write();
  (*server)->Shutdown();
  ledger::LogLine(ledger::LogLevel::kInfo, "stopped").Write();
  std::printf("ledgerd: stopped cleanly\n");
  return 0;
}
