// CohortService over gRPC's callback API: "one helps ten" (一帮十) cohorts. A county officer
// creates their county's cohorts, enrols and withdraws mentees, records support, closes a
// cohort at year end and sets the county's rules; officers (their county), finance staff and
// auditors read cards, county views and mentor histories (cohort_views.h). Thin handlers as in
// loan_service.h: commands go to the single writer, reads come straight from the projections.
//
//   CohortServiceImpl cohorts(engine.get(), store.get(), &callers, keyer);  // keyer may be null
//   builder.RegisterService(&cohorts);
#ifndef LEDGER_SERVER_COHORT_SERVICE_H_
#define LEDGER_SERVER_COHORT_SERVICE_H_

#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/privacy/national_id.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/cohort.grpc.pb.h"

namespace ledger {

class CohortServiceImpl final : public v1::CohortService::CallbackService {
 public:
  // `keyer` is null when the server has no identity key: EnrolMentee is then refused.
  CohortServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers,
                    const PersonKeyer* keyer)
      : engine_(engine), store_(store), callers_(callers), keyer_(keyer) {}

  grpc::ServerUnaryReactor* CreateCohort(grpc::CallbackServerContext* context,
                                         const v1::CreateCohortRequest* request,
                                         v1::CohortResponse* response) override;
  grpc::ServerUnaryReactor* EnrolMentee(grpc::CallbackServerContext* context,
                                        const v1::EnrolMenteeRequest* request,
                                        v1::CohortResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawMentee(grpc::CallbackServerContext* context,
                                           const v1::WithdrawMenteeRequest* request,
                                           v1::CohortResponse* response) override;
  grpc::ServerUnaryReactor* RecordSupport(grpc::CallbackServerContext* context,
                                          const v1::RecordSupportRequest* request,
                                          v1::CohortResponse* response) override;
  grpc::ServerUnaryReactor* CloseCohort(grpc::CallbackServerContext* context,
                                        const v1::CloseCohortRequest* request,
                                        v1::CohortResponse* response) override;
  grpc::ServerUnaryReactor* SetCohortRules(grpc::CallbackServerContext* context,
                                           const v1::SetCohortRulesRequest* request,
                                           v1::CohortRulesResponse* response) override;
  grpc::ServerUnaryReactor* GetCohortCard(grpc::CallbackServerContext* context,
                                          const v1::GetCohortCardRequest* request,
                                          v1::CohortCard* response) override;
  grpc::ServerUnaryReactor* GetCountyCohorts(grpc::CallbackServerContext* context,
                                             const v1::GetCountyCohortsRequest* request,
                                             v1::CountyCohortsView* response) override;
  grpc::ServerUnaryReactor* GetMentorHistory(grpc::CallbackServerContext* context,
                                             const v1::GetMentorHistoryRequest* request,
                                             v1::MentorHistory* response) override;

 private:
  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
  const PersonKeyer* const keyer_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_COHORT_SERVICE_H_
