// BatchService over gRPC's callback API: a bank's batch of loan commands becomes one
// LedgerEngine::SubmitBatch. Each command is authorised and scope-checked exactly as its unary
// LoanService RPC would be (a refusal answers that command and fails its linked chain, not the
// batch), a CreateLoan's plain national ID is keyed before queueing, and the writer's outcomes
// become one compact result per command.
//
//   BatchServiceImpl batches(engine.get(), &callers, keyer);   // keyer may be null
//   builder.RegisterService(&batches);
#ifndef LEDGER_SERVER_BATCH_SERVICE_H_
#define LEDGER_SERVER_BATCH_SERVICE_H_

#include "ledger/engine/ledger_engine.h"
#include "ledger/privacy/national_id.h"
#include "ledger/server/caller.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"

namespace ledger {

class BatchServiceImpl final : public v1::BatchService::CallbackService {
 public:
  // `keyer` is null when the server has no identity key: national_id is then refused.
  BatchServiceImpl(LedgerEngine* engine, const CallerResolver* callers, const PersonKeyer* keyer)
      : engine_(engine), callers_(callers), keyer_(keyer) {}

  grpc::ServerUnaryReactor* SubmitBatch(grpc::CallbackServerContext* context,
                                        const v1::SubmitBatchRequest* request,
                                        v1::SubmitBatchResponse* response) override;

 private:
  // The engine's item for one command of the batch, with its refusal if the caller may not
  // send it (method, scope, national ID).
  BatchItem ToItem(const Caller& batch_caller, const v1::BatchCommand& command) const;

  LedgerEngine* const engine_;
  const CallerResolver* const callers_;
  const PersonKeyer* const keyer_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_BATCH_SERVICE_H_
