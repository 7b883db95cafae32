// The connection to ledgerd: mutual TLS when --ca, --cert and --key are given
// (the server then knows the user by the certificate's Subject CN), plaintext
// otherwise, which only a development server on a loopback address accepts.
//
//   absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = NewChannel(options);
//   if (!channel.ok()) ...  // names the TLS file that could not be read
#ifndef CLIENTS_LEDGERCTL_CHANNEL_H_
#define CLIENTS_LEDGERCTL_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/global_options.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"

namespace ledgerctl {

// Client credentials for mutual TLS from three PEM files (the CA that signed the server's
// certificate, the client's certificate and its key). FAILED_PRECONDITION naming the flag
// (--ca, --cert, --key) and the file if one cannot be read or is empty. Shared with the other
// command-line tools (tools/reconcile).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MutualTlsCredentials(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file);

// Reads the PEM files named in `options`. FAILED_PRECONDITION naming the file if
// one cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const GlobalOptions& options);

// A channel to options.server with those credentials. Does not connect yet.
absl::StatusOr<std::shared_ptr<grpc::Channel>> NewChannel(const GlobalOptions& options);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CHANNEL_H_
