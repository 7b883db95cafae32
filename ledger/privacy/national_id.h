// Personal identifiers the ledger must match but never store: a borrower's resident identity
// card number (居民身份证号码) is checked, reduced to a keyed hash and a masked form, and the
// plain number is dropped before anything is queued, journaled or logged.
//
// Why a keyed hash (HMAC-SHA-256) and not a plain SHA-256: ID numbers have little entropy
// (birth date, county, sequence), so an unkeyed hash is reversed by enumeration in minutes.
// The key lives in a file outside the data directory, so a copy of the data is not enough.
//
//   absl::StatusOr<std::string> id = NormalizeNationalId("37028119900101123x", "national_id");
//   absl::StatusOr<PersonKeyer> keyer = PersonKeyer::Load("/etc/ledgerd/identity.key", data_dir);
//   std::string person_key = keyer->KeyOf(*id);        // 32 bytes, same person -> same key
//   std::string shown = MaskNationalId(*id);           // "370281********123X"
#ifndef LEDGER_PRIVACY_NATIONAL_ID_H_
#define LEDGER_PRIVACY_NATIONAL_ID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledger {

// An 18-character resident ID: 17 digits and a check character (GB 11643: ISO 7064 MOD 11-2,
// 'X' for 10). Returns it with an upper-case X. INVALID_ARGUMENT (INVALID_NATIONAL_ID, field)
// for anything else, including a wrong check character (a typo would otherwise make the same
// person look like two).
absl::StatusOr<std::string> NormalizeNationalId(absl::string_view id, absl::string_view field);

// The first 6 (the issuing county) and last 4 characters; the birth date and sequence hidden.
// REQUIRES: `id` came from NormalizeNationalId.
std::string MaskNationalId(absl::string_view id);

inline constexpr size_t kMinIdentityKeyBytes = 32;

class PersonKeyer {
 public:
  // Reads the HMAC key (at least 32 bytes, e.g. `head -c 32 /dev/urandom > identity.key`).
  // Refuses a key file inside `data_dir`: a backup of the data must not carry its own key.
  static absl::StatusOr<PersonKeyer> Load(const std::string& key_path, const std::string& data_dir);
  explicit PersonKeyer(std::string key) : key_(std::move(key)) {}

  // HMAC-SHA-256(key, normalized id): 32 raw bytes.
  std::string KeyOf(absl::string_view normalized_id) const;

  // Ties this key to a data directory: the first call writes a check value (an HMAC of a fixed
  // label, which reveals nothing of the key) to `data_dir`/identity-key.check; later calls
  // refuse (FAILED_PRECONDITION) a different key. Starting with another key would silently
  // make every returning borrower look like a new person and every retried CreateLoan a
  // REQUEST_ID_REUSED.
  absl::Status BindTo(const std::string& data_dir) const;

 private:
  std::string key_;
};

}  // namespace ledger

#endif  // LEDGER_PRIVACY_NATIONAL_ID_H_
