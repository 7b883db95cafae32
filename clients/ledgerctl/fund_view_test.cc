#include "clients/ledgerctl/fund_view.h"

#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

v1::GuaranteeFund Fund() {
  v1::GuaranteeFund fund;
  fund.set_name("guarantee_funds/F1");
  fund.set_fund_id("F1");
  fund.set_display_name("Qingdao youth fund");
  fund.set_scope(v1::CITY);
  fund.set_region_code("3702");
  fund.set_leverage_multiple(5);
  fund.set_call_after_days(90);
  *fund.mutable_capital() = ledger::Cny(100'000'000);
  *fund.mutable_cash() = ledger::Cny(100'000'000);
  *fund.mutable_exposure() = ledger::Cny(8'000'000);
  fund.set_live_guarantees(1);
  fund.set_created_sequence(1);
  fund.set_last_sequence(4);
  return fund;
}

TEST(FormatFund, ReadableBlockWithTheExposureLimit) {
  EXPECT_EQ(FormatFund(Fund()),
            "name:              guarantee_funds/F1\n"
            "display_name:      Qingdao youth fund\n"
            "scope:             CITY\n"
            "region:            3702\n"
            "leverage:          5x\n"
            "call_after_days:   90\n"
            "capital:           1,000,000.00 CNY\n"
            "cash:              1,000,000.00 CNY\n"
            "exposure:          80,000.00 CNY\n"
            "exposure_limit:    5,000,000.00 CNY\n"
            "compensation_paid: 0.00 CNY\n"
            "recoveries:        0.00 CNY\n"
            "live_guarantees:   1\n"
            "created_sequence:  1\n"
            "last_sequence:     4\n");
}

TEST(FormatFund, TheLimitIsOnCashNotCapital) {
  // 1,000,000.00 deposited, 600,000.00 paid out in compensation, 100,000.00 recovered.
  v1::GuaranteeFund fund = Fund();
  *fund.mutable_cash() = ledger::Cny(50'000'000);
  *fund.mutable_compensation_paid() = ledger::Cny(60'000'000);
  *fund.mutable_recoveries() = ledger::Cny(10'000'000);
  EXPECT_NE(FormatFund(fund).find("\nexposure_limit:    2,500,000.00 CNY\n"), std::string::npos)
      << FormatFund(fund);
}

TEST(FormatFund, ALimitBeyondInt64IsADash) {
  v1::GuaranteeFund fund = Fund();
  *fund.mutable_cash() = ledger::Cny(INT64_MAX / 2);
  EXPECT_NE(FormatFund(fund).find("\nexposure_limit:    -\n"), std::string::npos);
}

TEST(FormatFundWithCommit, AddsWhereItLanded) {
  v1::CommitInfo commit;
  commit.set_sequence(2);
  commit.set_replayed(true);
  const std::string block = FormatFundWithCommit(Fund(), commit);
  EXPECT_NE(block.find("\nsequence:          2\n"), std::string::npos) << block;
  EXPECT_NE(block.find("\nreplayed:          yes\n"), std::string::npos) << block;
}

TEST(FormatFundTable, AlignedColumns) {
  v1::GuaranteeFund county;
  county.set_name("guarantee_funds/F2");
  county.set_scope(v1::COUNTY);
  county.set_region_code("370281");
  county.set_leverage_multiple(10);
  EXPECT_EQ(FormatFundTable({Fund(), county}),
            "NAME                SCOPE   REGION  LEVERAGE           CAPITAL              CASH"
            "       EXPOSURE  LIVE\n"
            "guarantee_funds/F1  CITY    3702          5x  1,000,000.00 CNY  1,000,000.00 CNY"
            "  80,000.00 CNY     1\n"
            "guarantee_funds/F2  COUNTY  370281       10x          0.00 CNY          0.00 CNY"
            "       0.00 CNY     0\n");
}

}  // namespace
}  // namespace ledgerctl
