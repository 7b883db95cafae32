#include "ledger/loan/loan_evolve.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

absl::Status Unfit(const v1::Loan& loan, absl::string_view why) {
  return absl::DataLossError(absl::StrCat("loan ", loan.name(), ": ", why));
}

// Adds sign * amount to a Money field. Every amount is bounded by kMaxAmountFen, so a handful
// of them cannot overflow, but the check costs nothing and keeps a corrupt journal from
// wrapping a balance.
absl::Status Add(int sign, const v1::Money& amount, v1::Money* field, const v1::Loan& loan) {
  const int64_t delta_fen = amount.amount_fen();
  absl::StatusOr<int64_t> next = sign > 0 ? CheckedAdd(field->amount_fen(), delta_fen, "")
                                          : CheckedSub(field->amount_fen(), delta_fen, "");
  if (!next.ok()) return Unfit(loan, "an amount overflows");
  *field = Cny(*next);
  return absl::OkStatus();
}

// Value dates only move forward: rules refuse a value date before the loan's last one.
void TouchValueDate(const v1::Date& value_date, v1::Loan* loan) {
  if (!IsSet(value_date)) return;
  if (!IsSet(loan->last_value_date()) ||
      ToCivilDay(value_date) > ToCivilDay(loan->last_value_date())) {
    *loan->mutable_last_value_date() = value_date;
  }
}

v1::Arrear* FindArrear(int instalment, v1::Loan* loan) {
  for (v1::Arrear& arrear : *loan->mutable_arrears()) {
    if (arrear.instalment() == instalment) return &arrear;
  }
  return nullptr;
}

v1::Guarantee* FindGuarantee(absl::string_view id, v1::Loan* loan) {
  for (v1::Guarantee& guarantee : *loan->mutable_guarantees()) {
    if (guarantee.guarantee_id() == id) return &guarantee;
  }
  return nullptr;
}

void Create(uint64_t sequence, const v1::LoanCreated& e, v1::Loan* loan) {
  loan->set_name(e.loan());
  loan->set_bank_id(e.bank_id());
  loan->set_loan_id(e.loan_id());
  loan->set_borrower_id(e.borrower_id());
  loan->set_county_code(e.county_code());
  *loan->mutable_approved_principal() = e.principal();
  loan->set_annual_rate_bps(e.annual_rate_bps());
  loan->set_term_months(e.term_months());
  *loan->mutable_contract_date() = e.contract_date();
  loan->set_national_id_masked(e.national_id_masked());
  loan->set_repayment_method(e.repayment_method());
  loan->set_payment_frequency(e.payment_frequency());
  *loan->mutable_schedule() = e.schedule();
  *loan->mutable_maturity_date() = e.maturity_date();
  for (v1::Money* zero :
       {loan->mutable_disbursed_principal(), loan->mutable_repaid_principal(),
        loan->mutable_outstanding_principal(), loan->mutable_repaid_interest(),
        loan->mutable_interest_receivable(), loan->mutable_compensated_principal(),
        loan->mutable_compensated_interest(), loan->mutable_written_off_principal(),
        loan->mutable_written_off_interest(), loan->mutable_recovered_to_fund(),
        loan->mutable_recovered_to_bank(), loan->mutable_recovered_written_off()}) {
    *zero = Cny(0);
  }
  loan->set_created_sequence(sequence);
}

