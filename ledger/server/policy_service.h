// PolicyService over gRPC's callback API: finance staff add subsidy policy versions and record
// one-year LPR fixings (each a journal entry, effective from its date, never changed), and
// everyone who works with the programme reads them back. Thin handlers as in loan_service.h:
// commands go to the single writer, reads come straight from the projections
// (ledger/subsidy/policy_projection.h).
//
//   PolicyServiceImpl policies(engine.get(), store.get(), &callers);
//   builder.RegisterService(&policies);
#ifndef LEDGER_SERVER_POLICY_SERVICE_H_
#define LEDGER_SERVER_POLICY_SERVICE_H_

#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"

namespace ledger {

class PolicyServiceImpl final : public v1::PolicyService::CallbackService {
 public:
  PolicyServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers)
      : engine_(engine), store_(store), callers_(callers) {}

  grpc::ServerUnaryReactor* AddSubsidyPolicyVersion(
      grpc::CallbackServerContext* context, const v1::AddSubsidyPolicyVersionRequest* request,
      v1::PolicyVersionResponse* response) override;
  grpc::ServerUnaryReactor* RecordLprFixing(grpc::CallbackServerContext* context,
                                            const v1::RecordLprFixingRequest* request,
                                            v1::LprFixingResponse* response) override;
  grpc::ServerUnaryReactor* ListSubsidyPolicyVersions(
      grpc::CallbackServerContext* context, const v1::ListSubsidyPolicyVersionsRequest* request,
      v1::ListSubsidyPolicyVersionsResponse* response) override;
  grpc::ServerUnaryReactor* ListLprFixings(grpc::CallbackServerContext* context,
                                           const v1::ListLprFixingsRequest* request,
                                           v1::ListLprFixingsResponse* response) override;

 private:
  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_POLICY_SERVICE_H_
