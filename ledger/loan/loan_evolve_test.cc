// EvolveLoan applied to journal events directly: guarantee requests and issues, lapsed calls,
// extensions, recoveries of written-off amounts, reversals, and the invariants that refuse an
// event (DATA_LOSS, loan unchanged).
#include "ledger/loan/loan_evolve.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

constexpr char kLoan[] = "banks/B001/loans/L1";

v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

// 100,000 CNY over three monthly instalments from 2024-01-10 (maturity 2024-04-10).
v1::Event Created() {
  v1::Event event;
  v1::LoanCreated* e = event.mutable_loan_created();
  e->set_loan(kLoan);
  e->set_bank_id("B001");
  e->set_loan_id("L1");
  e->set_borrower_id("borrower-1");
  e->set_county_code("370281");
  *e->mutable_principal() = Cny(100'000'00);
  e->set_annual_rate_bps(435);
  e->set_term_months(3);
  *e->mutable_contract_date() = D(2024, 1, 10);
  e->set_repayment_method(v1::EQUAL_PRINCIPAL);
  e->set_payment_frequency(v1::MONTHLY);
  const v1::Date due_dates[] = {D(2024, 2, 10), D(2024, 3, 10), D(2024, 4, 10)};
  const int64_t principal_due_fen[] = {33'333'33, 33'333'33, 33'333'34};
  for (int i = 0; i < 3; ++i) {
    v1::Instalment* instalment = e->add_schedule();
    instalment->set_number(i + 1);
    *instalment->mutable_due_date() = due_dates[i];
    *instalment->mutable_principal_due() = Cny(principal_due_fen[i]);
  }
  *e->mutable_maturity_date() = D(2024, 4, 10);
  return event;
}

v1::Event Disbursed(int64_t amount_fen, int64_t outstanding_after_fen, v1::Date date) {
  v1::Event event;
  v1::LoanDisbursed* e = event.mutable_loan_disbursed();
  e->set_loan(kLoan);
  *e->mutable_amount() = Cny(amount_fen);
  *e->mutable_value_date() = date;
  *e->mutable_outstanding_principal_after() = Cny(outstanding_after_fen);
  return event;
}

v1::Event Repaid(int64_t principal_fen, int64_t interest_fen, int64_t outstanding_after_fen,
                 bool closed, v1::Date date) {
  v1::Event event;
  v1::RepaymentRecorded* e = event.mutable_repayment_recorded();
  e->set_loan(kLoan);
  *e->mutable_principal() = Cny(principal_fen);
  *e->mutable_interest() = Cny(interest_fen);
  *e->mutable_interest_receivable_settled() = Cny(0);
  *e->mutable_outstanding_principal_after() = Cny(outstanding_after_fen);
  e->set_loan_closed(closed);
  *e->mutable_value_date() = date;
  return event;
}

v1::Event Marked(int instalment, v1::Date due, int64_t interest_fen, v1::Date date) {
  v1::Event event;
  v1::ArrearMarked* e = event.mutable_arrear_marked();
  e->set_loan(kLoan);
  e->set_instalment(instalment);
  *e->mutable_due_date() = due;
  *e->mutable_principal_overdue() = Cny(10'000'00);
  *e->mutable_interest_overdue() = Cny(interest_fen);
  *e->mutable_value_date() = date;
  return event;
}

v1::Event Cured(int instalment, v1::Date date) {
  v1::Event event;
  v1::ArrearCured* e = event.mutable_arrear_cured();
  e->set_loan(kLoan);
  e->set_instalment(instalment);
  *e->mutable_value_date() = date;
  return event;
}

// The bank's request for fund guarantee G1 of `fund_id` at `coverage_bps`, as
// DecideRequestFundGuarantee makes it.
v1::Event Requested(v1::Date date, const std::string& fund_id = "F1", int32_t coverage_bps = 8000) {
  v1::Event event;
  v1::GuaranteeRequested* e = event.mutable_guarantee_requested();
  e->set_loan(kLoan);
  v1::Guarantee* g = e->mutable_guarantee();
  g->set_guarantee_id("G1");
  g->set_form(v1::FUND_GUARANTEE);
  g->set_fund_id(fund_id);
  g->set_coverage_bps(coverage_bps);
  g->add_party_ids("guarantor-1");
  g->set_state(v1::GUARANTEE_REQUESTED);
  *g->mutable_requested_date() = date;
  return event;
}

