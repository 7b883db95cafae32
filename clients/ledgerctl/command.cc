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

CommandSpec WithCsv(CommandSpec spec) {
  spec.csv = true;
  return spec;
}

int RpcFailure(CommandContext& ctx, const grpc::Status& status, const std::string& request_id,
               const std::vector<std::string>& notes) {
  RpcError error = DecodeRpcError(status);
  CallSetup setup;
  setup.server = ctx.options.server;
  setup.principal = ctx.options.principal;
  if (ctx.options.uses_tls()) setup.cert_file = ctx.options.cert_file;
  setup.timeout_ms = ctx.options.timeout_ms;
  setup.request_id = request_id;
  AddHints(setup, status.error_code(), &error);
  if (ctx.options.json) {
    error.hints.insert(error.hints.end(), notes.begin(), notes.end());
    const std::string json = RpcErrorJson(error);
    *ctx.err << json << "\n";
    // Scripts written before the error went to stderr read it on stdout.
    *ctx.out << json << "\n";
  } else {
    *ctx.err << FormatRpcError(error);
    for (const std::string& note : notes) *ctx.err << note << "\n";
  }
  ctx.out->flush();
  return kExitFailed;
}

int LocalFailure(CommandContext& ctx, const absl::Status& status) {
  if (ctx.options.json) {
    RpcError error;
    error.code = absl::StatusCodeToString(status.code());
    error.message = std::string(status.message());
    const std::string json = RpcErrorJson(error);
    *ctx.err << json << "\n";
    *ctx.out << json << "\n";  // as RpcFailure: scripts reading stdout see every failure
    ctx.out->flush();
    return kExitFailed;
  }
  *ctx.err << "error: " << status.message() << "\n";
  return kExitFailed;
}

bool ShowProgress(const CommandContext& ctx) {
  return ctx.options.progress.value_or(ctx.err_is_tty);
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
                  const std::function<std::string()>& human,
                  const std::function<std::string()>& csv) {
  if (ctx.options.json) {
    grpc::Status printed = EmitJson(ctx, response);
    return printed.ok() ? kExitOk : RpcFailure(ctx, printed);
  }
  if (ctx.options.csv()) {
    // The command table refuses --output=csv for commands without columns, before any call.
    if (!csv) return LocalFailure(ctx, absl::UnimplementedError("no CSV for this answer"));
    *ctx.out << csv();
    return kExitOk;
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
  if (ctx.options.json) {
    // stderr stays JSON lines with --output=json (the error, if any, follows).
    *ctx.err << "{\"request_id\": " << JsonQuote(*generated) << "}\n";
  } else {
    *ctx.err << "request_id: " << *generated << "\n";
  }
  ctx.err->flush();
  return *generated;
}

}  // namespace ledgerctl
