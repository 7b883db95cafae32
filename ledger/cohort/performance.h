// The repayment performance of a group of loans as of a date (v1::Performance): what a county
// officer follows for a "one helps ten" cohort and for the county's other loans. Pure: it reads
// only the loans it is given (as stored: v1::Loan rows from the projections).
//
// Loans with nothing disbursed (status APPROVED) are left out of every figure: nothing is owed
// on them yet, so they have neither instalments nor outstanding principal to judge.
//
// "On time" is the ledger's model of lateness (docs/ACCOUNTS.md): the BANK marks an instalment
// overdue (ArrearMarked) and cures it (ArrearCured); the bank is the source of truth for
// lateness, and the ledger does not allocate repayments to instalments. So an instalment that
// fell due and that the bank never marked overdue is, to the ledger, paid on time; one the bank
// marked overdue is late, even once cured.
//
// Definitions (docs/COHORTS.md repeats them):
// - loan_count: the loans given, APPROVED ones left out.
// - instalments_due: the instalments of those loans' schedules (as agreed at creation) whose
//   due_date is on or before as_of.
// - instalments_on_time: those of them that the bank never marked overdue: no entry in the
//   loan's `arrears` (which lists every instalment ever marked overdue, cured or not) has their
//   number. A cured arrear still counts as late.
// - on_time_share_bps: on_time x 10000 / due, rounded half-up; 0 when nothing is due.
// - outstanding_principal: the sum of the loans' outstanding_principal (their current one, as
//   stored: it is not rolled back to as_of).
// - outstanding_over_30_days: the sum of outstanding_principal of the loans more than 30 days
//   past due as of `as_of` (ledger/loan/delinquency.h: from the earliest uncured arrear's due
//   date, among the arrears recorded so far; closed and written-off loans are never past due).
// - par30_bps: over_30 x 10000 / outstanding, rounded half-up (128-bit intermediates); 0 when
//   nothing is outstanding.
//
//   v1::Performance p = ComputePerformance(loans, absl::CivilDay(2024, 12, 31));
#ifndef LEDGER_COHORT_PERFORMANCE_H_
#define LEDGER_COHORT_PERFORMANCE_H_

#include <cstdint>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/cohort.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

// `part` x 10000 / `whole` rounded half-up, 0 when `whole` <= 0. REQUIRES: 0 <= part <= whole.
int32_t ShareBps(int64_t part, int64_t whole);

// The most loans one accumulator takes (a county view reads at most 100,000 outside the
// cohorts and 100,000 of their mentees): with each outstanding principal at most kMaxAmountFen
// (10^12 fen), the sums stay below 10^6 x 10^12 = 10^18 < 2^63.
inline constexpr int32_t kMaxPerformanceLoans = 1'000'000;

// Adds loans one at a time (a county view pages through its loans without holding them all).
// REQUIRES: at most kMaxPerformanceLoans loans, each with a stored amount (0..kMaxAmountFen)
// as outstanding principal.
class PerformanceAccumulator {
 public:
  explicit PerformanceAccumulator(absl::CivilDay as_of) : as_of_(as_of) {}
  void Add(const v1::Loan& loan);
  v1::Performance Result() const;

 private:
  absl::CivilDay as_of_;
  int32_t loan_count_ = 0;
  int32_t due_ = 0;
  int32_t on_time_ = 0;
  int64_t outstanding_fen_ = 0;
  int64_t over_30_fen_ = 0;
};

v1::Performance ComputePerformance(absl::Span<const v1::Loan> loans, absl::CivilDay as_of);

}  // namespace ledger

#endif  // LEDGER_COHORT_PERFORMANCE_H_
