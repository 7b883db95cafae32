#include "ledger/server/principal.h"

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "ledger/base/error.h"

namespace ledger {

absl::StatusOr<std::string> PrincipalOf(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kPrincipalHeader);
  if (it == metadata.end()) return std::string(kDefaultPrincipal);
  const absl::string_view value(it->second.data(), it->second.size());
  bool ok = !value.empty() && value.size() <= kMaxPrincipalLength;
  for (char c : value) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' ||
                c == '_' || c == '-');
  }
  if (!ok) {
    return Refuse(absl::StatusCode::kUnauthenticated, reason::kInvalidPrincipal, kPrincipalHeader,
                  "x-ledger-principal must be 1..64 characters of A-Z a-z 0-9 : . _ -");
  }
  return std::string(value);
}

}  // namespace ledger
