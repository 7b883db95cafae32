// A loan's repayment schedule and maturity, computed once at creation and stored with the loan.
//
// Due dates fall on the contract date's day of month, clamped to the month's last day
// (contract 2024-01-31, monthly: 2024-02-29, 2024-03-31, ...). MONTHLY has term_months
// instalments; QUARTERLY has ceil(term_months / 3), the last on the maturity date.
// EQUAL_PRINCIPAL spreads the principal evenly, the fen remainder on the last instalment;
// BULLET puts all of it on the last (earlier instalments only settle interest).
//
//   std::vector<v1::Instalment> s = BuildSchedule(principal_fen, contract_day, 12,
//                                                 v1::EQUAL_PRINCIPAL, v1::MONTHLY);
#ifndef LEDGER_LOAN_SCHEDULE_H_
#define LEDGER_LOAN_SCHEDULE_H_

#include <cstdint>
#include <vector>

#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/schedule.pb.h"

namespace ledger {

// `day` plus `months` calendar months, clamped to the last day of the target month.
absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months);

// The contract date plus the term.
absl::CivilDay MaturityOf(absl::CivilDay contract_day, int term_months);

// REQUIRES: principal_fen > 0, 1 <= term_months <= 60, method and frequency specified.
// The principal_due amounts sum to principal_fen.
std::vector<v1::Instalment> BuildSchedule(int64_t principal_fen, absl::CivilDay contract_day,
                                          int term_months, v1::RepaymentMethod method,
                                          v1::PaymentFrequency frequency);

}  // namespace ledger

#endif  // LEDGER_LOAN_SCHEDULE_H_
