#include "ledger/subsidy/loan_facts.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/loan/loan_evolve.h"

namespace ledger {
namespace {

// An uncured arrear stays overdue "to the end of time"; the calculator only looks at the days
// of a period, so any day past every period will do.
const absl::CivilDay kEndOfTime(9999, 12, 31);

// Keeps the earliest of `current` and `day`.
void KeepEarliest(std::optional<absl::CivilDay>& current, absl::CivilDay day) {
  if (!current.has_value() || day < *current) current = day;
}

}  // namespace

LoanFactsBuilder::LoanFactsBuilder(const v1::Loan& loan)
    : loan_name_(loan.name()),
      contract_date_(ToCivilDay(loan.contract_date())),
      annual_rate_bps_(loan.annual_rate_bps()) {}

void LoanFactsBuilder::Add(uint64_t sequence, const v1::Event& event) {
  // The creation (with its schedule, the largest event) says nothing the loan does not.
  if (event.kind_case() == v1::Event::kLoanCreated) return;
  if (LoanNameOfEvent(event) != loan_name_) return;  // another loan's, or a fund's
  if (event.kind_case() == v1::Event::kEntryReversed) {
    // Entries arrive oldest first, so the reversed entry is already stored; dropping it is all
    // the netting the calculator needs (a reversed repayment is simply absent).
    events_.erase(event.entry_reversed().reversed_sequence());
    return;
  }
  events_[sequence] = event;
}

absl::StatusOr<subsidy::LoanFacts> LoanFactsBuilder::Build() const {
  subsidy::LoanFacts facts;
  facts.contract_date = contract_date_;
  facts.annual_rate_bps = annual_rate_bps_;
  std::optional<absl::CivilDay> first_disbursement;

  for (auto it = events_.begin(); it != events_.end(); ++it) {
    const v1::Event& event = it->second;
    switch (event.kind_case()) {
      case v1::Event::kLoanDisbursed: {
        const v1::LoanDisbursed& e = event.loan_disbursed();
        const absl::CivilDay day = ToCivilDay(e.value_date());
        facts.balance_changes.push_back({day, e.amount().amount_fen()});
        KeepEarliest(first_disbursement, day);
        break;
      }
      case v1::Event::kRepaymentRecorded: {
        // An interest-only repayment leaves the principal, and so the balance, unchanged.
        const v1::RepaymentRecorded& e = event.repayment_recorded();
        if (e.principal().amount_fen() != 0) {
          facts.balance_changes.push_back(
              {ToCivilDay(e.value_date()), -e.principal().amount_fen()});
        }
        break;
      }
      case v1::Event::kRecoveryRecorded: {
        // Only the bank's principal share reduces what the bank lends; the fund's part repays
        // the fund, which the bank's balance no longer includes after compensation.
        const v1::RecoveryRecorded& e = event.recovery_recorded();
        if (e.to_bank_principal().amount_fen() != 0) {
          facts.balance_changes.push_back(
              {ToCivilDay(e.value_date()), -e.to_bank_principal().amount_fen()});
        }
        break;
      }
      case v1::Event::kCompensationPaid: {
        const v1::CompensationPaid& e = event.compensation_paid();
        const absl::CivilDay day = ToCivilDay(e.value_date());
        if (e.principal().amount_fen() != 0) {
          facts.balance_changes.push_back({day, -e.principal().amount_fen()});
        }
        KeepEarliest(facts.end_of_subsidy, day);
        break;
      }
      case v1::Event::kLoanWrittenOff: {
        const v1::LoanWrittenOff& e = event.loan_written_off();
        const absl::CivilDay day = ToCivilDay(e.value_date());
        if (e.principal().amount_fen() != 0) {
          facts.balance_changes.push_back({day, -e.principal().amount_fen()});
        }
        KeepEarliest(facts.end_of_subsidy, day);
        break;
      }
      case v1::Event::kArrearMarked: {
        const v1::ArrearMarked& e = event.arrear_marked();
        const absl::CivilDay from = ToCivilDay(e.due_date()) + 1;
        absl::CivilDay to = kEndOfTime;
        // The cure that ends this arrear is the first one for the same instalment after the
        // mark (a cure before it belongs to an earlier arrear of that instalment).
        for (auto later = std::next(it); later != events_.end(); ++later) {
          const v1::Event& other = later->second;
          if (other.kind_case() == v1::Event::kArrearCured &&
              other.arrear_cured().instalment() == e.instalment()) {
            // The cure's value day is no longer overdue.
            to = ToCivilDay(other.arrear_cured().value_date()) - 1;
            break;
          }
        }
        // A cure on or before the due date leaves no overdue day; the calculator refuses an
        // empty range, so leave it out.
        if (to >= from) facts.overdue_ranges.push_back({from, to});
        break;
      }
      case v1::Event::kLoanExtended: {
        const v1::LoanExtended& e = event.loan_extended();
        const absl::CivilDay from = ToCivilDay(e.from_maturity()) + 1;
        const absl::CivilDay to = ToCivilDay(e.to_maturity());
        if (to >= from) facts.extension_ranges.push_back({from, to});
        break;
      }
      default:
        break;  // other kinds do not bear on the subsidy
    }
  }

  if (!first_disbursement.has_value()) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kLoanNotDisbursed, "loan",
                  "the loan has no disbursement that is not reversed");
  }
  facts.first_disbursement_date = *first_disbursement;
  return facts;
}

}  // namespace ledger
