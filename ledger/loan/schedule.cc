#include "ledger/loan/schedule.h"

#include <algorithm>
#include <utility>

#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledger {
absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  // The day before the first of the following month is the month's last day.
  const absl::CivilDay last_day = absl::CivilDay(month + 1) - 1;
  return absl::CivilDay(month.year(), month.month(), std::min(day.day(), last_day.day()));
}

absl::CivilDay MaturityOf(absl::CivilDay contract_day, int term_months) {
  return AddMonthsClamped(contract_day, term_months);
}

std::vector<v1::Instalment> BuildSchedule(int64_t principal_fen, absl::CivilDay contract_day,
                                          int term_months, v1::RepaymentMethod method,
                                          v1::PaymentFrequency frequency) {
  const int months_per_instalment = frequency == v1::QUARTERLY ? 3 : 1;
  const int count = (term_months + months_per_instalment - 1) / months_per_instalment;
  // Equal principal: every instalment but the last gets the floor, the last the remainder, so
  // the amounts sum to the principal exactly. The divisor is at most 60, so no overflow.
  const int64_t even_fen = principal_fen / count;
  const int64_t last_fen = principal_fen - even_fen * (count - 1);

  std::vector<v1::Instalment> schedule;
  schedule.reserve(count);
  for (int number = 1; number <= count; ++number) {
    const bool last = number == count;
    // Each due date is counted from the contract date, not from the previous due date, so a
    // clamped February does not pull every later month to the 28th. A quarterly schedule's
    // last instalment falls on the maturity date even when the term is not a multiple of 3.
    const int months = std::min(number * months_per_instalment, term_months);
    v1::Instalment instalment;
    instalment.set_number(number);
    *instalment.mutable_due_date() = ToDate(AddMonthsClamped(contract_day, months));
    int64_t due_fen = 0;
    if (method == v1::BULLET) {
      due_fen = last ? principal_fen : 0;
    } else {
      due_fen = last ? last_fen : even_fen;
    }
    *instalment.mutable_principal_due() = Cny(due_fen);
    schedule.push_back(std::move(instalment));
  }
  return schedule;
}

}  // namespace ledger
