// What fund events do to a fund (EvolveFund, with reversals) and exposure changes.
#include "ledger/guarantee/fund_evolve.h"

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

using ::ledger::testing::ExposedFund;

// ---- EvolveFund ----

v1::Event Created() {
  v1::Event e;
  v1::FundCreated* c = e.mutable_fund_created();
  c->set_fund("guarantee_funds/F1");
  c->set_fund_id("F1");
  c->set_display_name("Qingdao youth fund");
  c->set_scope(v1::CITY);
  c->set_region_code("3702");
  c->set_leverage_multiple(8);
  c->set_call_after_days(120);
  return e;
}

v1::Event Deposited(int64_t fen, const std::string& fund = "guarantee_funds/F1") {
  v1::Event e;
  e.mutable_fund_capital_deposited()->set_fund(fund);
  *e.mutable_fund_capital_deposited()->mutable_amount() = Cny(fen);
  return e;
}

v1::Event Paid(int64_t principal_fen, int64_t interest_fen) {
  v1::Event e;
  v1::CompensationPaid* p = e.mutable_compensation_paid();
  p->set_loan("banks/B001/loans/L1");
  p->set_fund("guarantee_funds/F1");
  *p->mutable_principal() = Cny(principal_fen);
  *p->mutable_interest() = Cny(interest_fen);
  return e;
}

v1::Event Recovered(int64_t to_fund_fen) {
  v1::Event e;
  v1::RecoveryRecorded* r = e.mutable_recovery_recorded();
  r->set_loan("banks/B001/loans/L1");
  r->set_fund("guarantee_funds/F1");
  *r->mutable_to_fund() = Cny(to_fund_fen);
  return e;
}

v1::Event Reversal(const v1::Event& original) {
  v1::Event e;
  e.mutable_entry_reversed()->set_reversed_sequence(3);
  *e.mutable_entry_reversed()->mutable_original() = original;
  return e;
}

