// LoanService over gRPC's callback API: thin handlers that check the caller, hand mutating
// commands to the single writer (ledger/engine) and answer when it reports them durable, and
// serve reads straight from the projections (never waiting on the writer).
//
//   LoanServiceImpl loans(engine.get(), store.get());
//   builder.RegisterService(&loans);
#ifndef LEDGER_SERVER_LOAN_SERVICE_H_
#define LEDGER_SERVER_LOAN_SERVICE_H_

#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledger {

class LoanServiceImpl final : public v1::LoanService::CallbackService {
 public:
  LoanServiceImpl(LedgerEngine* engine, const Store* store) : engine_(engine), store_(store) {}

  grpc::ServerUnaryReactor* CreateLoan(grpc::CallbackServerContext* context,
                                       const v1::CreateLoanRequest* request,
                                       v1::CreateLoanResponse* response) override;
  grpc::ServerUnaryReactor* DisburseLoan(grpc::CallbackServerContext* context,
                                         const v1::DisburseLoanRequest* request,
                                         v1::DisburseLoanResponse* response) override;
  grpc::ServerUnaryReactor* RecordRepayment(grpc::CallbackServerContext* context,
                                            const v1::RecordRepaymentRequest* request,
                                            v1::RecordRepaymentResponse* response) override;
  grpc::ServerUnaryReactor* GetLoan(grpc::CallbackServerContext* context,
                                    const v1::GetLoanRequest* request, v1::Loan* response) override;
  grpc::ServerUnaryReactor* ListLoans(grpc::CallbackServerContext* context,
                                      const v1::ListLoansRequest* request,
                                      v1::ListLoansResponse* response) override;
  grpc::ServerUnaryReactor* ListLoanHistory(grpc::CallbackServerContext* context,
                                            const v1::ListLoanHistoryRequest* request,
                                            v1::ListLoanHistoryResponse* response) override;

 private:
  LedgerEngine* const engine_;
  const Store* const store_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_LOAN_SERVICE_H_
