#include "ledger/accounts/account_projection.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

using Postings = google::protobuf::RepeatedPtrField<v1::Posting>;

constexpr int64_t kCommitTimeUs = 1'700'000'000'000'000;

const std::string kFunding = BankFundingAccount("B1");
const std::string kRepayments = BankRepaymentsAccount("B1");
const std::string kIncome = BankInterestIncomeAccount("B1");
const std::string kPrincipal = LoanPrincipalAccount("B1", "L1");

Postings Transfer(const std::string& from, const std::string& to, int64_t amount_fen) {
  PostingsBuilder builder;
  builder.Transfer(from, to, amount_fen);
  v1::Event event;
  builder.Finish(&event);
  return event.postings();
}

v1::Posting Leg(const std::string& account, v1::PostingSide side, int64_t amount_fen) {
  v1::Posting leg;
  leg.set_account(account);
  leg.set_side(side);
  *leg.mutable_amount() = Cny(amount_fen);
  return leg;
}

Postings Legs(const std::vector<v1::Posting>& legs) { return Postings(legs.begin(), legs.end()); }

// The commit path's view of the projections, as the engine builds it: reads see this entry's
// own earlier writes, then the store; writes go into one WriteSet with the journal head.
class StoreState : public ProjectionState {
 public:
  explicit StoreState(Store* store) : store_(store), writes_(store->NewWriteSet()) {}

  absl::StatusOr<std::string> Get(absl::string_view key) override {
    auto it = pending_.find(key);
    if (it != pending_.end()) return it->second;
    return store_->Get(Family::kProjections, key);
  }
  void Put(absl::string_view key, absl::string_view value) override {
    pending_[std::string(key)] = std::string(value);
    writes_.Put(Family::kProjections, key, value);
  }
  void Delete(absl::string_view) override { ADD_FAILURE() << "accounts never delete a row"; }

  // Projection rows only: these tests exercise the projections without journal records.
  absl::Status Write(uint64_t sequence) {
    writes_.Put(Family::kProjections, kJournalHeadKey, EncodeHead({sequence, GenesisHash()}));
    return store_->Write(writes_);
  }

 private:
  Store* store_;
  WriteSet writes_;
  std::map<std::string, std::string, std::less<>> pending_;
};

class AccountProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("accounts"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Applies one entry both ways: to the in-memory replay and through the store.
  void Apply(const Postings& postings) {
    ++sequence_;
    const int64_t time_us = kCommitTimeUs + static_cast<int64_t>(sequence_) * 1'000'000;
    ASSERT_TRUE(ApplyPostings(sequence_, time_us, postings, replay_).ok());
    StoreState state(store_.get());
    ASSERT_TRUE(ApplyPostings(sequence_, time_us, postings, state).ok());
    ASSERT_TRUE(state.Write(sequence_).ok());
  }

  // Every account row of the store, which must equal the replay's.
  std::map<std::string, std::string> StoredAccountRows() {
    std::map<std::string, std::string> rows;
    EXPECT_TRUE(store_
                    ->Scan(Family::kProjections, "", "",
                           [&](absl::string_view key, absl::string_view value) {
                             if (key != kJournalHeadKey)
                               rows[std::string(key)] = std::string(value);
                             return true;
                           })
                    .ok());
    return rows;
  }

  v1::AccountBalance Balance(const std::string& account) {
    absl::StatusOr<v1::AccountBalance> balance = AccountProjection(store_.get()).Get(account);
    EXPECT_TRUE(balance.ok()) << account << ": " << balance.status();
    return balance.ok() ? *balance : v1::AccountBalance();
  }

  // Follows next_page_token to the end, checking each posting appears once.
  std::vector<v1::AccountPosting> AllPostings(v1::ListAccountPostingsRequest request,
                                              int* pages = nullptr) {
    std::vector<v1::AccountPosting> all;
    std::set<uint64_t> seen;
    for (int page = 1; page < 1000; ++page) {
      if (pages != nullptr) *pages = page;
      auto response = AccountProjection(store_.get()).ListPostings(request);
      EXPECT_TRUE(response.ok()) << response.status();
      if (!response.ok()) break;
      for (const v1::AccountPosting& posting : response->postings()) all.push_back(posting);
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return all;
  }

  std::unique_ptr<Store> store_;
  MapProjectionState replay_;
  uint64_t sequence_ = 0;
};

TEST_F(AccountProjectionTest, BalancesAfterSeveralEntries) {
  Apply(Transfer(kFunding, kPrincipal, 6'000'000));  // disburse 60,000.00
  Apply(Transfer(kFunding, kPrincipal, 4'000'000));  // disburse 40,000.00
  PostingsBuilder repay;                             // 25,000.00 principal, 1,087.50 interest
  repay.Transfer(kPrincipal, kRepayments, 2'500'000);
  repay.Transfer(kIncome, kRepayments, 108'750);
  v1::Event event;
  repay.Finish(&event);
  Apply(event.postings());

  const v1::AccountBalance principal = Balance(kPrincipal);
  EXPECT_EQ(principal.account(), kPrincipal);
  EXPECT_EQ(principal.kind(), v1::LOAN_PRINCIPAL);
  EXPECT_EQ(principal.debits().amount_fen(), 10'000'000);
  EXPECT_EQ(principal.credits().amount_fen(), 2'500'000);
  EXPECT_EQ(principal.balance().amount_fen(), 7'500'000);
  EXPECT_EQ(principal.balance().currency_code(), kCny);
  EXPECT_EQ(principal.posting_count(), 3u);
  EXPECT_EQ(principal.last_sequence(), 3u);

  const v1::AccountBalance funding = Balance(kFunding);
  EXPECT_EQ(funding.debits().amount_fen(), 0);
  EXPECT_EQ(funding.debits().currency_code(), kCny);
  EXPECT_EQ(funding.credits().amount_fen(), 10'000'000);
  EXPECT_EQ(funding.balance().amount_fen(), -10'000'000);
  EXPECT_EQ(funding.posting_count(), 2u);
  EXPECT_EQ(funding.last_sequence(), 2u);

  EXPECT_EQ(Balance(kRepayments).balance().amount_fen(), 2'608'750);
  EXPECT_EQ(Balance(kIncome).balance().amount_fen(), -108'750);

  // The commit path's rows and the replay's are the same, key for key and byte for byte.
  const auto& replay_rows = replay_.rows();
  const std::map<std::string, std::string> replayed(replay_rows.begin(), replay_rows.end());
  EXPECT_EQ(StoredAccountRows(), replayed);
}

TEST_F(AccountProjectionTest, KeysFollowTheGrammar) {
  Apply(Transfer(kFunding, kPrincipal, 100));
  std::set<std::string> keys;
  for (const auto& [key, value] : replay_.rows()) keys.insert(key);
  const std::string seq1 = JournalKey(1);
  EXPECT_EQ(keys, (std::set<std::string>{
                      "acct/banks/B1/accounts/funding",
                      "acct/banks/B1/loans/L1/accounts/principal",
                      std::string("acctkind/\x01", 10),
                      std::string("acctkind/\x05", 10),
                      absl::StrCat("post/banks/B1/accounts/funding", std::string(1, '\0'), seq1,
                                   std::string(1, '\0')),
                      absl::StrCat("post/banks/B1/loans/L1/accounts/principal",
                                   std::string(1, '\0'), seq1, std::string(1, '\1')),
                  }));
}

TEST_F(AccountProjectionTest, KindTotalsCountAccounts) {
  Apply(Transfer(kFunding, kPrincipal, 500));
  Apply(Transfer(kFunding, LoanPrincipalAccount("B1", "L2"), 300));
  Apply(Transfer(BankFundingAccount("B2"), LoanPrincipalAccount("B2", "L1"), 200));
  Apply(Transfer(kFunding, kPrincipal, 1));  // no new account

  auto trial = AccountProjection(store_.get()).GetTrialBalance({});
  ASSERT_TRUE(trial.ok()) << trial.status();
  ASSERT_EQ(trial->totals_size(), 2);
  const v1::KindTotal& funding = trial->totals(0);
  EXPECT_EQ(funding.kind(), v1::BANK_FUNDING);
  EXPECT_EQ(funding.account_count(), 2u);
  EXPECT_EQ(funding.debits().amount_fen(), 0);
  EXPECT_EQ(funding.credits().amount_fen(), 1001);
  EXPECT_EQ(funding.balance().amount_fen(), -1001);
  const v1::KindTotal& principal = trial->totals(1);
  EXPECT_EQ(principal.kind(), v1::LOAN_PRINCIPAL);
  EXPECT_EQ(principal.account_count(), 3u);
  EXPECT_EQ(principal.debits().amount_fen(), 1001);
  EXPECT_EQ(principal.balance().amount_fen(), 1001);
}

TEST_F(AccountProjectionTest, OneEntryPostingTwiceToAnAccountAccumulates) {
  Apply(Legs({Leg(kPrincipal, v1::DEBIT, 5), Leg(kPrincipal, v1::DEBIT, 7),
              Leg(kFunding, v1::CREDIT, 12)}));
  const v1::AccountBalance principal = Balance(kPrincipal);
  EXPECT_EQ(principal.posting_count(), 2u);
  EXPECT_EQ(principal.balance().amount_fen(), 12);
  v1::ListAccountPostingsRequest request;
  request.set_account(kPrincipal);
  const std::vector<v1::AccountPosting> postings = AllPostings(request);
  ASSERT_EQ(postings.size(), 2u);
  EXPECT_EQ(postings[0].balance_after().amount_fen(), 5);
  EXPECT_EQ(postings[1].balance_after().amount_fen(), 12);
  auto trial = AccountProjection(store_.get()).GetTrialBalance({});
  ASSERT_TRUE(trial.ok());
  EXPECT_EQ(trial->totals(1).account_count(), 1u);
}

TEST_F(AccountProjectionTest, PostingsListOldestFirstWithRunningBalance) {
  Apply(Transfer(kFunding, kPrincipal, 600));
  Apply(Transfer(kFunding, kPrincipal, 400));
  Apply(Transfer(kPrincipal, kRepayments, 250));
  v1::ListAccountPostingsRequest request;
  request.set_account(kPrincipal);
  const std::vector<v1::AccountPosting> postings = AllPostings(request);
  ASSERT_EQ(postings.size(), 3u);
  const int64_t after_fen[] = {600, 1000, 750};
  const v1::PostingSide sides[] = {v1::DEBIT, v1::DEBIT, v1::CREDIT};
  const int64_t amount_fen[] = {600, 400, 250};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(postings[i].sequence(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(postings[i].commit_time().seconds(), kCommitTimeUs / 1'000'000 + i + 1);
    EXPECT_EQ(postings[i].side(), sides[i]);
    EXPECT_EQ(postings[i].amount().amount_fen(), amount_fen[i]);
    EXPECT_EQ(postings[i].amount().currency_code(), kCny);
    EXPECT_EQ(postings[i].balance_after().amount_fen(), after_fen[i]);
  }
}

TEST_F(AccountProjectionTest, PostingsPagesCoverEachPostingOnce) {
  for (int i = 0; i < 23; ++i) Apply(Transfer(kFunding, kPrincipal, i + 1));
  Apply(Transfer(kFunding, LoanPrincipalAccount("B1", "L2"), 9));  // another account's rows

  v1::ListAccountPostingsRequest request;
  request.set_account(kPrincipal);
  request.set_page_size(5);
  int pages = 0;
  const std::vector<v1::AccountPosting> postings = AllPostings(request, &pages);
  ASSERT_EQ(postings.size(), 23u);
  EXPECT_EQ(pages, 5);
  for (int i = 0; i < 23; ++i) EXPECT_EQ(postings[i].sequence(), static_cast<uint64_t>(i + 1));

  // A page that ends exactly at the last posting says so only on the next call.
  request.set_page_size(23);
  auto exact = AccountProjection(store_.get()).ListPostings(request);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->postings_size(), 23);
  EXPECT_TRUE(exact->next_page_token().empty());
}

TEST_F(AccountProjectionTest, PostingsPageSizeBounds) {
  for (int i = 0; i < 105; ++i) Apply(Transfer(kFunding, kPrincipal, 1));
  AccountProjection accounts(store_.get());
  v1::ListAccountPostingsRequest request;
  request.set_account(kPrincipal);
  auto page = accounts.ListPostings(request);  // 0 means 100
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->postings_size(), kDefaultPostingPageSize);
  EXPECT_FALSE(page->next_page_token().empty());

  request.set_page_size(kMaxPostingPageSize);
  page = accounts.ListPostings(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->postings_size(), 105);

  for (int bad : {-1, kMaxPostingPageSize + 1}) {
    request.set_page_size(bad);
    absl::Status s = accounts.ListPostings(request).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ReasonOf(s), reason::kPageSizeOutOfRange) << bad;
  }
}

TEST_F(AccountProjectionTest, PostingsRefuseForeignAndMalformedTokens) {
  for (int i = 0; i < 3; ++i) Apply(Transfer(kFunding, kPrincipal, 1));
  AccountProjection accounts(store_.get());
  v1::ListAccountPostingsRequest request;
  request.set_account(kPrincipal);
  request.set_page_size(1);
  auto first = accounts.ListPostings(request);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token().empty());

  v1::GetTrialBalanceRequest trial_request;
  trial_request.set_page_size(1);
  auto trial = accounts.GetTrialBalance(trial_request);
  ASSERT_TRUE(trial.ok());
  ASSERT_FALSE(trial->next_page_token().empty());

  std::string garbage_proto;
  absl::WebSafeBase64Escape("\xff\xff\xff", &garbage_proto);
  const std::vector<std::string> bad_tokens = {"not base64!", garbage_proto,
                                               trial->next_page_token()};
  for (const std::string& token : bad_tokens) {
    v1::ListAccountPostingsRequest bad = request;
    bad.set_page_token(token);
    absl::Status s = accounts.ListPostings(bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_EQ(ReasonOf(s), reason::kInvalidPageToken) << token;
    EXPECT_EQ(FieldOf(s), "page_token") << token;
  }

  // A token issued for one account does not page through another.
  v1::ListAccountPostingsRequest other;
  other.set_account(kFunding);
  other.set_page_token(first->next_page_token());
  absl::Status s = accounts.ListPostings(other).status();
  EXPECT_EQ(ReasonOf(s), reason::kInvalidPageToken);

  // Nor does a postings token page through the trial balance.
  trial_request.set_page_token(first->next_page_token());
  EXPECT_EQ(ReasonOf(accounts.GetTrialBalance(trial_request).status()), reason::kInvalidPageToken);
}

TEST_F(AccountProjectionTest, GetAndListValidateTheAccountName) {
  Apply(Transfer(kFunding, kPrincipal, 1));
  AccountProjection accounts(store_.get());
  for (const std::string bad : {"", "banks/B1", "banks/B1/accounts/principal", "acct/x"}) {
    absl::Status s = accounts.Get(bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ReasonOf(s), reason::kInvalidAccount) << bad;
    EXPECT_EQ(FieldOf(s), "account") << bad;
    v1::ListAccountPostingsRequest request;
    request.set_account(bad);
    s = accounts.ListPostings(request).status();
    EXPECT_EQ(ReasonOf(s), reason::kInvalidAccount) << bad;
    EXPECT_EQ(FieldOf(s), "account") << bad;
  }

  absl::Status missing = accounts.Get(kIncome).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), reason::kAccountNotFound);
  EXPECT_EQ(FieldOf(missing), "account");

  v1::ListAccountPostingsRequest request;
  request.set_account(kIncome);
  auto empty = accounts.ListPostings(request);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->postings_size(), 0);
  EXPECT_TRUE(empty->next_page_token().empty());
}

