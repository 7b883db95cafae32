// What every ledgerctl subcommand is given (options, flags, channel, output
// streams) and the helpers they share for calls, JSON and errors, so each
// command reads as: parse flags, build the request, call, print.
//
//   int RunGet(CommandContext& ctx) {
//     absl::StatusOr<std::string> name = RequiredString(ctx.flags, "loan");
//     if (!name.ok()) return UsageError(ctx, name.status());
//     grpc::ClientContext call;
//     PrepareCall(ctx, &call);
//     grpc::Status status = stub->GetLoan(&call, request, &loan);
//     if (!status.ok()) return RpcFailure(ctx, status);
//     ...
//   }
#ifndef CLIENTS_LEDGERCTL_COMMAND_H_
#define CLIENTS_LEDGERCTL_COMMAND_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_flags.h"
#include "clients/ledgerctl/global_options.h"
#include "clients/ledgerctl/json_output.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace ledgerctl {

// Exit codes. Scripts rely on them: never renumber.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the call failed (or a local failure)
inline constexpr int kExitUsage = 2;   // the command line is wrong; nothing was sent
inline constexpr int kExitChainBroken = 3;

struct CommandContext {
  std::string command_name;
  GlobalOptions options;
  ParsedFlags flags;
  std::shared_ptr<grpc::Channel> channel;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  // Progress lines go to stderr only on a terminal (or with --progress), never into a log
  // file unasked (ShowProgress).
  bool err_is_tty = false;
  std::function<absl::StatusOr<std::string>()> new_request_id;
};

struct CommandSpec {
  std::string name;
  std::string summary;   // one line, ends with the RPC it calls
  std::string synopsis;  // the command's flags, e.g. "--loan=NAME"
  std::string example;
  std::vector<FlagSpec> flags;
  std::function<int(CommandContext&)> run;
  // Optional: what the command's --help says after the summary (rules worth knowing before
  // calling), as whole sentences.
  std::string details = "";
  // Whether the command prints --output=csv (its view's columns, columns.h). For the others
  // --output=csv is a usage error, before anything is sent.
  bool csv = false;
};

// The spec, marked as printing --output=csv.
CommandSpec WithCsv(CommandSpec spec);

// Prints "error: <message> (see 'ledgerctl <command> --help')" to stderr;
// returns kExitUsage.
int UsageError(CommandContext& ctx, const absl::Status& status);

// Prints the decoded error (errors.h) with its hints to stderr: one line, or
// with --output=json a JSON object, which also goes to stdout (as it always
// has). `request_id` is a mutation's, for the hint to repeat it safely. `notes`
// say where to continue (e.g. "resume with --from=5"): a line each after the
// error, or with --output=json part of its "hint". Returns kExitFailed.
int RpcFailure(CommandContext& ctx, const grpc::Status& status, const std::string& request_id = "",
               const std::vector<std::string>& notes = {});

// A failure on this machine (e.g. no randomness for a request id): "error:
// <message>" on stderr, or with --output=json the JSON object of errors.h
// (code from the status, no reason or field); returns kExitFailed.
int LocalFailure(CommandContext& ctx, const absl::Status& status);

// Whether long commands show progress on stderr: --progress or --progress=false if given,
// else whether stderr is a terminal.
bool ShowProgress(const CommandContext& ctx);

// Adds the principal header (plaintext only) and, if `with_deadline`, the
// --timeout_ms deadline.
void PrepareCall(const CommandContext& ctx, grpc::ClientContext* call, bool with_deadline = true);

// Writes `message` as JSON to stdout (json_output.h: a document per response, a
// line per streamed message). INTERNAL (as a grpc::Status, so callers report it
// like a failed call) if it cannot be mapped to JSON.
grpc::Status EmitJson(CommandContext& ctx, const google::protobuf::Message& message,
                      JsonLayout layout = JsonLayout::kDocument);

// Prints a response: as JSON with --output=json, as the CSV `csv()` returns with
// --output=csv, else the text `human()` returns (each only computed then).
// Returns kExitOk, or reports a response that cannot be mapped to JSON
// (kExitFailed).
int PrintResponse(CommandContext& ctx, const google::protobuf::Message& response,
                  const std::function<std::string()>& human,
                  const std::function<std::string()>& csv = nullptr);

// --request_id if given; otherwise a new UUIDv4, announced on stderr as
// "request_id: <id>" (with --output=json {"request_id": "<id>"}) before the
// call, so that whatever happens next the user can repeat the call safely.
absl::StatusOr<std::string> RequestIdFor(CommandContext& ctx);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COMMAND_H_
