// Turns a failed gRPC call into what the user sees: one line on stderr and,
// with --json, one JSON object on stdout.
//
// The server (ledger/server/status_mapping.h) sends AIP-193 details: a
// serialized google.rpc.Status in grpc::Status::error_details() holding a
// google.rpc.ErrorInfo (stable reason, domain "ledger.microloan", metadata
// "field") and possibly a google.rpc.BadRequest. Scripts should match on the
// reason, never on the message text.
//
//   RpcError error = DecodeRpcError(status);
//   // error: FAILED_PRECONDITION LOAN_CLOSED (field: name): loan is closed
//   std::cerr << FormatRpcError(error);
//   std::cout << RpcErrorJson(error) << "\n";
#ifndef CLIENTS_LEDGERCTL_ERRORS_H_
#define CLIENTS_LEDGERCTL_ERRORS_H_

#include <string>
#include <utility>
#include <vector>

#include "grpcpp/support/status.h"

namespace ledgerctl {

struct RpcError {
  std::string code;     // canonical name, e.g. "NOT_FOUND"
  std::string reason;   // ErrorInfo.reason, or "" without details
  std::string field;    // ErrorInfo.metadata["field"], else BadRequest's first field
  std::string message;  // the status message, without a repeated "REASON: " prefix
  // BadRequest violations (field, description) not already said by the line
  // above.
  std::vector<std::pair<std::string, std::string>> other_violations;
};

// Decodes the code, message and any details. Details that do not parse are
// ignored: the code and message still say what went wrong.
RpcError DecodeRpcError(const grpc::Status& status);

// "DEADLINE_EXCEEDED", ...; "CODE_<n>" for a number outside the canonical set.
std::string CanonicalCodeName(grpc::StatusCode code);

// "error: CODE REASON (field: F): message\n" with the parts that are present,
// then one "  field F: description\n" line per other violation.
std::string FormatRpcError(const RpcError& error);

// One line: {"code": "...", "reason": "...", "field": "...", "message": "..."}
// with "" for absent parts.
std::string RpcErrorJson(const RpcError& error);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_ERRORS_H_
