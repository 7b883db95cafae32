#include "ledger/subsidy/policy_projection.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "ledger/testing/temp_dir.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

v1::SubsidyPolicyVersion Version(absl::CivilDay from, int32_t share_bps) {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = ToDate(from);
  version.set_mode(v1::PERCENT_OF_INTEREST);
  version.set_subsidy_share_bps(share_bps);
  version.set_day_count(v1::ACTUAL_360);
  version.set_version_selection(v1::BY_CONTRACT_DATE);
  return version;
}

v1::LprFixing Fixing(absl::CivilDay from, int32_t lpr_bps) {
  v1::LprFixing fixing;
  *fixing.mutable_effective_from() = ToDate(from);
  fixing.set_lpr_bps(lpr_bps);
  return fixing;
}

TEST(PolicyTailTest, EmptyStateHasNoLatest) {
  MapProjectionState state;
  absl::StatusOr<PolicyTail> policies = LatestPolicyVersion(state);
  ASSERT_TRUE(policies.ok()) << policies.status();
  EXPECT_FALSE(policies->latest.has_value());
  EXPECT_EQ(policies->count, 0);
  absl::StatusOr<LprTail> lprs = LatestLprFixing(state);
  ASSERT_TRUE(lprs.ok()) << lprs.status();
  EXPECT_FALSE(lprs->latest.has_value());
  EXPECT_EQ(lprs->count, 0);
}

TEST(PolicyTailTest, PutMovesTheTailAndCounts) {
  MapProjectionState state;
  PutPolicyVersion(Version(absl::CivilDay(2021, 1, 1), 1000), 7, state);
  PutPolicyVersion(Version(absl::CivilDay(2023, 1, 1), 5000), 12, state);
  absl::StatusOr<PolicyTail> tail = LatestPolicyVersion(state);
  ASSERT_TRUE(tail.ok()) << tail.status();
  ASSERT_TRUE(tail->latest.has_value());
  EXPECT_EQ(FormatDate(tail->latest->effective_from()), "2023-01-01");
  EXPECT_EQ(tail->latest->subsidy_share_bps(), 5000);
  EXPECT_EQ(tail->latest->sequence(), 12u);
  EXPECT_EQ(tail->count, 2);
  EXPECT_EQ(state.rows().count("subsidy_policy/20210101"), 1u);
  EXPECT_EQ(state.rows().count("subsidy_policy/20230101"), 1u);
  EXPECT_EQ(state.rows().count("meta/subsidy_policy_tail"), 1u);

  PutLprFixing(Fixing(absl::CivilDay(2024, 2, 20), 345), 13, state);
  absl::StatusOr<LprTail> lpr = LatestLprFixing(state);
  ASSERT_TRUE(lpr.ok()) << lpr.status();
  ASSERT_TRUE(lpr->latest.has_value());
  EXPECT_EQ(lpr->latest->lpr_bps(), 345);
  EXPECT_EQ(lpr->latest->sequence(), 13u);
  EXPECT_EQ(lpr->count, 1);
  EXPECT_EQ(state.rows().count("lpr/20240220"), 1u);
  // The series do not share a tail.
  EXPECT_EQ(LatestPolicyVersion(state)->count, 2);
}

TEST(PolicyTailTest, CorruptTailIsDataLoss) {
  MapProjectionState state;
  state.Put("meta/subsidy_policy_tail", "\xff\xff\xff");
  EXPECT_EQ(LatestPolicyVersion(state).status().code(), absl::StatusCode::kDataLoss);

  internal::SeriesTail dangling;
  dangling.set_latest_key("lpr/20240220");
  dangling.set_count(1);
  state.Put("meta/lpr_tail", dangling.SerializeAsString());
  EXPECT_EQ(LatestLprFixing(state).status().code(), absl::StatusCode::kDataLoss);
}

class PolicyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("policy_projection"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Applies `rows` as one batch, as the commit path does.
  void Write(const MapProjectionState& state) {
    WriteSet writes = store_->NewWriteSet();
    for (const auto& [key, value] : state.rows()) writes.Put(Family::kProjections, key, value);
    ASSERT_TRUE(store_->Write(writes).ok());
  }

  std::unique_ptr<Store> store_;
};

TEST_F(PolicyStoreTest, ListsVersionsInDateOrder) {
  MapProjectionState state;
  // Put out of date order to show the listing's order comes from the keys.
  PutPolicyVersion(Version(absl::CivilDay(2023, 1, 1), 5000), 3, state);
  PutPolicyVersion(Version(absl::CivilDay(2016, 10, 1), 2000), 1, state);
  PutPolicyVersion(Version(absl::CivilDay(2021, 1, 1), 3000), 2, state);
  Write(state);

  absl::StatusOr<v1::ListSubsidyPolicyVersionsResponse> list = ListPolicyVersions(*store_);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->versions_size(), 3);
  EXPECT_EQ(FormatDate(list->versions(0).effective_from()), "2016-10-01");
  EXPECT_EQ(FormatDate(list->versions(1).effective_from()), "2021-01-01");
  EXPECT_EQ(FormatDate(list->versions(2).effective_from()), "2023-01-01");
  EXPECT_EQ(list->versions(1).sequence(), 2u);

  absl::StatusOr<std::vector<subsidy::PolicyVersion>> policies = CalculatorPolicies(*store_);
  ASSERT_TRUE(policies.ok()) << policies.status();
  ASSERT_EQ(policies->size(), 3u);
  EXPECT_EQ((*policies)[0].effective_from, absl::CivilDay(2016, 10, 1));
  EXPECT_EQ((*policies)[2].subsidy_share_bps, 5000);
}

