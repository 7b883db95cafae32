// SubsidyService over gRPC's callback API: the interest-subsidy calculator
// (ledger/subsidy/calculator.h) as a what-if read of one loan (ComputeSubsidy) or of every loan
// in the caller's scope for a period (ListLoanSubsidies), and the claims workflow: a bank
// submits a claim (the server computes its basis first, claim_basis.h, and queues it), finance
// staff approve, reject and record its payment, and both read claims back. Thin handlers like
// loan_service.h's; the reads share loan_subsidy_reader.h (one snapshot a request), the claim
// handlers are in subsidy_claim_service.cc.
//
//   SubsidyServiceImpl subsidies(engine.get(), store.get(), &callers);
//   builder.RegisterService(&subsidies);
#ifndef LEDGER_SERVER_SUBSIDY_SERVICE_H_
#define LEDGER_SERVER_SUBSIDY_SERVICE_H_

#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/caller.h"
#include "ledger/server/loan_subsidy_reader.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {

// At most this many periods a call; the default periods are the latest this many.
inline constexpr int kMaxSubsidyPeriods = 40;
// ListLoanSubsidies pages.
inline constexpr int kDefaultLoanSubsidyPageSize = 200;
inline constexpr int kMaxLoanSubsidyPageSize = 1000;

class SubsidyServiceImpl final : public v1::SubsidyService::CallbackService {
 public:
  SubsidyServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers)
      : engine_(engine), store_(store), callers_(callers) {}

  grpc::ServerUnaryReactor* ComputeSubsidy(grpc::CallbackServerContext* context,
                                           const v1::ComputeSubsidyRequest* request,
                                           v1::ComputeSubsidyResponse* response) override;
  grpc::ServerUnaryReactor* ListLoanSubsidies(grpc::CallbackServerContext* context,
                                              const v1::ListLoanSubsidiesRequest* request,
                                              v1::ListLoanSubsidiesResponse* response) override;

  // subsidy_claim_service.cc
  grpc::ServerUnaryReactor* SubmitSubsidyClaim(grpc::CallbackServerContext* context,
                                               const v1::SubmitSubsidyClaimRequest* request,
                                               v1::SubsidyClaimResponse* response) override;
  grpc::ServerUnaryReactor* ApproveSubsidyClaim(grpc::CallbackServerContext* context,
                                                const v1::ApproveSubsidyClaimRequest* request,
                                                v1::SubsidyClaimResponse* response) override;
  grpc::ServerUnaryReactor* RejectSubsidyClaim(grpc::CallbackServerContext* context,
                                               const v1::RejectSubsidyClaimRequest* request,
                                               v1::SubsidyClaimResponse* response) override;
  grpc::ServerUnaryReactor* RecordSubsidyPayment(grpc::CallbackServerContext* context,
                                                 const v1::RecordSubsidyPaymentRequest* request,
                                                 v1::SubsidyClaimResponse* response) override;
  grpc::ServerUnaryReactor* GetSubsidyClaim(grpc::CallbackServerContext* context,
                                            const v1::GetSubsidyClaimRequest* request,
                                            v1::SubsidyClaim* response) override;
  grpc::ServerUnaryReactor* ListSubsidyClaims(grpc::CallbackServerContext* context,
                                              const v1::ListSubsidyClaimsRequest* request,
                                              v1::ListSubsidyClaimsResponse* response) override;

 private:
  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_SUBSIDY_SERVICE_H_
