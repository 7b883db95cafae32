#include "ledger/loan/loan_rules.h"

#include <limits>

#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

const absl::CivilDay kToday(2024, 6, 30);

v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

v1::CreateLoanRequest CreateRequest() {
  v1::CreateLoanRequest r;
  r.set_request_id("c1");
  r.set_bank_id("B001");
  r.set_loan_id("L1");
  r.set_borrower_id("borrower-7");
  r.set_county_code("370281");
  *r.mutable_principal() = Cny(100'000'00);  // 100,000 CNY
  r.set_annual_rate_bps(615);
  r.set_term_months(36);
  *r.mutable_contract_date() = D(2024, 1, 10);
  return r;
}

v1::DisburseLoanRequest Disburse(int64_t fen, v1::Date date = D(2024, 1, 15)) {
  v1::DisburseLoanRequest r;
  r.set_name("banks/B001/loans/L1");
  *r.mutable_amount() = Cny(fen);
  *r.mutable_value_date() = date;
  return r;
}

v1::RecordRepaymentRequest Repay(int64_t principal_fen, int64_t interest_fen,
                                 v1::Date date = D(2024, 3, 20)) {
  v1::RecordRepaymentRequest r;
  r.set_name("banks/B001/loans/L1");
  *r.mutable_principal() = Cny(principal_fen);
  *r.mutable_interest() = Cny(interest_fen);
  *r.mutable_value_date() = date;
  return r;
}

v1::Loan Approved() { return ApplyCreate(CreateRequest(), kToday)->loan; }
v1::Loan Active(int64_t disbursed_fen = 100'000'00) {
  return ApplyDisbursement(Approved(), Disburse(disbursed_fen), kToday)->loan;
}

template <typename T>
std::string Why(const absl::StatusOr<T>& result) {
  return ReasonOf(result.status());
}

TEST(Create, MakesAnApprovedLoanAndItsEvent) {
  absl::StatusOr<Transition> t = ApplyCreate(CreateRequest(), kToday);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->loan.name(), "banks/B001/loans/L1");
  EXPECT_EQ(t->loan.status(), v1::APPROVED);
  EXPECT_EQ(t->loan.approved_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(t->loan.outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(t->event.loan_created().loan(), "banks/B001/loans/L1");
  EXPECT_EQ(t->event.loan_created().borrower_id(), "borrower-7");
}

TEST(Create, EveryBadFieldIsRefusedByName) {
  struct Case {
    void (*mutate)(v1::CreateLoanRequest&);
    const char* reason;
    const char* field;
  };
  const Case cases[] = {
      {[](v1::CreateLoanRequest& r) { r.set_bank_id(""); }, reason::kFieldRequired, "bank_id"},
      {[](v1::CreateLoanRequest& r) { r.set_loan_id("a/b"); }, reason::kInvalidId, "loan_id"},
      {[](v1::CreateLoanRequest& r) { r.set_borrower_id(""); }, reason::kFieldRequired,
       "borrower_id"},
      {[](v1::CreateLoanRequest& r) { r.set_borrower_id("37028119900101123X"); },
       reason::kPersonalDataNotAllowed, "borrower_id"},
      {[](v1::CreateLoanRequest& r) { r.set_borrower_id("370281199001011234"); },
       reason::kPersonalDataNotAllowed, "borrower_id"},
      {[](v1::CreateLoanRequest& r) { r.set_borrower_id("370281900101123"); },
       reason::kPersonalDataNotAllowed, "borrower_id"},
      {[](v1::CreateLoanRequest& r) { r.set_borrower_id("13800138000"); },
       reason::kPersonalDataNotAllowed, "borrower_id"},
      {[](v1::CreateLoanRequest& r) { r.set_county_code("3702"); }, reason::kInvalidCountyCode,
       "county_code"},
      {[](v1::CreateLoanRequest& r) { r.mutable_principal()->set_amount_fen(0); },
       reason::kAmountNotPositive, "principal.amount_fen"},
      {[](v1::CreateLoanRequest& r) { r.mutable_principal()->set_currency_code("USD"); },
       reason::kCurrencyNotSupported, "principal.currency_code"},
      {[](v1::CreateLoanRequest& r) { *r.mutable_principal() = Cny(kMaxPrincipalFen + 1); },
       reason::kAmountTooLarge, "principal.amount_fen"},
      {[](v1::CreateLoanRequest& r) {
         *r.mutable_principal() = Cny(std::numeric_limits<int64_t>::max());
       },
       reason::kAmountTooLarge, "principal.amount_fen"},
      {[](v1::CreateLoanRequest& r) { r.set_annual_rate_bps(0); }, reason::kRateOutOfRange,
       "annual_rate_bps"},
      {[](v1::CreateLoanRequest& r) { r.set_annual_rate_bps(kMaxRateBps + 1); },
       reason::kRateOutOfRange, "annual_rate_bps"},
      {[](v1::CreateLoanRequest& r) { r.set_term_months(0); }, reason::kTermOutOfRange,
       "term_months"},
      {[](v1::CreateLoanRequest& r) { r.set_term_months(kMaxTermMonths + 1); },
       reason::kTermOutOfRange, "term_months"},
      {[](v1::CreateLoanRequest& r) { r.clear_contract_date(); }, reason::kFieldRequired,
       "contract_date"},
      {[](v1::CreateLoanRequest& r) { *r.mutable_contract_date() = D(2024, 7, 1); },
       reason::kDateInFuture, "contract_date"},
  };
  for (const Case& c : cases) {
    v1::CreateLoanRequest r = CreateRequest();
    c.mutate(r);
    absl::Status s = ApplyCreate(r, kToday).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.reason;
    EXPECT_EQ(ReasonOf(s), c.reason);
    EXPECT_EQ(FieldOf(s), c.field);
  }
}

TEST(Create, OpaqueBorrowerIdsThatOnlyResembleNumbersAreFine) {
  for (const char* id : {"BR-7", "CUST0001234567", "23800138000", "3702811990010112", "0001"}) {
    v1::CreateLoanRequest r = CreateRequest();
    r.set_borrower_id(id);
    EXPECT_TRUE(ApplyCreate(r, kToday).ok()) << id;
  }
}

TEST(Disburse, ApprovedBecomesActiveAndPartialDisbursementsAdd) {
  absl::StatusOr<Transition> first = ApplyDisbursement(Approved(), Disburse(40'000'00), kToday);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->loan.status(), v1::ACTIVE);
  EXPECT_EQ(first->loan.outstanding_principal().amount_fen(), 40'000'00);
  EXPECT_EQ(FormatDate(first->loan.first_disbursement_date()), "2024-01-15");
  EXPECT_EQ(first->event.loan_disbursed().outstanding_principal_after().amount_fen(), 40'000'00);

  absl::StatusOr<Transition> second =
      ApplyDisbursement(first->loan, Disburse(60'000'00, D(2024, 2, 1)), kToday);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->loan.status(), v1::ACTIVE);
  EXPECT_EQ(second->loan.disbursed_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(FormatDate(second->loan.first_disbursement_date()), "2024-01-15");
}

