// Exact money: int64 fen, overflow-checked arithmetic, and validation of API Money values.
//
// Money never passes through a float. Sums use __builtin_*_overflow and refuse with
// ARITHMETIC_OVERFLOW instead of wrapping; wider intermediates (rate × balance × days) use
// absl::int128 where they are computed.
//
//   absl::StatusOr<int64_t> amount = ParseMoney(req.amount(), "amount", Sign::kPositive);
//   absl::StatusOr<int64_t> total = CheckedAdd(a_fen, b_fen, "amount");
//   *loan.mutable_outstanding_principal() = Cny(total_fen);
#ifndef LEDGER_BASE_MONEY_H_
#define LEDGER_BASE_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledger {

inline constexpr char kCny[] = "CNY";

// No single amount the ledger accepts is larger: 10 billion CNY. The programme's loans are
// at most a few million CNY; the bound keeps sums of many amounts far from int64's limit.
inline constexpr int64_t kMaxAmountFen = int64_t{1'000'000'000'000};

enum class Sign { kPositive, kNonNegative };

// Validates currency (CNY only), sign and bound; returns the amount in fen. `field` names
// the Money field in the request, e.g. "principal".
absl::StatusOr<int64_t> ParseMoney(const microloan::ledger::v1::Money& money,
                                   absl::string_view field, Sign sign);

absl::StatusOr<int64_t> CheckedAdd(int64_t a_fen, int64_t b_fen, absl::string_view field);
absl::StatusOr<int64_t> CheckedSub(int64_t a_fen, int64_t b_fen, absl::string_view field);

microloan::ledger::v1::Money Cny(int64_t amount_fen);

// True for an amount the rules could have stored: CNY, 0..kMaxAmountFen. Replays check stored
// events with it (a false answer there is DATA_LOSS).
bool IsStoredAmount(const microloan::ledger::v1::Money& money);

// "1,234.56 CNY" for people; never parsed back.
std::string FormatMoney(const microloan::ledger::v1::Money& money);

}  // namespace ledger

#endif  // LEDGER_BASE_MONEY_H_
