// SHA-256 over OpenSSL's EVP interface, reusing one digest context across calls (the commit
// path hashes every entry; allocating a context per entry is measurable).
//
//   Sha256 hasher;                                  // not thread-safe: one per thread
//   std::string digest = hasher.Digest(bytes);      // 32 raw bytes
//   std::string hex = HexEncode(digest);
#ifndef LEDGER_BASE_SHA256_H_
#define LEDGER_BASE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace ledger {

inline constexpr size_t kSha256Bytes = 32;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // The digest of `data` (or of `first` followed by `second`). Crashes if OpenSSL fails (out of
  // memory): there is no sensible way to continue committing without hashes.
  std::string Digest(absl::string_view data);
  std::string Digest2(absl::string_view first, absl::string_view second);

 private:
  EVP_MD_CTX* ctx_;
};

// Lower-case hex of raw bytes.
std::string HexEncode(absl::string_view bytes);

}  // namespace ledger

#endif  // LEDGER_BASE_SHA256_H_
