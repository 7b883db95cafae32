// Keys of the subsidy policy projections (family "projections"):
//
//   policy_key  := "subsidy_policy/" effective_from:yyyymmdd   -> v1.SubsidyPolicyVersion
//   lpr_key     := "lpr/" effective_from:yyyymmdd              -> v1.LprFixing
//   policy_tail := "meta/subsidy_policy_tail"                  -> internal.SeriesTail
//   lpr_tail    := "meta/lpr_tail"                             -> internal.SeriesTail
//
// Dates are 8 ASCII digits (ParseDate bounds years to 2000..2199), so key order is date order
// and a scan of a prefix lists a series oldest first. The tails exist so that the rules can
// check a new version against the latest one with point reads, which every ProjectionState
// offers, instead of a scan, which the commit path's batch view does not.
#include "ledger/subsidy/policy_projection.h"

#include <functional>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_projection.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

constexpr absl::string_view kPolicyPrefix = "subsidy_policy/";
constexpr absl::string_view kLprPrefix = "lpr/";
constexpr absl::string_view kPolicyTailKey = "meta/subsidy_policy_tail";
constexpr absl::string_view kLprTailKey = "meta/lpr_tail";
// The listing name carried in LPR page tokens, so a token only resumes the listing it came from.
constexpr absl::string_view kLprListing = "lpr";
constexpr int kDefaultLprPageSize = 100;
constexpr int kMaxLprPageSize = 1000;
constexpr size_t kDateDigits = 8;

std::string DateDigits(const v1::Date& date) {
  return absl::StrFormat("%04d%02d%02d", date.year(), date.month(), date.day());
}

// Reads a series' tail; a missing tail is an empty series.
absl::StatusOr<internal::SeriesTail> ReadTail(ProjectionState& state, absl::string_view key) {
  internal::SeriesTail tail;
  absl::StatusOr<std::string> bytes = state.Get(key);
  if (absl::IsNotFound(bytes.status())) return tail;
  if (!bytes.ok()) return bytes.status();
  if (!tail.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored ", key, " does not parse"));
  }
  return tail;
}

// Writes `value` under `key` and moves the tail to it. Put* have no status to return, so a
// tail that cannot be read restarts the count; the caller has just read it through the same
// state (Latest*), so that only happens if the store fails between two reads.
void PutInSeries(absl::string_view tail_key, const std::string& key, const std::string& value,
                 ProjectionState& state) {
  absl::StatusOr<internal::SeriesTail> tail = ReadTail(state, tail_key);
  internal::SeriesTail next;
  next.set_count((tail.ok() ? tail->count() : 0) + 1);
  next.set_latest_key(key);
  state.Put(key, value);
  state.Put(tail_key, next.SerializeAsString());
}

// The tail's count and the message under its latest key (DATA_LOSS if the tail names a row
// that is absent or does not parse: the tail and its series were written together).
template <typename Message>
absl::StatusOr<std::pair<std::optional<Message>, int>> ReadLatest(ProjectionState& state,
                                                                  absl::string_view tail_key) {
  absl::StatusOr<internal::SeriesTail> tail = ReadTail(state, tail_key);
  if (!tail.ok()) return tail.status();
  if (tail->latest_key().empty()) return std::make_pair(std::optional<Message>(), tail->count());
  absl::StatusOr<std::string> bytes = state.Get(tail->latest_key());
  if (absl::IsNotFound(bytes.status())) {
    return absl::DataLossError(
        absl::StrCat(tail_key, " names ", tail->latest_key(), " which is not stored"));
  }
  if (!bytes.ok()) return bytes.status();
  Message latest;
  if (!latest.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored ", tail->latest_key(), " does not parse"));
  }
  return std::make_pair(std::optional<Message>(std::move(latest)), tail->count());
}

// Parses every row under `prefix` from one snapshot, oldest first.
template <typename Message>
absl::StatusOr<std::vector<Message>> ReadSeries(const Store& store, absl::string_view prefix) {
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  std::vector<Message> rows;
  absl::Status problem;
  absl::Status scan = store.Scan(
      Family::kProjections, prefix, prefix,
      [&](absl::string_view key, absl::string_view value) {
        Message row;
        if (!row.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          problem = absl::DataLossError(absl::StrCat("stored ", key, " does not parse"));
          return false;
        }
        rows.push_back(std::move(row));
        return true;
      },
      snapshot.get());
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  return rows;
}

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument(reason::kInvalidPageToken, "page_token", why);
}

