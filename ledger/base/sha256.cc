#include "ledger/base/sha256.h"

#include <openssl/evp.h>

#include "ledger/base/invariant.h"

namespace ledger {
namespace {
// OpenSSL's digest calls fail only when memory runs out; there is no committing without hashes.
void CheckOpenSsl(int ok, const char* what) { Invariant(ok == 1, what); }
}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) CheckOpenSsl(0, "EVP_MD_CTX_new succeeds");
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

std::string Sha256::Digest(absl::string_view data) { return Digest2(data, {}); }

std::string Sha256::Digest2(absl::string_view first, absl::string_view second) {
  CheckOpenSsl(EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr), "EVP_DigestInit_ex succeeds");
  CheckOpenSsl(EVP_DigestUpdate(ctx_, first.data(), first.size()), "EVP_DigestUpdate succeeds");
  if (!second.empty()) {
    CheckOpenSsl(EVP_DigestUpdate(ctx_, second.data(), second.size()), "EVP_DigestUpdate succeeds");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  CheckOpenSsl(EVP_DigestFinal_ex(ctx_, digest, &length), "EVP_DigestFinal_ex succeeds");
  return std::string(reinterpret_cast<char*>(digest), length);
}

std::string HexEncode(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xf]);
  }
  return hex;
}

}  // namespace ledger