// The fund issuing G1 as DecideIssueFundGuarantee makes it (the request's terms plus the
// guaranteed principal and issue date).
v1::Event Issued(int64_t guaranteed_fen, v1::Date date, const std::string& fund_id = "F1",
                 int32_t coverage_bps = 8000) {
  v1::Event event = Requested(D(2024, 1, 20), fund_id, coverage_bps);
  v1::Guarantee guarantee = event.guarantee_requested().guarantee();
  *guarantee.mutable_guaranteed_principal() = Cny(guaranteed_fen);
  *guarantee.mutable_issued_date() = date;
  guarantee.set_state(v1::GUARANTEE_LIVE);
  v1::GuaranteeIssued* e = event.mutable_guarantee_issued();  // replaces the request
  e->set_loan(kLoan);
  *e->mutable_guarantee() = guarantee;
  return event;
}

v1::Event CallFiled(v1::Date date) {
  v1::Event event;
  v1::GuaranteeCallFiled* e = event.mutable_guarantee_call_filed();
  e->set_loan(kLoan);
  e->set_guarantee_id("G1");
  e->set_fund("guarantee_funds/F1");
  e->set_days_past_due(95);
  *e->mutable_value_date() = date;
  return event;
}

v1::Event Reversal(uint64_t reversed_sequence, const v1::Event& original) {
  v1::Event event;
  v1::EntryReversed* e = event.mutable_entry_reversed();
  e->set_reversed_sequence(reversed_sequence);
  e->set_reason("entered in error");
  *e->mutable_original() = original;
  e->mutable_original()->clear_postings();
  return event;
}

// Applies `event` as entry `sequence`, failing the test if it does not apply.
void Evolve(uint64_t sequence, const v1::Event& event, v1::Loan* loan) {
  absl::Status status = EvolveLoan(sequence, event, loan);
  ASSERT_TRUE(status.ok()) << "entry " << sequence << ": " << status;
}

// Expects `event` refused as DATA_LOSS with `loan` left exactly as it was.
void ExpectUnfit(uint64_t sequence, const v1::Event& event, v1::Loan* loan,
                 absl::string_view message_part = "") {
  const std::string before = loan->SerializeAsString();
  absl::Status status = EvolveLoan(sequence, event, loan);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_NE(status.message().find(message_part), absl::string_view::npos) << status;
  EXPECT_EQ(loan->SerializeAsString(), before) << "the loan changed";
}

// Created (1), fully disbursed on 2024-01-15 (2), G1 requested on 2024-01-20 (3) and issued on
// 2024-01-25 for 80,000 CNY (4).
v1::Loan GuaranteedLoan() {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  Evolve(2, Disbursed(100'000'00, 100'000'00, D(2024, 1, 15)), &loan);
  Evolve(3, Requested(D(2024, 1, 20)), &loan);
  Evolve(4, Issued(80'000'00, D(2024, 1, 25)), &loan);
  return loan;
}

// GuaranteedLoan() with instalment 1 (due 2024-02-10) overdue with 1,000 CNY of interest (5)
// and G1 called on 2024-05-20 (6).
v1::Loan CalledLoan() {
  v1::Loan loan = GuaranteedLoan();
  Evolve(5, Marked(1, D(2024, 2, 10), 1'000'00, D(2024, 2, 15)), &loan);
  Evolve(6, CallFiled(D(2024, 5, 20)), &loan);
  return loan;
}

// ---- Fund guarantees: requested, then issued ----

