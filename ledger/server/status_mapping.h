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

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace ledger {

inline constexpr char kErrorDomain[] = "ledger.microloan";

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace ledger

#endif  // LEDGER_SERVER_STATUS_MAPPING_H_
