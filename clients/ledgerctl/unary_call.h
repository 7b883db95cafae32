// The shape of every unary ledgerctl command, for any service: check the flags, call once,
// print the answer as JSON or as people read it. Mutations also get a request_id first
// (generated and announced when none is given) and, after a failure that leaves the outcome
// unknown, a hint on how to retry safely: each mutating RPC is idempotent by request_id.
//
//   return RunMutation(ctx, BuildDisburseLoanRequest(ctx.flags),
//                      v1::LoanService::NewStub(ctx.channel), &v1::LoanService::Stub::DisburseLoan,
//                      [](const auto& request, const auto& response) {
//                        return FormatLoanWithCommit(response.loan(), response.commit());
//                      });
#ifndef CLIENTS_LEDGERCTL_UNARY_CALL_H_
#define CLIENTS_LEDGERCTL_UNARY_CALL_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/command.h"
#include "clients/ledgerctl/errors.h"  // OutcomeUnknown
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace ledgerctl {

// How many times a mutation is sent while the server answers ABORTED.
inline constexpr int kMutationAttempts = 3;

// Reports a failed mutation (RpcFailure) and, if its outcome is unknown, how to repeat it
// with the same request_id so that it applies at most once. Returns kExitFailed.
int MutationFailure(CommandContext& ctx, const grpc::Status& status, const std::string& request_id);

// A unary read: `format(request, response)` gives the human text and, for a command that
// prints --output=csv, `csv(response)` the CSV (header and rows, columns.h).
template <typename Stub, typename Request, typename Response, typename Format,
          typename Csv = std::nullptr_t>
int RunRead(CommandContext& ctx, absl::StatusOr<Request> request, std::unique_ptr<Stub> stub,
            grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
            Format format, Csv csv = nullptr) {
  if (!request.ok()) return UsageError(ctx, request.status());
  grpc::ClientContext call;
  PrepareCall(ctx, &call);
  Response response;
  grpc::Status status = ((*stub).*rpc)(&call, *request, &response);
  if (!status.ok()) return RpcFailure(ctx, status);
  std::function<std::string()> as_csv;
  if constexpr (!std::is_null_pointer_v<Csv>) as_csv = [&] { return csv(response); };
  return PrintResponse(
      ctx, response, [&] { return format(*request, response); }, as_csv);
}

// A mutation: the request gets its request_id once the flags are known to be good, so a bad
// command line never consumes (or announces) an idempotency key.
template <typename Stub, typename Request, typename Response, typename Format>
int RunMutation(CommandContext& ctx, absl::StatusOr<Request> request, std::unique_ptr<Stub> stub,
                grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                Format format) {
  if (!request.ok()) return UsageError(ctx, request.status());
  absl::StatusOr<std::string> request_id = RequestIdFor(ctx);
  if (!request_id.ok()) return LocalFailure(ctx, request_id.status());
  request->set_request_id(*request_id);
  Response response;
  grpc::Status status;
  // ABORTED means the server refused before applying anything because what it computed went
  // stale meanwhile (a subsidy claim's basis): the same request, same id, is safe to repeat.
  for (int attempt = 0; attempt < kMutationAttempts; ++attempt) {
    grpc::ClientContext call;
    PrepareCall(ctx, &call);
    response.Clear();
    status = ((*stub).*rpc)(&call, *request, &response);
    if (status.error_code() != grpc::StatusCode::ABORTED) break;
  }
  if (!status.ok()) return MutationFailure(ctx, status, *request_id);
  return PrintResponse(ctx, response, [&] { return format(*request, response); });
}

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_UNARY_CALL_H_
