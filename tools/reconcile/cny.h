// Amounts of CNY as text, for the reconciliation tool's files: parsing what a bank writes in a
// claim file ("123.45", "0", "12.3") into int64 fen, and printing fen with exactly two
// decimals ("1234.50", "-0.07"). Integer arithmetic only; nothing passes through a float.
//
//   absl::StatusOr<int64_t> fen = ParseCny("123.45");   // 12345
//   std::string text = FormatCny(-7);                    // "-0.07"
#ifndef TOOLS_RECONCILE_CNY_H_
#define TOOLS_RECONCILE_CNY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reconcile {

// The largest amount a claim row may carry: the ledger's own bound (ledger/base/money.h),
// 10,000,000,000.00 CNY. It keeps a sum of a million rows far inside int64.
inline constexpr int64_t kMaxClaimAmountFen = int64_t{1'000'000'000'000};

// Accepts ASCII digits, optionally followed by '.' and one or two digits: "0", "12", "12.3",
// "12.30". Refuses (INVALID_ARGUMENT, a message without the field name) a sign, spaces,
// thousands separators, an exponent, more than two decimals, a bare "." or "12.", and anything
// above kMaxClaimAmountFen. Never overflows, whatever the input.
absl::StatusOr<int64_t> ParseCny(absl::string_view text);

// Fen as CNY with exactly two decimals and no separators: 0 -> "0.00", 12345 -> "123.45",
// -5 -> "-0.05". Defined for every int64 (INT64_MIN included).
std::string FormatCny(int64_t amount_fen);

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_CNY_H_
