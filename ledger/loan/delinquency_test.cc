#include "ledger/loan/delinquency.h"

#include "gtest/gtest.h"
#include "ledger/base/date.h"

namespace ledger {
namespace {

using absl::CivilDay;

void AddArrear(int instalment, CivilDay due, bool cured, v1::Loan* loan) {
  v1::Arrear* arrear = loan->add_arrears();
  arrear->set_instalment(instalment);
  *arrear->mutable_due_date() = ToDate(due);
  *arrear->mutable_marked_date() = ToDate(due + 5);
  arrear->set_cured(cured);
  if (cured) *arrear->mutable_cured_date() = ToDate(due + 10);
}

// Only an ACTIVE (or COMPENSATED) loan ages, so the samples are ACTIVE unless a test says not.
v1::Loan ActiveLoan() {
  v1::Loan loan;
  loan.set_status(v1::ACTIVE);
  return loan;
}

TEST(DaysPastDue, NoArrearsMeansCurrent) {
  EXPECT_EQ(DaysPastDue(ActiveLoan(), CivilDay(2025, 3, 21)), 0);
}

TEST(DaysPastDue, CountsFromTheDayAfterTheDueDate) {
  v1::Loan loan = ActiveLoan();
  AddArrear(3, CivilDay(2025, 3, 20), /*cured=*/false, &loan);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 3, 19)), 0);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 3, 20)), 0);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 3, 21)), 1);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 4, 20)), 31);
}

TEST(DaysPastDue, TheEarliestUncuredArrearCounts) {
  v1::Loan loan = ActiveLoan();
  AddArrear(2, CivilDay(2025, 2, 20), /*cured=*/true, &loan);
  AddArrear(4, CivilDay(2025, 4, 20), /*cured=*/false, &loan);
  AddArrear(3, CivilDay(2025, 3, 20), /*cured=*/false, &loan);
  // Instalment 2 was cured: the count starts after 2025-03-20, not 2025-02-20.
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 3, 31)), 11);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 4, 21)), 32);
}

TEST(DaysPastDue, AllCuredMeansCurrent) {
  v1::Loan loan = ActiveLoan();
  AddArrear(1, CivilDay(2025, 1, 20), /*cured=*/true, &loan);
  AddArrear(2, CivilDay(2025, 2, 20), /*cured=*/true, &loan);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 6, 1)), 0);
}

TEST(DaysPastDue, SettledOrWrittenOffLoansNoLongerAge) {
  // An arrear left uncured when the loan closed or was written off does not keep counting:
  // nothing is owed to the bank any more (or it gave up on it).
  for (v1::LoanStatus status : {v1::CLOSED, v1::WRITTEN_OFF, v1::APPROVED}) {
    v1::Loan loan = ActiveLoan();
    loan.set_status(status);
    AddArrear(3, CivilDay(2025, 3, 20), /*cured=*/false, &loan);
    EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 9, 1)), 0) << v1::LoanStatus_Name(status);
    SetDelinquency(CivilDay(2025, 9, 1), &loan);
    EXPECT_EQ(loan.days_past_due(), 0) << v1::LoanStatus_Name(status);
    EXPECT_EQ(loan.delinquency_bucket(), v1::CURRENT) << v1::LoanStatus_Name(status);
    EXPECT_EQ(FormatDate(loan.as_of_date()), "2025-09-01");
  }
}

TEST(DaysPastDue, CompensatedLoansKeepCounting) {
  // The borrower still owes the fund and the bank; recoveries are pursued by age.
  v1::Loan loan = ActiveLoan();
  loan.set_status(v1::COMPENSATED);
  AddArrear(3, CivilDay(2025, 3, 20), /*cured=*/false, &loan);
  EXPECT_EQ(DaysPastDue(loan, CivilDay(2025, 9, 1)), 165);
  SetDelinquency(CivilDay(2025, 9, 1), &loan);
  EXPECT_EQ(loan.days_past_due(), 165);
  EXPECT_EQ(loan.delinquency_bucket(), v1::DPD_OVER_90);
}

TEST(BucketOf, BucketEdges) {
  EXPECT_EQ(BucketOf(-1), v1::CURRENT);
  EXPECT_EQ(BucketOf(0), v1::CURRENT);
  EXPECT_EQ(BucketOf(1), v1::DPD_1_30);
  EXPECT_EQ(BucketOf(30), v1::DPD_1_30);
  EXPECT_EQ(BucketOf(31), v1::DPD_31_60);
  EXPECT_EQ(BucketOf(60), v1::DPD_31_60);
  EXPECT_EQ(BucketOf(61), v1::DPD_61_90);
  EXPECT_EQ(BucketOf(90), v1::DPD_61_90);
  EXPECT_EQ(BucketOf(91), v1::DPD_OVER_90);
  EXPECT_EQ(BucketOf(10000), v1::DPD_OVER_90);
}

TEST(SetDelinquency, FillsAsOfDaysAndBucket) {
  v1::Loan loan = ActiveLoan();
  AddArrear(1, CivilDay(2024, 12, 31), /*cured=*/false, &loan);
  SetDelinquency(CivilDay(2025, 4, 1), &loan);  // 91 days after 2024-12-31
  EXPECT_EQ(FormatDate(loan.as_of_date()), "2025-04-01");
  EXPECT_EQ(loan.days_past_due(), 91);
  EXPECT_EQ(loan.delinquency_bucket(), v1::DPD_OVER_90);

  SetDelinquency(CivilDay(2024, 12, 31), &loan);
  EXPECT_EQ(FormatDate(loan.as_of_date()), "2024-12-31");
  EXPECT_EQ(loan.days_past_due(), 0);
  EXPECT_EQ(loan.delinquency_bucket(), v1::CURRENT);

  loan.mutable_arrears(0)->set_cured(true);
  SetDelinquency(CivilDay(2025, 4, 1), &loan);
  EXPECT_EQ(loan.days_past_due(), 0);
  EXPECT_EQ(loan.delinquency_bucket(), v1::CURRENT);
}

}  // namespace
}  // namespace ledger
