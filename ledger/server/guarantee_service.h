// GuaranteeService over gRPC's callback API: finance sets funds up, a fund's operator deposits
// capital, issues the guarantees banks request of it, pays compensation (代偿) and records
// recoveries (追偿), and a bank requests fund guarantees, records the other guarantee forms and
// calls a fund guarantee. Thin handlers as in
// loan_service.h: commands go to the single writer, reads come straight from the projections.
//
//   GuaranteeServiceImpl guarantees(engine.get(), store.get(), &callers);
//   builder.RegisterService(&guarantees);
#ifndef LEDGER_SERVER_GUARANTEE_SERVICE_H_
#define LEDGER_SERVER_GUARANTEE_SERVICE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/guarantee_service.grpc.pb.h"

namespace ledger {

class GuaranteeServiceImpl final : public v1::GuaranteeService::CallbackService {
 public:
  GuaranteeServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers)
      : engine_(engine), store_(store), callers_(callers) {}

  grpc::ServerUnaryReactor* CreateFund(grpc::CallbackServerContext* context,
                                       const v1::CreateFundRequest* request,
                                       v1::FundCommandResponse* response) override;
  grpc::ServerUnaryReactor* DepositFundCapital(grpc::CallbackServerContext* context,
                                               const v1::DepositFundCapitalRequest* request,
                                               v1::FundCommandResponse* response) override;
  grpc::ServerUnaryReactor* GetFund(grpc::CallbackServerContext* context,
                                    const v1::GetFundRequest* request,
                                    v1::GuaranteeFund* response) override;
  grpc::ServerUnaryReactor* ListFunds(grpc::CallbackServerContext* context,
                                      const v1::ListFundsRequest* request,
                                      v1::ListFundsResponse* response) override;
  grpc::ServerUnaryReactor* RequestFundGuarantee(grpc::CallbackServerContext* context,
                                                 const v1::RequestFundGuaranteeRequest* request,
                                                 v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* IssueFundGuarantee(grpc::CallbackServerContext* context,
                                               const v1::IssueFundGuaranteeRequest* request,
                                               v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* RecordGuarantee(grpc::CallbackServerContext* context,
                                            const v1::RecordGuaranteeRequest* request,
                                            v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* FileGuaranteeCall(grpc::CallbackServerContext* context,
                                              const v1::FileGuaranteeCallRequest* request,
                                              v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* PayCompensation(grpc::CallbackServerContext* context,
                                            const v1::PayCompensationRequest* request,
                                            v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* RecordRecovery(grpc::CallbackServerContext* context,
                                           const v1::RecordRecoveryRequest* request,
                                           v1::LoanCommandResponse* response) override;

 private:
  // For a fund's operator issuing, paying compensation or recording a recovery: the loan
  // `loan_name` must carry a fund guarantee of the caller's fund in any state (at least the
  // bank's request for one); LOAN_NOT_FOUND (field "loan") otherwise, as if it did not exist.
  // So a fund can act on, and learn about, only the loans a bank asked it to guarantee.
  absl::Status CheckFundLoanScope(const Caller& caller, absl::string_view loan_name) const;

  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_GUARANTEE_SERVICE_H_
