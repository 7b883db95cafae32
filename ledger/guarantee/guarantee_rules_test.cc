// Fund names, shares, and the decisions that set funds up and record non-fund guarantees:
// CreateFund, DepositCapital, RecordGuarantee. RequestFundGuarantee and IssueFundGuarantee are
// in guarantee_issue_test.cc; calls, compensation and recoveries in guarantee_settlement_test.cc;
// EvolveFund in fund_evolve_test.cc.
#include "ledger/guarantee/guarantee_rules.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/guarantee/guarantee_test_support.h"

namespace ledger {
namespace {

using ::ledger::testing::AddGuarantee;
using ::ledger::testing::Code;
using ::ledger::testing::D;
using ::ledger::testing::Legs;
using ::ledger::testing::SampleFund;
using ::ledger::testing::SampleLoan;
using ::ledger::testing::Where;
using ::ledger::testing::Why;

const absl::CivilDay kToday(2024, 6, 30);

v1::CreateFundRequest CreateFundRequest() {
  v1::CreateFundRequest r;
  r.set_request_id("r1");
  r.set_fund_id("F1");
  r.set_display_name("Qingdao youth fund");
  r.set_scope(v1::COUNTY);
  r.set_region_code("370281");
  r.set_leverage_multiple(5);
  return r;
}

v1::DepositFundCapitalRequest DepositRequest(int64_t fen) {
  v1::DepositFundCapitalRequest r;
  r.set_name("guarantee_funds/F1");
  *r.mutable_amount() = Cny(fen);
  *r.mutable_value_date() = D(2024, 6, 1);
  return r;
}

v1::RecordGuaranteeRequest RecordRequest(v1::GuaranteeForm form = v1::JOINT_LIABILITY) {
  v1::RecordGuaranteeRequest r;
  r.set_loan("banks/B001/loans/L1");
  r.set_guarantee_id("JL1");
  r.set_form(form);
  r.add_party_ids("borrower-8");
  r.add_party_ids("borrower-9");
  *r.mutable_value_date() = D(2024, 1, 12);
  return r;
}

// ---- names and shares ----

TEST(FundName, FormatsAndParses) {
  EXPECT_EQ(FormatFundName("F1"), "guarantee_funds/F1");
  absl::StatusOr<std::string> id = ParseFundName("guarantee_funds/F-1.a_b", "fund");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "F-1.a_b");
}

TEST(FundName, RefusesMalformedNames) {
  EXPECT_EQ(Why(ParseFundName("", "fund")), reason::kFieldRequired);
  for (const char* bad : {"F1", "guarantee_funds/", "guarantee_funds/F/1", "funds/F1",
                          "guarantee_funds/F 1", "Guarantee_funds/F1"}) {
    absl::StatusOr<std::string> id = ParseFundName(bad, "fund");
    EXPECT_EQ(Why(id), reason::kInvalidFundName) << bad;
    EXPECT_EQ(Where(id), "fund") << bad;
    EXPECT_EQ(Code(id), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(Why(ParseFundName(absl::StrCat("guarantee_funds/", std::string(65, 'a')), "name")),
            reason::kInvalidFundName);
}

TEST(ShareOf, RoundsHalfUpToTheFen) {
  EXPECT_EQ(ShareOf(1, 8000), 1);  // 0.8 fen
  EXPECT_EQ(ShareOf(1, 5000), 1);  // 0.5 fen rounds up
  EXPECT_EQ(ShareOf(1, 3000), 0);  // 0.3 fen
  EXPECT_EQ(ShareOf(1, 4999), 0);  // just under half
  EXPECT_EQ(ShareOf(3, 5000), 2);  // 1.5 fen
  EXPECT_EQ(ShareOf(100'000'00, 8000), 80'000'00);
  EXPECT_EQ(ShareOf(12345, 10000), 12345);
  EXPECT_EQ(ShareOf(12345, 0), 0);
  EXPECT_EQ(ShareOf(0, 8000), 0);
  // Needs 128 bits: the product passes int64.
  EXPECT_EQ(ShareOf(int64_t{4'000'000'000'000'000'000}, 5000), int64_t{2'000'000'000'000'000'000});
}

// ---- CreateFund ----

TEST(CreateFund, MakesTheEventWithDefaultCallAfterDays) {
  absl::StatusOr<v1::Event> e = DecideCreateFund(CreateFundRequest(), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  const v1::FundCreated& c = e->fund_created();
  EXPECT_EQ(c.fund(), "guarantee_funds/F1");
  EXPECT_EQ(c.fund_id(), "F1");
  EXPECT_EQ(c.display_name(), "Qingdao youth fund");
  EXPECT_EQ(c.scope(), v1::COUNTY);
  EXPECT_EQ(c.region_code(), "370281");
  EXPECT_EQ(c.leverage_multiple(), 5);
  EXPECT_EQ(c.call_after_days(), 90);
  EXPECT_TRUE(e->postings().empty());
}

TEST(CreateFund, AcceptsACityFundAndBounds) {
  v1::CreateFundRequest r = CreateFundRequest();
  r.set_scope(v1::CITY);
  r.set_region_code("3702");
  r.set_leverage_multiple(20);
  r.set_call_after_days(720);
  // 100 Chinese characters are 300 bytes but 100 characters.
  std::string name;
  for (int i = 0; i < 100; ++i) name += "青";
  r.set_display_name(name);
  absl::StatusOr<v1::Event> e = DecideCreateFund(r, kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->fund_created().scope(), v1::CITY);
  EXPECT_EQ(e->fund_created().call_after_days(), 720);
  EXPECT_EQ(e->fund_created().leverage_multiple(), 20);

  r.set_leverage_multiple(1);
  r.set_call_after_days(1);
  ASSERT_TRUE(DecideCreateFund(r, kToday).ok());
}

TEST(CreateFund, EveryBadFieldIsRefusedByName) {
  struct Case {
    void (*mutate)(v1::CreateFundRequest&);
    const char* reason;
    const char* field;
  };
  const Case cases[] = {
      {[](v1::CreateFundRequest& r) { r.set_fund_id(""); }, reason::kFieldRequired, "fund_id"},
      {[](v1::CreateFundRequest& r) { r.set_fund_id("F/1"); }, reason::kInvalidId, "fund_id"},
      {[](v1::CreateFundRequest& r) { r.set_display_name(""); }, reason::kFieldRequired,
       "display_name"},
      {[](v1::CreateFundRequest& r) { r.set_display_name(std::string(101, 'a')); },
       reason::kTextTooLong, "display_name"},
      {[](v1::CreateFundRequest& r) {
         std::string name;
         for (int i = 0; i < 101; ++i) name += "青";
         r.set_display_name(name);
       },
       reason::kTextTooLong, "display_name"},
      {[](v1::CreateFundRequest& r) { r.set_scope(v1::FUND_SCOPE_UNSPECIFIED); },
       reason::kInvalidFundScope, "scope"},
      {[](v1::CreateFundRequest& r) { r.set_region_code(""); }, reason::kFieldRequired,
       "region_code"},
      {[](v1::CreateFundRequest& r) { r.set_region_code("3702"); }, reason::kInvalidRegionCode,
       "region_code"},
      {[](v1::CreateFundRequest& r) { r.set_region_code("37028a"); }, reason::kInvalidRegionCode,
       "region_code"},
      {[](v1::CreateFundRequest& r) {
         r.set_scope(v1::CITY);
         r.set_region_code("370281");
       },
       reason::kInvalidRegionCode, "region_code"},
      {[](v1::CreateFundRequest& r) {
         r.set_scope(v1::CITY);
         r.set_region_code("37a2");
       },
       reason::kInvalidRegionCode, "region_code"},
      {[](v1::CreateFundRequest& r) { r.set_leverage_multiple(0); }, reason::kLeverageOutOfRange,
       "leverage_multiple"},
      {[](v1::CreateFundRequest& r) { r.set_leverage_multiple(21); }, reason::kLeverageOutOfRange,
       "leverage_multiple"},
      {[](v1::CreateFundRequest& r) { r.set_call_after_days(-1); },
       reason::kCallAfterDaysOutOfRange, "call_after_days"},
      {[](v1::CreateFundRequest& r) { r.set_call_after_days(721); },
       reason::kCallAfterDaysOutOfRange, "call_after_days"},
  };
  for (const Case& c : cases) {
    v1::CreateFundRequest r = CreateFundRequest();
    c.mutate(r);
    absl::StatusOr<v1::Event> e = DecideCreateFund(r, kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument) << c.reason << " " << c.field;
    EXPECT_EQ(Why(e), c.reason) << c.field;
    EXPECT_EQ(Where(e), c.field) << c.reason;
  }
}

// ---- DepositCapital ----

TEST(DepositCapital, DebitsCashAndCreditsCapital) {
  absl::StatusOr<v1::Event> e =
      DecideDepositCapital(SampleFund(), DepositRequest(500'000'00), kToday);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->fund_capital_deposited().fund(), "guarantee_funds/F1");
  EXPECT_EQ(e->fund_capital_deposited().amount().amount_fen(), 500'000'00);
  EXPECT_EQ(e->fund_capital_deposited().amount().currency_code(), "CNY");
  EXPECT_EQ(FormatDate(e->fund_capital_deposited().value_date()), "2024-06-01");
  EXPECT_EQ(Legs(*e),
            (std::vector<std::string>{"DEBIT guarantee_funds/F1/accounts/cash 50000000 CNY",
                                      "CREDIT guarantee_funds/F1/accounts/capital 50000000 CNY"}));
}

TEST(DepositCapital, ValueDateTodayIsAllowed) {
  v1::DepositFundCapitalRequest r = DepositRequest(1);
  *r.mutable_value_date() = ToDate(kToday);
  EXPECT_TRUE(DecideDepositCapital(SampleFund(), r, kToday).ok());
}

TEST(DepositCapital, Refusals) {
  v1::DepositFundCapitalRequest r = DepositRequest(0);
  absl::StatusOr<v1::Event> e = DecideDepositCapital(SampleFund(), r, kToday);
  EXPECT_EQ(Why(e), reason::kAmountNotPositive);
  EXPECT_EQ(Where(e), "amount.amount_fen");

  r = DepositRequest(-5);
  EXPECT_EQ(Why(DecideDepositCapital(SampleFund(), r, kToday)), reason::kAmountNotPositive);

  r = DepositRequest(100);
  r.mutable_amount()->set_currency_code("USD");
  EXPECT_EQ(Why(DecideDepositCapital(SampleFund(), r, kToday)), reason::kCurrencyNotSupported);

  r = DepositRequest(100);
  *r.mutable_value_date() = ToDate(kToday + 1);
  e = DecideDepositCapital(SampleFund(), r, kToday);
  EXPECT_EQ(Why(e), reason::kDateInFuture);
  EXPECT_EQ(Where(e), "value_date");

  r = DepositRequest(100);
  r.mutable_value_date()->set_day(30);
  r.mutable_value_date()->set_month(2);  // 2024-02-30
  EXPECT_EQ(Why(DecideDepositCapital(SampleFund(), r, kToday)), reason::kInvalidDate);

  r = DepositRequest(100);
  r.set_name("guarantee_funds/F2");
  e = DecideDepositCapital(SampleFund(), r, kToday);
  EXPECT_EQ(Why(e), reason::kInvalidFundName);
  EXPECT_EQ(Where(e), "name");

  r.set_name("F1");
  EXPECT_EQ(Why(DecideDepositCapital(SampleFund(), r, kToday)), reason::kInvalidFundName);

  e = DecideDepositCapital(v1::GuaranteeFund(), DepositRequest(100), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kNotFound);
  EXPECT_EQ(Why(e), reason::kFundNotFound);
}

// ---- RecordGuarantee ----

TEST(RecordGuarantee, RecordsTheFormAndPartiesWithoutMoney) {
  for (v1::GuaranteeForm form :
       {v1::JOINT_LIABILITY, v1::COUNTER_GUARANTEE, v1::CREDIT_GUARANTEE}) {
    absl::StatusOr<v1::Event> e = DecideRecordGuarantee(SampleLoan(), RecordRequest(form), kToday);
    ASSERT_TRUE(e.ok()) << e.status();
    EXPECT_EQ(e->guarantee_issued().loan(), "banks/B001/loans/L1");
    const v1::Guarantee& g = e->guarantee_issued().guarantee();
    EXPECT_EQ(g.guarantee_id(), "JL1");
    EXPECT_EQ(g.form(), form);
    EXPECT_EQ(g.state(), v1::GUARANTEE_RECORDED);
    EXPECT_EQ(g.coverage_bps(), 0);
    EXPECT_EQ(g.fund_id(), "");
    EXPECT_FALSE(g.has_guaranteed_principal());
    ASSERT_EQ(g.party_ids_size(), 2);
    EXPECT_EQ(g.party_ids(1), "borrower-9");
    EXPECT_EQ(FormatDate(g.issued_date()), "2024-01-12");
    EXPECT_TRUE(e->postings().empty());
  }
}

TEST(RecordGuarantee, CreditGuaranteeNeedsNoParty) {
  v1::RecordGuaranteeRequest r = RecordRequest(v1::CREDIT_GUARANTEE);
  r.clear_party_ids();
  EXPECT_TRUE(DecideRecordGuarantee(SampleLoan(), r, kToday).ok());
  for (v1::GuaranteeForm form : {v1::JOINT_LIABILITY, v1::COUNTER_GUARANTEE}) {
    r = RecordRequest(form);
    r.clear_party_ids();
    absl::StatusOr<v1::Event> e = DecideRecordGuarantee(SampleLoan(), r, kToday);
    EXPECT_EQ(Why(e), reason::kFieldRequired);
    EXPECT_EQ(Where(e), "party_ids");
  }
}

TEST(RecordGuarantee, FundGuaranteeAndUnknownFormsAreRefused) {
  for (v1::GuaranteeForm form : {v1::FUND_GUARANTEE, v1::GUARANTEE_FORM_UNSPECIFIED}) {
    absl::StatusOr<v1::Event> e = DecideRecordGuarantee(SampleLoan(), RecordRequest(form), kToday);
    EXPECT_EQ(Code(e), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(Why(e), reason::kInvalidGuaranteeForm);
    EXPECT_EQ(Where(e), "form");
  }
}

TEST(RecordGuarantee, Refusals) {
  v1::Loan loan = SampleLoan();
  AddGuarantee(loan, "JL1", v1::CREDIT_GUARANTEE, v1::GUARANTEE_RECORDED);
  absl::StatusOr<v1::Event> e = DecideRecordGuarantee(loan, RecordRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Why(e), reason::kGuaranteeAlreadyExists);

  loan = SampleLoan();
  for (int i = 0; i < kMaxGuaranteesPerLoan; ++i) {
    AddGuarantee(loan, absl::StrCat("C", i), v1::CREDIT_GUARANTEE, v1::GUARANTEE_RECORDED);
  }
  EXPECT_EQ(Why(DecideRecordGuarantee(loan, RecordRequest(), kToday)), reason::kTooManyGuarantees);

  loan = SampleLoan();
  loan.set_status(v1::CLOSED);
  e = DecideRecordGuarantee(loan, RecordRequest(), kToday);
  EXPECT_EQ(Code(e), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Why(e), reason::kLoanClosed);
  loan.set_status(v1::COMPENSATED);
  EXPECT_EQ(Why(DecideRecordGuarantee(loan, RecordRequest(), kToday)), reason::kLoanCompensated);
  loan.set_status(v1::WRITTEN_OFF);
  EXPECT_EQ(Why(DecideRecordGuarantee(loan, RecordRequest(), kToday)), reason::kLoanWrittenOff);

  v1::RecordGuaranteeRequest r = RecordRequest();
  r.set_loan("banks/B001/loans/L2");
  EXPECT_EQ(Why(DecideRecordGuarantee(SampleLoan(), r, kToday)), reason::kInvalidLoanName);

  r = RecordRequest();
  r.set_guarantee_id("");
  e = DecideRecordGuarantee(SampleLoan(), r, kToday);
  EXPECT_EQ(Why(e), reason::kFieldRequired);
  EXPECT_EQ(Where(e), "guarantee_id");

  r = RecordRequest();
  r.add_party_ids("borrower-8");
  e = DecideRecordGuarantee(SampleLoan(), r, kToday);
  EXPECT_EQ(Why(e), reason::kInvalidId);
  EXPECT_EQ(Where(e), "party_ids[2]");

  r = RecordRequest();
  for (int i = 0; i < 9; ++i) r.add_party_ids(absl::StrCat("p", i));
  EXPECT_EQ(Why(DecideRecordGuarantee(SampleLoan(), r, kToday)), reason::kTooManyParties);

  r = RecordRequest();
  *r.mutable_value_date() = D(2024, 1, 1);
  EXPECT_EQ(Why(DecideRecordGuarantee(SampleLoan(), r, kToday)), reason::kDateBeforeContract);
  *r.mutable_value_date() = ToDate(kToday + 1);
  EXPECT_EQ(Why(DecideRecordGuarantee(SampleLoan(), r, kToday)), reason::kDateInFuture);
}

}  // namespace
}  // namespace ledger
