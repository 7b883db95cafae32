// ledgerd's settings: command-line flags and, with --config=FILE, a file of the same
// settings, one `name = value` per line. Every flag can be set either way; a flag on the
// command line wins over the file, whatever the order. Errors name the flag (and the file's
// line) at fault.
//
//   # /etc/ledgerd/ledgerd.conf
//   listen = 0.0.0.0:50051
//   data_dir = /var/lib/ledgerd
//   tls_cert = /etc/ledgerd/server.pem
//
//   absl::StatusOr<LedgerdFlags> flags = ParseLedgerdFlags({"--config=/etc/ledgerd/ledgerd.conf"});
#ifndef LEDGER_SERVER_LEDGERD_FLAGS_H_
#define LEDGER_SERVER_LEDGERD_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/server/ledger_server.h"

namespace ledger {

// --help's text.
extern const char kLedgerdUsage[];

// A config file holds at most this many bytes (it is a few dozen settings).
inline constexpr size_t kMaxConfigFileBytes = 64 << 10;

struct LedgerdFlags {
  ServerOptions server;
  std::string port_file;       // write the gRPC port here once listening
  std::string http_port_file;  // and the HTTP port here
  bool help = false;           // --help: print kLedgerdUsage and exit
};

// `args` without the program name. INVALID_ARGUMENT saying what is wrong and how to fix it.
// Without --data_dir the data directory is $BUILD_WORKSPACE_DIRECTORY/.ledger-data under
// `bazel run`, else ./.ledger-data.
absl::StatusOr<LedgerdFlags> ParseLedgerdFlags(const std::vector<std::string>& args);

}  // namespace ledger

#endif  // LEDGER_SERVER_LEDGERD_FLAGS_H_
