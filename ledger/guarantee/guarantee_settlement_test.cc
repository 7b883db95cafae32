// Calls, compensation (代偿) and recoveries (追偿) of fund guarantees.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/guarantee/guarantee_test_support.h"

namespace ledger {
namespace {

using ::ledger::testing::AddGuarantee;
using ::ledger::testing::Code;
using ::ledger::testing::D;
using ::ledger::testing::ExposedFund;
using ::ledger::testing::Legs;
using ::ledger::testing::SampleLoan;
using ::ledger::testing::Where;
using ::ledger::testing::Why;

const absl::CivilDay kToday(2024, 12, 31);
const absl::CivilDay kDueDate(2024, 3, 20);  // the overdue instalment's due date

// The sample loan with instalment 3 (due 2024-03-20) unpaid with 1,200 CNY of interest, a
// joint-liability group, and fund F1 guaranteeing 80%.
v1::Loan OverdueLoan(v1::GuaranteeState state = v1::GUARANTEE_LIVE) {
  v1::Loan l = SampleLoan();
  *l.mutable_interest_receivable() = Cny(1'200'00);
  *l.mutable_last_value_date() = D(2024, 4, 1);
  v1::Arrear* cured = l.add_arrears();  // an earlier, cured arrear does not count
  cured->set_instalment(2);
  *cured->mutable_due_date() = D(2024, 2, 20);
  cured->set_cured(true);
  v1::Arrear* arrear = l.add_arrears();
  arrear->set_instalment(3);
  *arrear->mutable_due_date() = ToDate(kDueDate);
  *arrear->mutable_interest_overdue() = Cny(1'200'00);
  AddGuarantee(l, "JL1", v1::JOINT_LIABILITY, v1::GUARANTEE_RECORDED);
  *AddGuarantee(l, "G1", v1::FUND_GUARANTEE, state)->mutable_guaranteed_principal() =
      Cny(64'000'00);
  return l;
}

// The loan after the fund paid 80% of 80,000 principal and 1,200 interest.
v1::Loan CompensatedLoan() {
  v1::Loan l = OverdueLoan(v1::GUARANTEE_COMPENSATED);
  l.set_status(v1::COMPENSATED);
  l.set_compensated_by_sequence(7);
  *l.mutable_compensated_principal() = Cny(64'000'00);
  *l.mutable_compensated_interest() = Cny(960'00);
  *l.mutable_outstanding_principal() = Cny(16'000'00);
  *l.mutable_interest_receivable() = Cny(240'00);
  *l.mutable_recovered_to_fund() = Cny(0);
  *l.mutable_last_value_date() = D(2024, 7, 1);
  return l;
}

v1::FileGuaranteeCallRequest CallRequest(absl::CivilDay value_date) {
  v1::FileGuaranteeCallRequest r;
  r.set_loan("banks/B001/loans/L1");
  r.set_guarantee_id("G1");
  *r.mutable_value_date() = ToDate(value_date);
  return r;
}

v1::PayCompensationRequest PayRequest() {
  v1::PayCompensationRequest r;
  r.set_loan("banks/B001/loans/L1");
  r.set_guarantee_id("G1");
  *r.mutable_value_date() = D(2024, 7, 1);
  return r;
}

v1::RecordRecoveryRequest RecoveryRequest(int64_t amount_fen) {
  v1::RecordRecoveryRequest r;
  r.set_loan("banks/B001/loans/L1");
  *r.mutable_amount() = Cny(amount_fen);
  *r.mutable_value_date() = D(2024, 9, 1);
  return r;
}

// ---- FileGuaranteeCall ----

TEST(FileGuaranteeCall, AllowedOnceMoreThanCallAfterDaysPastDue) {
  absl::StatusOr<v1::Event> e =
      DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(), CallRequest(kDueDate + 91), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::GuaranteeCallFiled& c = e->guarantee_call_filed();
  EXPECT_EQ(c.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(c.guarantee_id(), "G1");
  EXPECT_EQ(c.fund(), "guarantee_funds/F1");
  EXPECT_EQ(c.days_past_due(), 91);
  EXPECT_EQ(FormatDate(c.value_date()), "2024-06-19");
  EXPECT_TRUE(e->postings().empty());
}

TEST(FileGuaranteeCall, ExactlyCallAfterDaysIsTooEarly) {
  absl::StatusOr<v1::Event> e =
      DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(), CallRequest(kDueDate + 90), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kCallTooEarly);
  EXPECT_EQ(Where(e), "value_date");
  EXPECT_NE(e.status().message().find("90 days past due"), absl::string_view::npos)
      << e.status().message();
  EXPECT_NE(e.status().message().find("more than 90 days"), absl::string_view::npos)
      << e.status().message();

  // The fund's own threshold applies.
  v1::GuaranteeFund patient = ExposedFund();
  patient.set_call_after_days(180);
  EXPECT_EQ(
      Why(DecideFileGuaranteeCall(OverdueLoan(), patient, CallRequest(kDueDate + 91), kToday)),
      reason::kCallTooEarly);
  EXPECT_TRUE(
      DecideFileGuaranteeCall(OverdueLoan(), patient, CallRequest(kDueDate + 181), kToday).ok());
}

TEST(FileGuaranteeCall, NotOverdueIsRefused) {
  v1::Loan loan = OverdueLoan();
  loan.mutable_arrears(1)->set_cured(true);
  absl::StatusOr<v1::Event> e =
      DecideFileGuaranteeCall(loan, ExposedFund(), CallRequest(kDueDate + 200), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kNotOverdue);
}

TEST(FileGuaranteeCall, StateRefusals) {
  struct Case {
    v1::GuaranteeState state;
    const char* reason;
  };
  for (const Case& c : {Case{v1::GUARANTEE_CALL_FILED, reason::kCallAlreadyFiled},
                        Case{v1::GUARANTEE_COMPENSATED, reason::kAlreadyCompensated},
                        Case{v1::GUARANTEE_RELEASED, reason::kGuaranteeNotLive}}) {
    absl::StatusOr<v1::Event> e = DecideFileGuaranteeCall(OverdueLoan(c.state), ExposedFund(),
                                                          CallRequest(kDueDate + 100), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition) << c.reason;
    EXPECT_EQ(Why(e), c.reason);
    EXPECT_EQ(Where(e), "guarantee_id");
  }
}

TEST(FileGuaranteeCall, GuaranteeMustBeAFundGuaranteeOfThisFund) {
  v1::FileGuaranteeCallRequest r = CallRequest(kDueDate + 100);
  r.set_guarantee_id("G9");
  absl::StatusOr<v1::Event> e = DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(), r, kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotFound);
  EXPECT_EQ(Where(e), "guarantee_id");

  r.set_guarantee_id("JL1");
  e = DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(), r, kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kInvalidGuaranteeForm);

  v1::GuaranteeFund other = ExposedFund();
  other.set_name("guarantee_funds/F2");
  other.set_fund_id("F2");
  e = DecideFileGuaranteeCall(OverdueLoan(), other, CallRequest(kDueDate + 100), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotFound);
}

TEST(FileGuaranteeCall, ValueDateRefusals) {
  absl::StatusOr<v1::Event> e =
      DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(), CallRequest(kToday + 1), kToday);
  EXPECT_EQ(Why(e), reason::kDateInFuture);
  e = DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(),
                              CallRequest(absl::CivilDay(2024, 3, 31)), kToday);
  EXPECT_EQ(Why(e), reason::kDateBeforeLastEvent);
  EXPECT_EQ(Where(e), "value_date");
  v1::FileGuaranteeCallRequest r = CallRequest(kDueDate + 100);
  r.set_loan("banks/B001/loans/L2");
  EXPECT_EQ(Why(DecideFileGuaranteeCall(OverdueLoan(), ExposedFund(), r, kToday)),
            reason::kInvalidLoanName);
}

