// Turns a failed gRPC call into what the user sees: one line on stderr (and a
// hint for the codes that usually mean a setup problem) or, with
// --output=json, one JSON object on stderr and the same on stdout.
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
//   // + "hint: is ledgerd running at 127.0.0.1:50051? ..."
//   AddHints(error_context, status.error_code(), &error);
#ifndef CLIENTS_LEDGERCTL_ERRORS_H_
#define CLIENTS_LEDGERCTL_ERRORS_H_

#include <cstdint>
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
  // What to try next (AddHints); none from DecodeRpcError.
  std::vector<std::string> hints;
};

// What the hints name: where and as whom the call went, and for a mutation its request id.
struct CallSetup {
  std::string server;
  std::string principal;  // plaintext: the x-ledger-principal header
  std::string cert_file;  // mutual TLS: the certificate whose CN is the caller
  int64_t timeout_ms = 0;
  std::string request_id;  // a mutation's; "" for a read
};

// After these codes a mutation may or may not have been applied.
bool OutcomeUnknown(grpc::StatusCode code);

// Appends hints for the codes that usually mean a setup problem: UNAVAILABLE without a reason
// (is the server running at --server?), UNAUTHENTICATED and PERMISSION_DENIED (who the call
// went as), DEADLINE_EXCEEDED of a read (--timeout_ms), and for a mutation whose outcome is
// unknown how to repeat it with the same request id.
void AddHints(const CallSetup& setup, grpc::StatusCode code, RpcError* error);

// Decodes the code, message and any details. Details that do not parse are
// ignored: the code and message still say what went wrong.
RpcError DecodeRpcError(const grpc::Status& status);

// "DEADLINE_EXCEEDED", ...; "CODE_<n>" for a number outside the canonical set.
std::string CanonicalCodeName(grpc::StatusCode code);

// "error: CODE REASON (field: F): message\n" with the parts that are present,
// then one "  field F: description\n" line per other violation and one
// "hint: ...\n" line per hint.
std::string FormatRpcError(const RpcError& error);

// One line: {"code": "...", "reason": "...", "field": "...", "message": "..."}
// with "" for absent parts, then "hint": "..." (hints joined by "; ") if there
// are any.
std::string RpcErrorJson(const RpcError& error);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_ERRORS_H_
