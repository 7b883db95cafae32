// A fund guarantee in two steps: the bank's RequestFundGuarantee (coverage, region, uniqueness;
// no exposure, so no leverage check) and the fund's IssueFundGuarantee (the request's terms and
// the fund's leverage limit on its cash).
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
using ::ledger::testing::RequestedLoan;
using ::ledger::testing::SampleFund;
using ::ledger::testing::SampleLoan;
using ::ledger::testing::Where;
using ::ledger::testing::Why;

const absl::CivilDay kToday(2024, 6, 30);

v1::RequestFundGuaranteeRequest Request(int32_t coverage_bps = 8000) {
  v1::RequestFundGuaranteeRequest r;
  r.set_loan("banks/B001/loans/L1");
  r.set_guarantee_id("G1");
  r.set_fund("guarantee_funds/F1");
  r.set_coverage_bps(coverage_bps);
  r.add_party_ids("guarantor-1");
  *r.mutable_value_date() = D(2024, 1, 12);
  return r;
}

// Issues RequestedLoan()'s G1 on 2024-03-25 (after the loan's latest value date, 2024-03-20).
v1::IssueFundGuaranteeRequest Issue(int32_t coverage_bps = 8000) {
  v1::IssueFundGuaranteeRequest r;
  r.set_loan("banks/B001/loans/L1");
  r.set_guarantee_id("G1");
  r.set_fund("guarantee_funds/F1");
  r.set_coverage_bps(coverage_bps);
  *r.mutable_value_date() = D(2024, 3, 25);
  return r;
}

// A fund F2 of the same county.
v1::GuaranteeFund OtherFund() {
  v1::GuaranteeFund fund = SampleFund();
  fund.set_name("guarantee_funds/F2");
  fund.set_fund_id("F2");
  return fund;
}

// ---- RequestFundGuarantee ----

