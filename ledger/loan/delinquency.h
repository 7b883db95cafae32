// Days past due and delinquency buckets, computed when a loan is read (they change with the
// calendar, not with the journal).
//
// A loan is past due from the day after the due date of its earliest uncured overdue
// instalment (Arrear): due 2025-03-20, as of 2025-03-21 it is 1 day past due. No uncured arrear
// (or an as-of date on or before that due date) means 0 days and CURRENT, and so does a loan
// that is not ACTIVE or COMPENSATED (a closed or written-off loan no longer ages).
//
//   SetDelinquency(ToCivilDay(today), &loan);   // fills as_of_date, days_past_due, bucket
#ifndef LEDGER_LOAN_DELINQUENCY_H_
#define LEDGER_LOAN_DELINQUENCY_H_

#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

int DaysPastDue(const v1::Loan& loan, absl::CivilDay as_of);

// 0: CURRENT; 1-30, 31-60, 61-90, over 90.
v1::DelinquencyBucket BucketOf(int days_past_due);

void SetDelinquency(absl::CivilDay as_of, v1::Loan* loan);

}  // namespace ledger

#endif  // LEDGER_LOAN_DELINQUENCY_H_