TEST(Disburse, NeverAboveTheApprovedPrincipal) {
  EXPECT_EQ(Why(ApplyDisbursement(Approved(), Disburse(100'000'01), kToday)),
            reason::kExceedsApprovedPrincipal);
  v1::Loan loan = Active(99'999'99);
  EXPECT_TRUE(ApplyDisbursement(loan, Disburse(1), kToday).ok());
  absl::Status s = ApplyDisbursement(loan, Disburse(2), kToday).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), reason::kExceedsApprovedPrincipal);
  EXPECT_EQ(FieldOf(s), "amount.amount_fen");
}

TEST(Disburse, RefusesBadAmountsDatesAndClosedLoans) {
  EXPECT_EQ(Why(ApplyDisbursement(Approved(), Disburse(0), kToday)), reason::kAmountNotPositive);
  EXPECT_EQ(Why(ApplyDisbursement(Approved(), Disburse(-5), kToday)), reason::kAmountNotPositive);
  EXPECT_EQ(
      Why(ApplyDisbursement(Approved(), Disburse(std::numeric_limits<int64_t>::max()), kToday)),
      reason::kAmountTooLarge);
  EXPECT_EQ(Why(ApplyDisbursement(Approved(), Disburse(1, D(2024, 1, 9)), kToday)),
            reason::kDateBeforeContract);
  EXPECT_EQ(Why(ApplyDisbursement(Approved(), Disburse(1, D(2024, 7, 1)), kToday)),
            reason::kDateInFuture);
  v1::Date february_30;
  february_30.set_year(2024);
  february_30.set_month(2);
  february_30.set_day(30);
  EXPECT_EQ(Why(ApplyDisbursement(Approved(), Disburse(1, february_30), kToday)),
            reason::kInvalidDate);
  EXPECT_EQ(Why(ApplyDisbursement(Active(10), Disburse(1, D(2024, 1, 14)), kToday)),
            reason::kDateBeforeLastEvent);
  v1::Loan closed = ApplyRepayment(Active(10), Repay(10, 0), kToday)->loan;
  EXPECT_EQ(Why(ApplyDisbursement(closed, Disburse(1, D(2024, 4, 1)), kToday)),
            reason::kLoanClosed);
}

