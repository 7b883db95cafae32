// Who is calling and what they may do, resolved once per RPC: the principal (principal.h),
// its grant in the policy file (ledger/auth/policy.h), and the method's row in the
// authorisation table (ledger/auth/authorization.h).
//
// In the plaintext development mode without a policy file, the principal header itself names
// the grant as "role:scope" (e.g. "bank:B001", "county_officer:370281", "finance"), so the
// README's tour works without writing a policy. With TLS a policy file is required.
//
//   CallerResolver callers(&policy_holder, /*dev_grants_from_header=*/false);
//   absl::StatusOr<Caller> caller = callers.Resolve(*context, kGetLoanMethod);
#ifndef LEDGER_SERVER_CALLER_H_
#define LEDGER_SERVER_CALLER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "ledger/auth/authorization.h"
#include "ledger/auth/policy.h"

namespace ledger {

class CallerResolver {
 public:
  // `policy` may be null only when `dev_grants_from_header` is true.
  CallerResolver(const PolicyHolder* policy, bool dev_grants_from_header)
      : policy_(policy), dev_grants_from_header_(dev_grants_from_header) {}

  // UNAUTHENTICATED if the principal cannot be read; PERMISSION_DENIED (UNKNOWN_PRINCIPAL)
  // if it has no grant; PERMISSION_DENIED if its role may not call `method`.
  absl::StatusOr<Caller> Resolve(const grpc::CallbackServerContext& context,
                                 absl::string_view method) const;

  // The grant for a principal, as Resolve finds it.
  absl::StatusOr<Grant> GrantOf(absl::string_view principal) const;

 private:
  const PolicyHolder* policy_;
  const bool dev_grants_from_header_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_CALLER_H_
