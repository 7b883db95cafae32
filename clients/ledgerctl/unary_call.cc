#include "clients/ledgerctl/unary_call.h"

namespace ledgerctl {

int MutationFailure(CommandContext& ctx, const grpc::Status& status,
                    const std::string& request_id) {
  // RpcFailure adds the hint to repeat it with the same request id when its outcome is unknown.
  return RpcFailure(ctx, status, request_id);
}

}  // namespace ledgerctl