// ---- PayCompensation ----

TEST(PayCompensation, PaysTheCoveredShareOfPrincipalAndDueInterest) {
  absl::StatusOr<v1::Event> e = DecidePayCompensation(OverdueLoan(v1::GUARANTEE_CALL_FILED),
                                                      ExposedFund(), PayRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::CompensationPaid& p = e->compensation_paid();
  EXPECT_EQ(p.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(p.guarantee_id(), "G1");
  EXPECT_EQ(p.fund(), "guarantee_funds/F1");
  EXPECT_EQ(p.principal().amount_fen(), 64'000'00);
  EXPECT_EQ(p.interest().amount_fen(), 960'00);
  EXPECT_EQ(FormatDate(p.value_date()), "2024-07-01");
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"CREDIT guarantee_funds/F1/accounts/cash 6496000 CNY",
                                      "DEBIT banks/B001/accounts/funding 6496000 CNY",
                                      "DEBIT guarantee_funds/F1/accounts/compensation 6496000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/principal 6400000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/interest 96000 CNY"}));
}

TEST(PayCompensation, NoDueInterestMeansNoInterestLeg) {
  v1::Loan loan = OverdueLoan(v1::GUARANTEE_CALL_FILED);
  *loan.mutable_interest_receivable() = Cny(0);
  absl::StatusOr<v1::Event> e = DecidePayCompensation(loan, ExposedFund(), PayRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->compensation_paid().interest().amount_fen(), 0);
  EXPECT_EQ(e->postings_size(), 4);
}

