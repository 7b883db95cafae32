#include "ledger/privacy/national_id.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/invariant.h"
#include "ledger/base/paths.h"
#include "ledger/base/sha256.h"

namespace ledger {
namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckCharacters[] = "10X98765432";

}  // namespace

absl::StatusOr<std::string> NormalizeNationalId(absl::string_view id, absl::string_view field) {
  auto invalid = [&](absl::string_view why) {
    return InvalidArgument(reason::kInvalidNationalId, field, why);
  };
  if (id.size() != 18) return invalid("a resident ID number has 18 characters");
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(id[i]))) {
      return invalid("the first 17 characters of a resident ID number are digits");
    }
    sum += (id[i] - '0') * kWeights[i];
  }
  const char check = absl::ascii_toupper(static_cast<unsigned char>(id[17]));
  if (check != kCheckCharacters[sum % 11]) {
    return invalid("the check character does not match (a typo?)");
  }
  std::string normalized(id);
  normalized[17] = check;
  return normalized;
}

std::string MaskNationalId(absl::string_view id) {
  return absl::StrCat(id.substr(0, 6), std::string(id.size() - 10, '*'), id.substr(id.size() - 4));
}

absl::StatusOr<PersonKeyer> PersonKeyer::Load(const std::string& key_path,
                                              const std::string& data_dir) {
  if (IsInsideDirectory(key_path, data_dir)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "identity key file ", key_path, " is inside the data directory; keep it elsewhere"));
  }
  std::ifstream file(key_path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read identity key file ", key_path));
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (bytes.str().size() < kMinIdentityKeyBytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        "identity key file ", key_path, " holds fewer than ", kMinIdentityKeyBytes, " bytes"));
  }
  return PersonKeyer(bytes.str());
}

absl::Status PersonKeyer::BindTo(const std::string& data_dir) const {
  const std::string path = data_dir + "/identity-key.check";
  const std::string check = HexEncode(KeyOf("microloan-ledger identity key check v1"));
  std::ifstream existing(path);
  if (existing) {
    std::string stored;
    existing >> stored;
    if (stored != check) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the identity key differs from the one this data directory was written with (", path,
          "); use the original key"));
    }
    return absl::OkStatus();
  }
  std::ofstream out(path);
  out << check << "\n";
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

std::string PersonKeyer::KeyOf(absl::string_view normalized_id) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(normalized_id.data()), normalized_id.size(),
           digest, &length) == nullptr) {
    Invariant(false, "OpenSSL HMAC-SHA-256 succeeds");  // only out of memory can fail it
  }
  return std::string(reinterpret_cast<char*>(digest), length);
}

}  // namespace ledger
