#include "clients/ledgerctl/request_fields.h"

#include "absl/status/status.h"
#include "ledger/base/money.h"

namespace ledgerctl {

absl::StatusOr<PrincipalAndInterest> RequiredPrincipalOrInterest(const ParsedFlags& flags) {
  absl::StatusOr<std::optional<int64_t>> principal_fen = OptionalAmount(flags, "principal_amount");
  if (!principal_fen.ok()) return principal_fen.status();
  absl::StatusOr<std::optional<int64_t>> interest_fen = OptionalAmount(flags, "interest");
  if (!interest_fen.ok()) return interest_fen.status();
  if (!principal_fen->has_value() && !interest_fen->has_value()) {
    return absl::InvalidArgumentError("give --principal_amount, --interest or both");
  }
  PrincipalAndInterest amounts;
  if (principal_fen->has_value()) amounts.principal = ledger::Cny(**principal_fen);
  if (interest_fen->has_value()) amounts.interest = ledger::Cny(**interest_fen);
  return amounts;
}

}  // namespace ledgerctl
