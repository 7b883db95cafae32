// Arrears, extension and write-off, and which loan statuses each rule accepts. Creation,
// disbursement and repayment are in loan_rules_test.cc.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_rules.h"
#include "ledger/loan/loan_test_support.h"
#include "ledger/loan/schedule.h"

namespace ledger {
namespace {

const auto kInvalid = absl::StatusCode::kInvalidArgument;
const auto kPrecondition = absl::StatusCode::kFailedPrecondition;

// 120,000 CNY over 12 months from 2024-01-10, equal principal monthly (10,000 CNY due on the
// 10th of each month, maturity 2025-01-10), all disbursed on 2024-01-15, 20,000 repaid on
// 2024-03-10.
v1::Loan LoanOf(v1::LoanStatus status) {
  v1::Loan loan;
  loan.set_name("banks/B001/loans/L1");
  loan.set_bank_id("B001");
  loan.set_loan_id("L1");
  *loan.mutable_approved_principal() = Cny(120'000'00);
  loan.set_annual_rate_bps(435);
  loan.set_term_months(12);
  *loan.mutable_contract_date() = D(2024, 1, 10);
  loan.set_repayment_method(v1::EQUAL_PRINCIPAL);
  loan.set_payment_frequency(v1::MONTHLY);
  for (v1::Instalment& instalment : BuildSchedule(120'000'00, absl::CivilDay(2024, 1, 10), 12,
                                                  v1::EQUAL_PRINCIPAL, v1::MONTHLY)) {
    *loan.add_schedule() = std::move(instalment);
  }
  *loan.mutable_maturity_date() = D(2025, 1, 10);
  loan.set_status(status);
  *loan.mutable_disbursed_principal() = Cny(120'000'00);
  *loan.mutable_repaid_principal() = Cny(20'000'00);
  *loan.mutable_outstanding_principal() = Cny(100'000'00);
  *loan.mutable_repaid_interest() = Cny(300'00);
  *loan.mutable_interest_receivable() = Cny(0);
  *loan.mutable_first_disbursement_date() = D(2024, 1, 15);
  *loan.mutable_last_value_date() = D(2024, 3, 10);
  return loan;
}
v1::Loan Active() { return LoanOf(v1::ACTIVE); }

// Active() with instalment 3 (due 2024-04-10) marked overdue on 2024-04-15.
v1::Loan InArrears(bool cured = false) {
  v1::Loan loan = Active();
  v1::Arrear* arrear = loan.add_arrears();
  arrear->set_instalment(3);
  *arrear->mutable_due_date() = D(2024, 4, 10);
  *arrear->mutable_principal_overdue() = Cny(10'000'00);
  *arrear->mutable_interest_overdue() = Cny(400'00);
  *arrear->mutable_marked_date() = D(2024, 4, 15);
  arrear->set_marked_sequence(7);
  arrear->set_cured(cured);
  if (cured) *arrear->mutable_cured_date() = D(2024, 4, 20);
  *loan.mutable_interest_receivable() = Cny(400'00);
  *loan.mutable_last_value_date() = D(2024, 4, 15);
  return loan;
}

void AddGuarantee(v1::GuaranteeForm form, v1::GuaranteeState state, v1::Loan* loan) {
  v1::Guarantee* guarantee = loan->add_guarantees();
  guarantee->set_guarantee_id(absl::StrCat("G", loan->guarantees_size()));
  guarantee->set_form(form);
  guarantee->set_state(state);
  if (form == v1::FUND_GUARANTEE) guarantee->set_fund_id("F1");
}

v1::MarkInstalmentOverdueRequest Overdue(int instalment, int64_t principal_fen,
                                         int64_t interest_fen, v1::Date date = D(2024, 4, 15)) {
  v1::MarkInstalmentOverdueRequest r;
  r.set_name("banks/B001/loans/L1");
  r.set_instalment(instalment);
  *r.mutable_principal_overdue() = Cny(principal_fen);
  *r.mutable_interest_overdue() = Cny(interest_fen);
  *r.mutable_value_date() = date;
  return r;
}

v1::CureArrearRequest Cure(int instalment, v1::Date date = D(2024, 5, 1)) {
  v1::CureArrearRequest r;
  r.set_name("banks/B001/loans/L1");
  r.set_instalment(instalment);
  *r.mutable_value_date() = date;
  return r;
}

v1::ExtendLoanRequest Extend(v1::Date new_maturity, v1::Date date = D(2024, 6, 30)) {
  v1::ExtendLoanRequest r;
  r.set_name("banks/B001/loans/L1");
  *r.mutable_new_maturity_date() = new_maturity;
  *r.mutable_value_date() = date;
  return r;
}

v1::WriteOffLoanRequest WriteOff(v1::Date date = D(2024, 6, 30)) {
  v1::WriteOffLoanRequest r;
  r.set_name("banks/B001/loans/L1");
  *r.mutable_value_date() = date;
  return r;
}

TEST(MarkOverdue, RecordsTheArrearAndBooksTheInterestAsDue) {
  absl::StatusOr<v1::Event> event =
      DecideMarkOverdue(Active(), Overdue(3, 10'000'00, 400'00), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::ArrearMarked& m = event->arrear_marked();
  EXPECT_EQ(m.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(m.instalment(), 3);
  EXPECT_EQ(FormatDate(m.due_date()), "2024-04-10");
  EXPECT_EQ(m.principal_overdue().amount_fen(), 10'000'00);
  EXPECT_EQ(m.interest_overdue().amount_fen(), 400'00);
  EXPECT_EQ(FormatDate(m.value_date()), "2024-04-15");
  EXPECT_EQ(Legs(*event), (std::vector<std::string>{Cr(kIncome, 400'00), Dr(kInterest, 400'00)}));
}

TEST(MarkOverdue, PrincipalOnlyMovesNoMoneyAndInterestOnlyIsFine) {
  absl::StatusOr<v1::Event> principal = DecideMarkOverdue(Active(), Overdue(3, 5'00, 0), kToday);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->postings_size(), 0);
  v1::MarkInstalmentOverdueRequest interest_only = Overdue(3, 0, 1);
  interest_only.clear_principal_overdue();  // unset means zero
  absl::StatusOr<v1::Event> interest = DecideMarkOverdue(Active(), interest_only, kToday);
  ASSERT_TRUE(interest.ok()) << interest.status();
  EXPECT_EQ(interest->arrear_marked().principal_overdue().amount_fen(), 0);
  EXPECT_EQ(Legs(*interest), (std::vector<std::string>{Cr(kIncome, 1), Dr(kInterest, 1)}));
  // Another instalment of a loan already in arrears.
  EXPECT_TRUE(DecideMarkOverdue(InArrears(), Overdue(4, 1, 0, D(2024, 5, 11)), kToday).ok());
}

TEST(MarkOverdue, RefusesUnknownOrAlreadyMarkedInstalments) {
  for (int instalment : {0, -1, 13}) {
    ExpectRefused(DecideMarkOverdue(Active(), Overdue(instalment, 1, 0), kToday), kInvalid,
                  reason::kInstalmentNotFound, "instalment");
  }
  ExpectRefused(DecideMarkOverdue(InArrears(), Overdue(3, 1, 0), kToday), kPrecondition,
                reason::kArrearAlreadyMarked, "instalment");
  ExpectRefused(DecideMarkOverdue(InArrears(/*cured=*/true), Overdue(3, 1, 0), kToday),
                kPrecondition, reason::kArrearAlreadyMarked, "instalment");
}

TEST(MarkOverdue, OnlyAfterTheDueDateAndNeverInTheFutureOrBackwards) {
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, 1, 0, D(2024, 4, 10)), kToday), kInvalid,
                reason::kInstalmentNotDue, "value_date");
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, 1, 0, D(2024, 4, 1)), kToday), kInvalid,
                reason::kInstalmentNotDue, "value_date");
  EXPECT_TRUE(DecideMarkOverdue(Active(), Overdue(3, 1, 0, D(2024, 4, 11)), kToday).ok());
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(6, 1, 0, D(2024, 7, 11)), kToday), kInvalid,
                reason::kDateInFuture, "value_date");
  v1::Loan later = Active();
  *later.mutable_last_value_date() = D(2024, 5, 1);
  ExpectRefused(DecideMarkOverdue(later, Overdue(3, 1, 0, D(2024, 4, 15)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
  v1::MarkInstalmentOverdueRequest no_date = Overdue(3, 1, 0);
  no_date.clear_value_date();
  ExpectRefused(DecideMarkOverdue(Active(), no_date, kToday), kInvalid, reason::kFieldRequired,
                "value_date");
}

TEST(MarkOverdue, RefusesBadAmounts) {
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, 0, 0), kToday), kInvalid,
                reason::kArrearEmpty, "principal_overdue.amount_fen");
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, -1, 5), kToday), kInvalid,
                reason::kAmountNegative, "principal_overdue.amount_fen");
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, 5, -1), kToday), kInvalid,
                reason::kAmountNegative, "interest_overdue.amount_fen");
  v1::MarkInstalmentOverdueRequest usd = Overdue(3, 1, 0);
  usd.mutable_interest_overdue()->set_currency_code("USD");
  ExpectRefused(DecideMarkOverdue(Active(), usd, kToday), kInvalid, reason::kCurrencyNotSupported,
                "interest_overdue.currency_code");
  // At most the instalment's principal due...
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, 10'000'01, 0), kToday), kPrecondition,
                reason::kExceedsOutstanding, "principal_overdue.amount_fen");
  // ...and at most what is outstanding.
  v1::Loan nearly_repaid = Active();
  *nearly_repaid.mutable_repaid_principal() = Cny(115'000'00);
  *nearly_repaid.mutable_outstanding_principal() = Cny(5'000'00);
  EXPECT_TRUE(DecideMarkOverdue(nearly_repaid, Overdue(3, 5'000'00, 0), kToday).ok());
  ExpectRefused(DecideMarkOverdue(nearly_repaid, Overdue(3, 5'000'01, 0), kToday), kPrecondition,
                reason::kExceedsOutstanding, "principal_overdue.amount_fen");
  // ...and all uncured arrears together at most what is outstanding: with 3,000.00 of it
  // already overdue on instalment 3, instalment 4 can leave at most 2,000.00 unpaid.
  v1::Loan two_behind = nearly_repaid;
  v1::Arrear* earlier = two_behind.add_arrears();
  earlier->set_instalment(3);
  *earlier->mutable_due_date() = D(2024, 4, 10);
  *earlier->mutable_principal_overdue() = Cny(3'000'00);
  *two_behind.mutable_last_value_date() = D(2024, 4, 15);
  const v1::Date after_due_4 = D(2024, 5, 15);
  EXPECT_TRUE(DecideMarkOverdue(two_behind, Overdue(4, 2'000'00, 0, after_due_4), kToday).ok());
  ExpectRefused(DecideMarkOverdue(two_behind, Overdue(4, 2'000'01, 0, after_due_4), kToday),
                kPrecondition, reason::kExceedsOutstanding, "principal_overdue.amount_fen");
  earlier->set_cured(true);  // once paid up, it no longer counts
  EXPECT_TRUE(DecideMarkOverdue(two_behind, Overdue(4, 5'000'00, 0, after_due_4), kToday).ok());
  // A bullet loan's interest-only instalments can only leave interest unpaid.
  v1::Loan bullet = Active();
  bullet.mutable_schedule(2)->mutable_principal_due()->set_amount_fen(0);
  ExpectRefused(DecideMarkOverdue(bullet, Overdue(3, 1, 0), kToday), kPrecondition,
                reason::kExceedsOutstanding, "principal_overdue.amount_fen");
  EXPECT_TRUE(DecideMarkOverdue(bullet, Overdue(3, 0, 1), kToday).ok());
  // Interest: the sanity bound is the approved principal.
  EXPECT_TRUE(DecideMarkOverdue(Active(), Overdue(3, 0, 120'000'00), kToday).ok());
  ExpectRefused(DecideMarkOverdue(Active(), Overdue(3, 0, 120'000'01), kToday), kInvalid,
                reason::kInterestTooLarge, "interest_overdue.amount_fen");
}