TEST(PayCompensation, CashMustCoverTheTotal) {
  const int64_t total_fen = 64'960'00;
  EXPECT_TRUE(DecidePayCompensation(OverdueLoan(v1::GUARANTEE_CALL_FILED), ExposedFund(total_fen),
                                    PayRequest(), kToday)
                  .ok());
  absl::StatusOr<v1::Event> e = DecidePayCompensation(
      OverdueLoan(v1::GUARANTEE_CALL_FILED), ExposedFund(total_fen - 1), PayRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kFundInsufficientCash);
}

TEST(PayCompensation, RefusedOnceTheLoanIsNoLongerOverdue) {
  // The call was filed, then the arrear's marking was reversed (a reversal does not lapse the
  // call as a cure does): nothing is overdue any more, so the fund owes nothing.
  v1::Loan reversed = OverdueLoan(v1::GUARANTEE_CALL_FILED);
  reversed.mutable_arrears()->RemoveLast();
  absl::StatusOr<v1::Event> e =
      DecidePayCompensation(reversed, ExposedFund(), PayRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kNotOverdue);
  EXPECT_EQ(Where(e), "value_date");
  EXPECT_NE(e.status().message().find("no longer overdue"), absl::string_view::npos) << e.status();

  // Cured arrears count for nothing either.
  v1::Loan cured = OverdueLoan(v1::GUARANTEE_CALL_FILED);
  cured.mutable_arrears(1)->set_cured(true);
  EXPECT_EQ(Why(DecidePayCompensation(cured, ExposedFund(), PayRequest(), kToday)),
            reason::kNotOverdue);
  // One day past due is enough.
  v1::PayCompensationRequest r = PayRequest();
  *r.mutable_value_date() = ToDate(kDueDate + 1);
  v1::Loan early = OverdueLoan(v1::GUARANTEE_CALL_FILED);
  *early.mutable_last_value_date() = ToDate(kDueDate);
  EXPECT_TRUE(DecidePayCompensation(early, ExposedFund(), r, kToday).ok());
  *r.mutable_value_date() = ToDate(kDueDate);
  EXPECT_EQ(Why(DecidePayCompensation(early, ExposedFund(), r, kToday)), reason::kNotOverdue);
}

TEST(PayCompensation, PrincipalIsCappedAtTheGuaranteedPrincipal) {
  // The guarantee was issued on 80% of 80,000 unrepaid (64,000 CNY); a 10,000 CNY repayment was
  // then reversed, so 90,000 is outstanding and its 80% share, 72,000, is more than the fund
  // guaranteed. It pays 64,000 of principal (and its full share of the due interest).
  v1::Loan loan = OverdueLoan(v1::GUARANTEE_CALL_FILED);
  *loan.mutable_repaid_principal() = Cny(10'000'00);
  *loan.mutable_outstanding_principal() = Cny(90'000'00);
  absl::StatusOr<v1::Event> e = DecidePayCompensation(loan, ExposedFund(), PayRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->compensation_paid().principal().amount_fen(), 64'000'00);
  EXPECT_EQ(e->compensation_paid().interest().amount_fen(), 960'00);
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"CREDIT guarantee_funds/F1/accounts/cash 6496000 CNY",
                                      "DEBIT banks/B001/accounts/funding 6496000 CNY",
                                      "DEBIT guarantee_funds/F1/accounts/compensation 6496000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/principal 6400000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/interest 96000 CNY"}));
  // Below the cap the share applies: 80% of 50,000.
  *loan.mutable_repaid_principal() = Cny(50'000'00);
  *loan.mutable_outstanding_principal() = Cny(50'000'00);
  e = DecidePayCompensation(loan, ExposedFund(), PayRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->compensation_paid().principal().amount_fen(), 40'000'00);
  // Exactly at the cap (a share of 64,000.01 is capped to the fen).
  *loan.mutable_repaid_principal() = Cny(20'000'00 - 1);
  *loan.mutable_outstanding_principal() = Cny(80'000'00 + 1);
  e = DecidePayCompensation(loan, ExposedFund(), PayRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->compensation_paid().principal().amount_fen(), 64'000'00);
}

