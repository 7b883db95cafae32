// The key of a request record in the "requests" family (docs/STORAGE.md):
//   request_key := principal 0x00 request_id
// Principals and request ids never contain 0x00, so keys of different callers never collide.
// Written by the commit path, read back by the audit.
//
//   store.Get(Family::kRequests, RequestRecordKey("bank-B001", "req-42"));
#ifndef LEDGER_STORE_REQUEST_KEY_H_
#define LEDGER_STORE_REQUEST_KEY_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ledger {

inline std::string RequestRecordKey(absl::string_view principal, absl::string_view request_id) {
  return absl::StrCat(principal, absl::string_view("\0", 1), request_id);
}

}  // namespace ledger

#endif  // LEDGER_STORE_REQUEST_KEY_H_
