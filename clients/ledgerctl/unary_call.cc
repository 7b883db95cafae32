#include "clients/ledgerctl/unary_call.h"

namespace ledgerctl {

bool OutcomeUnknown(grpc::StatusCode code) {
  return code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::CANCELLED || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

int MutationFailure(CommandContext& ctx, const grpc::Status& status,
                    const std::string& request_id) {
  const int exit_code = RpcFailure(ctx, status);
  if (OutcomeUnknown(status.error_code())) {
    // Repeating it with the same request_id is safe: the server then answers from its record
    // instead of applying it again.
    *ctx.err << "hint: it may have been applied; repeat the command with "
                "--request_id="
             << request_id << " to apply it at most once\n";
  }
  return exit_code;
}

}  // namespace ledgerctl