TEST(Repay, PrincipalAndInterestSeparatelyAndTheLastPrincipalCloses) {
  absl::StatusOr<Transition> part = ApplyRepayment(Active(), Repay(30'000'00, 1'537'50), kToday);
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(part->loan.status(), v1::ACTIVE);
  EXPECT_EQ(part->loan.outstanding_principal().amount_fen(), 70'000'00);
  EXPECT_EQ(part->loan.repaid_principal().amount_fen(), 30'000'00);
  EXPECT_EQ(part->loan.repaid_interest().amount_fen(), 1'537'50);
  EXPECT_FALSE(part->event.repayment_recorded().loan_closed());

  absl::StatusOr<Transition> interest_only =
      ApplyRepayment(part->loan, Repay(0, 100, D(2024, 4, 20)), kToday);
  ASSERT_TRUE(interest_only.ok());
  EXPECT_EQ(interest_only->loan.outstanding_principal().amount_fen(), 70'000'00);

  absl::StatusOr<Transition> last =
      ApplyRepayment(interest_only->loan, Repay(70'000'00, 0, D(2024, 6, 20)), kToday);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->loan.status(), v1::CLOSED);
  EXPECT_EQ(last->loan.outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(FormatDate(last->loan.closed_date()), "2024-06-20");
  EXPECT_TRUE(last->event.repayment_recorded().loan_closed());
}

TEST(Repay, NeverMoreThanOutstanding) {
  v1::Loan loan = Active(50'000'00);
  EXPECT_TRUE(ApplyRepayment(loan, Repay(50'000'00, 0), kToday).ok());
  absl::Status s = ApplyRepayment(loan, Repay(50'000'01, 0), kToday).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), reason::kExceedsOutstanding);
  EXPECT_EQ(FieldOf(s), "principal.amount_fen");
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(std::numeric_limits<int64_t>::max(), 0), kToday)),
            reason::kAmountTooLarge);
}

TEST(Repay, RefusesEmptyNegativeOverflowingAndIllegalStates) {
  v1::Loan loan = Active();
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(0, 0), kToday)), reason::kRepaymentEmpty);
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(-1, 5), kToday)), reason::kAmountNegative);
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(5, -1), kToday)), reason::kAmountNegative);
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(0, 100'000'01), kToday)), reason::kInterestTooLarge);
  v1::RecordRepaymentRequest usd = Repay(1, 0);
  usd.mutable_principal()->set_currency_code("USD");
  EXPECT_EQ(Why(ApplyRepayment(loan, usd, kToday)), reason::kCurrencyNotSupported);
  v1::RecordRepaymentRequest unset_interest = Repay(1, 0);
  unset_interest.clear_interest();
  EXPECT_TRUE(ApplyRepayment(loan, unset_interest, kToday).ok());

  // Interest sums are overflow-checked even past the sanity bound.
  v1::Loan huge_interest = loan;
  *huge_interest.mutable_repaid_interest() = Cny(std::numeric_limits<int64_t>::max() - 1);
  EXPECT_EQ(Why(ApplyRepayment(huge_interest, Repay(0, 10), kToday)), reason::kArithmeticOverflow);

  EXPECT_EQ(Why(ApplyRepayment(Approved(), Repay(1, 0), kToday)), reason::kLoanNotDisbursed);
  v1::Loan closed = ApplyRepayment(loan, Repay(100'000'00, 0), kToday)->loan;
  EXPECT_EQ(Why(ApplyRepayment(closed, Repay(0, 1, D(2024, 4, 1)), kToday)), reason::kLoanClosed);
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(1, 0, D(2024, 1, 14)), kToday)),
            reason::kDateBeforeLastEvent);
  EXPECT_EQ(Why(ApplyRepayment(loan, Repay(1, 0, D(2024, 7, 1)), kToday)), reason::kDateInFuture);
}

TEST(Invariants, BrokenLoanCrashes) {
  v1::Loan loan = Active();
  *loan.mutable_outstanding_principal() = Cny(1);
  EXPECT_DEATH(AssertLoanInvariants(loan), "violates its invariants");
  v1::Loan closed_with_balance = Active();
  closed_with_balance.set_status(v1::CLOSED);
  EXPECT_DEATH(AssertLoanInvariants(closed_with_balance), "violates its invariants");
}

}  // namespace
}  // namespace ledger