// A fund with 1,000 CNY of capital, 400 paid out and 100 recovered.
v1::GuaranteeFund Evolved() {
  v1::GuaranteeFund fund;
  EXPECT_TRUE(EvolveFund(1, Created(), &fund).ok());
  EXPECT_TRUE(EvolveFund(2, Deposited(1'000'00), &fund).ok());
  EXPECT_TRUE(EvolveFund(3, Paid(300'00, 100'00), &fund).ok());
  EXPECT_TRUE(EvolveFund(4, Recovered(100'00), &fund).ok());
  return fund;
}

TEST(EvolveFund, CreatedFillsAnEmptyFund) {
  v1::GuaranteeFund fund;
  ASSERT_TRUE(EvolveFund(5, Created(), &fund).ok());
  EXPECT_EQ(fund.name(), "guarantee_funds/F1");
  EXPECT_EQ(fund.fund_id(), "F1");
  EXPECT_EQ(fund.display_name(), "Qingdao youth fund");
  EXPECT_EQ(fund.scope(), v1::CITY);
  EXPECT_EQ(fund.region_code(), "3702");
  EXPECT_EQ(fund.leverage_multiple(), 8);
  EXPECT_EQ(fund.call_after_days(), 120);
  for (const v1::Money* m : {&fund.capital(), &fund.cash(), &fund.exposure(),
                             &fund.compensation_paid(), &fund.recoveries()}) {
    EXPECT_EQ(m->currency_code(), "CNY");
    EXPECT_EQ(m->amount_fen(), 0);
  }
  EXPECT_EQ(fund.live_guarantees(), 0);
  EXPECT_EQ(fund.created_sequence(), 5u);
  EXPECT_EQ(fund.last_sequence(), 5u);

  const v1::GuaranteeFund before = fund;
  absl::Status again = EvolveFund(6, Created(), &fund);
  EXPECT_EQ(again.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(fund.SerializeAsString(), before.SerializeAsString());
}

TEST(EvolveFund, EachMoneyEventMovesItsBalances) {
  v1::GuaranteeFund fund;
  ASSERT_TRUE(EvolveFund(1, Created(), &fund).ok());
  ASSERT_TRUE(EvolveFund(2, Deposited(1'000'00), &fund).ok());
  EXPECT_EQ(fund.capital().amount_fen(), 1'000'00);
  EXPECT_EQ(fund.cash().amount_fen(), 1'000'00);
  EXPECT_EQ(fund.last_sequence(), 2u);

  ASSERT_TRUE(EvolveFund(3, Paid(300'00, 100'00), &fund).ok());
  EXPECT_EQ(fund.cash().amount_fen(), 600'00);
  EXPECT_EQ(fund.compensation_paid().amount_fen(), 400'00);
  EXPECT_EQ(fund.capital().amount_fen(), 1'000'00);
  EXPECT_EQ(fund.last_sequence(), 3u);

  ASSERT_TRUE(EvolveFund(4, Recovered(100'00), &fund).ok());
  EXPECT_EQ(fund.cash().amount_fen(), 700'00);
  EXPECT_EQ(fund.recoveries().amount_fen(), 100'00);
  EXPECT_EQ(fund.last_sequence(), 4u);
  EXPECT_EQ(fund.created_sequence(), 1u);
}

TEST(EvolveFund, ReversalsApplyTheOppositeSign) {
  v1::GuaranteeFund fund = Evolved();
  ASSERT_TRUE(EvolveFund(5, Reversal(Recovered(100'00)), &fund).ok());
  EXPECT_EQ(fund.cash().amount_fen(), 600'00);
  EXPECT_EQ(fund.recoveries().amount_fen(), 0);
  EXPECT_EQ(fund.last_sequence(), 5u);

  ASSERT_TRUE(EvolveFund(6, Reversal(Paid(300'00, 100'00)), &fund).ok());
  EXPECT_EQ(fund.cash().amount_fen(), 1'000'00);
  EXPECT_EQ(fund.compensation_paid().amount_fen(), 0);

  ASSERT_TRUE(EvolveFund(7, Reversal(Deposited(1'000'00)), &fund).ok());
  EXPECT_EQ(fund.capital().amount_fen(), 0);
  EXPECT_EQ(fund.cash().amount_fen(), 0);
  EXPECT_EQ(fund.last_sequence(), 7u);
}

TEST(EvolveFund, NegativeResultsAreDataLossAndLeaveTheFundUnchanged) {
  const v1::GuaranteeFund before = Evolved();  // cash 700, capital 1,000
  const std::vector<v1::Event> bad = {
      Paid(700'00, 1),                // cash would be -0.01
      Reversal(Deposited(1'000'00)),  // cash 700 - 1,000
      Reversal(Recovered(100'01)),    // recoveries 100 - 100.01
      Reversal(Paid(400'00, 1)),      // compensation_paid 400 - 400.01
      Deposited(-1),                  // a negative amount in an event
  };
  for (const v1::Event& event : bad) {
    v1::GuaranteeFund fund = before;
    absl::Status s = EvolveFund(9, event, &fund);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << event.ShortDebugString();
    EXPECT_EQ(fund.SerializeAsString(), before.SerializeAsString()) << event.ShortDebugString();
  }
}

TEST(EvolveFund, EventsThatDoNotFitAreDataLoss) {
  const v1::GuaranteeFund before = Evolved();
  v1::Event disbursed;
  disbursed.mutable_loan_disbursed()->set_loan("banks/B001/loans/L1");
  v1::Event issued;
  issued.mutable_guarantee_issued()->set_loan("banks/B001/loans/L1");
  v1::Event called;
  called.mutable_guarantee_call_filed()->set_fund("guarantee_funds/F1");
  const std::vector<v1::Event> bad = {
      Deposited(100, "guarantee_funds/F2"),  // another fund
      disbursed,
      issued,
      called,
      v1::Event(),
      Reversal(Created()),
      Reversal(Reversal(Deposited(100))),
      Reversal(disbursed),
  };
  for (const v1::Event& event : bad) {
    v1::GuaranteeFund fund = before;
    absl::Status s = EvolveFund(9, event, &fund);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << event.ShortDebugString();
    EXPECT_EQ(fund.SerializeAsString(), before.SerializeAsString()) << event.ShortDebugString();
  }
  // A money event before the fund exists.
  v1::GuaranteeFund empty;
  EXPECT_EQ(EvolveFund(1, Deposited(100), &empty).code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(empty.fund_id().empty());
}

// ---- ApplyExposureChange ----

TEST(ApplyExposureChange, AddsAndRemovesExposure) {
  v1::GuaranteeFund fund = ExposedFund();  // exposure 64,000, one live guarantee
  ASSERT_TRUE(ApplyExposureChange(36'000'00, 1, &fund).ok());
  EXPECT_EQ(fund.exposure().amount_fen(), 100'000'00);
  EXPECT_EQ(fund.exposure().currency_code(), "CNY");
  EXPECT_EQ(fund.live_guarantees(), 2);
  ASSERT_TRUE(ApplyExposureChange(-100'000'00, -2, &fund).ok());
  EXPECT_EQ(fund.exposure().amount_fen(), 0);
  EXPECT_EQ(fund.live_guarantees(), 0);
}

TEST(ApplyExposureChange, NegativeResultsAreDataLossAndLeaveTheFundUnchanged) {
  const v1::GuaranteeFund before = ExposedFund();
  v1::GuaranteeFund fund = before;
  EXPECT_EQ(ApplyExposureChange(-64'000'01, -1, &fund).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(fund.SerializeAsString(), before.SerializeAsString());
  EXPECT_EQ(ApplyExposureChange(-1, -2, &fund).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(fund.SerializeAsString(), before.SerializeAsString());
  v1::GuaranteeFund empty;
  EXPECT_EQ(ApplyExposureChange(1, 1, &empty).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ledger
