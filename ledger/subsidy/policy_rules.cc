#include "ledger/subsidy/policy_rules.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/subsidy/repeat_loans.h"

namespace ledger {
namespace {

constexpr int32_t kMaxSpreadBps = 10'000;
constexpr int32_t kMaxShareBps = 10'000;
constexpr int32_t kMaxSubsidisedMonths = 120;
constexpr int32_t kMaxLprBps = 2'000;

absl::Status RateOutOfRange(absl::string_view field, absl::string_view message) {
  return InvalidArgument(reason::kRateOutOfRange, field, message);
}

// Each mode reads one parameter (or none); a value in the other one would be ignored by the
// calculator, so it is refused rather than stored where a reader could take it for policy.
absl::Status CheckModeParameters(const v1::SubsidyPolicyVersion& version) {
  const bool spread_used = version.mode() == v1::BORROWER_PAYS_UP_TO_LPR_MINUS;
  const bool share_used = version.mode() == v1::PERCENT_OF_INTEREST;
  if (spread_used) {
    if (version.borrower_spread_bps() < 0 || version.borrower_spread_bps() > kMaxSpreadBps) {
      return RateOutOfRange("version.borrower_spread_bps",
                            absl::StrCat("borrower_spread_bps must be 0..", kMaxSpreadBps));
    }
  } else if (version.borrower_spread_bps() != 0) {
    return RateOutOfRange(
        "version.borrower_spread_bps",
        "borrower_spread_bps applies only to mode BORROWER_PAYS_UP_TO_LPR_MINUS; leave it 0");
  }
  if (share_used) {
    if (version.subsidy_share_bps() < 1 || version.subsidy_share_bps() > kMaxShareBps) {
      return RateOutOfRange("version.subsidy_share_bps",
                            absl::StrCat("subsidy_share_bps must be 1..", kMaxShareBps));
    }
  } else if (version.subsidy_share_bps() != 0) {
    return RateOutOfRange("version.subsidy_share_bps",
                          "subsidy_share_bps applies only to mode PERCENT_OF_INTEREST; leave it 0");
  }
  return absl::OkStatus();
}

// The version as it goes into the event: validated, unspecified enums made explicit so that
// a reader of the journal never has to know the defaults, and sequence unset (the entry's own).
absl::StatusOr<v1::SubsidyPolicyVersion> Normalise(const v1::SubsidyPolicyVersion& version) {
  absl::StatusOr<absl::CivilDay> from =
      ParseDate(version.effective_from(), "version.effective_from");
  if (!from.ok()) return from.status();
  if (version.mode() != v1::BORROWER_PAYS_UP_TO_LPR_MINUS &&
      version.mode() != v1::PERCENT_OF_INTEREST && version.mode() != v1::FULL_SUBSIDY) {
    return InvalidArgument(reason::kInvalidSubsidyMode, "version.mode",
                           "mode must be BORROWER_PAYS_UP_TO_LPR_MINUS, PERCENT_OF_INTEREST or "
                           "FULL_SUBSIDY");
  }
  if (absl::Status parameters = CheckModeParameters(version); !parameters.ok()) return parameters;
  if (version.has_rate_cap_spread_bps() && (version.rate_cap_spread_bps() < -kMaxSpreadBps ||
                                            version.rate_cap_spread_bps() > kMaxSpreadBps)) {
    return RateOutOfRange(
        "version.rate_cap_spread_bps",
        absl::StrCat("rate_cap_spread_bps must be ", -kMaxSpreadBps, "..", kMaxSpreadBps));
  }
  v1::SubsidyPolicyVersion out = version;
  out.clear_sequence();
  *out.mutable_effective_from() = ToDate(*from);
  if (version.has_principal_cap()) {
    absl::StatusOr<int64_t> cap_fen =
        ParseMoney(version.principal_cap(), "version.principal_cap", Sign::kNonNegative);
    if (!cap_fen.ok()) return cap_fen.status();
    *out.mutable_principal_cap() = Cny(*cap_fen);
  }
  if (version.has_max_subsidised_months() &&
      (version.max_subsidised_months() < 1 ||
       version.max_subsidised_months() > kMaxSubsidisedMonths)) {
    return InvalidArgument(reason::kOutOfRange, "version.max_subsidised_months",
                           absl::StrCat("max_subsidised_months must be 1..", kMaxSubsidisedMonths));
  }
  // Bounded well inside the person row that counts loans (repeat_loans.h).
  if (version.has_max_repeat_loans() &&
      (version.max_repeat_loans() < 0 || version.max_repeat_loans() > kMaxRepeatLoansPolicy)) {
    return InvalidArgument(reason::kOutOfRange, "version.max_repeat_loans",
                           absl::StrCat("max_repeat_loans must be 0..", kMaxRepeatLoansPolicy));
  }
  switch (version.day_count()) {
    case v1::DAY_COUNT_UNSPECIFIED:
      out.set_day_count(v1::ACTUAL_360);
      break;
    case v1::ACTUAL_360:
    case v1::ACTUAL_365:
      break;
    default:
      return InvalidArgument(reason::kOutOfRange, "version.day_count",
                             "day_count must be ACTUAL_360 or ACTUAL_365");
  }
  switch (version.version_selection()) {
    case v1::VERSION_SELECTION_UNSPECIFIED:
      out.set_version_selection(v1::BY_CONTRACT_DATE);
      break;
    case v1::BY_CONTRACT_DATE:
    case v1::BY_DAY:
      break;
    default:
      return InvalidArgument(reason::kOutOfRange, "version.version_selection",
                             "version_selection must be BY_CONTRACT_DATE or BY_DAY");
  }
  if (CountCodePoints(version.source()) > kMaxPolicySourceChars) {
    return InvalidArgument(
        reason::kTextTooLong, "version.source",
        absl::StrCat("source has at most ", kMaxPolicySourceChars, " characters"));
  }
  return out;
}

absl::Status TooMany(absl::string_view field, absl::string_view what, int limit) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason::kTooManyVersions, field,
                absl::StrCat("the ledger holds at most ", limit, " ", what));
}

}  // namespace