TEST(RequestFundGuarantee, RecordsTheRequestWithoutExposureOrPostings) {
  absl::StatusOr<v1::Event> e =
      DecideRequestFundGuarantee(SampleLoan(), SampleFund(), Request(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_TRUE(e->has_guarantee_requested());
  EXPECT_EQ(e->guarantee_requested().loan(), "banks/B001/loans/L1");
  const v1::Guarantee& g = e->guarantee_requested().guarantee();
  EXPECT_EQ(g.guarantee_id(), "G1");
  EXPECT_EQ(g.form(), v1::FUND_GUARANTEE);
  EXPECT_EQ(g.fund_id(), "F1");
  EXPECT_EQ(g.coverage_bps(), 8000);
  ASSERT_EQ(g.party_ids_size(), 1);
  EXPECT_EQ(g.party_ids(0), "guarantor-1");
  EXPECT_EQ(g.state(), v1::GUARANTEE_REQUESTED);
  EXPECT_EQ(FormatDate(g.requested_date()), "2024-01-12");
  // Nothing guaranteed yet: the fund decides when it issues.
  EXPECT_FALSE(g.has_guaranteed_principal());
  EXPECT_FALSE(g.has_issued_date());
  EXPECT_EQ(g.requested_sequence(), 0u);  // EvolveLoan sets it
  EXPECT_TRUE(e->postings().empty());
}

TEST(RequestFundGuarantee, NoLeverageCheck) {
  // A fund without capital, or one at its limit, can still be asked; it will not issue.
  EXPECT_TRUE(DecideRequestFundGuarantee(SampleLoan(), SampleFund(0), Request(), kToday).ok());
  EXPECT_TRUE(DecideRequestFundGuarantee(SampleLoan(), SampleFund(100'000'00, 500'000'00),
                                         Request(), kToday)
                  .ok());
}

TEST(RequestFundGuarantee, ApprovedLoanWithOtherGuaranteesAndNoParties) {
  v1::Loan loan = SampleLoan();
  loan.set_status(v1::APPROVED);
  *loan.mutable_disbursed_principal() = Cny(0);
  *loan.mutable_repaid_principal() = Cny(0);
  *loan.mutable_outstanding_principal() = Cny(0);
  loan.clear_last_value_date();
  AddGuarantee(loan, "JL1", v1::JOINT_LIABILITY, v1::GUARANTEE_RECORDED);
  v1::RequestFundGuaranteeRequest r = Request(10000);
  r.clear_party_ids();
  absl::StatusOr<v1::Event> e = DecideRequestFundGuarantee(loan, SampleFund(), r, kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->guarantee_requested().guarantee().coverage_bps(), 10000);
  EXPECT_EQ(e->guarantee_requested().guarantee().party_ids_size(), 0);
}

TEST(RequestFundGuarantee, MayBeDatedBeforeTheLoansLatestEvent) {
  // Agreed at origination and recorded late: only the contract date bounds it.
  v1::RequestFundGuaranteeRequest r = Request();
  *r.mutable_value_date() = D(2024, 1, 10);
  EXPECT_TRUE(DecideRequestFundGuarantee(SampleLoan(), SampleFund(), r, kToday).ok());
}

TEST(RequestFundGuarantee, CityFundCoversEveryCountyOfTheCity) {
  v1::GuaranteeFund fund = SampleFund();
  fund.set_scope(v1::CITY);
  fund.set_region_code("3702");
  EXPECT_TRUE(DecideRequestFundGuarantee(SampleLoan(), fund, Request(), kToday).ok());
  v1::Loan elsewhere = SampleLoan();
  elsewhere.set_county_code("370305");
  absl::StatusOr<v1::Event> e = DecideRequestFundGuarantee(elsewhere, fund, Request(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kOutsideFundRegion);
  EXPECT_EQ(Where(e), "fund");
  // A county fund covers only its county.
  EXPECT_EQ(Why(DecideRequestFundGuarantee(elsewhere, SampleFund(), Request(), kToday)),
            reason::kOutsideFundRegion);
}

TEST(RequestFundGuarantee, StateRefusals) {
  struct Case {
    v1::LoanStatus status;
    const char* reason;
  };
  for (const Case& c :
       {Case{v1::CLOSED, reason::kLoanClosed}, Case{v1::COMPENSATED, reason::kLoanCompensated},
        Case{v1::WRITTEN_OFF, reason::kLoanWrittenOff},
        Case{v1::LOAN_STATUS_UNSPECIFIED, reason::kInvalidStatus}}) {
    v1::Loan loan = SampleLoan();
    loan.set_status(c.status);
    absl::StatusOr<v1::Event> e = DecideRequestFundGuarantee(loan, SampleFund(), Request(), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition) << c.reason;
    EXPECT_EQ(Why(e), c.reason);
    EXPECT_EQ(Where(e), "loan");
  }
}

TEST(RequestFundGuarantee, GuaranteeIdMustBeNewAndOnlyOneFundGuarantee) {
  v1::Loan loan = SampleLoan();
  AddGuarantee(loan, "G1", v1::COUNTER_GUARANTEE, v1::GUARANTEE_RECORDED);
  absl::StatusOr<v1::Event> e = DecideRequestFundGuarantee(loan, SampleFund(), Request(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Why(e), reason::kGuaranteeAlreadyExists);
  EXPECT_EQ(Where(e), "guarantee_id");

  // Asking twice under the same id.
  e = DecideRequestFundGuarantee(RequestedLoan(), SampleFund(), Request(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Why(e), reason::kGuaranteeAlreadyExists);

  // Another fund guarantee in any state, even one only requested (of another fund) or
  // released, blocks a second one.
  for (v1::GuaranteeState state :
       {v1::GUARANTEE_REQUESTED, v1::GUARANTEE_LIVE, v1::GUARANTEE_RELEASED,
        v1::GUARANTEE_COMPENSATED, v1::GUARANTEE_CALL_FILED}) {
    v1::Loan with_fund = SampleLoan();
    AddGuarantee(with_fund, "G0", v1::FUND_GUARANTEE, state)->set_fund_id("F2");
    e = DecideRequestFundGuarantee(with_fund, SampleFund(), Request(), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(Why(e), reason::kFundGuaranteeExists) << state;
    EXPECT_EQ(Where(e), "loan");
  }
}

TEST(RequestFundGuarantee, AtMostEightGuaranteesPerLoan) {
  v1::Loan loan = SampleLoan();
  for (int i = 0; i < kMaxGuaranteesPerLoan - 1; ++i) {
    AddGuarantee(loan, absl::StrCat("C", i), v1::CREDIT_GUARANTEE, v1::GUARANTEE_RECORDED);
  }
  ASSERT_TRUE(DecideRequestFundGuarantee(loan, SampleFund(), Request(), kToday).ok());
  AddGuarantee(loan, "C-last", v1::CREDIT_GUARANTEE, v1::GUARANTEE_RECORDED);
  absl::StatusOr<v1::Event> e = DecideRequestFundGuarantee(loan, SampleFund(), Request(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kTooManyGuarantees);
}

TEST(RequestFundGuarantee, EveryBadFieldIsRefusedByName) {
  struct Case {
    void (*mutate)(v1::RequestFundGuaranteeRequest&);
    const char* reason;
    const char* field;
  };
  const Case cases[] = {
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_loan(""); }, reason::kFieldRequired, "loan"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_loan("banks/B001/L1"); },
       reason::kInvalidLoanName, "loan"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_loan("banks/B001/loans/L2"); },
       reason::kInvalidLoanName, "loan"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_fund(""); }, reason::kFieldRequired, "fund"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_fund("funds/F1"); }, reason::kInvalidFundName,
       "fund"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_fund("guarantee_funds/F2"); },
       reason::kInvalidFundName, "fund"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_guarantee_id(""); }, reason::kFieldRequired,
       "guarantee_id"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_guarantee_id("G 1"); }, reason::kInvalidId,
       "guarantee_id"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_coverage_bps(0); },
       reason::kCoverageOutOfRange, "coverage_bps"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_coverage_bps(-1); },
       reason::kCoverageOutOfRange, "coverage_bps"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.set_coverage_bps(10001); },
       reason::kCoverageOutOfRange, "coverage_bps"},
      {[](v1::RequestFundGuaranteeRequest& r) {
         for (int i = 0; i < 10; ++i) r.add_party_ids(absl::StrCat("p", i));
       },
       reason::kTooManyParties, "party_ids"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.add_party_ids("bad/id"); }, reason::kInvalidId,
       "party_ids[1]"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.add_party_ids(""); }, reason::kFieldRequired,
       "party_ids[1]"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.add_party_ids("guarantor-1"); },
       reason::kInvalidId, "party_ids[1]"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.add_party_ids("11010519491231002X"); },
       reason::kPersonalDataNotAllowed, "party_ids[1]"},
      {[](v1::RequestFundGuaranteeRequest& r) { *r.mutable_value_date() = D(2024, 7, 1); },
       reason::kDateInFuture, "value_date"},
      {[](v1::RequestFundGuaranteeRequest& r) { *r.mutable_value_date() = D(2024, 1, 9); },
       reason::kDateBeforeContract, "value_date"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.clear_value_date(); }, reason::kFieldRequired,
       "value_date"},
      {[](v1::RequestFundGuaranteeRequest& r) { r.mutable_value_date()->set_month(13); },
       reason::kInvalidDate, "value_date"},
  };
  for (const Case& c : cases) {
    v1::RequestFundGuaranteeRequest r = Request();
    c.mutate(r);
    absl::StatusOr<v1::Event> e = DecideRequestFundGuarantee(SampleLoan(), SampleFund(), r, kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument) << c.reason << " " << c.field;
    EXPECT_EQ(Why(e), c.reason) << c.field << ": " << e.status();
    EXPECT_EQ(Where(e), c.field) << c.reason;
  }
}

