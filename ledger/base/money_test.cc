#include "ledger/base/money.h"

#include <limits>

#include "gtest/gtest.h"
#include "ledger/base/error.h"

namespace ledger {
namespace {

using microloan::ledger::v1::Money;

Money M(const char* currency, int64_t fen) {
  Money money;
  money.set_currency_code(currency);
  money.set_amount_fen(fen);
  return money;
}

TEST(ParseMoney, AcceptsPositiveCny) {
  absl::StatusOr<int64_t> fen = ParseMoney(M("CNY", 12345), "amount", Sign::kPositive);
  ASSERT_TRUE(fen.ok());
  EXPECT_EQ(*fen, 12345);
}

TEST(ParseMoney, RefusesOtherCurrenciesNamingTheField) {
  absl::Status status = ParseMoney(M("USD", 1), "amount", Sign::kPositive).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(status), reason::kCurrencyNotSupported);
  EXPECT_EQ(FieldOf(status), "amount.currency_code");
  EXPECT_EQ(ReasonOf(ParseMoney(M("", 1), "amount", Sign::kPositive).status()),
            reason::kFieldRequired);
}

TEST(ParseMoney, SignRules) {
  EXPECT_EQ(ReasonOf(ParseMoney(M("CNY", 0), "a", Sign::kPositive).status()),
            reason::kAmountNotPositive);
  EXPECT_EQ(ReasonOf(ParseMoney(M("CNY", -1), "a", Sign::kPositive).status()),
            reason::kAmountNotPositive);
  EXPECT_TRUE(ParseMoney(M("CNY", 0), "a", Sign::kNonNegative).ok());
  absl::Status negative = ParseMoney(M("CNY", -1), "a", Sign::kNonNegative).status();
  EXPECT_EQ(ReasonOf(negative), reason::kAmountNegative);
  EXPECT_EQ(FieldOf(negative), "a.amount_fen");
}

TEST(ParseMoney, Bounded) {
  EXPECT_TRUE(ParseMoney(M("CNY", kMaxAmountFen), "a", Sign::kPositive).ok());
  EXPECT_EQ(ReasonOf(ParseMoney(M("CNY", kMaxAmountFen + 1), "a", Sign::kPositive).status()),
            reason::kAmountTooLarge);
  EXPECT_EQ(
      ReasonOf(
          ParseMoney(M("CNY", std::numeric_limits<int64_t>::max()), "a", Sign::kPositive).status()),
      reason::kAmountTooLarge);
}

TEST(CheckedArithmetic, RefusesOverflowAtInt64Limits) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(*CheckedAdd(kMax - 1, 1, "x"), kMax);
  EXPECT_EQ(ReasonOf(CheckedAdd(kMax, 1, "x").status()), reason::kArithmeticOverflow);
  EXPECT_EQ(ReasonOf(CheckedAdd(kMin, -1, "x").status()), reason::kArithmeticOverflow);
  EXPECT_EQ(*CheckedSub(kMin + 1, 1, "x"), kMin);
  EXPECT_EQ(ReasonOf(CheckedSub(kMin, 1, "x").status()), reason::kArithmeticOverflow);
  EXPECT_EQ(ReasonOf(CheckedSub(0, kMin, "x").status()), reason::kArithmeticOverflow);
}

TEST(FormatMoney, GroupsThousandsAndKeepsFen) {
  EXPECT_EQ(FormatMoney(Cny(0)), "0.00 CNY");
  EXPECT_EQ(FormatMoney(Cny(5)), "0.05 CNY");
  EXPECT_EQ(FormatMoney(Cny(123456789)), "1,234,567.89 CNY");
  EXPECT_EQ(FormatMoney(Cny(-100050)), "-1,000.50 CNY");
  EXPECT_EQ(FormatMoney(Cny(std::numeric_limits<int64_t>::min())),
            "-92,233,720,368,547,758.08 CNY");
}

}  // namespace
}  // namespace ledger