TEST(PayCompensation, NothingOwedIsRefused) {
  v1::Loan loan = OverdueLoan(v1::GUARANTEE_CALL_FILED);
  *loan.mutable_outstanding_principal() = Cny(0);
  *loan.mutable_repaid_principal() = Cny(100'000'00);
  *loan.mutable_interest_receivable() = Cny(0);
  absl::StatusOr<v1::Event> e = DecidePayCompensation(loan, ExposedFund(), PayRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kNothingOwed);
}

TEST(PayCompensation, StateRefusalsIncludingDoubleCompensation) {
  struct Case {
    v1::GuaranteeState state;
    const char* reason;
  };
  for (const Case& c : {Case{v1::GUARANTEE_LIVE, reason::kCallNotFiled},
                        Case{v1::GUARANTEE_COMPENSATED, reason::kAlreadyCompensated},
                        Case{v1::GUARANTEE_RELEASED, reason::kGuaranteeNotLive}}) {
    absl::StatusOr<v1::Event> e =
        DecidePayCompensation(OverdueLoan(c.state), ExposedFund(), PayRequest(), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition) << c.reason;
    EXPECT_EQ(Why(e), c.reason);
    EXPECT_EQ(Where(e), "guarantee_id");
  }
  // The compensated loan as EvolveLoan leaves it: a second payment is refused.
  EXPECT_EQ(Why(DecidePayCompensation(CompensatedLoan(), ExposedFund(), PayRequest(), kToday)),
            reason::kAlreadyCompensated);
}

TEST(PayCompensation, OtherRefusals) {
  v1::PayCompensationRequest r = PayRequest();
  r.set_guarantee_id("G2");
  absl::StatusOr<v1::Event> e =
      DecidePayCompensation(OverdueLoan(v1::GUARANTEE_CALL_FILED), ExposedFund(), r, kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotFound);

  v1::GuaranteeFund other = ExposedFund();
  other.set_name("guarantee_funds/F2");
  other.set_fund_id("F2");
  EXPECT_EQ(Why(DecidePayCompensation(OverdueLoan(v1::GUARANTEE_CALL_FILED), other, PayRequest(),
                                      kToday)),
            reason::kGuaranteeNotFound);

  r = PayRequest();
  *r.mutable_value_date() = D(2024, 3, 1);
  EXPECT_EQ(
      Why(DecidePayCompensation(OverdueLoan(v1::GUARANTEE_CALL_FILED), ExposedFund(), r, kToday)),
      reason::kDateBeforeLastEvent);
  *r.mutable_value_date() = ToDate(kToday + 1);
  EXPECT_EQ(
      Why(DecidePayCompensation(OverdueLoan(v1::GUARANTEE_CALL_FILED), ExposedFund(), r, kToday)),
      reason::kDateInFuture);
}

// ---- Recovery ----

TEST(Recovery, SplitsByCoverageAndSettlesPrincipalFirst) {
  absl::StatusOr<v1::Event> e =
      DecideRecovery(CompensatedLoan(), ExposedFund(), RecoveryRequest(10'000'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::RecoveryRecorded& r = e->recovery_recorded();
  EXPECT_EQ(r.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(r.fund(), "guarantee_funds/F1");
  EXPECT_EQ(r.amount().amount_fen(), 10'000'00);
  EXPECT_EQ(r.to_fund().amount_fen(), 8'000'00);
  EXPECT_EQ(r.to_bank_principal().amount_fen(), 2'000'00);
  EXPECT_EQ(r.to_bank_interest().amount_fen(), 0);
  EXPECT_EQ(FormatDate(r.value_date()), "2024-09-01");
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"DEBIT guarantee_funds/F1/accounts/cash 800000 CNY",
                                      "CREDIT guarantee_funds/F1/accounts/recoveries 800000 CNY",
                                      "DEBIT banks/B001/accounts/repayments 200000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/principal 200000 CNY"}));
}

