#include "ledger/server/principal.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"
#include "ledger/base/error.h"
#include "ledger/base/invariant.h"
#include "openssl/crypto.h"
#include "openssl/rand.h"

namespace ledger {
namespace {

// gRPC's name for a connection made with InsecureServerCredentials (not in its public headers).
constexpr char kInsecureTransport[] = "insecure";

absl::Status Unauthenticated(absl::string_view field, absl::string_view message) {
  return Refuse(absl::StatusCode::kUnauthenticated, reason::kInvalidPrincipal, field, message);
}

std::vector<absl::string_view> ValuesOf(const grpc::AuthContext& auth, const char* name) {
  std::vector<absl::string_view> values;
  for (const grpc::string_ref& value : auth.FindPropertyValues(name)) {
    values.emplace_back(value.data(), value.size());
  }
  return values;
}

absl::StatusOr<std::string> CertificatePrincipal(const grpc::AuthContext& auth) {
  // The handshake already refused clients without a valid certificate; this guards against
  // a server built with weaker TLS options.
  if (!auth.IsPeerAuthenticated()) {
    return Unauthenticated("", "the client certificate was not verified");
  }
  const std::vector<absl::string_view> names = ValuesOf(auth, GRPC_X509_CN_PROPERTY_NAME);
  if (names.size() != 1 || !IsPrincipalId(names[0])) {
    return Unauthenticated(
        "",
        "the client certificate's Subject CN must be one principal id of 1..64 characters "
        "of A-Z a-z 0-9 : . _ -");
  }
  return std::string(names[0]);
}

// The x-ledger-principal header, checked; `absent` when there is none.
absl::StatusOr<std::string> HeaderPrincipal(const grpc::CallbackServerContext& context,
                                            const absl::StatusOr<std::string>& absent) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kPrincipalHeader);
  if (it == metadata.end()) return absent;
  const absl::string_view value(it->second.data(), it->second.size());
  if (!IsPrincipalId(value)) {
    return Unauthenticated(kPrincipalHeader,
                           "x-ledger-principal must be 1..64 characters of A-Z a-z 0-9 : . _ -");
  }
  return std::string(value);
}

absl::StatusOr<std::string> DevelopmentPrincipal(const grpc::CallbackServerContext& context) {
  return HeaderPrincipal(context, std::string(kDefaultPrincipal));
}

// grpc::Server::InProcessChannel: gRPC 1.51 attaches no auth property at all to such a call
// (our TCP listeners always set the transport security type) and reports no network peer.
bool IsInProcess(const grpc::AuthContext* auth, const grpc::CallbackServerContext& context) {
  if (auth != nullptr && auth->begin() != auth->end()) return false;
  const std::string peer = context.peer();
  return !absl::StartsWith(peer, "ipv4:") && !absl::StartsWith(peer, "ipv6:") &&
         !absl::StartsWith(peer, "unix:");
}

absl::StatusOr<std::string> GatewayPrincipal(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto token = metadata.find(kGatewayTokenHeader);
  const std::string& expected = GatewayToken();
  if (token == metadata.end() || token->second.size() != expected.size() ||
      CRYPTO_memcmp(token->second.data(), expected.data(), expected.size()) != 0) {
    return Unauthenticated("", "an in-process call without the gateway's token");
  }
  return HeaderPrincipal(context,
                         Unauthenticated(kPrincipalHeader, "the gateway must name the principal"));
}

}  // namespace

const std::string& GatewayToken() {
  static const std::string* const token = [] {
    unsigned char bytes[32];
    // No token is better than a guessable one.
    Invariant(RAND_bytes(bytes, sizeof(bytes)) == 1, "RAND_bytes made the gateway token");
    return new std::string(
        absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof(bytes))));
  }();
  return *token;
}

bool IsPrincipalId(absl::string_view value) {
  if (value.empty() || value.size() > kMaxPrincipalLength) return false;
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != ':' && c != '.' && c != '_' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> PrincipalOf(const grpc::CallbackServerContext& context) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  const std::vector<absl::string_view> transport =
      auth == nullptr ? std::vector<absl::string_view>()
                      : ValuesOf(*auth, GRPC_TRANSPORT_SECURITY_TYPE_PROPERTY_NAME);
  if (transport.size() == 1 && transport[0] == GRPC_SSL_TRANSPORT_SECURITY_TYPE) {
    return CertificatePrincipal(*auth);
  }
  // LedgerServer opens a plaintext listener only in the development mode, on loopback.
  if (transport.size() == 1 && transport[0] == kInsecureTransport) {
    return DevelopmentPrincipal(context);
  }
  if (IsInProcess(auth.get(), context)) return GatewayPrincipal(context);
  // Fail closed on anything else, e.g. credentials this server never configures.
  return Unauthenticated("", absl::StrCat("unsupported transport security: ",
                                          transport.empty() ? "none" : transport[0]));
}

}  // namespace ledger
