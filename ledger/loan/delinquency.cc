#include "ledger/loan/delinquency.h"

#include <optional>

#include "ledger/base/date.h"

namespace ledger {

int DaysPastDue(const v1::Loan& loan, absl::CivilDay as_of) {
  // A settled or written-off loan no longer ages; a compensated one does (the borrower still
  // owes the fund and the bank, and recoveries are pursued).
  if (loan.status() != v1::ACTIVE && loan.status() != v1::COMPENSATED) return 0;
  std::optional<absl::CivilDay> earliest_due;
  for (const v1::Arrear& arrear : loan.arrears()) {
    if (arrear.cured()) continue;
    const absl::CivilDay due = ToCivilDay(arrear.due_date());
    if (!earliest_due || due < *earliest_due) earliest_due = due;
  }
  if (!earliest_due || as_of <= *earliest_due) return 0;
  return static_cast<int>(as_of - *earliest_due);
}

v1::DelinquencyBucket BucketOf(int days_past_due) {
  if (days_past_due <= 0) return v1::CURRENT;
  if (days_past_due <= 30) return v1::DPD_1_30;
  if (days_past_due <= 60) return v1::DPD_31_60;
  if (days_past_due <= 90) return v1::DPD_61_90;
  return v1::DPD_OVER_90;
}

void SetDelinquency(absl::CivilDay as_of, v1::Loan* loan) {
  const int days = DaysPastDue(*loan, as_of);
  *loan->mutable_as_of_date() = ToDate(as_of);
  loan->set_days_past_due(days);
  loan->set_delinquency_bucket(BucketOf(days));
}

}  // namespace ledger
