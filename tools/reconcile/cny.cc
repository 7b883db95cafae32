#include "tools/reconcile/cny.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace reconcile {

absl::StatusOr<int64_t> ParseCny(absl::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("empty; give an amount like 123.45");
  const size_t dot = text.find('.');
  const absl::string_view whole = text.substr(0, dot);
  const absl::string_view fraction =
      dot == absl::string_view::npos ? absl::string_view() : text.substr(dot + 1);
  auto all_digits = [](absl::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (!text.empty() && (text[0] == '-')) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is negative; a claimed amount is >= 0"));
  }
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) ||
      (dot != absl::string_view::npos && fraction.empty())) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text.substr(0, 40), text.size() > 40 ? "..." : "",
                     "\" is not an amount in CNY like 123.45 (digits, at most 2 decimals, "
                     "no sign, separators or exponent)"));
  }
  if (fraction.size() > 2) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text.substr(0, 40),
                                                   "\" has more than 2 decimals (fen is the "
                                                   "smallest unit)"));
  }
  const absl::string_view too_large = "exceeds the largest amount, 10000000000.00 CNY";
  int64_t fen = 0;
  for (char c : whole) {
    // fen <= kMaxClaimAmountFen here, so fen * 10 + 9 cannot overflow.
    fen = fen * 10 + (c - '0');
    if (fen > kMaxClaimAmountFen / 100) return absl::InvalidArgumentError(too_large);
  }
  fen *= 100;
  if (fraction.size() >= 1) fen += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) fen += fraction[1] - '0';
  if (fen > kMaxClaimAmountFen) return absl::InvalidArgumentError(too_large);
  return fen;
}

std::string FormatCny(int64_t amount_fen) {
  // Through uint64 so that INT64_MIN has a magnitude.
  const bool negative = amount_fen < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(amount_fen)
                                      : static_cast<uint64_t>(amount_fen);
  const uint64_t cents = magnitude % 100;
  return absl::StrCat(negative ? "-" : "", magnitude / 100, ".", cents < 10 ? "0" : "", cents);
}

}  // namespace reconcile