TEST(Recovery, EverythingOwedRecoveredExactlyIsAllowed) {
  // The fund paid 64,960 CNY; the bank is owed 16,000 principal and 240 interest.
  absl::StatusOr<v1::Event> e =
      DecideRecovery(CompensatedLoan(), ExposedFund(), RecoveryRequest(81'200'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->recovery_recorded().to_fund().amount_fen(), 64'960'00);
  EXPECT_EQ(e->recovery_recorded().to_bank_principal().amount_fen(), 16'000'00);
  EXPECT_EQ(e->recovery_recorded().to_bank_interest().amount_fen(), 240'00);
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"DEBIT guarantee_funds/F1/accounts/cash 6496000 CNY",
                                      "CREDIT guarantee_funds/F1/accounts/recoveries 6496000 CNY",
                                      "DEBIT banks/B001/accounts/repayments 1624000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/principal 1600000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/interest 24000 CNY"}));
}

TEST(Recovery, MoreThanWasCompensatedIsRefused) {
  // One fen more: the fund's share rounds to 64,960.01 CNY.
  absl::StatusOr<v1::Event> e =
      DecideRecovery(CompensatedLoan(), ExposedFund(), RecoveryRequest(81'200'01), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kRecoveryExceedsCompensation);
  EXPECT_EQ(Where(e), "amount.amount_fen");

  // After everything came back, even one fen more is refused.
  v1::Loan loan = CompensatedLoan();
  *loan.mutable_recovered_to_fund() = Cny(64'960'00);
  EXPECT_EQ(Why(DecideRecovery(loan, ExposedFund(), RecoveryRequest(1), kToday)),
            reason::kRecoveryExceedsCompensation);
}

TEST(Recovery, MoreThanTheBankIsOwedIsRefused) {
  v1::Loan loan = CompensatedLoan();
  *loan.mutable_outstanding_principal() = Cny(0);
  *loan.mutable_interest_receivable() = Cny(0);
  absl::StatusOr<v1::Event> e = DecideRecovery(loan, ExposedFund(), RecoveryRequest(100), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kRecoveryExceedsOutstanding);
  EXPECT_EQ(Where(e), "amount.amount_fen");
  // Full coverage: all of it goes to the fund, none to the bank.
  loan.mutable_guarantees(1)->set_coverage_bps(10000);
  e = DecideRecovery(loan, ExposedFund(), RecoveryRequest(100), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->recovery_recorded().to_fund().amount_fen(), 100);
  EXPECT_EQ(e->postings_size(), 2);
}

