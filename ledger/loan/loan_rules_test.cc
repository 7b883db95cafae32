// Creating, disbursing and repaying loans. The later lifecycle (arrears, extension, write-off)
// and the status table are in loan_lifecycle_rules_test.cc.
#include "ledger/loan/loan_rules.h"

#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_test_support.h"

namespace ledger {
namespace {

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

// A loan as EvolveLoan would leave it: 100,000 CNY approved on 2024-01-10, `disbursed_fen`
// paid out on 2024-01-15 and `repaid_fen` repaid since.
v1::Loan LoanOf(v1::LoanStatus status, int64_t disbursed_fen = 100'000'00, int64_t repaid_fen = 0) {
  v1::Loan loan;
  loan.set_name("banks/B001/loans/L1");
  loan.set_bank_id("B001");
  loan.set_loan_id("L1");
  loan.set_borrower_id("borrower-7");
  loan.set_county_code("370281");
  *loan.mutable_approved_principal() = Cny(100'000'00);
  loan.set_annual_rate_bps(615);
  loan.set_term_months(36);
  *loan.mutable_contract_date() = D(2024, 1, 10);
  *loan.mutable_maturity_date() = D(2027, 1, 10);
  loan.set_status(status);
  *loan.mutable_disbursed_principal() = Cny(disbursed_fen);
  *loan.mutable_repaid_principal() = Cny(repaid_fen);
  *loan.mutable_outstanding_principal() = Cny(disbursed_fen - repaid_fen);
  *loan.mutable_repaid_interest() = Cny(0);
  *loan.mutable_interest_receivable() = Cny(0);
  if (disbursed_fen > 0) {
    *loan.mutable_first_disbursement_date() = D(2024, 1, 15);
    *loan.mutable_last_value_date() = D(2024, 1, 15);
  }
  return loan;
}
v1::Loan Approved() { return LoanOf(v1::APPROVED, 0); }
v1::Loan Active(int64_t disbursed_fen = 100'000'00) { return LoanOf(v1::ACTIVE, disbursed_fen); }

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

template <typename T>
std::string Why(const absl::StatusOr<T>& result) {
  return ReasonOf(result.status());
}

TEST(Create, RecordsTheLoanWithItsScheduleAndMaturity) {
  absl::StatusOr<v1::Event> event = DecideCreate(CreateRequest(), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  ASSERT_TRUE(event->has_loan_created());
  const v1::LoanCreated& c = event->loan_created();
  EXPECT_EQ(c.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(c.bank_id(), "B001");
  EXPECT_EQ(c.loan_id(), "L1");
  EXPECT_EQ(c.borrower_id(), "borrower-7");
  EXPECT_EQ(c.county_code(), "370281");
  EXPECT_EQ(c.principal().currency_code(), "CNY");
  EXPECT_EQ(c.principal().amount_fen(), 100'000'00);
  EXPECT_EQ(c.annual_rate_bps(), 615);
  EXPECT_EQ(c.term_months(), 36);
  EXPECT_EQ(FormatDate(c.contract_date()), "2024-01-10");
  // Unspecified method and frequency take their defaults.
  EXPECT_EQ(c.repayment_method(), v1::EQUAL_PRINCIPAL);
  EXPECT_EQ(c.payment_frequency(), v1::MONTHLY);
  ASSERT_EQ(c.schedule_size(), 36);
  EXPECT_EQ(c.schedule(0).number(), 1);
  EXPECT_EQ(FormatDate(c.schedule(0).due_date()), "2024-02-10");
  EXPECT_EQ(c.schedule(0).principal_due().amount_fen(), 2'777'77);
  EXPECT_EQ(c.schedule(35).principal_due().amount_fen(), 100'000'00 - 35 * 2'777'77);
  EXPECT_EQ(FormatDate(c.schedule(35).due_date()), "2027-01-10");
  EXPECT_EQ(FormatDate(c.maturity_date()), "2027-01-10");
  // The caller fills the identity fields; nothing moves on creation.
  EXPECT_TRUE(c.person_key().empty());
  EXPECT_TRUE(c.national_id_masked().empty());
  EXPECT_EQ(event->postings_size(), 0);
}

TEST(Create, BulletQuarterlyAsRequested) {
  v1::CreateLoanRequest r = CreateRequest();
  r.set_repayment_method(v1::BULLET);
  r.set_payment_frequency(v1::QUARTERLY);
  r.set_term_months(7);
  *r.mutable_contract_date() = D(2024, 1, 31);
  absl::StatusOr<v1::Event> event = DecideCreate(r, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::LoanCreated& c = event->loan_created();
  EXPECT_EQ(c.repayment_method(), v1::BULLET);
  EXPECT_EQ(c.payment_frequency(), v1::QUARTERLY);
  ASSERT_EQ(c.schedule_size(), 3);
  EXPECT_EQ(FormatDate(c.schedule(0).due_date()), "2024-04-30");
  EXPECT_EQ(FormatDate(c.schedule(1).due_date()), "2024-07-31");
  EXPECT_EQ(FormatDate(c.schedule(2).due_date()), "2024-08-31");
  EXPECT_EQ(c.schedule(0).principal_due().amount_fen(), 0);
  EXPECT_EQ(c.schedule(1).principal_due().amount_fen(), 0);
  EXPECT_EQ(c.schedule(2).principal_due().amount_fen(), 100'000'00);
  EXPECT_EQ(FormatDate(c.maturity_date()), "2024-08-31");
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
      {[](v1::CreateLoanRequest& r) {
         r.set_repayment_method(static_cast<v1::RepaymentMethod>(9));
       },
       reason::kInvalidRepaymentMethod, "repayment_method"},
      {[](v1::CreateLoanRequest& r) {
         r.set_payment_frequency(static_cast<v1::PaymentFrequency>(-1));
       },
       reason::kInvalidPaymentFrequency, "payment_frequency"},
  };
  for (const Case& c : cases) {
    v1::CreateLoanRequest r = CreateRequest();
    c.mutate(r);
    ExpectRefused(DecideCreate(r, kToday), absl::StatusCode::kInvalidArgument, c.reason, c.field);
  }
}

TEST(Create, TermAndRateBoundsAreInclusive) {
  v1::CreateLoanRequest r = CreateRequest();
  r.set_term_months(kMaxTermMonths);
  r.set_annual_rate_bps(kMaxRateBps);
  *r.mutable_principal() = Cny(kMaxPrincipalFen);
  absl::StatusOr<v1::Event> event = DecideCreate(r, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->loan_created().schedule_size(), 60);
  EXPECT_EQ(FormatDate(event->loan_created().maturity_date()), "2029-01-10");
  r.set_term_months(kMinTermMonths);
  r.set_annual_rate_bps(kMinRateBps);
  EXPECT_TRUE(DecideCreate(r, kToday).ok());
}

TEST(Create, OpaqueBorrowerIdsThatOnlyResembleNumbersAreFine) {
  for (const char* id : {"BR-7", "CUST0001234567", "23800138000", "3702811990010112", "0001"}) {
    v1::CreateLoanRequest r = CreateRequest();
    r.set_borrower_id(id);
    EXPECT_TRUE(DecideCreate(r, kToday).ok()) << id;
  }
}

TEST(Disburse, PaysOutFromTheBanksFundingToTheLoan) {
  absl::StatusOr<v1::Event> event = DecideDisbursement(Approved(), Disburse(40'000'00), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::LoanDisbursed& d = event->loan_disbursed();
  EXPECT_EQ(d.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(d.amount().amount_fen(), 40'000'00);
  EXPECT_EQ(FormatDate(d.value_date()), "2024-01-15");
  EXPECT_EQ(d.outstanding_principal_after().amount_fen(), 40'000'00);
  EXPECT_EQ(Legs(*event),
            (std::vector<std::string>{Cr(kFunding, 40'000'00), Dr(kPrincipal, 40'000'00)}));
}

TEST(Disburse, PartialDisbursementsAddToWhatIsOutstanding) {
  v1::Loan loan = LoanOf(v1::ACTIVE, 40'000'00, 10'000'00);  // 30,000 outstanding
  absl::StatusOr<v1::Event> event =
      DecideDisbursement(loan, Disburse(60'000'00, D(2024, 2, 1)), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->loan_disbursed().outstanding_principal_after().amount_fen(), 90'000'00);
  EXPECT_EQ(Legs(*event),
            (std::vector<std::string>{Cr(kFunding, 60'000'00), Dr(kPrincipal, 60'000'00)}));
}

TEST(Disburse, NeverAboveTheApprovedPrincipal) {
  ExpectRefused(DecideDisbursement(Approved(), Disburse(100'000'01), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kExceedsApprovedPrincipal,
                "amount.amount_fen");
  v1::Loan loan = Active(99'999'99);
  EXPECT_TRUE(DecideDisbursement(loan, Disburse(1), kToday).ok());
  ExpectRefused(DecideDisbursement(loan, Disburse(2), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kExceedsApprovedPrincipal,
                "amount.amount_fen");
  // Repaid principal does not make room for more: the total disbursed is bounded.
  ExpectRefused(DecideDisbursement(LoanOf(v1::ACTIVE, 100'000'00, 50'000'00), Disburse(1), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kExceedsApprovedPrincipal,
                "amount.amount_fen");
}

TEST(Disburse, RefusesBadAmountsAndDates) {
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  ExpectRefused(DecideDisbursement(Approved(), Disburse(0), kToday), kInvalid,
                reason::kAmountNotPositive, "amount.amount_fen");
  ExpectRefused(DecideDisbursement(Approved(), Disburse(-5), kToday), kInvalid,
                reason::kAmountNotPositive, "amount.amount_fen");
  ExpectRefused(
      DecideDisbursement(Approved(), Disburse(std::numeric_limits<int64_t>::max()), kToday),
      kInvalid, reason::kAmountTooLarge, "amount.amount_fen");
  v1::DisburseLoanRequest usd = Disburse(1);
  usd.mutable_amount()->set_currency_code("USD");
  ExpectRefused(DecideDisbursement(Approved(), usd, kToday), kInvalid,
                reason::kCurrencyNotSupported, "amount.currency_code");
  ExpectRefused(DecideDisbursement(Approved(), Disburse(1, D(2024, 1, 9)), kToday), kInvalid,
                reason::kDateBeforeContract, "value_date");
  ExpectRefused(DecideDisbursement(Approved(), Disburse(1, D(2024, 7, 1)), kToday), kInvalid,
                reason::kDateInFuture, "value_date");
  EXPECT_TRUE(DecideDisbursement(Approved(), Disburse(1, D(2024, 6, 30)), kToday).ok());
  v1::Date february_30;
  february_30.set_year(2024);
  february_30.set_month(2);
  february_30.set_day(30);
  ExpectRefused(DecideDisbursement(Approved(), Disburse(1, february_30), kToday), kInvalid,
                reason::kInvalidDate, "value_date");
  v1::DisburseLoanRequest no_date = Disburse(1);
  no_date.clear_value_date();
  ExpectRefused(DecideDisbursement(Approved(), no_date, kToday), kInvalid, reason::kFieldRequired,
                "value_date");
  ExpectRefused(DecideDisbursement(Active(10), Disburse(1, D(2024, 1, 14)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
  EXPECT_TRUE(DecideDisbursement(Active(10), Disburse(1, D(2024, 1, 15)), kToday).ok());
}

TEST(Repay, PrincipalAndInterestWithoutDueInterest) {
  absl::StatusOr<v1::Event> event = DecideRepayment(Active(), Repay(30'000'00, 1'537'50), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::RepaymentRecorded& r = event->repayment_recorded();
  EXPECT_EQ(r.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(r.principal().amount_fen(), 30'000'00);
  EXPECT_EQ(r.interest().amount_fen(), 1'537'50);
  EXPECT_EQ(FormatDate(r.value_date()), "2024-03-20");
  EXPECT_EQ(r.outstanding_principal_after().amount_fen(), 70'000'00);
  EXPECT_EQ(r.interest_receivable_settled().amount_fen(), 0);
  EXPECT_FALSE(r.loan_closed());
  EXPECT_EQ(Legs(*event),
            (std::vector<std::string>{Dr(kRepayments, 31'537'50), Cr(kPrincipal, 30'000'00),
                                      Cr(kIncome, 1'537'50)}));

  absl::StatusOr<v1::Event> interest_only = DecideRepayment(Active(), Repay(0, 100), kToday);
  ASSERT_TRUE(interest_only.ok()) << interest_only.status();
  EXPECT_EQ(interest_only->repayment_recorded().outstanding_principal_after().amount_fen(),
            100'000'00);
  EXPECT_EQ(Legs(*interest_only),
            (std::vector<std::string>{Dr(kRepayments, 100), Cr(kIncome, 100)}));
}

TEST(Repay, InterestSettlesDueInterestFirst) {
  v1::Loan loan = Active();
  *loan.mutable_interest_receivable() = Cny(500'00);
  absl::StatusOr<v1::Event> more = DecideRepayment(loan, Repay(1'000'00, 800'00), kToday);
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_EQ(more->repayment_recorded().interest_receivable_settled().amount_fen(), 500'00);
  EXPECT_EQ(Legs(*more),
            (std::vector<std::string>{Dr(kRepayments, 1'800'00), Cr(kPrincipal, 1'000'00),
                                      Cr(kInterest, 500'00), Cr(kIncome, 300'00)}));

  absl::StatusOr<v1::Event> less = DecideRepayment(loan, Repay(0, 200'00), kToday);
  ASSERT_TRUE(less.ok()) << less.status();
  EXPECT_EQ(less->repayment_recorded().interest_receivable_settled().amount_fen(), 200'00);
  EXPECT_EQ(Legs(*less),
            (std::vector<std::string>{Dr(kRepayments, 200'00), Cr(kInterest, 200'00)}));
}

TEST(Repay, ClosesWhenNoPrincipalAndNoDueInterestRemain) {
  absl::StatusOr<v1::Event> last = DecideRepayment(Active(), Repay(100'000'00, 0), kToday);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->repayment_recorded().outstanding_principal_after().amount_fen(), 0);
  EXPECT_TRUE(last->repayment_recorded().loan_closed());

  // Partly disbursed: the undisbursed remainder lapses.
  EXPECT_TRUE(DecideRepayment(Active(60'000'00), Repay(60'000'00, 0), kToday)
                  ->repayment_recorded()
                  .loan_closed());

  v1::Loan owing_interest = Active();
  *owing_interest.mutable_interest_receivable() = Cny(50'00);
  absl::StatusOr<v1::Event> principal_only =
      DecideRepayment(owing_interest, Repay(100'000'00, 49'99), kToday);
  ASSERT_TRUE(principal_only.ok());
  EXPECT_FALSE(principal_only->repayment_recorded().loan_closed());
  absl::StatusOr<v1::Event> everything =
      DecideRepayment(owing_interest, Repay(100'000'00, 50'00), kToday);
  ASSERT_TRUE(everything.ok());
  EXPECT_TRUE(everything->repayment_recorded().loan_closed());

  // The principal already repaid, the due interest still open: paying it closes the loan.
  v1::Loan only_interest = LoanOf(v1::ACTIVE, 100'000'00, 100'000'00);
  *only_interest.mutable_interest_receivable() = Cny(50'00);
  absl::StatusOr<v1::Event> interest = DecideRepayment(only_interest, Repay(0, 50'00), kToday);
  ASSERT_TRUE(interest.ok()) << interest.status();
  EXPECT_TRUE(interest->repayment_recorded().loan_closed());
  EXPECT_EQ(Legs(*interest),
            (std::vector<std::string>{Dr(kRepayments, 50'00), Cr(kInterest, 50'00)}));
}

TEST(Repay, NeverMoreThanOutstanding) {
  v1::Loan loan = Active(50'000'00);
  EXPECT_TRUE(DecideRepayment(loan, Repay(50'000'00, 0), kToday).ok());
  ExpectRefused(DecideRepayment(loan, Repay(50'000'01, 0), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kExceedsOutstanding,
                "principal.amount_fen");
  ExpectRefused(DecideRepayment(loan, Repay(std::numeric_limits<int64_t>::max(), 0), kToday),
                absl::StatusCode::kInvalidArgument, reason::kAmountTooLarge,
                "principal.amount_fen");
}

TEST(Repay, RefusesEmptyNegativeOverflowingAndBadDates) {
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  v1::Loan loan = Active();
  ExpectRefused(DecideRepayment(loan, Repay(0, 0), kToday), kInvalid, reason::kRepaymentEmpty,
                "principal.amount_fen");
  ExpectRefused(DecideRepayment(loan, Repay(-1, 5), kToday), kInvalid, reason::kAmountNegative,
                "principal.amount_fen");
  ExpectRefused(DecideRepayment(loan, Repay(5, -1), kToday), kInvalid, reason::kAmountNegative,
                "interest.amount_fen");
  ExpectRefused(DecideRepayment(loan, Repay(0, 100'000'01), kToday), kInvalid,
                reason::kInterestTooLarge, "interest.amount_fen");
  v1::RecordRepaymentRequest usd = Repay(1, 0);
  usd.mutable_principal()->set_currency_code("USD");
  ExpectRefused(DecideRepayment(loan, usd, kToday), kInvalid, reason::kCurrencyNotSupported,
                "principal.currency_code");
  v1::RecordRepaymentRequest unset_interest = Repay(1, 0);
  unset_interest.clear_interest();
  EXPECT_TRUE(DecideRepayment(loan, unset_interest, kToday).ok());
  v1::RecordRepaymentRequest unset_both = Repay(0, 0);
  unset_both.clear_principal();
  unset_both.clear_interest();
  ExpectRefused(DecideRepayment(loan, unset_both, kToday), kInvalid, reason::kRepaymentEmpty,
                "principal.amount_fen");

  // The interest bound counts what was repaid before.
  v1::Loan paid_interest = loan;
  *paid_interest.mutable_repaid_interest() = Cny(99'999'00);
  EXPECT_TRUE(DecideRepayment(paid_interest, Repay(0, 1'00), kToday).ok());
  ExpectRefused(DecideRepayment(paid_interest, Repay(0, 1'01), kToday), kInvalid,
                reason::kInterestTooLarge, "interest.amount_fen");
  // Interest sums are overflow-checked even past the sanity bound.
  v1::Loan huge_interest = loan;
  *huge_interest.mutable_repaid_interest() = Cny(std::numeric_limits<int64_t>::max() - 1);
  ExpectRefused(DecideRepayment(huge_interest, Repay(0, 10), kToday), kInvalid,
                reason::kArithmeticOverflow, "interest.amount_fen");

  ExpectRefused(DecideRepayment(loan, Repay(1, 0, D(2024, 1, 14)), kToday), kInvalid,
                reason::kDateBeforeLastEvent, "value_date");
  ExpectRefused(DecideRepayment(loan, Repay(1, 0, D(2024, 7, 1)), kToday), kInvalid,
                reason::kDateInFuture, "value_date");
  v1::Loan no_last_date = loan;
  no_last_date.clear_last_value_date();
  ExpectRefused(DecideRepayment(no_last_date, Repay(1, 0, D(2024, 1, 9)), kToday), kInvalid,
                reason::kDateBeforeContract, "value_date");
}

}  // namespace
}  // namespace ledger
