// ledgerctl: the command-line client of the microloan ledger, for bank partners
// and county officers. Everything is in the libraries beside this file; main
// only connects them to the real process (argv, environment, stdio, network,
// /dev/urandom).
//
//   ledgerctl --server=ledger.county:50051 get --loan=banks/B001/loans/L-1
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "clients/ledgerctl/app.h"
#include "clients/ledgerctl/request_id.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

int main(int argc, char** argv) {
  ledgerctl::AppEnvironment app;
  app.env = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  app.out = &std::cout;
  app.err = &std::cerr;
  app.err_is_tty = isatty(STDERR_FILENO) == 1;
  app.make_channel = [](const ledgerctl::GlobalOptions& options) {
    // Plaintext until mutual TLS lands; the principal header is a development
    // identity.
    return grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials());
  };
  app.new_request_id = ledgerctl::NewRequestId;
  return ledgerctl::RunLedgerctl(std::vector<std::string>(argv + 1, argv + argc), app);
}
