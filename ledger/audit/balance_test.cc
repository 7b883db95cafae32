#include "ledger/audit/balance.h"

#include "gtest/gtest.h"

namespace ledger {
namespace {

Posting Debit(const std::string& account, int64_t fen, const std::string& currency = "CNY") {
  return {account, Posting::Side::kDebit, currency, fen};
}
Posting Credit(const std::string& account, int64_t fen, const std::string& currency = "CNY") {
  return {account, Posting::Side::kCredit, currency, fen};
}

TEST(BalanceTest, NoEventCarriesPostingsYet) {
  v1::Event event;
  EXPECT_TRUE(PostingsOf(event).empty());
  event.mutable_loan_created();
  EXPECT_TRUE(PostingsOf(event).empty());
  event.mutable_loan_disbursed();
  EXPECT_TRUE(PostingsOf(event).empty());
  event.mutable_repayment_recorded();
  EXPECT_TRUE(PostingsOf(event).empty());
}

TEST(BalanceTest, DebitsMustEqualCreditsInEachCurrency) {
  EXPECT_TRUE(CheckBalanced({Debit("loans", 100), Credit("bank", 60), Credit("fund", 40)}).ok());
  absl::Status unbalanced = CheckBalanced({Debit("loans", 100), Credit("bank", 99)});
  EXPECT_EQ(unbalanced.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(unbalanced.message(), "debits 100 fen and credits 99 fen differ in CNY");
  // Balanced in total but not per currency.
  EXPECT_FALSE(CheckBalanced({Debit("a", 100), Credit("b", 100, "USD")}).ok());
  EXPECT_FALSE(CheckBalanced({Debit("a", 0), Credit("b", 0)}).ok());
  EXPECT_FALSE(CheckBalanced({Debit("a", -5), Credit("b", -5)}).ok());
  EXPECT_FALSE(CheckBalanced({}).ok());
  EXPECT_FALSE(CheckBalanced({Debit("a", INT64_MAX), Debit("a", 1), Credit("b", INT64_MAX)}).ok());
}

}  // namespace
}  // namespace ledger