// `today` is not consulted: a version or fixing may take effect in the past or the future
// (policies are often published after they take effect, fixings announced ahead).
absl::StatusOr<v1::Event> DecideAddPolicyVersion(const v1::AddSubsidyPolicyVersionRequest& request,
                                                 const PolicyTail& tail, absl::CivilDay /*today*/) {
  absl::StatusOr<v1::SubsidyPolicyVersion> version = Normalise(request.version());
  if (!version.ok()) return version.status();
  // Versions are append-only and each is in force until the next one's date, so a version
  // dated on or before the latest would rewrite days that claims may already rest on.
  if (tail.latest.has_value() &&
      ToCivilDay(version->effective_from()) <= ToCivilDay(tail.latest->effective_from())) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kPolicyVersionNotLater,
                  "version.effective_from",
                  absl::StrCat("effective_from must be after the latest version's, ",
                               FormatDate(tail.latest->effective_from())));
  }
  if (tail.count >= kMaxPolicyVersions) {
    return TooMany("version", "subsidy policy versions", kMaxPolicyVersions);
  }
  v1::Event event;
  *event.mutable_subsidy_policy_version_added()->mutable_version() = *std::move(version);
  return event;
}

absl::StatusOr<v1::Event> DecideRecordLprFixing(const v1::RecordLprFixingRequest& request,
                                                const LprTail& tail, absl::CivilDay /*today*/) {
  const v1::LprFixing& fixing = request.fixing();
  absl::StatusOr<absl::CivilDay> from = ParseDate(fixing.effective_from(), "fixing.effective_from");
  if (!from.ok()) return from.status();
  if (fixing.lpr_bps() < 1 || fixing.lpr_bps() > kMaxLprBps) {
    return RateOutOfRange("fixing.lpr_bps", absl::StrCat("lpr_bps must be 1..", kMaxLprBps));
  }
  if (tail.latest.has_value() && *from <= ToCivilDay(tail.latest->effective_from())) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kLprFixingNotLater,
                  "fixing.effective_from",
                  absl::StrCat("effective_from must be after the latest fixing's, ",
                               FormatDate(tail.latest->effective_from())));
  }
  if (tail.count >= kMaxLprFixings) return TooMany("fixing", "LPR fixings", kMaxLprFixings);
  v1::Event event;
  v1::LprFixing* out = event.mutable_lpr_fixing_recorded()->mutable_fixing();
  *out->mutable_effective_from() = ToDate(*from);
  out->set_lpr_bps(fixing.lpr_bps());
  return event;
}

}  // namespace ledger
