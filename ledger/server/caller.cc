#include "ledger/server/caller.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/server/principal.h"

namespace ledger {

absl::StatusOr<Grant> CallerResolver::GrantOf(absl::string_view principal) const {
  if (policy_ != nullptr) {
    const std::shared_ptr<const Policy> policy = policy_->Current();
    if (const Grant* grant = policy->Find(principal); grant != nullptr) return *grant;
  } else if (dev_grants_from_header_) {
    // "role:scope" or "role".
    const size_t colon = principal.find(':');
    absl::StatusOr<Grant> grant =
        colon == absl::string_view::npos
            ? ParseGrant(principal, "")
            : ParseGrant(principal.substr(0, colon), principal.substr(colon + 1));
    if (grant.ok()) return grant;
  }
  return Refuse(absl::StatusCode::kPermissionDenied, reason::kUnknownPrincipal, "",
                absl::StrCat("principal ", principal, " has no grant in the policy"));
}

absl::StatusOr<Caller> CallerResolver::Resolve(const grpc::CallbackServerContext& context,
                                               absl::string_view method) const {
  absl::StatusOr<std::string> principal = PrincipalOf(context);
  if (!principal.ok()) return principal.status();
  absl::StatusOr<Grant> grant = GrantOf(*principal);
  if (!grant.ok()) return grant.status();
  return AuthorizeMethod(method, std::move(*principal), *grant);
}

}  // namespace ledger
