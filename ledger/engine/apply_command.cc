#include "ledger/engine/apply_command.h"

#include "absl/strings/str_cat.h"
#include "ledger/base/deterministic.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/sha256.h"

namespace ledger {
namespace {

template <typename Request, typename Rule>
absl::StatusOr<AppliedCommand> ApplyToExisting(const Request& request, LoanLookup& loans,
                                               absl::CivilDay today, Rule rule) {
  absl::StatusOr<LoanName> name = ParseLoanName(request.name(), "name");
  if (!name.ok()) return name.status();
  absl::StatusOr<v1::Loan> loan = loans.Find(name->bank_id, name->loan_id);
  if (!loan.ok()) return loan.status();
  absl::StatusOr<Transition> transition = rule(*loan, request, today);
  if (!transition.ok()) return transition.status();
  AppliedCommand applied;
  applied.transition = std::move(*transition);
  applied.before = std::move(*loan);
  return applied;
}

}  // namespace

absl::StatusOr<AppliedCommand> ApplyCommand(const internal::LedgerCommand& command,
                                            LoanLookup& loans, absl::CivilDay today) {
  switch (command.kind_case()) {
    case internal::LedgerCommand::kCreateLoan: {
      const v1::CreateLoanRequest& request = command.create_loan();
      absl::StatusOr<Transition> transition = ApplyCreate(request, today);
      if (!transition.ok()) return transition.status();
      absl::StatusOr<v1::Loan> existing = loans.Find(request.bank_id(), request.loan_id());
      if (existing.ok()) {
        return Refuse(absl::StatusCode::kAlreadyExists, reason::kLoanAlreadyExists, "loan_id",
                      absl::StrCat(existing->name(), " already exists"));
      }
      if (!absl::IsNotFound(existing.status())) return existing.status();
      if (!command.person_key().empty()) {
        // Only the keyed hash and the masked form reach the journal (loan_service.cc drops
        // the plain number before queueing).
        transition->loan.set_national_id_masked(command.national_id_masked());
        v1::LoanCreated* created = transition->event.mutable_loan_created();
        created->set_person_key(command.person_key());
        created->set_national_id_masked(command.national_id_masked());
      }
      AppliedCommand applied;
      applied.transition = std::move(*transition);
      applied.loan_is_new = true;
      return applied;
    }
    case internal::LedgerCommand::kDisburseLoan:
      return ApplyToExisting(command.disburse_loan(), loans, today, ApplyDisbursement);
    case internal::LedgerCommand::kRecordRepayment:
      return ApplyToExisting(command.record_repayment(), loans, today, ApplyRepayment);
    case internal::LedgerCommand::KIND_NOT_SET:
      break;
  }
  return InvalidArgument(reason::kUnknownCommand, "", "empty command");
}

absl::string_view RequestIdOf(const internal::LedgerCommand& command) {
  switch (command.kind_case()) {
    case internal::LedgerCommand::kCreateLoan:
      return command.create_loan().request_id();
    case internal::LedgerCommand::kDisburseLoan:
      return command.disburse_loan().request_id();
    case internal::LedgerCommand::kRecordRepayment:
      return command.record_repayment().request_id();
    case internal::LedgerCommand::KIND_NOT_SET:
      break;
  }
  return "";
}

std::string Fingerprint(const internal::LedgerCommand& command) {
  internal::LedgerCommand copy = command;
  switch (copy.kind_case()) {
    case internal::LedgerCommand::kCreateLoan:
      copy.mutable_create_loan()->clear_request_id();
      break;
    case internal::LedgerCommand::kDisburseLoan:
      copy.mutable_disburse_loan()->clear_request_id();
      break;
    case internal::LedgerCommand::kRecordRepayment:
      copy.mutable_record_repayment()->clear_request_id();
      break;
    case internal::LedgerCommand::KIND_NOT_SET:
      break;
  }
  thread_local Sha256 hasher;
  return hasher.Digest(DeterministicBytes(copy));
}

}  // namespace ledger