TEST(RequestFundGuarantee, TenPartiesAndFullCoverageAreAllowed) {
  v1::RequestFundGuaranteeRequest r = Request(10000);
  for (int i = 0; i < 9; ++i) r.add_party_ids(absl::StrCat("p", i));
  EXPECT_TRUE(DecideRequestFundGuarantee(SampleLoan(), SampleFund(), r, kToday).ok());
  EXPECT_TRUE(DecideRequestFundGuarantee(SampleLoan(), SampleFund(), Request(1), kToday).ok());
}

TEST(RequestFundGuarantee, MissingLoanOrFundIsNotFound) {
  absl::StatusOr<v1::Event> e =
      DecideRequestFundGuarantee(v1::Loan(), SampleFund(), Request(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kLoanNotFound);
  e = DecideRequestFundGuarantee(SampleLoan(), v1::GuaranteeFund(), Request(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kFundNotFound);
  EXPECT_EQ(Where(e), "fund");
}

// ---- IssueFundGuarantee ----

TEST(IssueFundGuarantee, IssuesTheRequestOnTheShareOfUnrepaidPrincipal) {
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), Issue(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_TRUE(e->has_guarantee_issued());
  EXPECT_EQ(e->guarantee_issued().loan(), "banks/B001/loans/L1");
  const v1::Guarantee& g = e->guarantee_issued().guarantee();
  EXPECT_EQ(g.guarantee_id(), "G1");
  EXPECT_EQ(g.form(), v1::FUND_GUARANTEE);
  EXPECT_EQ(g.fund_id(), "F1");
  EXPECT_EQ(g.coverage_bps(), 8000);
  // 80% of (100,000 approved - 20,000 repaid).
  EXPECT_EQ(g.guaranteed_principal().amount_fen(), 64'000'00);
  EXPECT_EQ(g.guaranteed_principal().currency_code(), "CNY");
  // The parties and the request's date are the bank's request's.
  ASSERT_EQ(g.party_ids_size(), 1);
  EXPECT_EQ(g.party_ids(0), "guarantor-1");
  EXPECT_EQ(FormatDate(g.requested_date()), "2024-01-12");
  EXPECT_EQ(g.state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(FormatDate(g.issued_date()), "2024-03-25");
  EXPECT_EQ(g.issued_sequence(), 0u);  // EvolveLoan sets it
  EXPECT_TRUE(e->postings().empty());  // the commit path adds the exposure memo postings
}

TEST(IssueFundGuarantee, ApprovedLoanIsGuaranteedOnItsApprovedPrincipal) {
  v1::Loan loan = RequestedLoan(10000);
  loan.set_status(v1::APPROVED);
  *loan.mutable_disbursed_principal() = Cny(0);
  *loan.mutable_repaid_principal() = Cny(0);
  *loan.mutable_outstanding_principal() = Cny(0);
  loan.clear_last_value_date();
  absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(loan, SampleFund(), Issue(10000), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->guarantee_issued().guarantee().guaranteed_principal().amount_fen(), 100'000'00);
}

TEST(IssueFundGuarantee, WithoutARequestIsRefused) {
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(SampleLoan(), SampleFund(), Issue(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotRequested);
  EXPECT_EQ(Where(e), "guarantee_id");

  // Another id than the request's.
  v1::IssueFundGuaranteeRequest other_id = Issue();
  other_id.set_guarantee_id("G2");
  e = DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), other_id, kToday);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotRequested);
  EXPECT_EQ(Where(e), "guarantee_id");

  // A guarantee of another form under that id is no request to the fund.
  v1::Loan counter = SampleLoan();
  AddGuarantee(counter, "G1", v1::COUNTER_GUARANTEE, v1::GUARANTEE_RECORDED);
  e = DecideIssueFundGuarantee(counter, SampleFund(), Issue(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotRequested);
}

TEST(IssueFundGuarantee, AnotherFundsRequestIsNotFound) {
  absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(
      RequestedLoan(), OtherFund(),
      [] {
        v1::IssueFundGuaranteeRequest r = Issue();
        r.set_fund("guarantee_funds/F2");
        return r;
      }(),
      kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kGuaranteeNotFound);
  EXPECT_EQ(Where(e), "guarantee_id");
}

TEST(IssueFundGuarantee, IssuingTwiceIsRefused) {
  absl::StatusOr<v1::Event> first =
      DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), Issue(), kToday);
  ASSERT_TRUE(first.ok()) << first.status();
  // The loan as EvolveLoan leaves it after the issue.
  v1::Loan issued = RequestedLoan();
  *issued.mutable_guarantees(0) = first->guarantee_issued().guarantee();
  issued.mutable_guarantees(0)->set_issued_sequence(4);
  absl::StatusOr<v1::Event> again = DecideIssueFundGuarantee(issued, SampleFund(), Issue(), kToday);
  EXPECT_EQ(Code(again), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Why(again), reason::kGuaranteeAlreadyExists);
  EXPECT_EQ(Where(again), "guarantee_id");

  for (v1::GuaranteeState state : {v1::GUARANTEE_CALL_FILED, v1::GUARANTEE_COMPENSATED}) {
    v1::Loan loan = RequestedLoan();
    loan.mutable_guarantees(0)->set_state(state);
    EXPECT_EQ(Why(DecideIssueFundGuarantee(loan, SampleFund(), Issue(), kToday)),
              reason::kGuaranteeAlreadyExists)
        << state;
  }
}