TEST(EvolveLoan, ARequestedGuaranteeIsNotExposureUntilIssued) {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  Evolve(2, Disbursed(100'000'00, 100'000'00, D(2024, 1, 15)), &loan);
  Evolve(3, Requested(D(2024, 1, 20)), &loan);
  ASSERT_EQ(loan.guarantees_size(), 1);
  const v1::Guarantee& requested = loan.guarantees(0);
  EXPECT_EQ(requested.state(), v1::GUARANTEE_REQUESTED);
  EXPECT_EQ(requested.requested_sequence(), 3u);
  EXPECT_EQ(requested.issued_sequence(), 0u);
  EXPECT_EQ(FormatDate(requested.requested_date()), "2024-01-20");
  EXPECT_EQ(requested.guaranteed_principal().amount_fen(), 0);
  EXPECT_FALSE(LiveFundExposure(loan).has_value());
  EXPECT_EQ(FormatDate(loan.last_value_date()), "2024-01-20");
  EXPECT_EQ(loan.last_sequence(), 3u);
  EXPECT_EQ(loan.entry_count(), 3u);

  Evolve(4, Issued(80'000'00, D(2024, 1, 25)), &loan);
  ASSERT_EQ(loan.guarantees_size(), 1);  // the same record, now live
  const v1::Guarantee& issued = loan.guarantees(0);
  EXPECT_EQ(issued.state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(issued.requested_sequence(), 3u);
  EXPECT_EQ(issued.issued_sequence(), 4u);
  EXPECT_EQ(FormatDate(issued.issued_date()), "2024-01-25");
  EXPECT_EQ(issued.guaranteed_principal().amount_fen(), 80'000'00);
  ASSERT_EQ(issued.party_ids_size(), 1);
  EXPECT_EQ(issued.party_ids(0), "guarantor-1");
  std::optional<FundExposure> exposure = LiveFundExposure(loan);
  ASSERT_TRUE(exposure.has_value());
  EXPECT_EQ(exposure->fund_id, "F1");
  EXPECT_EQ(exposure->amount_fen, 80'000'00);
  EXPECT_EQ(FormatDate(loan.last_value_date()), "2024-01-25");

  // Called: still exposure until the fund pays.
  Evolve(5, Marked(1, D(2024, 2, 10), 1'000'00, D(2024, 2, 15)), &loan);
  Evolve(6, CallFiled(D(2024, 5, 20)), &loan);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_CALL_FILED);
  ASSERT_TRUE(LiveFundExposure(loan).has_value());
  EXPECT_EQ(LiveFundExposure(loan)->amount_fen, 80'000'00);
}

TEST(EvolveLoan, AnIssueMustMatchARequest) {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  Evolve(2, Disbursed(100'000'00, 100'000'00, D(2024, 1, 15)), &loan);
  ExpectUnfit(3, Issued(80'000'00, D(2024, 1, 25)), &loan, "not requested");

  Evolve(3, Requested(D(2024, 1, 20)), &loan);
  ExpectUnfit(4, Requested(D(2024, 1, 21)), &loan, "requested twice");
  ExpectUnfit(4, Issued(80'000'00, D(2024, 1, 25), "F2"), &loan, "not requested");
  ExpectUnfit(4, Issued(50'000'00, D(2024, 1, 25), "F1", 5000), &loan, "not requested");

  Evolve(4, Issued(80'000'00, D(2024, 1, 25)), &loan);
  ExpectUnfit(5, Issued(80'000'00, D(2024, 1, 26)), &loan, "not requested");
}

TEST(EvolveLoan, ARequestNeverIssuedIsReleasedWhenTheLoanCloses) {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  Evolve(2, Disbursed(100'000'00, 100'000'00, D(2024, 1, 15)), &loan);
  Evolve(3, Requested(D(2024, 1, 20)), &loan);
  Evolve(4, Repaid(100'000'00, 500'00, 0, /*closed=*/true, D(2024, 4, 10)), &loan);
  EXPECT_EQ(loan.status(), v1::CLOSED);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_RELEASED);
  EXPECT_FALSE(LiveFundExposure(loan).has_value());
}

// ---- Arrears and calls ----

TEST(EvolveLoan, CuringTheLastArrearLapsesAnUnpaidCall) {
  v1::Loan loan = CalledLoan();
  Evolve(7, Marked(2, D(2024, 3, 10), 0, D(2024, 5, 21)), &loan);
  // Instalment 2 is still overdue after instalment 1 is cured: the call stands.
  Evolve(8, Cured(1, D(2024, 5, 25)), &loan);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_CALL_FILED);
  EXPECT_EQ(loan.guarantees(0).call_filed_sequence(), 6u);

  Evolve(9, Cured(2, D(2024, 5, 26)), &loan);
  const v1::Guarantee& g = loan.guarantees(0);
  EXPECT_EQ(g.state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(g.call_filed_sequence(), 0u);
  EXPECT_FALSE(IsSet(g.call_filed_date()));
  // Live again: still exposure, and the bank may call anew.
  ASSERT_TRUE(LiveFundExposure(loan).has_value());
  EXPECT_EQ(LiveFundExposure(loan)->amount_fen, 80'000'00);
  Evolve(10, Marked(3, D(2024, 4, 10), 0, D(2024, 6, 1)), &loan);
  Evolve(11, CallFiled(D(2024, 9, 1)), &loan);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_CALL_FILED);
  EXPECT_EQ(loan.guarantees(0).call_filed_sequence(), 11u);
}

// ---- Extension ----

