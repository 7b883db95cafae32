// Exact parsing of command-line money: decimal yuan text ("1234.56") or
// integer fen text ("123456") into int64 fen.
//
// People type yuan; the ledger counts fen. A float would turn "0.1" into
// 0.1000000000000000055 and round somewhere, so the text is read digit by
// digit into an integer, with every multiply and add checked for int64
// overflow. The ledger's own upper bound (ledger::kMaxAmountFen) and sign
// rules are the server's to enforce; this only refuses text that is not an
// exact, non-negative number of fen.
//
//   // 10000050
//   absl::StatusOr<int64_t> amount_fen = ParseYuanToFen("100000.5");
//   // 5000000
//   absl::StatusOr<int64_t> raw_fen = ParseFen("5000000");
//   // "100000.50": exact yuan for machines (CSV), the inverse of ParseYuanToFen
//   std::string yuan = FormatFenAsYuan(10000050);
#ifndef CLIENTS_LEDGERCTL_AMOUNT_H_
#define CLIENTS_LEDGERCTL_AMOUNT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledgerctl {

// Accepts digits, optionally followed by '.' and one or two digits: "100000",
// "100000.5", "1234.56", "0.01". Refuses signs, commas, spaces, exponents, a
// bare ".5" or "5.", more than two decimals and anything above INT64_MAX fen
// (92233720368547758.07 yuan). INVALID_ARGUMENT with a message naming the text
// on refusal.
absl::StatusOr<int64_t> ParseYuanToFen(absl::string_view text);

// Accepts only digits ("5000000"), at most INT64_MAX. For scripts that already
// count fen.
absl::StatusOr<int64_t> ParseFen(absl::string_view text);

// Exact yuan with two decimals and no grouping or currency: 10000050 -> "100000.50",
// 5 -> "0.05", -150 -> "-1.50" (a balance may be negative). Integer arithmetic only, so every
// int64 (INT64_MIN included) is exact. ParseYuanToFen reads back any non-negative result.
std::string FormatFenAsYuan(int64_t amount_fen);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_AMOUNT_H_
