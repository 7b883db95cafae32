#include "ledger/server/account_service.h"

#include <optional>
#include <utility>

#include "ledger/accounts/account_projection.h"
#include "ledger/accounts/chart.h"
#include "ledger/auth/authorization.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"

namespace ledger {
namespace {

constexpr char kGetAccount[] = "microloan.ledger.v1.AccountService.GetAccount";
constexpr char kListAccountPostings[] = "microloan.ledger.v1.AccountService.ListAccountPostings";
constexpr char kGetTrialBalance[] = "microloan.ledger.v1.AccountService.GetTrialBalance";
constexpr char kReverseEntry[] = "microloan.ledger.v1.AccountService.ReverseEntry";

}  // namespace

absl::Status AccountServiceImpl::CheckAccountScope(const Caller& caller,
                                                   absl::string_view account) const {
  if (caller.access == Access::kAll) return absl::OkStatus();  // the projection checks the name
  absl::StatusOr<AccountName> parsed = ParseAccountName(account, "account");
  if (!parsed.ok()) return parsed.status();
  // An officer's scope is the loan's county, which the account name does not say.
  std::optional<v1::Loan> loan;
  if (caller.grant.role == Role::kCountyOfficer && !parsed->loan_id.empty()) {
    absl::StatusOr<v1::Loan> loaded = LoanProjection(store_).Get(parsed->bank_id, parsed->loan_id);
    if (loaded.ok()) {
      loan = std::move(*loaded);
    } else if (!absl::IsNotFound(loaded.status())) {
      return loaded.status();
    }
  }
  if (!CanSeeAccount(caller, *parsed, loan ? &*loan : nullptr)) return AccountNotFound(account);
  return absl::OkStatus();
}

absl::Status AccountServiceImpl::CheckReversalScope(const Caller& caller, uint64_t sequence) const {
  // Every role that may call ReverseEntry is scoped: each reverses its own money entries
  // (CanReverseEntry) and nobody else's. There is no entry 0; the engine refuses it
  // (FIELD_REQUIRED) without revealing anything.
  if (sequence == 0) return absl::OkStatus();
  // Another bank's or fund's entry must look exactly like one past the head, so the entry is
  // read here, before the command is queued. Which loan or fund an entry concerns never
  // changes, so reading it ahead of the writer is safe.
  absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, sequence);
  if (!entry.ok()) return entry.status();
  if (!CanReverseEntry(caller, *entry)) return EntryNotFound(sequence);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* AccountServiceImpl::GetAccount(grpc::CallbackServerContext* context,
                                                         const v1::GetAccountRequest* request,
                                                         v1::AccountBalance* response) {
  return AnswerRead(context, *callers_, kGetAccount, [&](const Caller& caller) -> absl::Status {
    if (absl::Status s = CheckAccountScope(caller, request->account()); !s.ok()) return s;
    absl::StatusOr<v1::AccountBalance> balance = AccountProjection(store_).Get(request->account());
    if (!balance.ok()) return balance.status();
    *response = std::move(*balance);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AccountServiceImpl::ListAccountPostings(
    grpc::CallbackServerContext* context, const v1::ListAccountPostingsRequest* request,
    v1::ListAccountPostingsResponse* response) {
  return AnswerRead(context, *callers_, kListAccountPostings,
                    [&](const Caller& caller) -> absl::Status {
                      if (absl::Status s = CheckAccountScope(caller, request->account()); !s.ok())
                        return s;
                      absl::StatusOr<v1::ListAccountPostingsResponse> page =
                          AccountProjection(store_).ListPostings(*request);
                      if (!page.ok()) return page.status();
                      *response = std::move(*page);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* AccountServiceImpl::GetTrialBalance(
    grpc::CallbackServerContext* context, const v1::GetTrialBalanceRequest* request,
    v1::TrialBalance* response) {
  // Only unscoped roles may: the table is the whole check.
  return AnswerRead(context, *callers_, kGetTrialBalance, [&](const Caller&) -> absl::Status {
    absl::StatusOr<v1::TrialBalance> trial = AccountProjection(store_).GetTrialBalance(*request);
    if (!trial.ok()) return trial.status();
    *response = std::move(*trial);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AccountServiceImpl::ReverseEntry(grpc::CallbackServerContext* context,
                                                           const v1::ReverseEntryRequest* request,
                                                           v1::ReverseEntryResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_reverse_entry() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kReverseEntry, std::move(command), response,
      [&](const Caller& caller) { return CheckReversalScope(caller, request->sequence()); });
}

}  // namespace ledger