TEST(EvolveLoan, AnExtensionMovesTheLastInstalmentToTheNewMaturity) {
  v1::Loan loan = GuaranteedLoan();
  v1::Event event;
  v1::LoanExtended* e = event.mutable_loan_extended();
  e->set_loan(kLoan);
  *e->mutable_from_maturity() = D(2024, 4, 10);
  *e->mutable_to_maturity() = D(2024, 10, 10);
  *e->mutable_value_date() = D(2024, 3, 1);
  Evolve(5, event, &loan);
  EXPECT_EQ(FormatDate(loan.maturity_date()), "2024-10-10");
  EXPECT_EQ(FormatDate(loan.extension().from_maturity()), "2024-04-10");
  EXPECT_EQ(FormatDate(loan.extension().to_maturity()), "2024-10-10");
  EXPECT_EQ(FormatDate(loan.extension().granted_date()), "2024-03-01");
  EXPECT_EQ(loan.extension().sequence(), 5u);
  ASSERT_EQ(loan.schedule_size(), 3);
  EXPECT_EQ(FormatDate(loan.schedule(0).due_date()), "2024-02-10");
  EXPECT_EQ(FormatDate(loan.schedule(1).due_date()), "2024-03-10");
  EXPECT_EQ(FormatDate(loan.schedule(2).due_date()), "2024-10-10");
  EXPECT_EQ(loan.schedule(2).principal_due().amount_fen(), 33'333'34);

  ExpectUnfit(6, event, &loan, "extended twice");
}

// ---- Compensation, write-off and recoveries ----

TEST(EvolveLoan, ARecoveryAfterTheWriteOffReducesTheBanksLoss) {
  v1::Loan loan = CalledLoan();
  v1::Event paid;
  v1::CompensationPaid* p = paid.mutable_compensation_paid();
  p->set_loan(kLoan);
  p->set_guarantee_id("G1");
  p->set_fund("guarantee_funds/F1");
  *p->mutable_principal() = Cny(80'000'00);
  *p->mutable_interest() = Cny(800'00);
  *p->mutable_value_date() = D(2024, 6, 1);
  Evolve(7, paid, &loan);
  EXPECT_EQ(loan.status(), v1::COMPENSATED);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_COMPENSATED);
  EXPECT_FALSE(LiveFundExposure(loan).has_value());

  v1::Event written_off;
  v1::LoanWrittenOff* w = written_off.mutable_loan_written_off();
  w->set_loan(kLoan);
  *w->mutable_principal() = Cny(20'000'00);
  *w->mutable_interest() = Cny(200'00);
  *w->mutable_value_date() = D(2024, 7, 1);
  Evolve(8, written_off, &loan);
  EXPECT_EQ(loan.status(), v1::WRITTEN_OFF);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(loan.interest_receivable().amount_fen(), 0);

  // 10,000 CNY recovered: 80% to the fund, the bank's 2,000 against what it wrote off.
  v1::Event recovery;
  v1::RecoveryRecorded* r = recovery.mutable_recovery_recorded();
  r->set_loan(kLoan);
  r->set_fund("guarantee_funds/F1");
  *r->mutable_amount() = Cny(10'000'00);
  *r->mutable_to_fund() = Cny(8'000'00);
  *r->mutable_to_bank_principal() = Cny(0);
  *r->mutable_to_bank_interest() = Cny(0);
  *r->mutable_to_bank_written_off() = Cny(2'000'00);
  *r->mutable_value_date() = D(2024, 9, 1);
  Evolve(9, recovery, &loan);
  EXPECT_EQ(loan.recovered_to_fund().amount_fen(), 8'000'00);
  EXPECT_EQ(loan.recovered_written_off().amount_fen(), 2'000'00);
  EXPECT_EQ(loan.recovered_to_bank().amount_fen(), 0);  // nothing of what is still owed
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(loan.status(), v1::WRITTEN_OFF);
  EXPECT_EQ(FormatDate(loan.last_value_date()), "2024-09-01");

  // More back of the write-off than was written off (20,200 CNY) cannot apply.
  v1::Event too_much = recovery;
  *too_much.mutable_recovery_recorded()->mutable_to_fund() = Cny(0);
  *too_much.mutable_recovery_recorded()->mutable_to_bank_written_off() = Cny(18'200'01);
  ExpectUnfit(10, too_much, &loan, "written off");
  *too_much.mutable_recovery_recorded()->mutable_to_bank_written_off() = Cny(18'200'00);
  Evolve(10, too_much, &loan);
  EXPECT_EQ(loan.recovered_written_off().amount_fen(), 20'200'00);

  // Reversing the first recovery takes its parts back.
  Evolve(11, Reversal(9, recovery), &loan);
  EXPECT_EQ(loan.recovered_to_fund().amount_fen(), 0);
  EXPECT_EQ(loan.recovered_written_off().amount_fen(), 18'200'00);
  EXPECT_EQ(loan.status(), v1::WRITTEN_OFF);
}

// ---- Reversals ----

TEST(EvolveLoan, ReversingTheOnlyDisbursementMakesTheLoanApprovedAgain) {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  const v1::Event disbursed = Disbursed(100'000'00, 100'000'00, D(2024, 1, 15));
  Evolve(2, disbursed, &loan);
  EXPECT_EQ(loan.status(), v1::ACTIVE);
  Evolve(3, Reversal(2, disbursed), &loan);
  EXPECT_EQ(loan.status(), v1::APPROVED);
  EXPECT_EQ(loan.disbursed_principal().amount_fen(), 0);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 0);
  EXPECT_FALSE(IsSet(loan.first_disbursement_date()));
  EXPECT_EQ(loan.last_sequence(), 3u);
  EXPECT_EQ(loan.entry_count(), 3u);
}

