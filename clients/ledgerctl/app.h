// ledgerctl as a function: argv in, exit code out, with every outside
// dependency (the environment, stdout/stderr, the channel, randomness) passed
// in, so tests can run whole command lines against a real server in-process.
//
//   AppEnvironment app = {env_lookup,  &std::cout, &std::cerr,
//                         isatty(2),   NewChannel, NewRequestId};
//   return RunLedgerctl({"get", "--loan=banks/B001/loans/L-1"}, app);
#ifndef CLIENTS_LEDGERCTL_APP_H_
#define CLIENTS_LEDGERCTL_APP_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/global_options.h"
#include "grpcpp/channel.h"

namespace ledgerctl {

struct AppEnvironment {
  EnvLookup env;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool err_is_tty = false;
  // Fails (exit 1, nothing sent) if e.g. a TLS file cannot be read.
  std::function<absl::StatusOr<std::shared_ptr<grpc::Channel>>(const GlobalOptions&)> make_channel;
  std::function<absl::StatusOr<std::string>()> new_request_id;
};

// `args` excludes the program name. Returns the process exit code (command.h).
int RunLedgerctl(const std::vector<std::string>& args, const AppEnvironment& app);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_APP_H_
