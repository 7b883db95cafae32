#include "ledger/base/money.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/base/error.h"

namespace ledger {

absl::StatusOr<int64_t> ParseMoney(const microloan::ledger::v1::Money& money,
                                   absl::string_view field, Sign sign) {
  const std::string currency_field = absl::StrCat(field, ".currency_code");
  const std::string amount_field = absl::StrCat(field, ".amount_fen");
  if (money.currency_code().empty()) {
    return InvalidArgument(reason::kFieldRequired, currency_field,
                           "currency_code is required (CNY)");
  }
  if (money.currency_code() != kCny) {
    return InvalidArgument(
        reason::kCurrencyNotSupported, currency_field,
        absl::StrCat("currency ", money.currency_code(), " is not supported; only CNY"));
  }
  const int64_t amount_fen = money.amount_fen();
  if (sign == Sign::kPositive && amount_fen <= 0) {
    return InvalidArgument(reason::kAmountNotPositive, amount_field,
                           "amount must be greater than zero");
  }
  if (amount_fen < 0) {
    return InvalidArgument(reason::kAmountNegative, amount_field, "amount must not be negative");
  }
  if (amount_fen > kMaxAmountFen) {
    return InvalidArgument(
        reason::kAmountTooLarge, amount_field,
        absl::StrCat("amount exceeds the ledger's bound of ", kMaxAmountFen, " fen"));
  }
  return amount_fen;
}

absl::StatusOr<int64_t> CheckedAdd(int64_t a_fen, int64_t b_fen, absl::string_view field) {
  int64_t sum_fen;
  if (__builtin_add_overflow(a_fen, b_fen, &sum_fen)) {
    return InvalidArgument(reason::kArithmeticOverflow, field, "sum overflows int64 fen");
  }
  return sum_fen;
}

absl::StatusOr<int64_t> CheckedSub(int64_t a_fen, int64_t b_fen, absl::string_view field) {
  int64_t difference_fen;
  if (__builtin_sub_overflow(a_fen, b_fen, &difference_fen)) {
    return InvalidArgument(reason::kArithmeticOverflow, field, "difference overflows int64 fen");
  }
  return difference_fen;
}

microloan::ledger::v1::Money Cny(int64_t amount_fen) {
  microloan::ledger::v1::Money money;
  money.set_currency_code(kCny);
  money.set_amount_fen(amount_fen);
  return money;
}

std::string FormatMoney(const microloan::ledger::v1::Money& money) {
  const int64_t fen = money.amount_fen();
  // Work on the magnitude as unsigned so INT64_MIN formats too.
  const uint64_t magnitude =
      fen < 0 ? uint64_t{0} - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string yuan = absl::StrCat(magnitude / 100);
  std::string grouped;
  for (size_t i = 0; i < yuan.size(); ++i) {
    if (i > 0 && (yuan.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(yuan[i]);
  }
  return absl::StrFormat("%s%s.%02d %s", fen < 0 ? "-" : "", grouped,
                         static_cast<int>(magnitude % 100),
                         money.currency_code().empty() ? kCny : money.currency_code());
}

bool IsStoredAmount(const microloan::ledger::v1::Money& money) {
  return money.currency_code() == kCny && money.amount_fen() >= 0 &&
         money.amount_fen() <= kMaxAmountFen;
}

}  // namespace ledger