TEST(EvolveLoan, ReversingTheClosingRepaymentReopensTheLoanAndItsGuarantee) {
  v1::Loan loan = GuaranteedLoan();
  const v1::Event repaid = Repaid(100'000'00, 500'00, 0, /*closed=*/true, D(2024, 4, 10));
  Evolve(5, repaid, &loan);
  EXPECT_EQ(loan.status(), v1::CLOSED);
  EXPECT_EQ(FormatDate(loan.closed_date()), "2024-04-10");
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_RELEASED);
  EXPECT_FALSE(LiveFundExposure(loan).has_value());

  Evolve(6, Reversal(5, repaid), &loan);
  EXPECT_EQ(loan.status(), v1::ACTIVE);
  EXPECT_FALSE(IsSet(loan.closed_date()));
  EXPECT_EQ(loan.repaid_principal().amount_fen(), 0);
  EXPECT_EQ(loan.repaid_interest().amount_fen(), 0);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_LIVE);
  ASSERT_TRUE(LiveFundExposure(loan).has_value());
  EXPECT_EQ(LiveFundExposure(loan)->amount_fen, 80'000'00);
}

// ---- Invariants ----

TEST(EvolveLoan, AnEventThatWouldLeaveMoreRepaidThanDisbursedIsDataLoss) {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  const v1::Event disbursed = Disbursed(100'000'00, 100'000'00, D(2024, 1, 15));
  Evolve(2, disbursed, &loan);
  Evolve(3, Repaid(30'000'00, 0, 70'000'00, /*closed=*/false, D(2024, 2, 10)), &loan);
  // The disbursement cannot be undone while 30,000 CNY of it stand repaid.
  ExpectUnfit(4, Reversal(2, disbursed), &loan, "inconsistent");
  EXPECT_EQ(loan.disbursed_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(loan.last_sequence(), 3u);
  EXPECT_TRUE(LoanInvariantsHold(loan));

  // The same state built by hand is named for what it breaks.
  v1::Loan broken = loan;
  *broken.mutable_disbursed_principal() = Cny(20'000'00);
  *broken.mutable_outstanding_principal() = Cny(0);
  EXPECT_FALSE(LoanInvariantsHold(broken));
  EXPECT_EQ(InvariantProblem(broken), "more principal repaid than disbursed");
}

TEST(EvolveLoan, EventsThatDoNotFitAreDataLoss) {
  v1::Loan loan;
  Evolve(1, Created(), &loan);
  ExpectUnfit(2, Created(), &loan, "created twice");
  // A disbursement that records another outstanding principal than applying it gives.
  ExpectUnfit(2, Disbursed(10'000'00, 20'000'00, D(2024, 1, 15)), &loan, "disbursement records");
  // A repayment claiming to close a loan that stays open.
  Evolve(2, Disbursed(100'000'00, 100'000'00, D(2024, 1, 15)), &loan);
  ExpectUnfit(3, Repaid(10'000'00, 0, 90'000'00, /*closed=*/true, D(2024, 2, 10)), &loan,
              "closing");
  // An event of another loan.
  v1::Event other = Marked(1, D(2024, 2, 10), 0, D(2024, 2, 15));
  other.mutable_arrear_marked()->set_loan("banks/B001/loans/L2");
  ExpectUnfit(3, other, &loan, "another loan");
}

}  // namespace
}  // namespace ledger
