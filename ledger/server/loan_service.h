// LoanService over gRPC's callback API: thin handlers that check the caller, hand mutating
// commands to the single writer (ledger/engine) and answer when it reports them durable, and
// serve reads straight from the projections (never waiting on the writer). Every loan returned
// carries its days past due as of today (or GetLoanRequest.as_of_date).
//
//   LoanServiceImpl loans(engine.get(), store.get(), &callers, keyer);   // keyer may be null
//   builder.RegisterService(&loans);
#ifndef LEDGER_SERVER_LOAN_SERVICE_H_
#define LEDGER_SERVER_LOAN_SERVICE_H_

#include "ledger/auth/authorization.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/privacy/national_id.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledger {

class LoanServiceImpl final : public v1::LoanService::CallbackService {
 public:
  // `keyer` is null when the server has no identity key: national_id is then refused.
  LoanServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers,
                  const PersonKeyer* keyer)
      : engine_(engine), store_(store), callers_(callers), keyer_(keyer) {}

  grpc::ServerUnaryReactor* CreateLoan(grpc::CallbackServerContext* context,
                                       const v1::CreateLoanRequest* request,
                                       v1::CreateLoanResponse* response) override;
  grpc::ServerUnaryReactor* DisburseLoan(grpc::CallbackServerContext* context,
                                         const v1::DisburseLoanRequest* request,
                                         v1::DisburseLoanResponse* response) override;
  grpc::ServerUnaryReactor* RecordRepayment(grpc::CallbackServerContext* context,
                                            const v1::RecordRepaymentRequest* request,
                                            v1::RecordRepaymentResponse* response) override;
  grpc::ServerUnaryReactor* MarkInstalmentOverdue(grpc::CallbackServerContext* context,
                                                  const v1::MarkInstalmentOverdueRequest* request,
                                                  v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* CureArrear(grpc::CallbackServerContext* context,
                                       const v1::CureArrearRequest* request,
                                       v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* ExtendLoan(grpc::CallbackServerContext* context,
                                       const v1::ExtendLoanRequest* request,
                                       v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* WriteOffLoan(grpc::CallbackServerContext* context,
                                         const v1::WriteOffLoanRequest* request,
                                         v1::LoanCommandResponse* response) override;
  grpc::ServerUnaryReactor* GetLoan(grpc::CallbackServerContext* context,
                                    const v1::GetLoanRequest* request, v1::Loan* response) override;
  grpc::ServerUnaryReactor* ListLoans(grpc::CallbackServerContext* context,
                                      const v1::ListLoansRequest* request,
                                      v1::ListLoansResponse* response) override;
  grpc::ServerUnaryReactor* ListLoanHistory(grpc::CallbackServerContext* context,
                                            const v1::ListLoanHistoryRequest* request,
                                            v1::ListLoanHistoryResponse* response) override;

 private:
  using VisibleLoan = absl::StatusOr<v1::Loan>;
  // The loan if it exists and the caller may see it; LOAN_NOT_FOUND alike otherwise.
  VisibleLoan FindVisibleLoan(const Caller& caller, absl::string_view name) const;
  // Swaps a CreateLoan's plain national_id for its keyed hash and masked form.
  absl::Status ReplaceNationalId(internal::LedgerCommand* command) const;

  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
  const PersonKeyer* const keyer_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_LOAN_SERVICE_H_