TEST(IssueFundGuarantee, CoverageMustEqualTheRequest) {
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), Issue(7000), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kGuaranteeTermsDiffer);
  EXPECT_EQ(Where(e), "coverage_bps");
  EXPECT_NE(e.status().message().find("8000"), absl::string_view::npos) << e.status();
  EXPECT_EQ(Why(DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), Issue(8001), kToday)),
            reason::kGuaranteeTermsDiffer);
  // A coverage no request could have is malformed, whatever was requested.
  e = DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), Issue(0), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Why(e), reason::kCoverageOutOfRange);
}

TEST(IssueFundGuarantee, TheLoanMustStillBeOpen) {
  struct Case {
    v1::LoanStatus status;
    v1::GuaranteeState state;  // what EvolveLoan makes of an unissued request then
    const char* reason;
  };
  for (const Case& c : {Case{v1::CLOSED, v1::GUARANTEE_RELEASED, reason::kLoanClosed},
                        Case{v1::WRITTEN_OFF, v1::GUARANTEE_RELEASED, reason::kLoanWrittenOff},
                        Case{v1::COMPENSATED, v1::GUARANTEE_REQUESTED, reason::kLoanCompensated}}) {
    v1::Loan loan = RequestedLoan();
    loan.set_status(c.status);
    loan.mutable_guarantees(0)->set_state(c.state);
    absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(loan, SampleFund(), Issue(), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition) << c.reason;
    EXPECT_EQ(Why(e), c.reason);
    EXPECT_EQ(Where(e), "loan");
  }
}

