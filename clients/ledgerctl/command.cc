#include "clients/ledgerctl/command.h"

#include <chrono>

#include "clients/ledgerctl/errors.h"
#include "clients/ledgerctl/json_output.h"

namespace ledgerctl {
namespace {

// Lowercase: gRPC refuses metadata keys with capitals.
constexpr char kPrincipalHeader[] = "x-ledger-principal";

}  // namespace

int UsageError(CommandContext& ctx, const absl::Status& status) {
  *ctx.err << "error: " << status.message() << " (see 'ledgerctl " << ctx.command_name
           << " --help')\n";
  return kExitUsage;
}

int RpcFailure(CommandContext& ctx, const grpc::Status& status) {
  const RpcError error = DecodeRpcError(status);
  *ctx.err << FormatRpcError(error);
  if (ctx.options.json) *ctx.out << RpcErrorJson(error) << "\n";
  ctx.out->flush();
  return kExitFailed;
}

int LocalFailure(CommandContext& ctx, const absl::Status& status) {
  *ctx.err << "error: " << status.message() << "\n";
  return kExitFailed;
}

void PrepareCall(const CommandContext& ctx, grpc::ClientContext* call, bool with_deadline) {
  // Over TLS the certificate is the identity and the server ignores the header.
  if (!ctx.options.uses_tls()) call->AddMetadata(kPrincipalHeader, ctx.options.principal);
  if (with_deadline) {
    call->set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(ctx.options.timeout_ms));
  }
}

grpc::Status EmitJson(CommandContext& ctx, const google::protobuf::Message& message,
                      JsonLayout layout) {
  absl::StatusOr<std::string> json = ToJson(message, layout);
  if (!json.ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, std::string(json.status().message()));
  }
  *ctx.out << *json << "\n";
  return grpc::Status::OK;
}

int PrintResponse(CommandContext& ctx, const google::protobuf::Message& response,
                  const std::function<std::string()>& human) {
  if (ctx.options.json) {
    grpc::Status printed = EmitJson(ctx, response);
    return printed.ok() ? kExitOk : RpcFailure(ctx, printed);
  }
  *ctx.out << human();
  return kExitOk;
}

absl::StatusOr<std::string> RequestIdFor(CommandContext& ctx) {
  if (std::optional<std::string> given = ctx.flags.Get("request_id");
      given.has_value() && !given->empty()) {
    return *given;
  }
  absl::StatusOr<std::string> generated = ctx.new_request_id();
  if (!generated.ok()) return generated.status();
  *ctx.err << "request_id: " << *generated << "\n";
  ctx.err->flush();
  return *generated;
}

}  // namespace ledgerctl
