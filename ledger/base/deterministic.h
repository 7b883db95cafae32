// Deterministic protobuf bytes: the same message always gives the same bytes in this build
// (map entries sorted). Used wherever bytes are hashed: journal bodies, request fingerprints.
//
//   std::string bytes = DeterministicBytes(body);
#ifndef LEDGER_BASE_DETERMINISTIC_H_
#define LEDGER_BASE_DETERMINISTIC_H_

#include <string>

#include "google/protobuf/message_lite.h"

namespace ledger {

std::string DeterministicBytes(const google::protobuf::MessageLite& message);

}  // namespace ledger

#endif  // LEDGER_BASE_DETERMINISTIC_H_