TEST(IssueFundGuarantee, ValueDateRefusals) {
  struct Case {
    v1::Date date;
    const char* reason;
  };
  for (const Case& c : {Case{D(2024, 7, 1), reason::kDateInFuture},
                        // Before the loan's latest value date: issuing follows the loan's life.
                        Case{D(2024, 3, 19), reason::kDateBeforeLastEvent},
                        Case{D(2024, 1, 9), reason::kDateBeforeContract},
                        Case{v1::Date(), reason::kFieldRequired}}) {
    v1::IssueFundGuaranteeRequest r = Issue();
    *r.mutable_value_date() = c.date;
    absl::StatusOr<v1::Event> e =
        DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), r, kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument) << c.reason;
    EXPECT_EQ(Why(e), c.reason);
    EXPECT_EQ(Where(e), "value_date");
  }
  // The loan's latest value date and today are both allowed.
  v1::IssueFundGuaranteeRequest r = Issue();
  *r.mutable_value_date() = D(2024, 3, 20);
  EXPECT_TRUE(DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), r, kToday).ok());
  *r.mutable_value_date() = ToDate(kToday);
  EXPECT_TRUE(DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), r, kToday).ok());

  // Not before the request, even on a loan whose latest value date is earlier.
  v1::Loan loan = RequestedLoan();
  *loan.mutable_guarantees(0)->mutable_requested_date() = D(2024, 4, 1);
  *r.mutable_value_date() = D(2024, 3, 31);
  absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(loan, SampleFund(), r, kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Why(e), reason::kDateBeforeLastEvent);
  EXPECT_EQ(Where(e), "value_date");
  *r.mutable_value_date() = D(2024, 4, 1);
  EXPECT_TRUE(DecideIssueFundGuarantee(loan, SampleFund(), r, kToday).ok());
}

TEST(IssueFundGuarantee, LeverageLimitExactlyReachedIsAllowedOneFenOverIsNot) {
  // Cash 100,000 CNY x 5 = 500,000 CNY; the guarantee is 64,000 CNY.
  const int64_t limit_fen = 500'000'00;
  const int64_t guaranteed_fen = 64'000'00;
  absl::StatusOr<v1::Event> at_limit = DecideIssueFundGuarantee(
      RequestedLoan(), SampleFund(100'000'00, limit_fen - guaranteed_fen), Issue(), kToday);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();

  absl::StatusOr<v1::Event> over = DecideIssueFundGuarantee(
      RequestedLoan(), SampleFund(100'000'00, limit_fen - guaranteed_fen + 1), Issue(), kToday);
  EXPECT_EQ(Code(over), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(over), reason::kLeverageLimitExceeded);
  EXPECT_EQ(Where(over), "coverage_bps");
  EXPECT_NE(over.status().message().find("50000001"), absl::string_view::npos)
      << over.status().message();
  EXPECT_NE(over.status().message().find("50000000"), absl::string_view::npos)
      << over.status().message();

  // A fund without capital guarantees nothing.
  EXPECT_EQ(Why(DecideIssueFundGuarantee(RequestedLoan(), SampleFund(0), Issue(), kToday)),
            reason::kLeverageLimitExceeded);
}

