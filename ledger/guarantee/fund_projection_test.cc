#include "ledger/guarantee/fund_projection.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/testing/temp_dir.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

v1::GuaranteeFund MakeFund(const std::string& fund_id, int64_t capital_fen) {
  v1::GuaranteeFund fund;
  fund.set_name(absl::StrCat("guarantee_funds/", fund_id));
  fund.set_fund_id(fund_id);
  fund.set_display_name("Qingdao youth fund");
  fund.set_scope(v1::COUNTY);
  fund.set_region_code("370281");
  fund.set_leverage_multiple(5);
  fund.set_call_after_days(90);
  *fund.mutable_capital() = Cny(capital_fen);
  *fund.mutable_cash() = Cny(capital_fen);
  fund.set_created_sequence(1);
  fund.set_last_sequence(2);
  return fund;
}

std::string KeyPageToken(const std::string& listing, const std::string& after_key) {
  internal::KeyPageToken token;
  token.set_listing(listing);
  token.set_after_key(after_key);
  std::string out;
  absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
  return out;
}

class FundProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("funds"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Builds the rows as the commit path does (through a ProjectionState) and writes them.
  void Store(const std::vector<v1::GuaranteeFund>& funds) {
    MapProjectionState state;
    for (const v1::GuaranteeFund& fund : funds) PutFund(fund, state);
    WriteSet writes = store_->NewWriteSet();
    for (const auto& [key, value] : state.rows()) writes.Put(Family::kProjections, key, value);
    ASSERT_TRUE(store_->Write(writes).ok());
  }

  std::unique_ptr<ledger::Store> store_;
};

TEST_F(FundProjectionTest, PutThenLoadReturnsTheFund) {
  MapProjectionState state;
  const v1::GuaranteeFund fund = MakeFund("F1", 500'000'00);
  PutFund(fund, state);
  ASSERT_EQ(state.rows().size(), 1u);
  EXPECT_EQ(state.rows().begin()->first, "fund/F1");

  absl::StatusOr<v1::GuaranteeFund> loaded = LoadFund(state, "F1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->SerializeAsString(), fund.SerializeAsString());

  v1::GuaranteeFund changed = *loaded;
  *changed.mutable_exposure() = Cny(100);
  PutFund(changed, state);
  EXPECT_EQ(state.rows().size(), 1u);
  EXPECT_EQ(LoadFund(state, "F1")->exposure().amount_fen(), 100);
}

TEST_F(FundProjectionTest, LoadRefusesMissingAndCorruptFunds) {
  MapProjectionState state;
  absl::Status missing = LoadFund(state, "F1").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), reason::kFundNotFound);
  EXPECT_EQ(FieldOf(missing), "fund");

  state.Put("fund/F1", "\xff\xff not a protobuf");
  EXPECT_EQ(LoadFund(state, "F1").status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(FundProjectionTest, GetReadsTheStore) {
  Store({MakeFund("F1", 100), MakeFund("F2", 200)});
  FundProjection funds(store_.get());
  absl::StatusOr<v1::GuaranteeFund> fund = funds.Get("F2");
  ASSERT_TRUE(fund.ok()) << fund.status();
  EXPECT_EQ(fund->name(), "guarantee_funds/F2");
  EXPECT_EQ(fund->capital().amount_fen(), 200);

  absl::Status missing = funds.Get("F3").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), reason::kFundNotFound);
  EXPECT_EQ(FieldOf(missing), "name");
}

TEST_F(FundProjectionTest, ListPagesCoverEachFundOnceInIdOrder) {
  std::vector<v1::GuaranteeFund> stored;
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) {
    const std::string id = absl::StrFormat("F%02d", 11 - i);
    stored.push_back(MakeFund(id, i + 1));
    expected.push_back(id);
  }
  // A fund whose id extends another's must neither be skipped nor repeated across pages.
  stored.push_back(MakeFund("F05.1", 1));
  expected.push_back("F05.1");
  std::sort(expected.begin(), expected.end());
  Store(stored);
  // Rows of other listings beside the funds must not leak into this one.
  WriteSet other = store_->NewWriteSet();
  other.Put(Family::kProjections, "funds", "x");
  other.Put(Family::kProjections, "fune/F1", "x");
  other.Put(Family::kProjections, "acct/guarantee_funds/F1/accounts/cash", "x");
  ASSERT_TRUE(store_->Write(other).ok());

  FundProjection funds(store_.get());
  v1::ListFundsRequest request;
  request.set_page_size(5);
  std::vector<std::string> seen;
  int pages = 0;
  for (; pages < 100;) {
    ++pages;
    absl::StatusOr<v1::ListFundsResponse> page = funds.List(request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->funds_size(), 5);
    for (const v1::GuaranteeFund& fund : page->funds()) seen.push_back(fund.fund_id());
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, 3);

  v1::ListFundsRequest all;  // 0 means 50
  absl::StatusOr<v1::ListFundsResponse> page = funds.List(all);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->funds_size(), 13);
  EXPECT_TRUE(page->next_page_token().empty());
}

TEST_F(FundProjectionTest, ListDefaultPageSizeIsFifty) {
  std::vector<v1::GuaranteeFund> stored;
  for (int i = 0; i < 60; ++i) stored.push_back(MakeFund(absl::StrFormat("F%03d", i), 1));
  Store(stored);
  FundProjection funds(store_.get());
  absl::StatusOr<v1::ListFundsResponse> page = funds.List({});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->funds_size(), kDefaultFundPageSize);
  EXPECT_FALSE(page->next_page_token().empty());

  v1::ListFundsRequest request;
  request.set_page_size(kMaxFundPageSize);
  page = funds.List(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->funds_size(), 60);
}

TEST_F(FundProjectionTest, ListRefusesBadPageSizesAndTokens) {
  Store({MakeFund("F1", 1), MakeFund("F2", 1)});
  FundProjection funds(store_.get());
  for (int bad : {-1, kMaxFundPageSize + 1}) {
    v1::ListFundsRequest request;
    request.set_page_size(bad);
    absl::Status s = funds.List(request).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ReasonOf(s), reason::kPageSizeOutOfRange) << bad;
  }
  for (const std::string& token :
       {std::string("not base64!"), KeyPageToken("trial_balance", "fund/F1"),
        KeyPageToken("funds", "acct/banks/B1/accounts/funding"), KeyPageToken("funds", "")}) {
    v1::ListFundsRequest request;
    request.set_page_token(token);
    absl::Status s = funds.List(request).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_EQ(ReasonOf(s), reason::kInvalidPageToken) << token;
    EXPECT_EQ(FieldOf(s), "page_token") << token;
  }
  v1::ListFundsRequest resume;
  resume.set_page_token(KeyPageToken("funds", "fund/F1"));
  absl::StatusOr<v1::ListFundsResponse> page = funds.List(resume);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->funds_size(), 1);
  EXPECT_EQ(page->funds(0).fund_id(), "F2");
}

TEST(DescribeFundKeyTest, FundKeysOnly) {
  EXPECT_EQ(DescribeFundKey("fund/F1"), "fund guarantee_funds/F1");
  EXPECT_EQ(DescribeFundKey("fund/"), "");
  EXPECT_EQ(DescribeFundKey("funds"), "");
  EXPECT_EQ(DescribeFundKey("acct/guarantee_funds/F1/accounts/cash"), "");
  EXPECT_EQ(DescribeFundKey(std::string("fund/F\0x", 8)), "");
}

}  // namespace
}  // namespace ledger
