// What every thin RPC handler does: resolve the caller and check the method against the
// authorisation table (caller.h), then either answer a read at once or queue a command for the
// writer and answer when it is durable. Status conversion happens here and nowhere else in the
// handlers.
//
//   return AnswerRead(context, *callers_, kGetLoan, [&](const Caller& caller) -> absl::Status {
//     ...scope checks (ledger/auth/authorization.h), fill *response...
//   });
//   return SubmitCommand(engine_, context, *callers_, kCreateLoan, std::move(command), response,
//                        [&](const Caller& caller) { return CheckCreateScope(caller, *request); });
#ifndef LEDGER_SERVER_HANDLER_SUPPORT_H_
#define LEDGER_SERVER_HANDLER_SUPPORT_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/caller.h"
#include "ledger/server/status_mapping.h"

namespace ledger {

// Runs `read(const Caller&)` (returning absl::Status) synchronously: projection reads are
// short and never wait on the writer.
template <typename Read>
grpc::ServerUnaryReactor* AnswerRead(grpc::CallbackServerContext* context,
                                     const CallerResolver& callers, absl::string_view method,
                                     Read read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Caller> caller = callers.Resolve(*context, method);
  reactor->Finish(ToGrpcStatus(caller.ok() ? read(*caller) : caller.status()));
  return reactor;
}

// Checks `scope(const Caller&)`, queues `command` as the caller's, and finishes the call when
// the writer reports it durable or refused. `Response` has `loan` and `commit` fields.
// `response` is owned by gRPC and stays valid until Finish.
template <typename Response, typename ScopeCheck>
grpc::ServerUnaryReactor* SubmitCommand(LedgerEngine* engine, grpc::CallbackServerContext* context,
                                        const CallerResolver& callers, absl::string_view method,
                                        internal::LedgerCommand command, Response* response,
                                        ScopeCheck scope) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Caller> caller = callers.Resolve(*context, method);
  absl::Status allowed = caller.ok() ? scope(*caller) : caller.status();
  if (!allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  absl::Status queued = engine->Submit(std::move(caller->principal), std::move(command),
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