std::string EncodeLprPageToken(absl::string_view after_key) {
  internal::KeyPageToken token;
  token.set_listing(std::string(kLprListing));
  token.set_after_key(std::string(after_key));
  std::string out;
  absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
  return out;
}

// The key a page resumes after ("" for the first page). The token must name the LPR listing
// and point inside its prefix, so a token from another listing cannot read other rows.
absl::StatusOr<std::string> DecodeLprPageToken(absl::string_view text) {
  if (text.empty()) return std::string();
  std::string bytes;
  internal::KeyPageToken token;
  if (!absl::WebSafeBase64Unescape(text, &bytes) || !token.ParseFromString(bytes)) {
    return BadToken("page_token is not one this server issued");
  }
  if (token.listing() != kLprListing || !absl::StartsWith(token.after_key(), kLprPrefix)) {
    return BadToken("page_token was issued for a different listing");
  }
  return token.after_key();
}

// "2024-01-01" from the 8 digits after a prefix, or "" if they are not 8 digits.
std::string KeyDate(absl::string_view digits) {
  if (digits.size() != kDateDigits) return "";
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  return absl::StrCat(digits.substr(0, 4), "-", digits.substr(4, 2), "-", digits.substr(6, 2));
}

absl::Status NotConvertible(absl::string_view what, const v1::Date& date, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat("stored ", what, " from ", FormatDate(date), " does not convert: ", why));
}

}  // namespace

void PutPolicyVersion(v1::SubsidyPolicyVersion version, uint64_t sequence, ProjectionState& state) {
  version.set_sequence(sequence);
  PutInSeries(kPolicyTailKey, absl::StrCat(kPolicyPrefix, DateDigits(version.effective_from())),
              version.SerializeAsString(), state);
}

void PutLprFixing(v1::LprFixing fixing, uint64_t sequence, ProjectionState& state) {
  fixing.set_sequence(sequence);
  PutInSeries(kLprTailKey, absl::StrCat(kLprPrefix, DateDigits(fixing.effective_from())),
              fixing.SerializeAsString(), state);
}

absl::StatusOr<PolicyTail> LatestPolicyVersion(ProjectionState& state) {
  auto latest = ReadLatest<v1::SubsidyPolicyVersion>(state, kPolicyTailKey);
  if (!latest.ok()) return latest.status();
  return PolicyTail{std::move(latest->first), latest->second};
}

absl::StatusOr<LprTail> LatestLprFixing(ProjectionState& state) {
  auto latest = ReadLatest<v1::LprFixing>(state, kLprTailKey);
  if (!latest.ok()) return latest.status();
  return LprTail{std::move(latest->first), latest->second};
}

absl::StatusOr<v1::ListSubsidyPolicyVersionsResponse> ListPolicyVersions(const Store& store) {
  // Unpaged: the rules keep the series at kMaxPolicyVersions, so one response holds it.
  auto versions = ReadSeries<v1::SubsidyPolicyVersion>(store, kPolicyPrefix);
  if (!versions.ok()) return versions.status();
  v1::ListSubsidyPolicyVersionsResponse response;
  for (v1::SubsidyPolicyVersion& version : *versions) {
    *response.add_versions() = std::move(version);
  }
  return response;
}

absl::StatusOr<v1::ListLprFixingsResponse> ListLprFixings(
    const Store& store, const v1::ListLprFixingsRequest& request) {
  absl::StatusOr<int> page_size =
      ResolvePageSize(request.page_size(), kDefaultLprPageSize, kMaxLprPageSize);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> after_key = DecodeLprPageToken(request.page_token());
  if (!after_key.ok()) return after_key.status();

  // A key followed by 0x00 is the smallest key after it.
  const std::string start =
      after_key->empty() ? std::string(kLprPrefix) : absl::StrCat(*after_key, std::string(1, '\0'));
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  v1::ListLprFixingsResponse response;
  std::string last_key;
  bool more = false;
  absl::Status problem;
  absl::Status scan = store.Scan(
      Family::kProjections, start, kLprPrefix,
      [&](absl::string_view key, absl::string_view value) {
        // Reading one row past the page tells whether a next page exists.
        if (response.fixings_size() >= *page_size) {
          more = true;
          return false;
        }
        if (!response.add_fixings()->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          problem = absl::DataLossError(absl::StrCat("stored ", key, " does not parse"));
          return false;
        }
        last_key = std::string(key);
        return true;
      },
      snapshot.get());
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  if (more) response.set_next_page_token(EncodeLprPageToken(last_key));
  return response;
}

