// AccountService over gRPC's callback API: account balances and postings and the trial balance,
// read straight from the account projections, and ReverseEntry, which queues a reversal for the
// single writer. Thin handlers as in loan_service.h.
//
//   AccountServiceImpl accounts(engine.get(), store.get(), &callers);
//   builder.RegisterService(&accounts);
#ifndef LEDGER_SERVER_ACCOUNT_SERVICE_H_
#define LEDGER_SERVER_ACCOUNT_SERVICE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/server/caller.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/account.grpc.pb.h"

namespace ledger {

class AccountServiceImpl final : public v1::AccountService::CallbackService {
 public:
  AccountServiceImpl(LedgerEngine* engine, const Store* store, const CallerResolver* callers)
      : engine_(engine), store_(store), callers_(callers) {}

  grpc::ServerUnaryReactor* GetAccount(grpc::CallbackServerContext* context,
                                       const v1::GetAccountRequest* request,
                                       v1::AccountBalance* response) override;
  grpc::ServerUnaryReactor* ListAccountPostings(grpc::CallbackServerContext* context,
                                                const v1::ListAccountPostingsRequest* request,
                                                v1::ListAccountPostingsResponse* response) override;
  grpc::ServerUnaryReactor* GetTrialBalance(grpc::CallbackServerContext* context,
                                            const v1::GetTrialBalanceRequest* request,
                                            v1::TrialBalance* response) override;
  grpc::ServerUnaryReactor* ReverseEntry(grpc::CallbackServerContext* context,
                                         const v1::ReverseEntryRequest* request,
                                         v1::ReverseEntryResponse* response) override;

 private:
  // ACCOUNT_NOT_FOUND unless the caller may see `account` (CanSeeAccount); INVALID_ACCOUNT for
  // a name not in the chart.
  absl::Status CheckAccountScope(const Caller& caller, absl::string_view account) const;
  // ENTRY_NOT_FOUND unless entry `sequence` exists and the caller may reverse it
  // (CanReverseEntry).
  absl::Status CheckReversalScope(const Caller& caller, uint64_t sequence) const;

  LedgerEngine* const engine_;
  const Store* const store_;
  const CallerResolver* const callers_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_ACCOUNT_SERVICE_H_
