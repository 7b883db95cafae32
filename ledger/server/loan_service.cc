#include "ledger/server/loan_service.h"

#include <utility>

#include "ledger/auth/authorization.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/loan/delinquency.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"
#include "ledger/server/loan_methods.h"
#include "ledger/server/person_key.h"

namespace ledger {
namespace {

using loan_methods::kCreateLoan;
using loan_methods::kCureArrear;
using loan_methods::kDisburseLoan;
using loan_methods::kMarkInstalmentOverdue;
using loan_methods::kRecordRepayment;

constexpr char kExtendLoan[] = "microloan.ledger.v1.LoanService.ExtendLoan";
constexpr char kWriteOffLoan[] = "microloan.ledger.v1.LoanService.WriteOffLoan";
constexpr char kGetLoan[] = "microloan.ledger.v1.LoanService.GetLoan";
constexpr char kListLoans[] = "microloan.ledger.v1.LoanService.ListLoans";
constexpr char kListLoanHistory[] = "microloan.ledger.v1.LoanService.ListLoanHistory";

// The date days past due are computed as of: the request's, or the ledger's today.
absl::StatusOr<absl::CivilDay> AsOfDate(const v1::GetLoanRequest& request) {
  if (!IsSet(request.as_of_date())) return LedgerToday();
  return ParseDate(request.as_of_date(), "as_of_date");
}

}  // namespace

absl::Status LoanServiceImpl::ReplaceNationalId(internal::LedgerCommand* command) const {
  v1::CreateLoanRequest* request = command->mutable_create_loan();
  if (request->national_id().empty()) return absl::OkStatus();
  if (absl::Status keyed = KeyNationalId(keyer_, request->national_id(), command); !keyed.ok()) {
    return keyed;
  }
  // From here on only the keyed hash and the masked form exist.
  request->clear_national_id();
  return absl::OkStatus();
}

LoanServiceImpl::VisibleLoan LoanServiceImpl::FindVisibleLoan(const Caller& caller,
                                                              absl::string_view name) const {
  absl::StatusOr<LoanName> parsed = ParseLoanName(name, "name");
  if (!parsed.ok()) return parsed.status();
  if (absl::Status s = CheckLoanNameScope(caller, name); !s.ok()) return s;
  return LoanIfVisible(caller, LoanProjection(store_).Get(parsed->bank_id, parsed->loan_id), name);
}

grpc::ServerUnaryReactor* LoanServiceImpl::CreateLoan(grpc::CallbackServerContext* context,
                                                      const v1::CreateLoanRequest* request,
                                                      v1::CreateLoanResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_create_loan() = *request;
  // The plain ID is replaced before the command is fingerprinted or queued.
  const absl::Status replaced = ReplaceNationalId(&command);
  return SubmitCommand(engine_, context, *callers_, kCreateLoan, std::move(command), response,
                       [&](const Caller& caller) {
                         absl::Status scope = CheckCreateScope(caller, *request);
                         return scope.ok() ? replaced : scope;
                       });
}

grpc::ServerUnaryReactor* LoanServiceImpl::DisburseLoan(grpc::CallbackServerContext* context,
                                                        const v1::DisburseLoanRequest* request,
                                                        v1::DisburseLoanResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_disburse_loan() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kDisburseLoan, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->name()); });
}

grpc::ServerUnaryReactor* LoanServiceImpl::RecordRepayment(
    grpc::CallbackServerContext* context, const v1::RecordRepaymentRequest* request,
    v1::RecordRepaymentResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_record_repayment() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kRecordRepayment, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->name()); });
}

// The four bank commands below act on an existing loan: only the owning bank may, so the
// scope check is the loan name's (another bank's loan is LOAN_NOT_FOUND); the rules decide
// the rest on the writer.
grpc::ServerUnaryReactor* LoanServiceImpl::MarkInstalmentOverdue(
    grpc::CallbackServerContext* context, const v1::MarkInstalmentOverdueRequest* request,
    v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_mark_overdue() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kMarkInstalmentOverdue, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->name()); });
}