TEST_F(PolicyStoreTest, EmptyListings) {
  absl::StatusOr<v1::ListSubsidyPolicyVersionsResponse> list = ListPolicyVersions(*store_);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->versions_size(), 0);
  absl::StatusOr<v1::ListLprFixingsResponse> lprs = ListLprFixings(*store_, {});
  ASSERT_TRUE(lprs.ok()) << lprs.status();
  EXPECT_EQ(lprs->fixings_size(), 0);
  EXPECT_TRUE(lprs->next_page_token().empty());
}

TEST_F(PolicyStoreTest, PagesLprFixingsWithTokens) {
  MapProjectionState state;
  for (int month = 1; month <= 5; ++month) {
    PutLprFixing(Fixing(absl::CivilDay(2024, month, 20), 300 + month), month, state);
  }
  Write(state);

  v1::ListLprFixingsRequest request;
  request.set_page_size(2);
  std::vector<std::string> dates;
  int pages = 0;
  do {
    absl::StatusOr<v1::ListLprFixingsResponse> page = ListLprFixings(*store_, request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->fixings_size(), 2);
    for (const v1::LprFixing& fixing : page->fixings()) {
      dates.push_back(FormatDate(fixing.effective_from()));
    }
    request.set_page_token(page->next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(dates, (std::vector<std::string>{"2024-01-20", "2024-02-20", "2024-03-20", "2024-04-20",
                                             "2024-05-20"}));

  // A page that ends exactly at the last row has no next token.
  request.set_page_size(5);
  request.clear_page_token();
  absl::StatusOr<v1::ListLprFixingsResponse> all = ListLprFixings(*store_, request);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->fixings_size(), 5);
  EXPECT_TRUE(all->next_page_token().empty());

  absl::StatusOr<std::vector<subsidy::LprFixing>> lprs = CalculatorLprFixings(*store_);
  ASSERT_TRUE(lprs.ok()) << lprs.status();
  ASSERT_EQ(lprs->size(), 5u);
  EXPECT_EQ((*lprs)[0].effective_from, absl::CivilDay(2024, 1, 20));
  EXPECT_EQ((*lprs)[4].lpr_bps, 305);
}

TEST_F(PolicyStoreTest, RefusesBadTokensAndPageSizes) {
  v1::ListLprFixingsRequest garbage;
  garbage.set_page_token("not a token!");
  absl::StatusOr<v1::ListLprFixingsResponse> bad = ListLprFixings(*store_, garbage);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(bad.status()), reason::kInvalidPageToken);
  EXPECT_EQ(FieldOf(bad.status()), "page_token");

  // A well-formed token of another listing does not resume this one.
  internal::KeyPageToken other;
  other.set_listing("trial_balance");
  other.set_after_key("lpr/20240101");
  std::string text;
  absl::WebSafeBase64Escape(other.SerializeAsString(), &text);
  v1::ListLprFixingsRequest foreign;
  foreign.set_page_token(text);
  EXPECT_EQ(ReasonOf(ListLprFixings(*store_, foreign).status()), reason::kInvalidPageToken);

  // Nor does one of this listing pointing outside its rows.
  other.set_listing("lpr");
  other.set_after_key("acct/x");
  text.clear();
  absl::WebSafeBase64Escape(other.SerializeAsString(), &text);
  foreign.set_page_token(text);
  EXPECT_EQ(ReasonOf(ListLprFixings(*store_, foreign).status()), reason::kInvalidPageToken);

  for (int size : {-1, 1001}) {
    v1::ListLprFixingsRequest request;
    request.set_page_size(size);
    EXPECT_EQ(ReasonOf(ListLprFixings(*store_, request).status()), reason::kPageSizeOutOfRange)
        << size;
  }
  v1::ListLprFixingsRequest max;
  max.set_page_size(1000);
  EXPECT_TRUE(ListLprFixings(*store_, max).ok());
}

