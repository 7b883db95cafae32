// What every thin RPC handler does: identify the caller, then either answer a read at once or
// queue a command for the writer and answer when it is durable. Status conversion happens here
// and nowhere else in the handlers.
//
//   return AnswerRead(context, [&]() -> absl::Status { ...fill *response...; });
//   return SubmitCommand(engine_, context, std::move(command), response);
#ifndef LEDGER_SERVER_HANDLER_SUPPORT_H_
#define LEDGER_SERVER_HANDLER_SUPPORT_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/principal.h"
#include "ledger/server/status_mapping.h"

namespace ledger {

// Runs `read` (returning absl::Status) synchronously: projection reads are short and never
// wait on the writer.
template <typename Read>
grpc::ServerUnaryReactor* AnswerRead(grpc::CallbackServerContext* context, Read read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> principal = PrincipalOf(*context);
  reactor->Finish(ToGrpcStatus(principal.ok() ? read() : principal.status()));
  return reactor;
}

// Queues `command` and finishes the call when the writer reports it durable or refused.
// `Response` has `loan` and `commit` fields. `response` is owned by gRPC and stays valid
// until Finish.
template <typename Response>
grpc::ServerUnaryReactor* SubmitCommand(LedgerEngine* engine, grpc::CallbackServerContext* context,
                                        internal::LedgerCommand command, Response* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> principal = PrincipalOf(*context);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  absl::Status queued = engine->Submit(std::move(*principal), std::move(command),
                                       [reactor, response](absl::StatusOr<CommandOutcome> outcome) {
                                         if (!outcome.ok()) {
                                           reactor->Finish(ToGrpcStatus(outcome.status()));
                                           return;
                                         }
                                         *response->mutable_loan() = outcome->result.loan();
                                         v1::CommitInfo* commit = response->mutable_commit();
                                         commit->set_sequence(outcome->result.sequence());
                                         *commit->mutable_commit_time() =
                                             outcome->result.commit_time();
                                         commit->set_replayed(outcome->replayed);
                                         reactor->Finish(grpc::Status::OK);
                                       });
  if (!queued.ok()) reactor->Finish(ToGrpcStatus(queued));
  return reactor;
}

}  // namespace ledger

#endif  // LEDGER_SERVER_HANDLER_SUPPORT_H_
