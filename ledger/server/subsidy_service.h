// SubsidyService over gRPC's callback API: the interest-subsidy calculator
// (ledger/subsidy/calculator.h) as a what-if read. A thin handler like loan_service.h's reads:
// it checks the caller's scope on the loan as GetLoan does, gathers the loan's facts from its
// journal entries (ledger/subsidy/loan_facts.h) and computes each period. Nothing is written.
//
//   SubsidyServiceImpl subsidies(store.get(), &callers);
//   builder.RegisterService(&subsidies);
#ifndef LEDGER_SERVER_SUBSIDY_SERVICE_H_
#define LEDGER_SERVER_SUBSIDY_SERVICE_H_

#include "ledger/base/namespaces.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {

// A loan has at most a few thousand journal entries; ComputeSubsidy refuses (RESOURCE_EXHAUSTED)
// to gather more than this many.
inline constexpr int kMaxSubsidyHistoryEntries = 10'000;
// At most this many periods a call; the default periods are the latest this many.
inline constexpr int kMaxSubsidyPeriods = 40;

class SubsidyServiceImpl final : public v1::SubsidyService::CallbackService {
 public:
  SubsidyServiceImpl(const Store* store, const CallerResolver* callers)
      : store_(store), callers_(callers) {}

  grpc::ServerUnaryReactor* ComputeSubsidy(grpc::CallbackServerContext* context,
                                           const v1::ComputeSubsidyRequest* request,
                                           v1::ComputeSubsidyResponse* response) override;

 private:
  const Store* const store_;
  const CallerResolver* const callers_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_SUBSIDY_SERVICE_H_
