// The one place where the ledger's absl::Status becomes a grpc::Status (AIP-193).
//
// The canonical code carries over unchanged (absl and gRPC share the numbering). A refusal's
// reason and field (ledger/base/error.h) travel as google.rpc.ErrorInfo (domain
// "ledger.microloan", metadata "field") and google.rpc.BadRequest inside a serialized
// google.rpc.Status in the call's error details; the message reads "REASON: text" so that a
// client without the detail protos still sees the reason.
//
//   reactor->Finish(ToGrpcStatus(status));
#ifndef LEDGER_SERVER_STATUS_MAPPING_H_
#define LEDGER_SERVER_STATUS_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace ledger {

inline constexpr char kErrorDomain[] = "ledger.microloan";

grpc::Status ToGrpcStatus(const absl::Status& status);

// The reason and field ToGrpcStatus put into a status's details; empty when it has none (e.g.
// a status made by gRPC itself, or by a handler outside the ledger's error model).
struct ErrorDetail {
  std::string reason;
  std::string field;
};
ErrorDetail ErrorDetailOf(const grpc::Status& status);

// ToGrpcStatus read back: the code, the reason and field (ErrorDetailOf), and the message
// without its "REASON: " prefix. For a caller of another ledgerd (a follower) or of this one
// in-process (the HTTP gateway).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace ledger

#endif  // LEDGER_SERVER_STATUS_MAPPING_H_
