#include "clients/ledgerctl/policy_requests.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/request_fields.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

// Wide enough for every range the API allows (bps at most 10000, months at most 120) and
// small enough that the server, not an int32 overflow, decides what is out of range.
constexpr uint64_t kMaxFlagInt = 1'000'000;

// An optional decimal integer that may be negative ("-50"), in [-kMaxFlagInt, kMaxFlagInt].
absl::StatusOr<std::optional<int32_t>> OptionalSignedInt(const ParsedFlags& flags,
                                                         absl::string_view name) {
  std::optional<std::string> text = flags.Get(name);
  if (!text.has_value()) return std::nullopt;
  int32_t value = 0;
  const bool digits_only =
      !text->empty() && text->find_first_not_of("-0123456789") == std::string::npos;
  if (!digits_only || !absl::SimpleAtoi(*text, &value) || value > int32_t{kMaxFlagInt} ||
      value < -int32_t{kMaxFlagInt}) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, ": '", *text,
                                                   "' is not a whole number from -", kMaxFlagInt,
                                                   " to ", kMaxFlagInt));
  }
  return value;
}

absl::StatusOr<std::optional<int32_t>> OptionalUint(const ParsedFlags& flags,
                                                    absl::string_view name) {
  if (!flags.Has(name)) return std::nullopt;
  absl::StatusOr<uint64_t> value = RequiredUint(flags, name, kMaxFlagInt);
  if (!value.ok()) return value.status();
  return static_cast<int32_t>(*value);
}

}  // namespace

absl::StatusOr<v1::AddSubsidyPolicyVersionRequest> BuildAddPolicyVersionRequest(
    const ParsedFlags& flags) {
  v1::AddSubsidyPolicyVersionRequest request;
  v1::SubsidyPolicyVersion* version = request.mutable_version();
  absl::StatusOr<v1::Date> from = RequiredDate(flags, "effective_from");
  if (!from.ok()) return from.status();
  *version->mutable_effective_from() = *from;
  absl::StatusOr<int> mode = RequiredChoice(flags, "mode",
                                            {{"borrower-pays", v1::BORROWER_PAYS_UP_TO_LPR_MINUS},
                                             {"percent", v1::PERCENT_OF_INTEREST},
                                             {"full", v1::FULL_SUBSIDY}});
  if (!mode.ok()) return mode.status();
  version->set_mode(static_cast<v1::SubsidyMode>(*mode));
  absl::StatusOr<std::optional<int32_t>> spread = OptionalUint(flags, "borrower_spread_bps");
  if (!spread.ok()) return spread.status();
  if (spread->has_value()) version->set_borrower_spread_bps(**spread);
  absl::StatusOr<std::optional<int32_t>> share = OptionalUint(flags, "share_bps");
  if (!share.ok()) return share.status();
  if (share->has_value()) version->set_subsidy_share_bps(**share);
  absl::StatusOr<std::optional<int32_t>> cap = OptionalSignedInt(flags, "rate_cap_spread_bps");
  if (!cap.ok()) return cap.status();
  if (cap->has_value()) version->set_rate_cap_spread_bps(**cap);
  absl::StatusOr<std::optional<int64_t>> principal_cap = OptionalAmount(flags, "principal_cap");
  if (!principal_cap.ok()) return principal_cap.status();
  if (principal_cap->has_value()) *version->mutable_principal_cap() = ledger::Cny(**principal_cap);
  absl::StatusOr<std::optional<int32_t>> months = OptionalUint(flags, "max_months");
  if (!months.ok()) return months.status();
  if (months->has_value()) version->set_max_subsidised_months(**months);
  absl::StatusOr<std::optional<int>> day_count =
      OptionalChoice(flags, "day_count", {{"360", v1::ACTUAL_360}, {"365", v1::ACTUAL_365}});
  if (!day_count.ok()) return day_count.status();
  if (day_count->has_value()) version->set_day_count(static_cast<v1::DayCount>(**day_count));
  absl::StatusOr<std::optional<int>> selection =
      OptionalChoice(flags, "selection", {{"contract", v1::BY_CONTRACT_DATE}, {"day", v1::BY_DAY}});
  if (!selection.ok()) return selection.status();
  if (selection->has_value()) {
    version->set_version_selection(static_cast<v1::VersionSelection>(**selection));
  }
  version->set_source(OptionalString(flags, "source"));
  return request;
}

absl::StatusOr<v1::RecordLprFixingRequest> BuildRecordLprFixingRequest(const ParsedFlags& flags) {
  v1::RecordLprFixingRequest request;
  absl::StatusOr<v1::Date> from = RequiredDate(flags, "effective_from");
  if (!from.ok()) return from.status();
  *request.mutable_fixing()->mutable_effective_from() = *from;
  absl::StatusOr<uint64_t> lpr_bps = RequiredUint(flags, "lpr_bps", kMaxFlagInt);
  if (!lpr_bps.ok()) return lpr_bps.status();
  request.mutable_fixing()->set_lpr_bps(static_cast<int32_t>(*lpr_bps));
  return request;
}

absl::StatusOr<v1::ListLprFixingsRequest> BuildListLprFixingsRequest(const ParsedFlags& flags) {
  return WithPaging(flags, v1::ListLprFixingsRequest());
}

}  // namespace ledgerctl
