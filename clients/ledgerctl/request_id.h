// Idempotency keys for mutating calls: random UUIDv4 strings (RFC 4122).
//
// The server applies a command at most once per request_id (AIP-155).
// ledgerctl makes one when the user gave none and prints it, so that after a
// timeout the user can repeat the exact same call with --request_id=<id> and
// never disburse twice.
//
//   // "3f2b8c1e-9d4a-4e7b-a1c2-0d9e8f7a6b5c"
//   absl::StatusOr<std::string> id = NewRequestId();
#ifndef CLIENTS_LEDGERCTL_REQUEST_ID_H_
#define CLIENTS_LEDGERCTL_REQUEST_ID_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace ledgerctl {

// Sets the version (4) and variant (10xx) bits in `random_bytes` and formats
// them as 8-4-4-4-12 lowercase hex.
std::string FormatUuidV4(std::array<uint8_t, 16> random_bytes);

// A fresh UUIDv4 from /dev/urandom. UNAVAILABLE if it cannot be read: a
// predictable fallback could collide with another caller's key and replay their
// answer.
absl::StatusOr<std::string> NewRequestId();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_REQUEST_ID_H_
