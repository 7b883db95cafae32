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
//   absl::StatusOr<std::string> principal = PrincipalOf(*context);
#ifndef LEDGER_SERVER_PRINCIPAL_H_
#define LEDGER_SERVER_PRINCIPAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"

namespace ledger {

inline constexpr char kPrincipalHeader[] = "x-ledger-principal";
inline constexpr char kDefaultPrincipal[] = "dev";
inline constexpr size_t kMaxPrincipalLength = 64;

// UNAUTHENTICATED with reason INVALID_PRINCIPAL if the certificate has no usable Common Name,
// or the development header is malformed (either must be 1..64 characters of [A-Za-z0-9:._-]).
absl::StatusOr<std::string> PrincipalOf(const grpc::CallbackServerContext& context);

}  // namespace ledger

#endif  // LEDGER_SERVER_PRINCIPAL_H_