// CompensatedLoan() after the bank wrote off what the fund did not cover: 16,000 CNY of
// principal and 240 of due interest.
v1::Loan WrittenOffLoan() {
  v1::Loan l = CompensatedLoan();
  l.set_status(v1::WRITTEN_OFF);
  l.set_written_off_by_sequence(8);
  *l.mutable_written_off_principal() = Cny(16'000'00);
  *l.mutable_written_off_interest() = Cny(240'00);
  *l.mutable_outstanding_principal() = Cny(0);
  *l.mutable_interest_receivable() = Cny(0);
  *l.mutable_recovered_written_off() = Cny(0);
  *l.mutable_last_value_date() = D(2024, 8, 1);
  return l;
}

TEST(Recovery, AfterTheBankWroteItsShareOffItsPartReducesTheWriteOff) {
  absl::StatusOr<v1::Event> e =
      DecideRecovery(WrittenOffLoan(), ExposedFund(), RecoveryRequest(10'000'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::RecoveryRecorded& r = e->recovery_recorded();
  EXPECT_EQ(r.to_fund().amount_fen(), 8'000'00);
  EXPECT_EQ(r.to_bank_principal().amount_fen(), 0);
  EXPECT_EQ(r.to_bank_interest().amount_fen(), 0);
  EXPECT_EQ(r.to_bank_written_off().amount_fen(), 2'000'00);
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"DEBIT guarantee_funds/F1/accounts/cash 800000 CNY",
                                      "CREDIT guarantee_funds/F1/accounts/recoveries 800000 CNY",
                                      "DEBIT banks/B001/accounts/repayments 200000 CNY",
                                      "CREDIT banks/B001/accounts/write_offs 200000 CNY"}));

  // Everything back: the fund's 64,960 and the bank's 16,240 written off.
  e = DecideRecovery(WrittenOffLoan(), ExposedFund(), RecoveryRequest(81'200'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->recovery_recorded().to_fund().amount_fen(), 64'960'00);
  EXPECT_EQ(e->recovery_recorded().to_bank_written_off().amount_fen(), 16'240'00);
}

TEST(Recovery, TheBanksPartSettlesPrincipalThenInterestThenTheWriteOff) {
  // A loan still owed 500 CNY of principal and 300 of interest besides 16,240 written off.
  v1::Loan loan = WrittenOffLoan();
  *loan.mutable_outstanding_principal() = Cny(500'00);
  *loan.mutable_interest_receivable() = Cny(300'00);
  absl::StatusOr<v1::Event> e =
      DecideRecovery(loan, ExposedFund(), RecoveryRequest(10'000'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::RecoveryRecorded& r = e->recovery_recorded();
  EXPECT_EQ(r.to_fund().amount_fen(), 8'000'00);
  EXPECT_EQ(r.to_bank_principal().amount_fen(), 500'00);
  EXPECT_EQ(r.to_bank_interest().amount_fen(), 300'00);
  EXPECT_EQ(r.to_bank_written_off().amount_fen(), 1'200'00);
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"DEBIT guarantee_funds/F1/accounts/cash 800000 CNY",
                                      "CREDIT guarantee_funds/F1/accounts/recoveries 800000 CNY",
                                      "DEBIT banks/B001/accounts/repayments 200000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/principal 50000 CNY",
                                      "CREDIT banks/B001/loans/L1/accounts/interest 30000 CNY",
                                      "CREDIT banks/B001/accounts/write_offs 120000 CNY"}));
}

TEST(Recovery, BeyondWhatTheBankWroteOffIsRefused) {
  // The bank already got back 16,100 of the 16,240 it wrote off: 140 CNY of room. (Hand-made:
  // the fund has recovered nothing, so only the bank's bound is in play.)
  v1::Loan loan = WrittenOffLoan();
  *loan.mutable_recovered_written_off() = Cny(16'100'00);
  absl::StatusOr<v1::Event> e =
      DecideRecovery(loan, ExposedFund(), RecoveryRequest(700'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->recovery_recorded().to_fund().amount_fen(), 560'00);
  EXPECT_EQ(e->recovery_recorded().to_bank_written_off().amount_fen(), 140'00);

  // 700.05 CNY: the fund's share rounds to 560.04, leaving the bank 140.01.
  e = DecideRecovery(loan, ExposedFund(), RecoveryRequest(700'05), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kRecoveryExceedsOutstanding);
  EXPECT_EQ(Where(e), "amount.amount_fen");
  EXPECT_NE(e.status().message().find("14000 fen it wrote off"), absl::string_view::npos)
      << e.status();

  // Once all of it came back, nothing more goes to the bank.
  *loan.mutable_recovered_written_off() = Cny(16'240'00);
  EXPECT_EQ(Why(DecideRecovery(loan, ExposedFund(), RecoveryRequest(100), kToday)),
            reason::kRecoveryExceedsOutstanding);
}

TEST(Recovery, Refusals) {
  absl::StatusOr<v1::Event> e = DecideRecovery(OverdueLoan(v1::GUARANTEE_CALL_FILED), ExposedFund(),
                                               RecoveryRequest(100), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kLoanNotCompensated);

  v1::GuaranteeFund other = ExposedFund();
  other.set_name("guarantee_funds/F2");
  other.set_fund_id("F2");
  e = DecideRecovery(CompensatedLoan(), other, RecoveryRequest(100), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotFound);

  e = DecideRecovery(CompensatedLoan(), ExposedFund(), RecoveryRequest(0), kToday);
  EXPECT_EQ(Why(e), reason::kAmountNotPositive);
  EXPECT_EQ(Where(e), "amount.amount_fen");

  v1::RecordRecoveryRequest r = RecoveryRequest(100);
  *r.mutable_value_date() = ToDate(kToday + 1);
  EXPECT_EQ(Why(DecideRecovery(CompensatedLoan(), ExposedFund(), r, kToday)),
            reason::kDateInFuture);
  *r.mutable_value_date() = D(2024, 6, 30);
  EXPECT_EQ(Why(DecideRecovery(CompensatedLoan(), ExposedFund(), r, kToday)),
            reason::kDateBeforeLastEvent);

  r = RecoveryRequest(100);
  r.set_loan("banks/B001/loans/L2");
  EXPECT_EQ(Why(DecideRecovery(CompensatedLoan(), ExposedFund(), r, kToday)),
            reason::kInvalidLoanName);
}

}  // namespace
}  // namespace ledger