TEST_F(AccountProjectionTest, TrialBalanceSumsToZeroAndPagesCoverEachAccountOnce) {
  std::set<std::string> expected;
  for (int loan = 0; loan < 12; ++loan) {
    const std::string bank = absl::StrCat("B", loan % 3);
    const std::string principal = LoanPrincipalAccount(bank, absl::StrCat("L", loan));
    Apply(Transfer(BankFundingAccount(bank), principal, 1000 + loan));
    PostingsBuilder repay;
    repay.Transfer(principal, BankRepaymentsAccount(bank), 100);
    repay.Transfer(LoanInterestAccount(bank, absl::StrCat("L", loan)), BankRepaymentsAccount(bank),
                   7);
    v1::Event event;
    repay.Finish(&event);
    Apply(event.postings());
    expected.insert({BankFundingAccount(bank), principal, BankRepaymentsAccount(bank),
                     LoanInterestAccount(bank, absl::StrCat("L", loan))});
  }

  AccountProjection accounts(store_.get());
  v1::GetTrialBalanceRequest request;
  request.set_page_size(7);
  std::vector<std::string> seen;
  int64_t balances_fen = 0;
  uint64_t account_count = 0;
  for (int page = 0; page < 100; ++page) {
    auto trial = accounts.GetTrialBalance(request);
    ASSERT_TRUE(trial.ok()) << trial.status();
    EXPECT_EQ(trial->as_of_sequence(), sequence_);
    EXPECT_TRUE(trial->balanced());
    EXPECT_EQ(trial->total_debits().amount_fen(), trial->total_credits().amount_fen());
    EXPECT_LE(trial->accounts_size(), 7);
    int64_t kind_balances_fen = 0;
    int previous_kind = 0;
    account_count = 0;
    for (const v1::KindTotal& total : trial->totals()) {
      EXPECT_GT(total.kind(), previous_kind) << "totals in kind order";
      previous_kind = total.kind();
      kind_balances_fen += total.balance().amount_fen();
      account_count += total.account_count();
    }
    EXPECT_EQ(kind_balances_fen, 0);
    for (const v1::AccountBalance& account : trial->accounts()) {
      seen.push_back(account.account());
      balances_fen += account.balance().amount_fen();
    }
    if (trial->next_page_token().empty()) break;
    request.set_page_token(trial->next_page_token());
  }
  EXPECT_EQ(balances_fen, 0);
  EXPECT_EQ(account_count, expected.size());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected);
  EXPECT_EQ(seen.size(), expected.size()) << "an account listed twice";
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(AccountProjectionTest, TrialBalanceOfAnEmptyLedger) {
  AccountProjection accounts(store_.get());
  auto trial = accounts.GetTrialBalance({});
  ASSERT_TRUE(trial.ok()) << trial.status();
  EXPECT_EQ(trial->as_of_sequence(), 0u);
  EXPECT_EQ(trial->totals_size(), 0);
  EXPECT_EQ(trial->accounts_size(), 0);
  EXPECT_TRUE(trial->balanced());
  EXPECT_EQ(trial->total_debits().currency_code(), kCny);
  EXPECT_TRUE(trial->next_page_token().empty());

  for (int bad : {-1, kMaxTrialBalancePageSize + 1}) {
    v1::GetTrialBalanceRequest request;
    request.set_page_size(bad);
    EXPECT_EQ(ReasonOf(accounts.GetTrialBalance(request).status()), reason::kPageSizeOutOfRange);
  }
  v1::GetTrialBalanceRequest request;
  request.set_page_token("garbage");
  EXPECT_EQ(ReasonOf(accounts.GetTrialBalance(request).status()), reason::kInvalidPageToken);
}

