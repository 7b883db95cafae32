#include "ledger/loan/loan_replay.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/date.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_rules.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

absl::Status Bad(uint64_t sequence, absl::string_view loan, absl::string_view problem) {
  return absl::DataLossError(absl::StrCat("entry ", sequence, loan.empty() ? "" : " (", loan,
                                          loan.empty() ? "" : ")", ": ", problem));
}

}  // namespace

absl::Status LoanReplay::Apply(uint64_t sequence, absl::string_view hash, const v1::Event& event) {
  if (sequence != head_.sequence + 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("entry ", sequence, " replayed after entry ", head_.sequence));
  }
  switch (event.kind_case()) {
    case v1::Event::kLoanCreated:
      if (absl::Status s = Create(sequence, event.loan_created()); !s.ok()) return s;
      last_touched_ = event.loan_created().loan();
      break;
    case v1::Event::kLoanDisbursed:
    case v1::Event::kRepaymentRecorded: {
      const bool disbursed = event.kind_case() == v1::Event::kLoanDisbursed;
      absl::StatusOr<ReplayedLoan*> replayed = Existing(
          sequence, disbursed ? event.loan_disbursed().loan() : event.repayment_recorded().loan());
      if (!replayed.ok()) return replayed.status();
      // Changes go to a copy, so that a refused event leaves the replay as it was.
      v1::Loan next = (*replayed)->loan;
      absl::Status s = disbursed ? Disburse(sequence, event.loan_disbursed(), &next)
                                 : Repay(sequence, event.repayment_recorded(), &next);
      if (!s.ok()) return s;
      if (!LoanInvariantsHold(next)) {
        return Bad(sequence, next.name(), "the loan's amounts become inconsistent");
      }
      // As the commit path (LedgerEngine::ApplyOne) stamps every loan an entry touches.
      next.set_last_sequence(sequence);
      next.set_entry_count(next.entry_count() + 1);
      (*replayed)->loan = std::move(next);
      (*replayed)->history.push_back(sequence);
      last_touched_ = (*replayed)->loan.name();
      break;
    }
    case v1::Event::KIND_NOT_SET:
      return Bad(sequence, "", "the entry has no event, or one this build does not know");
  }
  head_ = JournalHead{sequence, std::string(hash)};
  return absl::OkStatus();
}

absl::StatusOr<LoanReplay::ReplayedLoan*> LoanReplay::Existing(uint64_t sequence,
                                                               const std::string& name) {
  auto it = loans_.find(name);
  if (it == loans_.end()) return Bad(sequence, name, "no earlier entry created this loan");
  return &it->second;
}

// The fields of loan_rules.cc ApplyCreate, from the event that records them.
absl::Status LoanReplay::Create(uint64_t sequence, const v1::LoanCreated& event) {
  const std::string name = FormatLoanName(event.bank_id(), event.loan_id());
  if (event.loan() != name) {
    return Bad(sequence, event.loan(), absl::StrCat("the event's ids name ", name));
  }
  if (auto it = loans_.find(name); it != loans_.end()) {
    return Bad(sequence, name,
               absl::StrCat("entry ", it->second.loan.created_sequence(), " already created it"));
  }
  v1::Loan loan;
  loan.set_name(name);
  loan.set_bank_id(event.bank_id());
  loan.set_loan_id(event.loan_id());
  loan.set_borrower_id(event.borrower_id());
  loan.set_county_code(event.county_code());
  *loan.mutable_approved_principal() = event.principal();
  loan.set_annual_rate_bps(event.annual_rate_bps());
  loan.set_term_months(event.term_months());
  *loan.mutable_contract_date() = event.contract_date();
  // As apply_command.cc: the masked resident ID, when the bank gave one (the keyed hash,
  // person_key, stays in the journal only).
  loan.set_national_id_masked(event.national_id_masked());
  loan.set_status(v1::APPROVED);
  *loan.mutable_disbursed_principal() = Cny(0);
  *loan.mutable_repaid_principal() = Cny(0);
  *loan.mutable_outstanding_principal() = Cny(0);
  *loan.mutable_repaid_interest() = Cny(0);
  if (event.principal().amount_fen() <= 0 || !LoanInvariantsHold(loan)) {
    return Bad(sequence, name, "the approved principal is not positive");
  }
  loan.set_created_sequence(sequence);
  loan.set_last_sequence(sequence);
  loan.set_entry_count(1);
  loans_[name] = ReplayedLoan{std::move(loan), {sequence}};
  return absl::OkStatus();
}