TEST(Cure, MarksTheArrearPaidUpWithoutPostings) {
  absl::StatusOr<v1::Event> event = DecideCureArrear(InArrears(), Cure(3), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->arrear_cured().loan(), "banks/B001/loans/L1");
  EXPECT_EQ(event->arrear_cured().instalment(), 3);
  EXPECT_EQ(FormatDate(event->arrear_cured().value_date()), "2024-05-01");
  EXPECT_EQ(event->postings_size(), 0);
  // The repayment that paid it up may have closed the loan.
  v1::Loan closed = InArrears();
  closed.set_status(v1::CLOSED);
  EXPECT_TRUE(DecideCureArrear(closed, Cure(3), kToday).ok());
  // On the day it was marked.
  EXPECT_TRUE(DecideCureArrear(InArrears(), Cure(3, D(2024, 4, 15)), kToday).ok());
}

TEST(Cure, RefusesMissingOrCuredArrearsAndBadDates) {
  ExpectRefused(DecideCureArrear(InArrears(), Cure(4), kToday), kPrecondition,
                reason::kArrearNotFound, "instalment");
  ExpectRefused(DecideCureArrear(Active(), Cure(3), kToday), kPrecondition, reason::kArrearNotFound,
                "instalment");
  ExpectRefused(DecideCureArrear(InArrears(/*cured=*/true), Cure(3), kToday), kPrecondition,
                reason::kArrearAlreadyCured, "instalment");
  // Before the arrear was marked, even when the loan's latest value date is earlier.
  v1::Loan earlier_last = InArrears();
  *earlier_last.mutable_last_value_date() = D(2024, 3, 10);
  ExpectRefused(DecideCureArrear(earlier_last, Cure(3, D(2024, 4, 14)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
  v1::Loan later_last = InArrears();
  *later_last.mutable_last_value_date() = D(2024, 5, 10);
  ExpectRefused(DecideCureArrear(later_last, Cure(3, D(2024, 5, 1)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
  ExpectRefused(DecideCureArrear(InArrears(), Cure(3, D(2024, 7, 1)), kToday), kInvalid,
                reason::kDateInFuture, "value_date");
}

TEST(Extend, MovesMaturityAtMostOneYearPastTheOriginal) {
  absl::StatusOr<v1::Event> event = DecideExtension(Active(), Extend(D(2026, 1, 10)), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::LoanExtended& e = event->loan_extended();
  EXPECT_EQ(e.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(FormatDate(e.from_maturity()), "2025-01-10");
  EXPECT_EQ(FormatDate(e.to_maturity()), "2026-01-10");
  EXPECT_EQ(FormatDate(e.value_date()), "2024-06-30");
  EXPECT_EQ(event->postings_size(), 0);
  EXPECT_TRUE(DecideExtension(Active(), Extend(D(2025, 1, 11)), kToday).ok());
  ExpectRefused(DecideExtension(Active(), Extend(D(2026, 1, 11)), kToday), kInvalid,
                reason::kExtensionTooLong, "new_maturity_date");
  ExpectRefused(DecideExtension(Active(), Extend(D(2025, 1, 10)), kToday), kInvalid,
                reason::kExtensionNotLater, "new_maturity_date");
  ExpectRefused(DecideExtension(Active(), Extend(D(2024, 12, 1)), kToday), kInvalid,
                reason::kExtensionNotLater, "new_maturity_date");
  v1::ExtendLoanRequest no_maturity = Extend(D(2025, 6, 1));
  no_maturity.clear_new_maturity_date();
  ExpectRefused(DecideExtension(Active(), no_maturity, kToday), kInvalid, reason::kFieldRequired,
                "new_maturity_date");
  // A loan stored without a maturity date matures at contract + term.
  v1::Loan no_maturity_date = Active();
  no_maturity_date.clear_maturity_date();
  absl::StatusOr<v1::Event> derived =
      DecideExtension(no_maturity_date, Extend(D(2026, 1, 10)), kToday);
  ASSERT_TRUE(derived.ok()) << derived.status();
  EXPECT_EQ(FormatDate(derived->loan_extended().from_maturity()), "2025-01-10");
}

TEST(Extend, OneYearIsClampedToTheMonthsEnd) {
  v1::Loan loan = Active();
  *loan.mutable_contract_date() = D(2023, 2, 28);
  *loan.mutable_maturity_date() = D(2024, 2, 29);
  *loan.mutable_last_value_date() = D(2024, 2, 1);
  EXPECT_TRUE(DecideExtension(loan, Extend(D(2025, 2, 28), D(2024, 2, 29)), kToday).ok());
  ExpectRefused(DecideExtension(loan, Extend(D(2025, 3, 1), D(2024, 2, 29)), kToday), kInvalid,
                reason::kExtensionTooLong, "new_maturity_date");
  // After maturity it is too late.
  ExpectRefused(DecideExtension(loan, Extend(D(2025, 2, 1), D(2024, 3, 1)), kToday), kInvalid,
                reason::kExtensionAfterMaturity, "value_date");
}

TEST(Extend, OnceAndNeverWithBadValueDates) {
  v1::Loan extended = Active();
  *extended.mutable_extension()->mutable_from_maturity() = D(2025, 1, 10);
  *extended.mutable_extension()->mutable_to_maturity() = D(2025, 6, 10);
  *extended.mutable_maturity_date() = D(2025, 6, 10);
  ExpectRefused(DecideExtension(extended, Extend(D(2025, 12, 10)), kToday), kPrecondition,
                reason::kExtensionAlreadyGranted, "name");
  ExpectRefused(DecideExtension(Active(), Extend(D(2025, 6, 1), D(2024, 7, 1)), kToday), kInvalid,
                reason::kDateInFuture, "value_date");
  ExpectRefused(DecideExtension(Active(), Extend(D(2025, 6, 1), D(2024, 3, 9)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
}

// The loan as EvolveLoan leaves it after an extension: the final instalment (12, due at the
// original maturity 2025-01-10) is due at the new maturity instead, and arrears are marked
// against that date.
TEST(Extend, TheLastInstalmentIsOverdueOnlyAfterTheNewMaturity) {
  v1::Loan extended = Active();
  *extended.mutable_extension()->mutable_from_maturity() = D(2025, 1, 10);
  *extended.mutable_extension()->mutable_to_maturity() = D(2025, 6, 10);
  *extended.mutable_maturity_date() = D(2025, 6, 10);
  ASSERT_EQ(extended.schedule_size(), 12);
  ASSERT_EQ(FormatDate(extended.schedule(11).due_date()), "2025-01-10");
  *extended.mutable_schedule(11)->mutable_due_date() = D(2025, 6, 10);
  const absl::CivilDay later(2025, 12, 31);
  ExpectRefused(DecideMarkOverdue(extended, Overdue(12, 10'000'00, 0, D(2025, 2, 1)), later),
                kInvalid, reason::kInstalmentNotDue, "value_date");
  ExpectRefused(DecideMarkOverdue(extended, Overdue(12, 10'000'00, 0, D(2025, 6, 10)), later),
                kInvalid, reason::kInstalmentNotDue, "value_date");
  absl::StatusOr<v1::Event> event =
      DecideMarkOverdue(extended, Overdue(12, 10'000'00, 0, D(2025, 6, 11)), later);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(FormatDate(event->arrear_marked().due_date()), "2025-06-10");
  // Earlier instalments keep their dates.
  EXPECT_TRUE(DecideMarkOverdue(extended, Overdue(11, 10'000'00, 0, D(2025, 2, 1)), later).ok());
}

TEST(WriteOff, WritesOffPrincipalAndDueInterest) {
  absl::StatusOr<v1::Event> event = DecideWriteOff(InArrears(), WriteOff(), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::LoanWrittenOff& w = event->loan_written_off();
  EXPECT_EQ(w.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(w.principal().amount_fen(), 100'000'00);
  EXPECT_EQ(w.interest().amount_fen(), 400'00);
  EXPECT_EQ(FormatDate(w.value_date()), "2024-06-30");
  EXPECT_EQ(Legs(*event),
            (std::vector<std::string>{Dr(kWriteOffs, 100'400'00), Cr(kPrincipal, 100'000'00),
                                      Cr(kInterest, 400'00)}));
}

TEST(WriteOff, WhatACompensatedLoanStillOwes) {
  v1::Loan loan = LoanOf(v1::COMPENSATED);
  *loan.mutable_compensated_principal() = Cny(80'000'00);
  *loan.mutable_outstanding_principal() = Cny(20'000'00);
  AddGuarantee(v1::FUND_GUARANTEE, v1::GUARANTEE_COMPENSATED, &loan);
  AddGuarantee(v1::COUNTER_GUARANTEE, v1::GUARANTEE_RECORDED, &loan);
  absl::StatusOr<v1::Event> event = DecideWriteOff(loan, WriteOff(), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->loan_written_off().principal().amount_fen(), 20'000'00);
  EXPECT_EQ(event->loan_written_off().interest().amount_fen(), 0);
  EXPECT_EQ(Legs(*event),
            (std::vector<std::string>{Dr(kWriteOffs, 20'000'00), Cr(kPrincipal, 20'000'00)}));

  v1::Loan interest_only = Active();
  *interest_only.mutable_outstanding_principal() = Cny(0);
  *interest_only.mutable_repaid_principal() = Cny(120'000'00);
  *interest_only.mutable_interest_receivable() = Cny(1);
  absl::StatusOr<v1::Event> interest = DecideWriteOff(interest_only, WriteOff(), kToday);
  ASSERT_TRUE(interest.ok()) << interest.status();
  EXPECT_EQ(Legs(*interest), (std::vector<std::string>{Dr(kWriteOffs, 1), Cr(kInterest, 1)}));
}

TEST(WriteOff, RefusedWhileAFundStandsBehindTheLoanOrNothingIsOwed) {
  for (v1::GuaranteeState state : {v1::GUARANTEE_LIVE, v1::GUARANTEE_CALL_FILED}) {
    v1::Loan loan = Active();
    AddGuarantee(v1::JOINT_LIABILITY, v1::GUARANTEE_RECORDED, &loan);
    AddGuarantee(v1::FUND_GUARANTEE, state, &loan);
    ExpectRefused(DecideWriteOff(loan, WriteOff(), kToday), kPrecondition, reason::kLoanGuaranteed,
                  "name");
  }
  v1::Loan released = Active();
  AddGuarantee(v1::FUND_GUARANTEE, v1::GUARANTEE_RELEASED, &released);
  EXPECT_TRUE(DecideWriteOff(released, WriteOff(), kToday).ok());

  v1::Loan nothing = Active();
  *nothing.mutable_outstanding_principal() = Cny(0);
  *nothing.mutable_repaid_principal() = Cny(120'000'00);
  ExpectRefused(DecideWriteOff(nothing, WriteOff(), kToday), kPrecondition, reason::kNothingOwed,
                "name");
  ExpectRefused(DecideWriteOff(Active(), WriteOff(D(2024, 7, 1)), kToday), kInvalid,
                reason::kDateInFuture, "value_date");
  ExpectRefused(DecideWriteOff(Active(), WriteOff(D(2024, 3, 9)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
}

// Every rule on a loan in every status: allowed, or refused FAILED_PRECONDITION on "name" with
// the status's own reason.
TEST(Status, EachRuleAcceptsOnlyItsStatuses) {
  using Rule = std::function<absl::StatusOr<v1::Event>(const v1::Loan&)>;
  v1::DisburseLoanRequest disburse;
  *disburse.mutable_amount() = Cny(1);
  *disburse.mutable_value_date() = D(2024, 6, 1);
  v1::RecordRepaymentRequest repay;
  *repay.mutable_principal() = Cny(1);
  *repay.mutable_value_date() = D(2024, 6, 1);
  const std::vector<std::pair<const char*, Rule>> rules = {
      {"disburse", [&](const v1::Loan& l) { return DecideDisbursement(l, disburse, kToday); }},
      {"repay", [&](const v1::Loan& l) { return DecideRepayment(l, repay, kToday); }},
      {"mark",
       [](const v1::Loan& l) {
         return DecideMarkOverdue(l, Overdue(4, 1, 0, D(2024, 6, 1)), kToday);
       }},
      {"cure", [](const v1::Loan& l) { return DecideCureArrear(l, Cure(3), kToday); }},
      {"extend",
       [](const v1::Loan& l) { return DecideExtension(l, Extend(D(2025, 6, 1)), kToday); }},
      {"write off", [](const v1::Loan& l) { return DecideWriteOff(l, WriteOff(), kToday); }},
  };
  struct Row {
    v1::LoanStatus status;
    const char* refusal;  // nullptr: allowed
    const char* allowed_for;
  };
  const Row rows[] = {
      {v1::APPROVED, reason::kLoanNotDisbursed, "disburse"},
      {v1::ACTIVE, nullptr, "disburse repay mark cure extend write off"},
      {v1::CLOSED, reason::kLoanClosed, "cure"},
      {v1::COMPENSATED, reason::kLoanCompensated, "write off"},
      {v1::WRITTEN_OFF, reason::kLoanWrittenOff, ""},
      {v1::LOAN_STATUS_UNSPECIFIED, reason::kLoanNotActive, ""},
  };
  for (const Row& row : rows) {
    for (const auto& [name, rule] : rules) {
      // 20,000 CNY left undisbursed, so that disbursing passes its own checks.
      v1::Loan loan = InArrears();
      *loan.mutable_disbursed_principal() = Cny(100'000'00);
      *loan.mutable_repaid_principal() = Cny(0);
      loan.set_status(row.status);
      const absl::StatusOr<v1::Event> result = rule(loan);
      SCOPED_TRACE(absl::StrCat(v1::LoanStatus_Name(row.status), " ", name));
      if (absl::string_view(row.allowed_for).find(name) != absl::string_view::npos) {
        EXPECT_TRUE(result.ok()) << result.status();
      } else {
        ExpectRefused(result, kPrecondition, row.refusal, "name");
      }
    }
  }
}

}  // namespace
}  // namespace ledger