// Applies a money or state event with `sign` +1, or -1 when `reversed_sequence` (the entry being
// reversed) undoes it. Returns DATA_LOSS for an event that does not fit the loan.
absl::Status Apply(uint64_t sequence, const v1::Event& event, int sign, uint64_t reversed_sequence,
                   v1::Loan* loan) {
  const bool forward = sign > 0;
  switch (event.kind_case()) {
    case v1::Event::kLoanCreated:
      if (!forward || !loan->name().empty()) return Unfit(*loan, "created twice");
      Create(sequence, event.loan_created(), loan);
      return absl::OkStatus();
    case v1::Event::kLoanDisbursed: {
      const v1::LoanDisbursed& e = event.loan_disbursed();
      if (absl::Status s = Add(sign, e.amount(), loan->mutable_disbursed_principal(), *loan);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = Add(sign, e.amount(), loan->mutable_outstanding_principal(), *loan);
          !s.ok()) {
        return s;
      }
      if (forward) {
        if (!IsSet(loan->first_disbursement_date())) {
          *loan->mutable_first_disbursement_date() = e.value_date();
        }
        TouchValueDate(e.value_date(), loan);
        if (e.outstanding_principal_after().amount_fen() !=
            loan->outstanding_principal().amount_fen()) {
          return Unfit(*loan, absl::StrCat("the disbursement records outstanding principal ",
                                           e.outstanding_principal_after().amount_fen(),
                                           " fen after it, but applying it gives ",
                                           loan->outstanding_principal().amount_fen()));
        }
      } else if (loan->disbursed_principal().amount_fen() == 0) {
        loan->clear_first_disbursement_date();
      }
      return absl::OkStatus();
    }
    case v1::Event::kRepaymentRecorded: {
      const v1::RepaymentRecorded& e = event.repayment_recorded();
      for (absl::Status s :
           {Add(sign, e.principal(), loan->mutable_repaid_principal(), *loan),
            Add(-sign, e.principal(), loan->mutable_outstanding_principal(), *loan),
            Add(sign, e.interest(), loan->mutable_repaid_interest(), *loan),
            Add(-sign, e.interest_receivable_settled(), loan->mutable_interest_receivable(),
                *loan)}) {
        if (!s.ok()) return s;
      }
      if (forward) {
        TouchValueDate(e.value_date(), loan);
        if (e.outstanding_principal_after().amount_fen() !=
            loan->outstanding_principal().amount_fen()) {
          return Unfit(*loan, absl::StrCat("the repayment records outstanding principal ",
                                           e.outstanding_principal_after().amount_fen(),
                                           " fen after it, but applying it gives ",
                                           loan->outstanding_principal().amount_fen()));
        }
      }
      return absl::OkStatus();
    }
    case v1::Event::kArrearMarked: {
      const v1::ArrearMarked& e = event.arrear_marked();
      if (forward) {
        if (FindArrear(e.instalment(), loan) != nullptr) {
          return Unfit(*loan, absl::StrCat("instalment ", e.instalment(), " marked twice"));
        }
        v1::Arrear* arrear = loan->add_arrears();
        arrear->set_instalment(e.instalment());
        *arrear->mutable_due_date() = e.due_date();
        *arrear->mutable_principal_overdue() = e.principal_overdue();
        *arrear->mutable_interest_overdue() = e.interest_overdue();
        *arrear->mutable_marked_date() = e.value_date();
        arrear->set_marked_sequence(sequence);
        TouchValueDate(e.value_date(), loan);
      } else {
        auto& arrears = *loan->mutable_arrears();
        auto it = std::find_if(arrears.begin(), arrears.end(), [&](const v1::Arrear& a) {
          return a.marked_sequence() == reversed_sequence && !a.cured();
        });
        if (it == arrears.end()) return Unfit(*loan, "no uncured arrear to reverse");
        arrears.erase(it);
      }
      return Add(sign, e.interest_overdue(), loan->mutable_interest_receivable(), *loan);
    }
    case v1::Event::kArrearCured: {
      const v1::ArrearCured& e = event.arrear_cured();
      v1::Arrear* arrear = FindArrear(e.instalment(), loan);
      if (!forward || arrear == nullptr || arrear->cured()) {
        return Unfit(*loan, absl::StrCat("instalment ", e.instalment(), " cannot be cured"));
      }
      arrear->set_cured(true);
      *arrear->mutable_cured_date() = e.value_date();
      arrear->set_cured_sequence(sequence);
      TouchValueDate(e.value_date(), loan);
      // A call rests on the loan being overdue: once nothing is, a call not yet paid lapses
      // (the guarantee is live again and the bank may call anew if the loan falls behind).
      const bool still_overdue = std::any_of(loan->arrears().begin(), loan->arrears().end(),
                                             [](const v1::Arrear& a) { return !a.cured(); });
      if (!still_overdue && loan->compensated_by_sequence() == 0) {
        for (v1::Guarantee& g : *loan->mutable_guarantees()) {
          g.set_call_filed_sequence(0);
          g.clear_call_filed_date();
        }
      }
      return absl::OkStatus();
    }
    case v1::Event::kLoanExtended: {
      const v1::LoanExtended& e = event.loan_extended();
      if (!forward || loan->has_extension()) return Unfit(*loan, "extended twice");
      v1::Extension* extension = loan->mutable_extension();
      *extension->mutable_from_maturity() = e.from_maturity();
      *extension->mutable_to_maturity() = e.to_maturity();
      *extension->mutable_granted_date() = e.value_date();
      extension->set_sequence(sequence);
      *loan->mutable_maturity_date() = e.to_maturity();
      // What was due at the old maturity is due at the new one: the final instalment moves
      // (earlier instalments keep their dates).
      if (loan->schedule_size() > 0) {
        *loan->mutable_schedule(loan->schedule_size() - 1)->mutable_due_date() = e.to_maturity();
      }
      TouchValueDate(e.value_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kLoanWrittenOff: {
      const v1::LoanWrittenOff& e = event.loan_written_off();
      for (absl::Status s :
           {Add(sign, e.principal(), loan->mutable_written_off_principal(), *loan),
            Add(sign, e.interest(), loan->mutable_written_off_interest(), *loan),
            Add(-sign, e.principal(), loan->mutable_outstanding_principal(), *loan),
            Add(-sign, e.interest(), loan->mutable_interest_receivable(), *loan)}) {
        if (!s.ok()) return s;
      }
      if (forward && loan->written_off_by_sequence() != 0) {
        return Unfit(*loan, "written off twice");
      }
      loan->set_written_off_by_sequence(forward ? sequence : 0);
      if (forward) TouchValueDate(e.value_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kGuaranteeRequested: {
      const v1::Guarantee& g = event.guarantee_requested().guarantee();
      if (!forward || FindGuarantee(g.guarantee_id(), loan) != nullptr) {
        return Unfit(*loan, absl::StrCat("guarantee ", g.guarantee_id(), " requested twice"));
      }
      v1::Guarantee* added = loan->add_guarantees();
      *added = g;
      added->set_requested_sequence(sequence);
      added->set_issued_sequence(0);
      TouchValueDate(g.requested_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kGuaranteeIssued: {
      const v1::Guarantee& g = event.guarantee_issued().guarantee();
      v1::Guarantee* existing = FindGuarantee(g.guarantee_id(), loan);
      if (!forward) return Unfit(*loan, "a guarantee cannot be un-issued");
      if (g.form() == v1::FUND_GUARANTEE) {
        // A fund issues what the bank requested: the same record becomes live.
        if (existing == nullptr || existing->form() != v1::FUND_GUARANTEE ||
            existing->issued_sequence() != 0 || existing->fund_id() != g.fund_id() ||
            existing->coverage_bps() != g.coverage_bps()) {
          return Unfit(*loan, absl::StrCat("guarantee ", g.guarantee_id(),
                                           " was not requested on these terms"));
        }
        *existing->mutable_guaranteed_principal() = g.guaranteed_principal();
        *existing->mutable_issued_date() = g.issued_date();
        existing->set_issued_sequence(sequence);
      } else {
        if (existing != nullptr) {
          return Unfit(*loan, absl::StrCat("guarantee ", g.guarantee_id(), " issued twice"));
        }
        v1::Guarantee* added = loan->add_guarantees();
        *added = g;
        added->set_issued_sequence(sequence);
      }
      TouchValueDate(g.issued_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kGuaranteeCallFiled: {
      const v1::GuaranteeCallFiled& e = event.guarantee_call_filed();
      v1::Guarantee* g = FindGuarantee(e.guarantee_id(), loan);
      if (!forward || g == nullptr || g->call_filed_sequence() != 0) {
        return Unfit(*loan, absl::StrCat("guarantee ", e.guarantee_id(), " cannot be called"));
      }
      g->set_call_filed_sequence(sequence);
      *g->mutable_call_filed_date() = e.value_date();
      TouchValueDate(e.value_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kCompensationPaid: {
      const v1::CompensationPaid& e = event.compensation_paid();
      const v1::Guarantee* g = FindGuarantee(e.guarantee_id(), loan);
      if (g == nullptr || g->call_filed_sequence() == 0) {
        return Unfit(*loan, "compensation without a called guarantee");
      }
      if (forward == (loan->compensated_by_sequence() != 0)) {
        return Unfit(*loan, forward ? "compensated twice" : "no compensation to reverse");
      }
      for (absl::Status s :
           {Add(sign, e.principal(), loan->mutable_compensated_principal(), *loan),
            Add(sign, e.interest(), loan->mutable_compensated_interest(), *loan),
            Add(-sign, e.principal(), loan->mutable_outstanding_principal(), *loan),
            Add(-sign, e.interest(), loan->mutable_interest_receivable(), *loan)}) {
        if (!s.ok()) return s;
      }
      loan->set_compensated_by_sequence(forward ? sequence : 0);
      if (forward) TouchValueDate(e.value_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kRecoveryRecorded: {
      const v1::RecoveryRecorded& e = event.recovery_recorded();
      if (loan->compensated_by_sequence() == 0) return Unfit(*loan, "recovery before compensation");
      absl::StatusOr<int64_t> to_bank_fen =
          CheckedAdd(e.to_bank_principal().amount_fen(), e.to_bank_interest().amount_fen(), "");
      if (!to_bank_fen.ok()) return Unfit(*loan, "an amount overflows");
      for (absl::Status s :
           {Add(sign, e.to_fund(), loan->mutable_recovered_to_fund(), *loan),
            Add(sign, Cny(*to_bank_fen), loan->mutable_recovered_to_bank(), *loan),
            Add(sign, e.to_bank_written_off(), loan->mutable_recovered_written_off(), *loan),
            Add(-sign, e.to_bank_principal(), loan->mutable_outstanding_principal(), *loan),
            Add(-sign, e.to_bank_interest(), loan->mutable_interest_receivable(), *loan)}) {
        if (!s.ok()) return s;
      }
      if (forward) TouchValueDate(e.value_date(), loan);
      return absl::OkStatus();
    }
    case v1::Event::kEntryReversed: {
      const v1::EntryReversed& e = event.entry_reversed();
      if (!forward || e.original().has_entry_reversed()) {
        return Unfit(*loan, "a reversal of a reversal");
      }
      return Apply(sequence, e.original(), -1, e.reversed_sequence(), loan);
    }
    case v1::Event::kFundCreated:
    case v1::Event::kFundCapitalDeposited:
    case v1::Event::KIND_NOT_SET:
      break;
  }
  return Unfit(*loan, "the event is not a loan event");
}

int64_t Fen(const v1::Money& money) { return money.amount_fen(); }

v1::LoanStatus DeriveStatus(const v1::Loan& loan) {
  if (loan.written_off_by_sequence() != 0) return v1::WRITTEN_OFF;
  if (loan.compensated_by_sequence() != 0) return v1::COMPENSATED;
  if (Fen(loan.disbursed_principal()) == 0) return v1::APPROVED;
  if (Fen(loan.outstanding_principal()) == 0 && Fen(loan.interest_receivable()) == 0) {
    return v1::CLOSED;
  }
  return v1::ACTIVE;
}

// A fund guarantee follows its loan: released when the loan is settled or written off,
// compensated once the fund paid, called once the bank filed, live otherwise.
v1::GuaranteeState DeriveGuaranteeState(const v1::Loan& loan, const v1::Guarantee& g) {
  if (g.form() != v1::FUND_GUARANTEE) return v1::GUARANTEE_RECORDED;
  if (g.issued_sequence() == 0) {
    const bool settled = loan.status() == v1::CLOSED || loan.status() == v1::WRITTEN_OFF;
    return settled ? v1::GUARANTEE_RELEASED : v1::GUARANTEE_REQUESTED;
  }
  if (loan.compensated_by_sequence() != 0) return v1::GUARANTEE_COMPENSATED;
  if (loan.status() == v1::CLOSED || loan.status() == v1::WRITTEN_OFF) {
    return v1::GUARANTEE_RELEASED;
  }
  if (g.call_filed_sequence() != 0) return v1::GUARANTEE_CALL_FILED;
  return v1::GUARANTEE_LIVE;
}

void Derive(v1::Loan* loan) {
  loan->set_status(DeriveStatus(*loan));
  if (loan->status() == v1::CLOSED) {
    if (!IsSet(loan->closed_date())) *loan->mutable_closed_date() = loan->last_value_date();
  } else {
    loan->clear_closed_date();
  }
  for (v1::Guarantee& g : *loan->mutable_guarantees()) g.set_state(DeriveGuaranteeState(*loan, g));
}

const std::string& LoanOf(const v1::Event& event) {
  static const std::string* const kNone = new std::string();
  switch (event.kind_case()) {
    case v1::Event::kLoanCreated:
      return event.loan_created().loan();
    case v1::Event::kLoanDisbursed:
      return event.loan_disbursed().loan();
    case v1::Event::kRepaymentRecorded:
      return event.repayment_recorded().loan();
    case v1::Event::kArrearMarked:
      return event.arrear_marked().loan();
    case v1::Event::kArrearCured:
      return event.arrear_cured().loan();
    case v1::Event::kLoanExtended:
      return event.loan_extended().loan();
    case v1::Event::kLoanWrittenOff:
      return event.loan_written_off().loan();
    case v1::Event::kGuaranteeIssued:
      return event.guarantee_issued().loan();
    case v1::Event::kGuaranteeRequested:
      return event.guarantee_requested().loan();
    case v1::Event::kGuaranteeCallFiled:
      return event.guarantee_call_filed().loan();
    case v1::Event::kCompensationPaid:
      return event.compensation_paid().loan();
    case v1::Event::kRecoveryRecorded:
      return event.recovery_recorded().loan();
    case v1::Event::kEntryReversed:
      return LoanOf(event.entry_reversed().original());
    case v1::Event::kFundCreated:
    case v1::Event::kFundCapitalDeposited:
    case v1::Event::KIND_NOT_SET:
      break;
  }
  return *kNone;
}

}  // namespace

absl::Status EvolveLoan(uint64_t sequence, const v1::Event& event, v1::Loan* loan) {
  v1::Loan next = *loan;
  if (absl::Status s = Apply(sequence, event, +1, 0, &next); !s.ok()) return s;
  if (next.name() != LoanOf(event)) return Unfit(*loan, "the event names another loan");
  next.set_last_sequence(sequence);
  next.set_entry_count(next.entry_count() + 1);
  Derive(&next);
  if (event.has_repayment_recorded() &&
      event.repayment_recorded().loan_closed() != (next.status() == v1::CLOSED)) {
    return Unfit(*loan, "the repayment records a different outcome for closing the loan");
  }
  if (!LoanInvariantsHold(next)) {
    return Unfit(next,
                 absl::StrCat("the amounts become inconsistent (", InvariantProblem(next), ")"));
  }
  *loan = std::move(next);
  return absl::OkStatus();
}

std::string LoanNameOfEvent(const v1::Event& event) { return LoanOf(event); }

std::string FundIdOfEvent(const v1::Event& event) {
  absl::string_view fund_name;
  switch (event.kind_case()) {
    case v1::Event::kFundCreated:
      return event.fund_created().fund_id();
    case v1::Event::kFundCapitalDeposited:
      fund_name = event.fund_capital_deposited().fund();
      break;
    case v1::Event::kCompensationPaid:
      fund_name = event.compensation_paid().fund();
      break;
    case v1::Event::kRecoveryRecorded:
      fund_name = event.recovery_recorded().fund();
      break;
    case v1::Event::kEntryReversed:
      return FundIdOfEvent(event.entry_reversed().original());
    default:
      return "";
  }
  constexpr absl::string_view kPrefix = "guarantee_funds/";
  if (fund_name.substr(0, kPrefix.size()) != kPrefix) return "";
  return std::string(fund_name.substr(kPrefix.size()));
}

MoneyEntryMaker MakerOfMoneyEntry(const v1::Event& event) {
  switch (event.kind_case()) {
    case v1::Event::kLoanDisbursed:
    case v1::Event::kRepaymentRecorded:
    case v1::Event::kArrearMarked:
    case v1::Event::kLoanWrittenOff:
      return MoneyEntryMaker::kBank;
    case v1::Event::kFundCapitalDeposited:
    case v1::Event::kCompensationPaid:
    case v1::Event::kRecoveryRecorded:
      return MoneyEntryMaker::kFund;
    default:
      return MoneyEntryMaker::kNone;
  }
}

std::optional<FundExposure> LiveFundExposure(const v1::Loan& loan) {
  for (const v1::Guarantee& g : loan.guarantees()) {
    if (g.form() == v1::FUND_GUARANTEE &&
        (g.state() == v1::GUARANTEE_LIVE || g.state() == v1::GUARANTEE_CALL_FILED)) {
      return FundExposure{g.fund_id(), g.guaranteed_principal().amount_fen()};
    }
  }
  return std::nullopt;
}

std::vector<ExposureMove> ExposureMoves(const v1::Loan* before, const v1::Loan& after) {
  const std::optional<FundExposure> was = before ? LiveFundExposure(*before) : std::nullopt;
  const std::optional<FundExposure> is = LiveFundExposure(after);
  std::vector<ExposureMove> moves;
  if (was && is && was->fund_id == is->fund_id) {
    if (was->amount_fen != is->amount_fen) {
      moves.push_back({is->fund_id, is->amount_fen - was->amount_fen, 0});
    }
    return moves;
  }
  if (was) moves.push_back({was->fund_id, -was->amount_fen, -1});
  if (is) moves.push_back({is->fund_id, is->amount_fen, +1});
  return moves;
}

bool LoanInvariantsHold(const v1::Loan& loan) { return InvariantProblem(loan).empty(); }

std::string InvariantProblem(const v1::Loan& loan) {
  for (const v1::Money* amount :
       {&loan.approved_principal(), &loan.disbursed_principal(), &loan.repaid_principal(),
        &loan.outstanding_principal(), &loan.repaid_interest(), &loan.interest_receivable(),
        &loan.compensated_principal(), &loan.compensated_interest(), &loan.written_off_principal(),
        &loan.written_off_interest(), &loan.recovered_to_fund(), &loan.recovered_to_bank(),
        &loan.recovered_written_off()}) {
    if (amount->amount_fen() < 0) return "an amount is negative";
  }
  const int64_t disbursed = Fen(loan.disbursed_principal());
  const int64_t repaid = Fen(loan.repaid_principal());
  const int64_t outstanding = Fen(loan.outstanding_principal());
  // The principal parts of bank recoveries are not kept apart, so the identity is checked as
  // a bound once recoveries exist, exactly otherwise.
  const int64_t settled_elsewhere =
      Fen(loan.compensated_principal()) + Fen(loan.written_off_principal());
  const int64_t expected = disbursed - repaid - settled_elsewhere;
  const bool outstanding_ok = Fen(loan.recovered_to_bank()) == 0
                                  ? outstanding == expected
                                  : outstanding <= expected && outstanding >= 0;
  if (Fen(loan.recovered_written_off()) >
      Fen(loan.written_off_principal()) + Fen(loan.written_off_interest())) {
    return "more recovered of the write-off than was written off";
  }
  if (repaid > disbursed) return "more principal repaid than disbursed";
  if (disbursed > Fen(loan.approved_principal())) return "more disbursed than approved";
  if (!outstanding_ok) return "the outstanding principal does not add up";
  if (loan.status() == v1::APPROVED && disbursed != 0) return "approved but disbursed";
  if (loan.status() == v1::CLOSED && (outstanding != 0 || Fen(loan.interest_receivable()) != 0)) {
    return "closed while money is owed";
  }
  return "";
}

}  // namespace ledger
