#include "ledger/base/ids.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/base/error.h"

namespace ledger {
namespace {

bool AllOf(absl::string_view text, absl::string_view extra) {
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        extra.find(c) == absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::Status ValidateId(absl::string_view id, absl::string_view field) {
  if (id.empty()) return InvalidArgument(reason::kFieldRequired, field, "id is required");
  if (id.size() > kMaxIdLength || !AllOf(id, "._-")) {
    return InvalidArgument(
        reason::kInvalidId, field,
        absl::StrCat("id must be 1..", kMaxIdLength, " characters of A-Z a-z 0-9 . _ -"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) {
    return InvalidArgument(reason::kFieldRequired, "request_id",
                           "request_id is required on every mutating call");
  }
  if (request_id.size() > kMaxRequestIdLength || !AllOf(request_id, "._:-")) {
    return InvalidArgument(reason::kInvalidRequestId, "request_id",
                           absl::StrCat("request_id must be 1..", kMaxRequestIdLength,
                                        " characters of A-Z a-z 0-9 . _ : -"));
  }
  return absl::OkStatus();
}

absl::Status ValidateCountyCode(absl::string_view county_code, absl::string_view field) {
  if (county_code.empty()) {
    return InvalidArgument(reason::kFieldRequired, field, "county_code is required");
  }
  if (county_code.size() != 6 || !std::all_of(county_code.begin(), county_code.end(),
                                              [](char c) { return c >= '0' && c <= '9'; })) {
    return InvalidArgument(reason::kInvalidCountyCode, field,
                           "county_code must be a 6-digit administrative division code");
  }
  return absl::OkStatus();
}

absl::StatusOr<LoanName> ParseLoanName(absl::string_view name, absl::string_view field) {
  if (name.empty()) return InvalidArgument(reason::kFieldRequired, field, "name is required");
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "banks" || parts[2] != "loans" ||
      !ValidateId(parts[1], field).ok() || !ValidateId(parts[3], field).ok()) {
    return InvalidArgument(reason::kInvalidLoanName, field,
                           "name must be banks/{bank_id}/loans/{loan_id}");
  }
  return LoanName{std::string(parts[1]), std::string(parts[3])};
}

std::string FormatLoanName(absl::string_view bank_id, absl::string_view loan_id) {
  return absl::StrCat("banks/", bank_id, "/loans/", loan_id);
}

absl::StatusOr<ClaimId> ParseClaimName(absl::string_view name, absl::string_view field) {
  if (name.empty()) return InvalidArgument(reason::kFieldRequired, field, "name is required");
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "banks" || parts[2] != "subsidy_claims" ||
      !ValidateId(parts[1], field).ok() || !ValidateId(parts[3], field).ok()) {
    return InvalidArgument(reason::kInvalidClaimName, field,
                           "name must be banks/{bank_id}/subsidy_claims/{claim_id}");
  }
  return ClaimId{std::string(parts[1]), std::string(parts[3])};
}

std::string ClaimName(absl::string_view bank_id, absl::string_view claim_id) {
  return absl::StrCat("banks/", bank_id, "/subsidy_claims/", claim_id);
}

bool AllAsciiDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

bool LooksLikePersonalNumber(absl::string_view id) {
  if (id.size() == 18) {
    return AllAsciiDigits(id.substr(0, 17)) &&
           (absl::ascii_isdigit(id[17]) || id[17] == 'X' || id[17] == 'x');
  }
  if (id.size() == 15) return AllAsciiDigits(id);
  if (id.size() == 11) return AllAsciiDigits(id) && id[0] == '1';
  return false;
}

size_t CountCodePoints(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

}  // namespace ledger
