#include "clients/ledgerctl/amount.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ledgerctl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

absl::Status NotAnAmount(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not an amount: ", why));
}

// Appends the digits of `digits` to `*value_fen` (value = value * 10 + digit),
// refusing on overflow. Checked builtins instead of a pre-computed bound keep
// the rule obvious.
absl::Status AppendDigits(absl::string_view digits, absl::string_view text, int64_t* value_fen) {
  for (char c : digits) {
    if (!IsDigit(c)) {
      return NotAnAmount(text, "only digits and one '.' are allowed");
    }
    if (__builtin_mul_overflow(*value_fen, int64_t{10}, value_fen) ||
        __builtin_add_overflow(*value_fen, int64_t{c - '0'}, value_fen)) {
      return NotAnAmount(text, "too large");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> ParseYuanToFen(absl::string_view text) {
  if (text.empty()) return NotAnAmount(text, "empty");
  if (text[0] == '-') return NotAnAmount(text, "negative amounts are not accepted");
  const size_t dot = text.find('.');
  const absl::string_view yuan_digits = text.substr(0, dot);
  const absl::string_view fen_digits =
      dot == absl::string_view::npos ? absl::string_view() : text.substr(dot + 1);
  if (yuan_digits.empty()) {
    return NotAnAmount(text, "write a digit before the '.' (e.g. 0.50)");
  }
  if (dot != absl::string_view::npos && fen_digits.empty()) {
    return NotAnAmount(text, "write the decimals after the '.' or leave the '.' out");
  }
  if (fen_digits.find('.') != absl::string_view::npos) {
    return NotAnAmount(text, "only one '.' is allowed");
  }
  if (fen_digits.size() > 2) {
    return NotAnAmount(text, "at most two decimals (fen)");
  }
  int64_t amount_fen = 0;
  if (absl::Status status = AppendDigits(yuan_digits, text, &amount_fen); !status.ok()) {
    return status;
  }
  // Pad the decimals to exactly two digits: "5" is 50 fen, "05" is 5 fen, "" is
  // 0 fen.
  const std::string two_decimals =
      absl::StrCat(fen_digits, std::string(2 - fen_digits.size(), '0'));
  if (absl::Status status = AppendDigits(two_decimals, text, &amount_fen); !status.ok()) {
    return status;
  }
  return amount_fen;
}

absl::StatusOr<int64_t> ParseFen(absl::string_view text) {
  if (text.empty()) return NotAnAmount(text, "empty");
  if (text[0] == '-') return NotAnAmount(text, "negative amounts are not accepted");
  int64_t amount_fen = 0;
  if (absl::Status status = AppendDigits(text, text, &amount_fen); !status.ok()) {
    return status;
  }
  return amount_fen;
}

std::string FormatFenAsYuan(int64_t amount_fen) {
  // Work on the magnitude as unsigned so that INT64_MIN's does not overflow.
  const bool negative = amount_fen < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(amount_fen)
                                      : static_cast<uint64_t>(amount_fen);
  const uint64_t fen = magnitude % 100;
  return absl::StrCat(negative ? "-" : "", magnitude / 100, ".", fen < 10 ? "0" : "", fen);
}

}  // namespace ledgerctl