// Each refusal must leave the state exactly as it was: the commit path would otherwise put
// half an entry into its batch.
TEST_F(AccountProjectionTest, RefusedPostingsWriteNothing) {
  Apply(Transfer(kFunding, kPrincipal, 100));
  const auto before = replay_.rows();

  const std::vector<Postings> refused = {
      Legs({Leg(kFunding, v1::CREDIT, 10), Leg(kPrincipal, v1::DEBIT, 9)}),  // unbalanced
      Legs({Leg(kFunding, v1::CREDIT, 10), Leg(kPrincipal, v1::DEBIT, 10),
            Leg("banks/B1/accounts/nowhere", v1::DEBIT, 1),
            Leg(kRepayments, v1::CREDIT, 1)}),                              // not in the chart
      Legs({Leg(kFunding, v1::CREDIT, 0), Leg(kPrincipal, v1::DEBIT, 0)}),  // zero amounts
  };
  for (const Postings& postings : refused) {
    absl::Status s = ApplyPostings(sequence_ + 1, kCommitTimeUs, postings, replay_);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
    EXPECT_EQ(replay_.rows(), before);
  }

  // Entry 1 again, or an older entry: applying twice would count its money twice.
  for (uint64_t sequence : {uint64_t{0}, uint64_t{1}}) {
    absl::Status s =
        ApplyPostings(sequence, kCommitTimeUs, Transfer(kRepayments, kPrincipal, 5), replay_);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << sequence;
    EXPECT_EQ(replay_.rows(), before);
  }

  EXPECT_TRUE(ApplyPostings(sequence_ + 1, kCommitTimeUs, Postings(), replay_).ok());
  EXPECT_EQ(replay_.rows(), before);
}