grpc::ServerUnaryReactor* LoanServiceImpl::CureArrear(grpc::CallbackServerContext* context,
                                                      const v1::CureArrearRequest* request,
                                                      v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_cure_arrear() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kCureArrear, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->name()); });
}

grpc::ServerUnaryReactor* LoanServiceImpl::ExtendLoan(grpc::CallbackServerContext* context,
                                                      const v1::ExtendLoanRequest* request,
                                                      v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_extend_loan() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kExtendLoan, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->name()); });
}

grpc::ServerUnaryReactor* LoanServiceImpl::WriteOffLoan(grpc::CallbackServerContext* context,
                                                        const v1::WriteOffLoanRequest* request,
                                                        v1::LoanCommandResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_write_off() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kWriteOffLoan, std::move(command), response,
      [&](const Caller& caller) { return CheckLoanNameScope(caller, request->name()); });
}

grpc::ServerUnaryReactor* LoanServiceImpl::GetLoan(grpc::CallbackServerContext* context,
                                                   const v1::GetLoanRequest* request,
                                                   v1::Loan* response) {
  return AnswerRead(context, *callers_, kGetLoan, [&](const Caller& caller) -> absl::Status {
    absl::StatusOr<absl::CivilDay> as_of = AsOfDate(*request);
    if (!as_of.ok()) return as_of.status();
    VisibleLoan loan = FindVisibleLoan(caller, request->name());
    if (!loan.ok()) return loan.status();
    *response = std::move(*loan);
    SetDelinquency(*as_of, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* LoanServiceImpl::ListLoans(grpc::CallbackServerContext* context,
                                                     const v1::ListLoansRequest* request,
                                                     v1::ListLoansResponse* response) {
  return AnswerRead(context, *callers_, kListLoans, [&](const Caller& caller) -> absl::Status {
    v1::ListLoansRequest scoped = *request;
    if (absl::Status s = ScopeListLoans(caller, &scoped); !s.ok()) return s;
    // The projection validates the other filters; fund_id keys an index, so it must be an id.
    if (!scoped.fund_id().empty()) {
      if (absl::Status s = ValidateId(scoped.fund_id(), "fund_id"); !s.ok()) return s;
    }
    absl::StatusOr<v1::ListLoansResponse> page = LoanProjection(store_).List(scoped);
    if (!page.ok()) return page.status();
    *response = std::move(*page);
    const absl::CivilDay today = LedgerToday();
    for (v1::Loan& loan : *response->mutable_loans()) SetDelinquency(today, &loan);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* LoanServiceImpl::ListLoanHistory(
    grpc::CallbackServerContext* context, const v1::ListLoanHistoryRequest* request,
    v1::ListLoanHistoryResponse* response) {
  return AnswerRead(
      context, *callers_, kListLoanHistory, [&](const Caller& caller) -> absl::Status {
        // Distinguishes "no such loan" (or not yours) from "no more history".
        VisibleLoan loan = FindVisibleLoan(caller, request->name());
        if (!loan.ok()) return loan.status();
        absl::StatusOr<int> page_size =
            ResolvePageSize(request->page_size(), kDefaultHistoryPageSize, kMaxHistoryPageSize);
        if (!page_size.ok()) return page_size.status();
        absl::StatusOr<uint64_t> after = DecodeHistoryPageToken(request->page_token());
        if (!after.ok()) return after.status();
        bool more = false;
        absl::StatusOr<std::vector<uint64_t>> sequences = LoanProjection(store_).History(
            loan->bank_id(), loan->loan_id(), *after, *page_size, &more);
        if (!sequences.ok()) return sequences.status();
        for (uint64_t sequence : *sequences) {
          absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, sequence);
          if (!entry.ok()) return entry.status();
          RedactEntry(caller, &*entry);
          *response->add_entries() = std::move(*entry);
        }
        if (more && !sequences->empty()) {
          response->set_next_page_token(EncodeHistoryPageToken(sequences->back()));
        }
        return absl::OkStatus();
      });
}

}  // namespace ledger
