// Who is calling. Every journal entry records the principal that caused it, and authorisation
// looks the principal up in the policy file.
//
// With mutual TLS (the production mode) the principal is the Subject Common Name of the client
// certificate that gRPC verified during the handshake, e.g. "bank-B001". Why the CN: every
// certificate has one, and it is chosen by the CA that issues the certificate, never by the
// client. The certificate says only who the caller is; what they may do is in the policy file,
// so granting or revoking access means editing the policy, not reissuing certificates. The
// `x-ledger-principal` header is ignored on TLS connections: a client must not choose its
// identity.
//
// In the plaintext development mode (LedgerServer refuses it on anything but a loopback
// address) nothing is authenticated: the principal is the `x-ledger-principal` header, e.g.
// "bank:B001", or "dev" without one. The mode is read from the connection itself (its
// transport security type), so the two can never disagree.
//
// In-process calls (grpc::Server::InProcessChannel) come from ledgerd's own HTTP gateway
// (ledger/http/json_api.h), which has already authenticated its caller exactly as above. gRPC
// 1.51 gives such a call an auth context without any property (no transport security type)
// and no network peer; the principal is then the `x-ledger-principal` header, but only when
// the call also carries `x-ledger-gateway-token` equal to GatewayToken(), a random secret that
// never leaves the process. Anything else on that transport is UNAUTHENTICATED. The
// token header means nothing on TLS or plaintext connections.
//
//   absl::StatusOr<std::string> principal = PrincipalOf(*context);
//   context->AddMetadata(kGatewayTokenHeader, GatewayToken());   // the gateway's side
#ifndef LEDGER_SERVER_PRINCIPAL_H_
#define LEDGER_SERVER_PRINCIPAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

namespace ledger {

inline constexpr char kPrincipalHeader[] = "x-ledger-principal";
inline constexpr char kDefaultPrincipal[] = "dev";
inline constexpr size_t kMaxPrincipalLength = 64;
inline constexpr char kGatewayTokenHeader[] = "x-ledger-gateway-token";

// This process's gateway token: 32 bytes from OpenSSL's RAND_bytes, in lower-case hex, made on
// first use (thread-safe) and the same for the life of the process. Crashes if the random
// generator fails.
const std::string& GatewayToken();

// Whether `value` can be a principal id: 1..64 characters of [A-Za-z0-9:._-]. The HTTP port
// (ledger/http) applies the same rule to certificate names, headers and cookies.
bool IsPrincipalId(absl::string_view value);

// UNAUTHENTICATED with reason INVALID_PRINCIPAL if the certificate has no usable Common Name,
// or the development header is malformed (either must be 1..64 characters of [A-Za-z0-9:._-]),
// or an in-process call lacks the right gateway token or a well-formed principal header.
absl::StatusOr<std::string> PrincipalOf(const grpc::CallbackServerContext& context);

}  // namespace ledger

#endif  // LEDGER_SERVER_PRINCIPAL_H_