TEST(IssueFundGuarantee, LeverageIsMeasuredOnCashNotCapital) {
  // The fund paid 10,000 CNY of compensation: capital 100,000 but cash 90,000, so its limit is
  // 450,000 CNY, not 500,000.
  v1::GuaranteeFund paid_out = SampleFund(100'000'00);
  *paid_out.mutable_cash() = Cny(90'000'00);
  *paid_out.mutable_compensation_paid() = Cny(10'000'00);
  const int64_t limit_fen = 450'000'00;
  const int64_t guaranteed_fen = 64'000'00;

  *paid_out.mutable_exposure() = Cny(limit_fen - guaranteed_fen);
  absl::StatusOr<v1::Event> at_limit =
      DecideIssueFundGuarantee(RequestedLoan(), paid_out, Issue(), kToday);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();

  *paid_out.mutable_exposure() = Cny(limit_fen - guaranteed_fen + 1);
  absl::StatusOr<v1::Event> over =
      DecideIssueFundGuarantee(RequestedLoan(), paid_out, Issue(), kToday);
  EXPECT_EQ(Code(over), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(over), reason::kLeverageLimitExceeded);
  EXPECT_EQ(Where(over), "coverage_bps");
  // The message gives the figures: exposure before and after, the limit, cash and multiple.
  for (const char* figure :
       {"6400000", "38600001", "45000001", "45000000", "cash 9000000", "x 5"}) {
    EXPECT_NE(over.status().message().find(figure), absl::string_view::npos)
        << figure << " in " << over.status().message();
  }
}

TEST(IssueFundGuarantee, LeverageLimitBeyondInt64IsComputedIn128Bits) {
  // Cash x 20 passes int64; the check must not wrap into a refusal.
  v1::GuaranteeFund fund = SampleFund(int64_t{900'000'000'000'000'000});
  fund.set_leverage_multiple(20);
  EXPECT_TRUE(DecideIssueFundGuarantee(RequestedLoan(), fund, Issue(), kToday).ok());
}

TEST(IssueFundGuarantee, CoverageTooSmallToCoverAFenIsRefused) {
  auto tiny_loan = [](int32_t coverage_bps) {
    v1::Loan loan = RequestedLoan(coverage_bps);
    *loan.mutable_approved_principal() = Cny(100);
    *loan.mutable_disbursed_principal() = Cny(100);
    *loan.mutable_repaid_principal() = Cny(0);
    *loan.mutable_outstanding_principal() = Cny(100);
    return loan;
  };
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(tiny_loan(1), SampleFund(), Issue(1), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kAmountNotPositive);
  EXPECT_EQ(Where(e), "coverage_bps");
  // 50 bps of 100 fen is 0.5 fen, which rounds up to 1.
  e = DecideIssueFundGuarantee(tiny_loan(50), SampleFund(), Issue(50), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->guarantee_issued().guarantee().guaranteed_principal().amount_fen(), 1);
}

TEST(IssueFundGuarantee, BadNamesAreRefusedByName) {
  struct Case {
    void (*mutate)(v1::IssueFundGuaranteeRequest&);
    const char* reason;
    const char* field;
  };
  const Case cases[] = {
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_loan(""); }, reason::kFieldRequired, "loan"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_loan("banks/B001/loans/L2"); },
       reason::kInvalidLoanName, "loan"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_fund(""); }, reason::kFieldRequired, "fund"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_fund("guarantee_funds/F2"); },
       reason::kInvalidFundName, "fund"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_guarantee_id(""); }, reason::kFieldRequired,
       "guarantee_id"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_guarantee_id("G 1"); }, reason::kInvalidId,
       "guarantee_id"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_coverage_bps(10001); },
       reason::kCoverageOutOfRange, "coverage_bps"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.mutable_value_date()->set_month(13); },
       reason::kInvalidDate, "value_date"},
  };
  for (const Case& c : cases) {
    v1::IssueFundGuaranteeRequest r = Issue();
    c.mutate(r);
    absl::StatusOr<v1::Event> e =
        DecideIssueFundGuarantee(RequestedLoan(), SampleFund(), r, kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument) << c.reason << " " << c.field;
    EXPECT_EQ(Why(e), c.reason) << c.field << ": " << e.status();
    EXPECT_EQ(Where(e), c.field) << c.reason;
  }
}

TEST(IssueFundGuarantee, MissingLoanOrFundIsNotFound) {
  absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(v1::Loan(), SampleFund(), Issue(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kLoanNotFound);
  e = DecideIssueFundGuarantee(RequestedLoan(), v1::GuaranteeFund(), Issue(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kFundNotFound);
  EXPECT_EQ(Where(e), "fund");
}

}  // namespace
}  // namespace ledger