subsidy::PolicyVersion ToCalculatorPolicy(const v1::SubsidyPolicyVersion& version) {
  subsidy::PolicyVersion out;
  // An unset date would trip ToCivilDay's assertion; the rules never store one.
  if (IsSet(version.effective_from())) out.effective_from = ToCivilDay(version.effective_from());
  switch (version.mode()) {
    case v1::PERCENT_OF_INTEREST:
      out.mode = subsidy::SubsidyMode::kPercentOfInterest;
      break;
    case v1::FULL_SUBSIDY:
      out.mode = subsidy::SubsidyMode::kFull;
      break;
    default:  // BORROWER_PAYS_UP_TO_LPR_MINUS; CalculatorPolicies refuses the others.
      out.mode = subsidy::SubsidyMode::kBorrowerPaysUpToLprMinus;
      break;
  }
  out.borrower_spread_bps = version.borrower_spread_bps();
  out.subsidy_share_bps = version.subsidy_share_bps();
  if (version.has_rate_cap_spread_bps()) out.rate_cap_spread_bps = version.rate_cap_spread_bps();
  if (version.has_principal_cap()) out.principal_cap_fen = version.principal_cap().amount_fen();
  if (version.has_max_subsidised_months()) {
    out.max_subsidised_months = version.max_subsidised_months();
  }
  out.day_count = version.day_count() == v1::ACTUAL_365 ? subsidy::DayCount::kActual365
                                                        : subsidy::DayCount::kActual360;
  out.version_selection = version.version_selection() == v1::BY_DAY
                              ? subsidy::VersionSelection::kDayByDay
                              : subsidy::VersionSelection::kContractDate;
  return out;
}

absl::StatusOr<std::vector<subsidy::PolicyVersion>> CalculatorPolicies(const Store& store) {
  auto versions = ReadSeries<v1::SubsidyPolicyVersion>(store, kPolicyPrefix);
  if (!versions.ok()) return versions.status();
  std::vector<subsidy::PolicyVersion> out;
  out.reserve(versions->size());
  for (const v1::SubsidyPolicyVersion& version : *versions) {
    // ToCalculatorPolicy cannot fail, so what it would silently default is checked here: a
    // stored version passed the rules, and one that no longer would means the store is wrong.
    constexpr absl::string_view kWhat = "subsidy policy version";
    if (!ParseDate(version.effective_from(), "effective_from").ok()) {
      return NotConvertible(kWhat, version.effective_from(), "invalid effective_from");
    }
    if (version.mode() != v1::BORROWER_PAYS_UP_TO_LPR_MINUS &&
        version.mode() != v1::PERCENT_OF_INTEREST && version.mode() != v1::FULL_SUBSIDY) {
      return NotConvertible(kWhat, version.effective_from(), "unknown mode");
    }
    if (version.has_principal_cap() &&
        !ParseMoney(version.principal_cap(), "principal_cap", Sign::kNonNegative).ok()) {
      return NotConvertible(kWhat, version.effective_from(), "invalid principal_cap");
    }
    out.push_back(ToCalculatorPolicy(version));
  }
  return out;
}

absl::StatusOr<std::vector<subsidy::LprFixing>> CalculatorLprFixings(const Store& store) {
  auto fixings = ReadSeries<v1::LprFixing>(store, kLprPrefix);
  if (!fixings.ok()) return fixings.status();
  std::vector<subsidy::LprFixing> out;
  out.reserve(fixings->size());
  for (const v1::LprFixing& fixing : *fixings) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(fixing.effective_from(), "effective_from");
    if (!day.ok()) {
      return NotConvertible("LPR fixing", fixing.effective_from(), "invalid effective_from");
    }
    if (fixing.lpr_bps() <= 0) {
      return NotConvertible("LPR fixing", fixing.effective_from(), "lpr_bps not positive");
    }
    out.push_back(subsidy::LprFixing{*day, fixing.lpr_bps()});
  }
  return out;
}

std::string DescribePolicyKey(absl::string_view key) {
  if (key == kPolicyTailKey) return "tail of the subsidy policy versions";
  if (key == kLprTailKey) return "tail of the LPR fixings";
  if (absl::ConsumePrefix(&key, kPolicyPrefix)) {
    const std::string date = KeyDate(key);
    return date.empty() ? "" : absl::StrCat("subsidy policy version from ", date);
  }
  if (absl::ConsumePrefix(&key, kLprPrefix)) {
    const std::string date = KeyDate(key);
    return date.empty() ? "" : absl::StrCat("LPR fixing from ", date);
  }
  return "";
}

}  // namespace ledger
