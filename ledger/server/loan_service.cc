#include "ledger/server/loan_service.h"

#include <utility>

#include "ledger/base/ids.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"

namespace ledger {
grpc::ServerUnaryReactor* LoanServiceImpl::CreateLoan(grpc::CallbackServerContext* context,
                                                      const v1::CreateLoanRequest* request,
                                                      v1::CreateLoanResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_create_loan() = *request;
  return SubmitCommand(engine_, context, std::move(command), response);
}

grpc::ServerUnaryReactor* LoanServiceImpl::DisburseLoan(grpc::CallbackServerContext* context,
                                                        const v1::DisburseLoanRequest* request,
                                                        v1::DisburseLoanResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_disburse_loan() = *request;
  return SubmitCommand(engine_, context, std::move(command), response);
}

grpc::ServerUnaryReactor* LoanServiceImpl::RecordRepayment(
    grpc::CallbackServerContext* context, const v1::RecordRepaymentRequest* request,
    v1::RecordRepaymentResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_record_repayment() = *request;
  return SubmitCommand(engine_, context, std::move(command), response);
}

grpc::ServerUnaryReactor* LoanServiceImpl::GetLoan(grpc::CallbackServerContext* context,
                                                   const v1::GetLoanRequest* request,
                                                   v1::Loan* response) {
  return AnswerRead(context, [&]() -> absl::Status {
    absl::StatusOr<LoanName> name = ParseLoanName(request->name(), "name");
    if (!name.ok()) return name.status();
    absl::StatusOr<v1::Loan> loan = LoanProjection(store_).Get(name->bank_id, name->loan_id);
    if (!loan.ok()) return loan.status();
    *response = std::move(*loan);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* LoanServiceImpl::ListLoans(grpc::CallbackServerContext* context,
                                                     const v1::ListLoansRequest* request,
                                                     v1::ListLoansResponse* response) {
  return AnswerRead(context, [&]() -> absl::Status {
    absl::StatusOr<v1::ListLoansResponse> page = LoanProjection(store_).List(*request);
    if (!page.ok()) return page.status();
    *response = std::move(*page);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* LoanServiceImpl::ListLoanHistory(
    grpc::CallbackServerContext* context, const v1::ListLoanHistoryRequest* request,
    v1::ListLoanHistoryResponse* response) {
  return AnswerRead(context, [&]() -> absl::Status {
    absl::StatusOr<LoanName> name = ParseLoanName(request->name(), "name");
    if (!name.ok()) return name.status();
    absl::StatusOr<int> page_size =
        ResolvePageSize(request->page_size(), kDefaultHistoryPageSize, kMaxHistoryPageSize);
    if (!page_size.ok()) return page_size.status();
    absl::StatusOr<uint64_t> after = DecodeHistoryPageToken(request->page_token());
    if (!after.ok()) return after.status();
    LoanProjection loans(store_);
    // Distinguish "no such loan" from "no more history".
    if (absl::Status s = loans.Get(name->bank_id, name->loan_id).status(); !s.ok()) return s;
    bool more = false;
    absl::StatusOr<std::vector<uint64_t>> sequences =
        loans.History(name->bank_id, name->loan_id, *after, *page_size, &more);
    if (!sequences.ok()) return sequences.status();
    for (uint64_t sequence : *sequences) {
      absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, sequence);
      if (!entry.ok()) return entry.status();
      *response->add_entries() = std::move(*entry);
    }
    if (more && !sequences->empty()) {
      response->set_next_page_token(EncodeHistoryPageToken(sequences->back()));
    }
    return absl::OkStatus();
  });
}

}  // namespace ledger
