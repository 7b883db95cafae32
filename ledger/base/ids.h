// Identifier rules and loan resource names (AIP-122: banks/{bank_id}/loans/{loan_id}).
//
// Ids are chosen by the bank partner. They are restricted to [A-Za-z0-9._-] so that they can
// be used inside storage keys (which use 0x00 as a separator) and resource names.
//
//   absl::StatusOr<LoanName> name = ParseLoanName(req.name(), "name");
//   std::string text = FormatLoanName("B001", "L-2024-0001");
#ifndef LEDGER_BASE_IDS_H_
#define LEDGER_BASE_IDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledger {

inline constexpr size_t kMaxIdLength = 64;
inline constexpr size_t kMaxRequestIdLength = 128;

// 1..kMaxIdLength characters of [A-Za-z0-9._-]. Refusal: FIELD_REQUIRED or INVALID_ID.
absl::Status ValidateId(absl::string_view id, absl::string_view field);

// 1..kMaxRequestIdLength characters of [A-Za-z0-9._:-] (UUIDs fit).
absl::Status ValidateRequestId(absl::string_view request_id);

// Six digits: a county-level administrative division code (e.g. 370281).
absl::Status ValidateCountyCode(absl::string_view county_code, absl::string_view field);

struct LoanName {
  std::string bank_id;
  std::string loan_id;
};

absl::StatusOr<LoanName> ParseLoanName(absl::string_view name, absl::string_view field);
std::string FormatLoanName(absl::string_view bank_id, absl::string_view loan_id);

// Subsidy claims: banks/{bank_id}/subsidy_claims/{claim_id}, ids as above. Refusal:
// FIELD_REQUIRED (empty) or INVALID_CLAIM_NAME, field `field`.
//   absl::StatusOr<ClaimId> id = ParseClaimName(request.name(), "name");
//   std::string name = ClaimName("B001", "2024Q2");
struct ClaimId {
  std::string bank_id;
  std::string claim_id;
};
absl::StatusOr<ClaimId> ParseClaimName(absl::string_view name, absl::string_view field);
std::string ClaimName(absl::string_view bank_id, absl::string_view claim_id);

// The ledger must never hold national ID or phone numbers (DOMAIN.md, privacy). Ids chosen by
// banks (borrowers, guarantors) that look like a resident ID (18 characters: 17 digits then a
// digit or X; or the old 15 digits) or a mainland mobile number (11 digits starting with 1)
// are refused with PERSONAL_DATA_NOT_ALLOWED by the rules that take them.
bool LooksLikePersonalNumber(absl::string_view id);

// Non-empty and only ASCII digits.
bool AllAsciiDigits(absl::string_view text);

// Characters, not bytes, of UTF-8 text: a limit of 100 characters must allow 100 Chinese
// characters (3 bytes each). Continuation bytes (10xxxxxx) do not start a character.
size_t CountCodePoints(absl::string_view text);

}  // namespace ledger

#endif  // LEDGER_BASE_IDS_H_
