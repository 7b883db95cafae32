// How ledgerd's listener is secured: mutual TLS, the only mode for anything but a developer's
// own machine, or plaintext as an explicit development mode on a loopback address only.
// LedgerServer::Start calls this before it opens the store, so a misconfiguration fails fast
// with a message naming the file or address at fault.
//
//   TlsFiles tls{"/etc/ledgerd/server.pem", "/etc/ledgerd/server.key", "/etc/ledgerd/ca.pem"};
//   absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
//       ServerCredentialsFor(tls, /*dev_plaintext=*/false, "0.0.0.0:50051");
#ifndef LEDGER_SERVER_TRANSPORT_SECURITY_H_
#define LEDGER_SERVER_TRANSPORT_SECURITY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace ledger {

// PEM files, as ledgerd's --tls_cert, --tls_key and --tls_client_ca name them.
struct TlsFiles {
  std::string cert_file;       // the server's certificate, then any intermediates
  std::string key_file;        // its private key
  std::string client_ca_file;  // the CA certificate(s) a client certificate must chain to

  bool any() const { return !cert_file.empty() || !key_file.empty() || !client_ca_file.empty(); }
};

// Whether `listen_address` ("host:port" or "[v6]:port") names only this machine: 127.0.0.0/8,
// localhost or ::1. Anything else, including "0.0.0.0", ":port" and names that merely
// resolve to loopback, is not.
bool IsLoopbackAddress(absl::string_view listen_address);

// Mutual TLS: the server presents `tls.cert_file` and refuses, during the handshake, every
// client without a valid, unexpired certificate chaining to `tls.client_ca_file`. With
// `dev_plaintext` (and no TLS files): insecure credentials, refused unless `listen_address` is
// loopback. Errors: INVALID_ARGUMENT for a missing or contradictory setting, FAILED_PRECONDITION
// naming the file for one that cannot be read or is not the PEM it should be.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& tls, bool dev_plaintext, absl::string_view listen_address);

// The client side of mutual TLS, for a follower dialling its primary: trusts `ca_file`,
// presents `cert_file` / `key_file`. FAILED_PRECONDITION naming the file for one that cannot
// be read, is empty or is too large.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentialsFor(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file);

}  // namespace ledger

#endif  // LEDGER_SERVER_TRANSPORT_SECURITY_H_