// The fields of loan_rules.cc ApplyDisbursement.
absl::Status LoanReplay::Disburse(uint64_t sequence, const v1::LoanDisbursed& event,
                                  v1::Loan* loan) {
  if (loan->status() == v1::CLOSED) return Bad(sequence, loan->name(), "disburses a closed loan");
  const int64_t amount_fen = event.amount().amount_fen();
  if (amount_fen <= 0) return Bad(sequence, loan->name(), "disburses a non-positive amount");
  absl::StatusOr<int64_t> disbursed_fen =
      CheckedAdd(loan->disbursed_principal().amount_fen(), amount_fen, "amount");
  if (!disbursed_fen.ok() || *disbursed_fen > loan->approved_principal().amount_fen()) {
    return Bad(sequence, loan->name(), "disburses more than the approved principal");
  }
  const int64_t outstanding_fen = *disbursed_fen - loan->repaid_principal().amount_fen();
  *loan->mutable_disbursed_principal() = Cny(*disbursed_fen);
  *loan->mutable_outstanding_principal() = Cny(outstanding_fen);
  loan->set_status(v1::ACTIVE);
  if (!IsSet(loan->first_disbursement_date())) {
    *loan->mutable_first_disbursement_date() = event.value_date();
  }
  *loan->mutable_last_value_date() = event.value_date();
  if (event.outstanding_principal_after().amount_fen() != outstanding_fen) {
    return Bad(sequence, loan->name(),
               absl::StrCat("records outstanding principal ",
                            event.outstanding_principal_after().amount_fen(),
                            " fen after, but replaying gives ", outstanding_fen));
  }
  return absl::OkStatus();
}

// The fields of loan_rules.cc ApplyRepayment.
absl::Status LoanReplay::Repay(uint64_t sequence, const v1::RepaymentRecorded& event,
                               v1::Loan* loan) {
  if (loan->status() != v1::ACTIVE) {
    return Bad(sequence, loan->name(),
               absl::StrCat("records a repayment on a loan that is ",
                            v1::LoanStatus_Name(loan->status())));
  }
  const int64_t principal_fen = event.principal().amount_fen();
  const int64_t interest_fen = event.interest().amount_fen();
  const int64_t outstanding_before_fen = loan->outstanding_principal().amount_fen();
  if (principal_fen < 0 || interest_fen < 0 || principal_fen > outstanding_before_fen) {
    return Bad(sequence, loan->name(),
               "repays a negative amount or more principal than is outstanding");
  }
  absl::StatusOr<int64_t> repaid_interest_fen =
      CheckedAdd(loan->repaid_interest().amount_fen(), interest_fen, "interest");
  if (!repaid_interest_fen.ok()) {
    return Bad(sequence, loan->name(), "repaid interest overflows");
  }
  // Cannot overflow: principal <= outstanding <= disbursed.
  const int64_t outstanding_fen = outstanding_before_fen - principal_fen;
  *loan->mutable_repaid_principal() = Cny(loan->repaid_principal().amount_fen() + principal_fen);
  *loan->mutable_outstanding_principal() = Cny(outstanding_fen);
  *loan->mutable_repaid_interest() = Cny(*repaid_interest_fen);
  *loan->mutable_last_value_date() = event.value_date();
  const bool closes = outstanding_fen == 0;
  if (closes) {
    loan->set_status(v1::CLOSED);
    *loan->mutable_closed_date() = event.value_date();
  }
  if (event.outstanding_principal_after().amount_fen() != outstanding_fen ||
      event.loan_closed() != closes) {
    return Bad(sequence, loan->name(),
               absl::StrCat("records outstanding principal ",
                            event.outstanding_principal_after().amount_fen(), " fen after",
                            event.loan_closed() ? " (closed)" : "", ", but replaying gives ",
                            outstanding_fen, closes ? " (closed)" : ""));
  }
  return absl::OkStatus();
}

void LoanReplay::ForEachRow(
    const std::function<void(const ProjectionRow& row, const v1::Loan* loan)>& visit) const {
  for (const auto& [name, replayed] : loans_) {
    for (const ProjectionRow& row : LoanRows(replayed.loan, replayed.history)) {
      visit(row, &replayed.loan);
    }
  }
  if (head_.sequence > 0) visit(ProjectionRow{kJournalHeadKey, EncodeHead(head_)}, nullptr);
}

const v1::Loan* LoanReplay::FindLoan(absl::string_view name) const {
  auto it = loans_.find(name);
  return it == loans_.end() ? nullptr : &it->second.loan;
}

absl::StatusOr<LoanReplay> ReplayJournal(const Store& store) {
  LoanReplay replay;
  absl::Status problem;
  absl::Status scan =
      store.Scan(Family::kJournal, "", "", [&](absl::string_view, absl::string_view record) {
        absl::StatusOr<DecodedEntry> entry = DecodeEntry(record);
        if (!entry.ok()) {
          problem = entry.status();
          return false;
        }
        internal::EntryBody body;
        if (!body.ParseFromString(entry->body)) {
          problem = Bad(entry->sequence, "", "the body does not parse");
          return false;
        }
        problem = replay.Apply(entry->sequence, entry->hash, body.event());
        return problem.ok();
      });
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  return replay;
}

}  // namespace ledger
