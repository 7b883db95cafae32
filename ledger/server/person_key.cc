#include "ledger/server/person_key.h"

#include <string>

#include "absl/status/statusor.h"
#include "ledger/base/error.h"

namespace ledger {

absl::Status KeyNationalId(const PersonKeyer* keyer, absl::string_view national_id,
                           internal::LedgerCommand* command) {
  if (keyer == nullptr) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kIdentityKeyNotConfigured,
                  "national_id",
                  "this server has no identity key (--identity_key_file), so it cannot accept "
                  "national_id");
  }
  absl::StatusOr<std::string> id = NormalizeNationalId(national_id, "national_id");
  if (!id.ok()) return id.status();
  command->set_person_key(keyer->KeyOf(*id));
  command->set_national_id_masked(MaskNationalId(*id));
  return absl::OkStatus();
}

}  // namespace ledger
