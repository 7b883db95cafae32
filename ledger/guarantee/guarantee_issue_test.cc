// IssueFundGuarantee: coverage, region, uniqueness and the fund's leverage limit.
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
using ::ledger::testing::SampleFund;
using ::ledger::testing::SampleLoan;
using ::ledger::testing::Where;
using ::ledger::testing::Why;

const absl::CivilDay kToday(2024, 6, 30);

v1::IssueFundGuaranteeRequest IssueRequest(int32_t coverage_bps = 8000) {
  v1::IssueFundGuaranteeRequest r;
  r.set_loan("banks/B001/loans/L1");
  r.set_guarantee_id("G1");
  r.set_fund("guarantee_funds/F1");
  r.set_coverage_bps(coverage_bps);
  r.add_party_ids("guarantor-1");
  *r.mutable_value_date() = D(2024, 1, 12);
  return r;
}

// ---- IssueFundGuarantee ----

TEST(IssueFundGuarantee, CoversTheShareOfUnrepaidPrincipal) {
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(SampleLoan(), SampleFund(), IssueRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->guarantee_issued().loan(), "banks/B001/loans/L1");
  const v1::Guarantee& g = e->guarantee_issued().guarantee();
  EXPECT_EQ(g.guarantee_id(), "G1");
  EXPECT_EQ(g.form(), v1::FUND_GUARANTEE);
  EXPECT_EQ(g.fund_id(), "F1");
  EXPECT_EQ(g.coverage_bps(), 8000);
  // 80% of (100,000 approved - 20,000 repaid).
  EXPECT_EQ(g.guaranteed_principal().amount_fen(), 64'000'00);
  EXPECT_EQ(g.guaranteed_principal().currency_code(), "CNY");
  ASSERT_EQ(g.party_ids_size(), 1);
  EXPECT_EQ(g.party_ids(0), "guarantor-1");
  EXPECT_EQ(g.state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(FormatDate(g.issued_date()), "2024-01-12");
  EXPECT_EQ(g.issued_sequence(), 0u);  // EvolveLoan sets it
  EXPECT_TRUE(e->postings().empty());  // the commit path adds the exposure memo postings
}

TEST(IssueFundGuarantee, ApprovedLoanWithOtherGuaranteesAndNoParties) {
  v1::Loan loan = SampleLoan();
  loan.set_status(v1::APPROVED);
  *loan.mutable_disbursed_principal() = Cny(0);
  *loan.mutable_repaid_principal() = Cny(0);
  *loan.mutable_outstanding_principal() = Cny(0);
  loan.clear_last_value_date();
  AddGuarantee(loan, "JL1", v1::JOINT_LIABILITY, v1::GUARANTEE_RECORDED);
  v1::IssueFundGuaranteeRequest r = IssueRequest(10000);
  r.clear_party_ids();
  absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(loan, SampleFund(), r, kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->guarantee_issued().guarantee().guaranteed_principal().amount_fen(), 100'000'00);
}

TEST(IssueFundGuarantee, CityFundCoversEveryCountyOfTheCity) {
  v1::GuaranteeFund fund = SampleFund();
  fund.set_scope(v1::CITY);
  fund.set_region_code("3702");
  EXPECT_TRUE(DecideIssueFundGuarantee(SampleLoan(), fund, IssueRequest(), kToday).ok());
  v1::Loan elsewhere = SampleLoan();
  elsewhere.set_county_code("370305");
  absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(elsewhere, fund, IssueRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kOutsideFundRegion);
  EXPECT_EQ(Where(e), "fund");
}

TEST(IssueFundGuarantee, LeverageLimitExactlyReachedIsAllowedOneFenOverIsNot) {
  // Capital 100,000 CNY x 5 = 500,000 CNY; the guarantee is 64,000 CNY.
  const int64_t limit_fen = 500'000'00;
  const int64_t guaranteed_fen = 64'000'00;
  absl::StatusOr<v1::Event> at_limit = DecideIssueFundGuarantee(
      SampleLoan(), SampleFund(100'000'00, limit_fen - guaranteed_fen), IssueRequest(), kToday);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();

  absl::StatusOr<v1::Event> over = DecideIssueFundGuarantee(
      SampleLoan(), SampleFund(100'000'00, limit_fen - guaranteed_fen + 1), IssueRequest(), kToday);
  EXPECT_EQ(Code(over), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(over), reason::kLeverageLimitExceeded);
  EXPECT_EQ(Where(over), "coverage_bps");
  EXPECT_NE(over.status().message().find("50000001"), absl::string_view::npos)
      << over.status().message();
  EXPECT_NE(over.status().message().find("50000000"), absl::string_view::npos)
      << over.status().message();

  // A fund without capital guarantees nothing.
  EXPECT_EQ(Why(DecideIssueFundGuarantee(SampleLoan(), SampleFund(0), IssueRequest(), kToday)),
            reason::kLeverageLimitExceeded);
}

TEST(IssueFundGuarantee, LeverageLimitBeyondInt64IsComputedIn128Bits) {
  // Capital x 20 passes int64; the check must not wrap into a refusal.
  v1::GuaranteeFund fund = SampleFund(int64_t{900'000'000'000'000'000});
  fund.set_leverage_multiple(20);
  EXPECT_TRUE(DecideIssueFundGuarantee(SampleLoan(), fund, IssueRequest(), kToday).ok());
}

TEST(IssueFundGuarantee, StateRefusals) {
  struct Case {
    v1::LoanStatus status;
    const char* reason;
  };
  for (const Case& c :
       {Case{v1::CLOSED, reason::kLoanClosed}, Case{v1::COMPENSATED, reason::kLoanCompensated},
        Case{v1::WRITTEN_OFF, reason::kLoanWrittenOff}}) {
    v1::Loan loan = SampleLoan();
    loan.set_status(c.status);
    absl::StatusOr<v1::Event> e =
        DecideIssueFundGuarantee(loan, SampleFund(), IssueRequest(), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition) << c.reason;
    EXPECT_EQ(Why(e), c.reason);
    EXPECT_EQ(Where(e), "loan");
  }
}

TEST(IssueFundGuarantee, GuaranteeIdMustBeNewAndOnlyOneFundGuarantee) {
  v1::Loan loan = SampleLoan();
  AddGuarantee(loan, "G1", v1::COUNTER_GUARANTEE, v1::GUARANTEE_RECORDED);
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(loan, SampleFund(), IssueRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Why(e), reason::kGuaranteeAlreadyExists);
  EXPECT_EQ(Where(e), "guarantee_id");

  // Another fund guarantee, even released, blocks a second one.
  for (v1::GuaranteeState state : {v1::GUARANTEE_LIVE, v1::GUARANTEE_RELEASED,
                                   v1::GUARANTEE_COMPENSATED, v1::GUARANTEE_CALL_FILED}) {
    v1::Loan with_fund = SampleLoan();
    AddGuarantee(with_fund, "G0", v1::FUND_GUARANTEE, state);
    e = DecideIssueFundGuarantee(with_fund, SampleFund(), IssueRequest(), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(Why(e), reason::kFundGuaranteeExists) << state;
  }
}

TEST(IssueFundGuarantee, AtMostEightGuaranteesPerLoan) {
  v1::Loan loan = SampleLoan();
  for (int i = 0; i < kMaxGuaranteesPerLoan - 1; ++i) {
    AddGuarantee(loan, absl::StrCat("C", i), v1::CREDIT_GUARANTEE, v1::GUARANTEE_RECORDED);
  }
  ASSERT_TRUE(DecideIssueFundGuarantee(loan, SampleFund(), IssueRequest(), kToday).ok());
  AddGuarantee(loan, "C-last", v1::CREDIT_GUARANTEE, v1::GUARANTEE_RECORDED);
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(loan, SampleFund(), IssueRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kTooManyGuarantees);
}

TEST(IssueFundGuarantee, CoverageTooSmallToCoverAFenIsRefused) {
  v1::Loan loan = SampleLoan();
  *loan.mutable_approved_principal() = Cny(100);
  *loan.mutable_disbursed_principal() = Cny(100);
  *loan.mutable_repaid_principal() = Cny(0);
  *loan.mutable_outstanding_principal() = Cny(100);
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(loan, SampleFund(), IssueRequest(1), kToday);
  EXPECT_EQ(Why(e), reason::kAmountNotPositive);
  EXPECT_EQ(Where(e), "coverage_bps");
  // 50 bps of 100 fen is 0.5 fen, which rounds up to 1.
  EXPECT_TRUE(DecideIssueFundGuarantee(loan, SampleFund(), IssueRequest(50), kToday).ok());
}

TEST(IssueFundGuarantee, EveryBadFieldIsRefusedByName) {
  struct Case {
    void (*mutate)(v1::IssueFundGuaranteeRequest&);
    absl::StatusCode code;
    const char* reason;
    const char* field;
  };
  const auto kBad = absl::StatusCode::kInvalidArgument;
  const Case cases[] = {
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_loan(""); }, kBad, reason::kFieldRequired,
       "loan"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_loan("banks/B001/L1"); }, kBad,
       reason::kInvalidLoanName, "loan"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_loan("banks/B001/loans/L2"); }, kBad,
       reason::kInvalidLoanName, "loan"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_fund(""); }, kBad, reason::kFieldRequired,
       "fund"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_fund("funds/F1"); }, kBad,
       reason::kInvalidFundName, "fund"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_fund("guarantee_funds/F2"); }, kBad,
       reason::kInvalidFundName, "fund"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_guarantee_id(""); }, kBad,
       reason::kFieldRequired, "guarantee_id"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_guarantee_id("G 1"); }, kBad,
       reason::kInvalidId, "guarantee_id"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_coverage_bps(0); }, kBad,
       reason::kCoverageOutOfRange, "coverage_bps"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.set_coverage_bps(10001); }, kBad,
       reason::kCoverageOutOfRange, "coverage_bps"},
      {[](v1::IssueFundGuaranteeRequest& r) {
         for (int i = 0; i < 10; ++i) r.add_party_ids(absl::StrCat("p", i));
       },
       kBad, reason::kTooManyParties, "party_ids"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.add_party_ids("bad/id"); }, kBad,
       reason::kInvalidId, "party_ids[1]"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.add_party_ids(""); }, kBad, reason::kFieldRequired,
       "party_ids[1]"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.add_party_ids("guarantor-1"); }, kBad,
       reason::kInvalidId, "party_ids[1]"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.add_party_ids("11010519491231002X"); }, kBad,
       reason::kPersonalDataNotAllowed, "party_ids[1]"},
      {[](v1::IssueFundGuaranteeRequest& r) { *r.mutable_value_date() = D(2024, 7, 1); }, kBad,
       reason::kDateInFuture, "value_date"},
      {[](v1::IssueFundGuaranteeRequest& r) { *r.mutable_value_date() = D(2024, 1, 9); }, kBad,
       reason::kDateBeforeContract, "value_date"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.clear_value_date(); }, kBad, reason::kFieldRequired,
       "value_date"},
      {[](v1::IssueFundGuaranteeRequest& r) { r.mutable_value_date()->set_month(13); }, kBad,
       reason::kInvalidDate, "value_date"},
  };
  for (const Case& c : cases) {
    v1::IssueFundGuaranteeRequest r = IssueRequest();
    c.mutate(r);
    absl::StatusOr<v1::Event> e = DecideIssueFundGuarantee(SampleLoan(), SampleFund(), r, kToday);
    EXPECT_EQ(Code(e), c.code) << c.reason << " " << c.field;
    EXPECT_EQ(Why(e), c.reason) << c.field << ": " << e.status();
    EXPECT_EQ(Where(e), c.field) << c.reason;
  }
}

TEST(IssueFundGuarantee, TenPartiesAreAllowed) {
  v1::IssueFundGuaranteeRequest r = IssueRequest();
  for (int i = 0; i < 9; ++i) r.add_party_ids(absl::StrCat("p", i));
  EXPECT_TRUE(DecideIssueFundGuarantee(SampleLoan(), SampleFund(), r, kToday).ok());
}

TEST(IssueFundGuarantee, MissingLoanOrFundIsNotFound) {
  absl::StatusOr<v1::Event> e =
      DecideIssueFundGuarantee(v1::Loan(), SampleFund(), IssueRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kLoanNotFound);
  e = DecideIssueFundGuarantee(SampleLoan(), v1::GuaranteeFund(), IssueRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kFundNotFound);
  EXPECT_EQ(Where(e), "fund");
}

}  // namespace
}  // namespace ledger
