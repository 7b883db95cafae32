#include "ledger/server/batch_service.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/error.h"
#include "ledger/server/loan_methods.h"
#include "ledger/server/person_key.h"
#include "ledger/server/status_mapping.h"

namespace ledger {
namespace {

using loan_methods::kCreateLoan;
using loan_methods::kCureArrear;
using loan_methods::kDisburseLoan;
using loan_methods::kMarkInstalmentOverdue;
using loan_methods::kRecordRepayment;

constexpr char kSubmitBatch[] = "microloan.ledger.v1.BatchService.SubmitBatch";

void FillResult(const absl::StatusOr<CommandOutcome>& outcome, v1::BatchCommandResult* result) {
  if (!outcome.ok()) {
    result->set_code(static_cast<int>(outcome.status().code()));
    result->set_reason(ReasonOf(outcome.status()));
    result->set_field(FieldOf(outcome.status()));
    result->set_message(std::string(outcome.status().message()));
    return;
  }
  const internal::CommandResult& stored = outcome->result;
  result->set_sequence(stored.sequence());
  result->set_replayed(outcome->replayed);
  *result->mutable_commit_time() = stored.commit_time();
  if (stored.has_loan()) {
    result->set_outstanding_principal_fen(stored.loan().outstanding_principal().amount_fen());
    result->set_loan_status(stored.loan().status());
  }
}

}  // namespace

BatchItem BatchServiceImpl::ToItem(const Caller& batch_caller,
                                   const v1::BatchCommand& command) const {
  BatchItem item;
  item.linked = command.linked();
  const char* method = nullptr;
  absl::string_view name;
  switch (command.command_case()) {
    case v1::BatchCommand::kCreateLoan:
      method = kCreateLoan;
      *item.command.mutable_create_loan() = command.create_loan();
      break;
    case v1::BatchCommand::kDisburseLoan:
      method = kDisburseLoan;
      name = command.disburse_loan().name();
      *item.command.mutable_disburse_loan() = command.disburse_loan();
      break;
    case v1::BatchCommand::kRecordRepayment:
      method = kRecordRepayment;
      name = command.record_repayment().name();
      *item.command.mutable_record_repayment() = command.record_repayment();
      break;
    case v1::BatchCommand::kMarkInstalmentOverdue:
      method = kMarkInstalmentOverdue;
      name = command.mark_instalment_overdue().name();
      *item.command.mutable_mark_overdue() = command.mark_instalment_overdue();
      break;
    case v1::BatchCommand::kCureArrear:
      method = kCureArrear;
      name = command.cure_arrear().name();
      *item.command.mutable_cure_arrear() = command.cure_arrear();
      break;
    case v1::BatchCommand::COMMAND_NOT_SET:
      item.refused = InvalidArgument(reason::kFieldRequired, "command",
                                     "each batch command sets one of its commands");
      return item;
  }
  absl::StatusOr<Caller> caller =
      AuthorizeMethod(method, batch_caller.principal, batch_caller.grant);
  if (!caller.ok()) {
    item.refused = caller.status();
    return item;
  }
  if (item.command.has_create_loan()) {
    // The plain ID leaves the command at once, whatever the checks below decide.
    const std::string national_id = command.create_loan().national_id();
    item.command.mutable_create_loan()->clear_national_id();
    item.refused = CheckCreateScope(*caller, command.create_loan());
    if (item.refused.ok() && !national_id.empty()) {
      item.refused = KeyNationalId(keyer_, national_id, &item.command);
    }
  } else {
    item.refused = CheckLoanNameScope(*caller, name);
  }
  return item;
}

grpc::ServerUnaryReactor* BatchServiceImpl::SubmitBatch(grpc::CallbackServerContext* context,
                                                        const v1::SubmitBatchRequest* request,
                                                        v1::SubmitBatchResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Caller> caller = callers_->Resolve(*context, kSubmitBatch);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  // Checked here too so that an oversized batch is refused before any of it is copied.
  if (request->commands_size() > static_cast<int>(kMaxBatchCommands)) {
    reactor->Finish(
        ToGrpcStatus(InvalidArgument(reason::kBatchTooLarge, "commands",
                                     absl::StrCat("a batch has at most ", kMaxBatchCommands,
                                                  " commands, not ", request->commands_size()))));
    return reactor;
  }
  std::vector<BatchItem> items;
  items.reserve(request->commands_size());
  for (const v1::BatchCommand& command : request->commands()) {
    items.push_back(ToItem(*caller, command));
  }
  absl::Status queued = engine_->SubmitBatch(
      std::move(caller->principal), std::move(items),
      [reactor, response](BatchOutcomes outcomes) {
        // A failed durable write leaves the batch's fate to the store's recovery: it may turn
        // out applied. The whole call then fails UNAVAILABLE, so that the client sends the
        // same batch again (each command is then replayed or applied once) instead of reading
        // per-command results as final.
        for (const absl::StatusOr<CommandOutcome>& outcome : outcomes) {
          if (!outcome.ok() && ReasonOf(outcome.status()) == reason::kStorageFailed) {
            reactor->Finish(ToGrpcStatus(outcome.status()));
            return;
          }
        }
        int applied = 0, replayed = 0, refused = 0;
        response->mutable_results()->Reserve(static_cast<int>(outcomes.size()));
        for (const absl::StatusOr<CommandOutcome>& outcome : outcomes) {
          FillResult(outcome, response->add_results());
          if (!outcome.ok()) {
            ++refused;
          } else if (outcome->replayed) {
            ++replayed;
          } else {
            ++applied;
          }
        }
        response->set_applied(applied);
        response->set_replayed(replayed);
        response->set_refused(refused);
        reactor->Finish(grpc::Status::OK);
      },
      absl::FromChrono(context->deadline()));
  if (!queued.ok()) reactor->Finish(ToGrpcStatus(queued));
  return reactor;
}

}  // namespace ledger
