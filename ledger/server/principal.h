// Who is calling. Every journal entry records the principal that caused it.
//
// Until mutual TLS lands (the access-control issue), the principal is taken from the
// `x-ledger-principal` request header, e.g. "bank:B001", and defaults to "dev". That is a
// development identity only: anybody can claim any principal. The access-control work
// replaces this function's body with the verified client certificate's identity; nothing
// else changes.
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

// UNAUTHENTICATED if the header is malformed (not 1..64 characters of [A-Za-z0-9:._-]).
absl::StatusOr<std::string> PrincipalOf(const grpc::CallbackServerContext& context);

}  // namespace ledger

#endif  // LEDGER_SERVER_PRINCIPAL_H_
