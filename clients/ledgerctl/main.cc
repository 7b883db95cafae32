// ledgerctl: the command-line client of the microloan ledger, for bank partners
// and county officers. Everything is in the libraries beside this file; main
// only connects them to the real process (argv, environment, stdio, network,
// /dev/urandom).
//
//   ledgerctl --server=ledger.county:50051 --ca=ca.pem --cert=bank-B001.pem
//       --key=bank-B001.key get --loan=banks/B001/loans/L-1
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "clients/ledgerctl/app.h"
#include "clients/ledgerctl/channel.h"
#include "clients/ledgerctl/request_id.h"

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
  app.make_channel = ledgerctl::NewChannel;
  app.new_request_id = ledgerctl::NewRequestId;
  return ledgerctl::RunLedgerctl(std::vector<std::string>(argv + 1, argv + argc), app);
}