TEST_F(PolicyStoreTest, StoredRowThatDoesNotConvertIsDataLoss) {
  MapProjectionState state;
  v1::SubsidyPolicyVersion unspecified = Version(absl::CivilDay(2024, 1, 1), 5000);
  unspecified.set_mode(v1::SUBSIDY_MODE_UNSPECIFIED);
  PutPolicyVersion(unspecified, 1, state);
  v1::LprFixing zero = Fixing(absl::CivilDay(2024, 1, 20), 0);
  PutLprFixing(zero, 2, state);
  Write(state);
  EXPECT_EQ(CalculatorPolicies(*store_).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(CalculatorLprFixings(*store_).status().code(), absl::StatusCode::kDataLoss);
}

TEST(ToCalculatorPolicyTest, MapsEveryField) {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = ToDate(absl::CivilDay(2021, 3, 1));
  version.set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  version.set_borrower_spread_bps(150);
  version.set_subsidy_share_bps(0);
  version.set_rate_cap_spread_bps(-250);
  *version.mutable_principal_cap() = Cny(30'000'000);
  version.set_max_subsidised_months(36);
  version.set_day_count(v1::ACTUAL_365);
  version.set_version_selection(v1::BY_DAY);

  const subsidy::PolicyVersion policy = ToCalculatorPolicy(version);
  EXPECT_EQ(policy.effective_from, absl::CivilDay(2021, 3, 1));
  EXPECT_EQ(policy.mode, subsidy::SubsidyMode::kBorrowerPaysUpToLprMinus);
  EXPECT_EQ(policy.borrower_spread_bps, 150);
  EXPECT_EQ(policy.subsidy_share_bps, 0);
  EXPECT_EQ(policy.rate_cap_spread_bps, std::optional<int32_t>(-250));
  EXPECT_EQ(policy.principal_cap_fen, std::optional<int64_t>(30'000'000));
  EXPECT_EQ(policy.max_subsidised_months, std::optional<int32_t>(36));
  EXPECT_EQ(policy.day_count, subsidy::DayCount::kActual365);
  EXPECT_EQ(policy.version_selection, subsidy::VersionSelection::kDayByDay);
}

TEST(ToCalculatorPolicyTest, UnsetOptionalsAndUnspecifiedEnums) {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = ToDate(absl::CivilDay(2023, 1, 1));
  version.set_mode(v1::PERCENT_OF_INTEREST);
  version.set_subsidy_share_bps(5000);
  const subsidy::PolicyVersion policy = ToCalculatorPolicy(version);
  EXPECT_EQ(policy.mode, subsidy::SubsidyMode::kPercentOfInterest);
  EXPECT_EQ(policy.subsidy_share_bps, 5000);
  EXPECT_FALSE(policy.rate_cap_spread_bps.has_value());
  EXPECT_FALSE(policy.principal_cap_fen.has_value());
  EXPECT_FALSE(policy.max_subsidised_months.has_value());
  EXPECT_EQ(policy.day_count, subsidy::DayCount::kActual360);
  EXPECT_EQ(policy.version_selection, subsidy::VersionSelection::kContractDate);

  // Set to zero is not unset: a zero spread caps the rate at the LPR, a zero cap excludes all.
  version.set_rate_cap_spread_bps(0);
  *version.mutable_principal_cap() = Cny(0);
  version.set_day_count(v1::ACTUAL_360);
  version.set_version_selection(v1::BY_CONTRACT_DATE);
  const subsidy::PolicyVersion zeros = ToCalculatorPolicy(version);
  EXPECT_EQ(zeros.rate_cap_spread_bps, std::optional<int32_t>(0));
  EXPECT_EQ(zeros.principal_cap_fen, std::optional<int64_t>(0));
  EXPECT_EQ(zeros.day_count, subsidy::DayCount::kActual360);
  EXPECT_EQ(zeros.version_selection, subsidy::VersionSelection::kContractDate);

  version.set_mode(v1::FULL_SUBSIDY);
  EXPECT_EQ(ToCalculatorPolicy(version).mode, subsidy::SubsidyMode::kFull);
}

TEST(DescribePolicyKeyTest, NamesEachKey) {
  EXPECT_EQ(DescribePolicyKey("subsidy_policy/20240101"), "subsidy policy version from 2024-01-01");
  EXPECT_EQ(DescribePolicyKey("lpr/20240220"), "LPR fixing from 2024-02-20");
  EXPECT_EQ(DescribePolicyKey("meta/subsidy_policy_tail"), "tail of the subsidy policy versions");
  EXPECT_EQ(DescribePolicyKey("meta/lpr_tail"), "tail of the LPR fixings");
  EXPECT_EQ(DescribePolicyKey("loan/B001"), "");
  EXPECT_EQ(DescribePolicyKey("lpr/2024022"), "");
  EXPECT_EQ(DescribePolicyKey("subsidy_policy/2024010x"), "");
  EXPECT_EQ(DescribePolicyKey(""), "");
}

TEST(DescribePolicyKeyTest, DescribesTheKeysPutWrites) {
  MapProjectionState state;
  PutPolicyVersion(Version(absl::CivilDay(2024, 1, 1), 5000), 1, state);
  PutLprFixing(Fixing(absl::CivilDay(2024, 2, 20), 345), 2, state);
  for (const auto& [key, value] : state.rows()) {
    EXPECT_NE(DescribePolicyKey(key), "") << key;
  }
}

}  // namespace
}  // namespace ledger
