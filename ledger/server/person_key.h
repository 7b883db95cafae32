// How a request's resident ID number becomes a command's keyed hash and masked form, for every
// RPC that takes one (LoanService.CreateLoan, CohortService.EnrolMentee): checked
// (NormalizeNationalId), hashed with the server's identity key, masked, and from then on only
// those two exist; the caller clears the plain number from the request before queueing.
//
//   absl::Status keyed = KeyNationalId(keyer_, request.national_id(), &command);
//   command.mutable_create_loan()->clear_national_id();
#ifndef LEDGER_SERVER_PERSON_KEY_H_
#define LEDGER_SERVER_PERSON_KEY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/privacy/national_id.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {

// Sets command->person_key and national_id_masked from `national_id` (which must not be
// empty). FAILED_PRECONDITION (IDENTITY_KEY_NOT_CONFIGURED, field national_id) when `keyer` is
// null (the server has no identity key); INVALID_ARGUMENT (INVALID_NATIONAL_ID) for a number
// that is not a valid 18-character resident ID.
absl::Status KeyNationalId(const PersonKeyer* keyer, absl::string_view national_id,
                           internal::LedgerCommand* command);

}  // namespace ledger

#endif  // LEDGER_SERVER_PERSON_KEY_H_