TEST_F(AccountProjectionTest, OverflowingBalanceIsDataLossAndWritesNothing) {
  const int64_t big = int64_t{1} << 62;
  Apply(Transfer(kFunding, kPrincipal, big));
  const auto before = replay_.rows();
  // Each entry balances, but the principal account's debits would pass int64.
  absl::Status s = ApplyPostings(2, kCommitTimeUs, Transfer(kRepayments, kPrincipal, big), replay_);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_EQ(replay_.rows(), before);
}

TEST_F(AccountProjectionTest, DescribesEveryRowItWrites) {
  Apply(Transfer(kFunding, kPrincipal, 100));
  for (uint64_t i = 0; i < 300; ++i) Apply(Transfer(kFunding, kRepayments, 1));  // 0x00 bytes
  for (const auto& [key, value] : replay_.rows()) {
    EXPECT_FALSE(DescribeAccountKey(key).empty()) << absl::CHexEscape(key);
  }
  EXPECT_EQ(DescribeAccountKey("acct/banks/B1/accounts/funding"),
            "balance of banks/B1/accounts/funding");
  EXPECT_EQ(DescribeAccountKey(std::string("acctkind/\x01", 10)), "totals of kind BANK_FUNDING");
  EXPECT_EQ(DescribeAccountKey(absl::StrCat("post/", kPrincipal, std::string(1, '\0'),
                                            JournalKey(17), std::string(1, '\2'))),
            absl::StrCat("posting 2 of entry 17 to ", kPrincipal));
  EXPECT_EQ(DescribeAccountKey(absl::StrCat("post/", kFunding, std::string(1, '\0'),
                                            JournalKey(256), std::string(1, '\0'))),
            absl::StrCat("posting 0 of entry 256 to ", kFunding));
  for (const std::string& other :
       {std::string("loan/B1"), std::string(kJournalHeadKey), std::string("fund/F1"),
        std::string("acct/"), std::string("acctkind/"), std::string("post/banks/B1"),
        absl::StrCat("post/", kFunding, JournalKey(1), std::string(1, '\0'))}) {
    EXPECT_EQ(DescribeAccountKey(other), "") << absl::CHexEscape(other);
  }
}

}  // namespace
}  // namespace ledger
