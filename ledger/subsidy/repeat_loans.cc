#include "ledger/subsidy/repeat_loans.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/invariant.h"
#include "ledger/store/projection_row.h"

namespace ledger {
namespace {

constexpr absl::string_view kLimitsKey = "meta/repeat_loan_limits";
constexpr absl::string_view kPersonPrefix = "person_loans/";

std::string PersonKey(absl::string_view person_key) {
  return absl::StrCat(kPersonPrefix, person_key);
}

}  // namespace

absl::Status RecordRepeatLoanLimit(const v1::SubsidyPolicyVersion& version,
                                   ProjectionState& state) {
  absl::StatusOr<internal::RepeatLoanLimits> limits =
      ReadRowOrEmpty<internal::RepeatLoanLimits>(state, kLimitsKey, "repeat-loan limits");
  if (!limits.ok()) return limits.status();
  internal::RepeatLoanLimit* limit = limits->add_limits();
  limit->set_effective_from(DayNumber(version.effective_from()));
  limit->set_limited(version.has_max_repeat_loans());
  limit->set_max_repeat_loans(version.max_repeat_loans());
  const int n = limits->limits_size();
  Invariant(n == 1 || limits->limits(n - 2).effective_from() < limit->effective_from(),
            "policy versions are recorded in effective-date order");
  state.Put(kLimitsKey, limits->SerializeAsString());
  return absl::OkStatus();
}

absl::StatusOr<std::optional<int>> RepeatLoanLimitOn(ProjectionState& state, absl::CivilDay day) {
  absl::StatusOr<internal::RepeatLoanLimits> limits =
      ReadRowOrEmpty<internal::RepeatLoanLimits>(state, kLimitsKey, "repeat-loan limits");
  if (!limits.ok()) return limits.status();
  const int wanted = DayNumber(day);
  // Newest first: the first version that starts on or before the day is the one in force.
  for (int i = limits->limits_size() - 1; i >= 0; --i) {
    const internal::RepeatLoanLimit& limit = limits->limits(i);
    if (limit.effective_from() > wanted) continue;
    if (!limit.limited()) return std::optional<int>();
    return std::optional<int>(limit.max_repeat_loans());
  }
  return std::optional<int>();
}

absl::StatusOr<internal::PersonLoans> LoadPersonLoans(ProjectionState& state,
                                                      absl::string_view person_key) {
  return ReadRowOrEmpty<internal::PersonLoans>(state, PersonKey(person_key), "person's loans");
}

absl::Status RecordPersonLoan(absl::string_view person_key, absl::string_view loan,
                              ProjectionState& state) {
  Invariant(!person_key.empty(), "a person's loans are kept by their key");
  absl::StatusOr<internal::PersonLoans> loans = LoadPersonLoans(state, person_key);
  if (!loans.ok()) return loans.status();
  if (loans->loans_size() >= kMaxLoansPerPerson) {
    return absl::DataLossError(
        absl::StrCat("a person would have more than ", kMaxLoansPerPerson, " loans"));
  }
  loans->add_loans(std::string(loan));
  state.Put(PersonKey(person_key), loans->SerializeAsString());
  return absl::OkStatus();
}

absl::Status CheckRepeatLoanLimit(ProjectionState& state, absl::string_view person_key,
                                  absl::CivilDay contract_date, absl::CivilDay today) {
  if (person_key.empty()) return absl::OkStatus();
  absl::StatusOr<internal::PersonLoans> loans = LoadPersonLoans(state, person_key);
  if (!loans.ok()) return loans.status();
  const int earlier = loans->loans_size();
  if (earlier == 0) return absl::OkStatus();
  // The stricter of the two days' limits (nullopt: no limit).
  std::optional<int> limit;
  absl::CivilDay limit_day = contract_date;
  for (const absl::CivilDay day : {contract_date, today}) {
    absl::StatusOr<std::optional<int>> in_force = RepeatLoanLimitOn(state, day);
    if (!in_force.ok()) return in_force.status();
    if (in_force->has_value() && (!limit.has_value() || **in_force < *limit)) {
      limit = *in_force;
      limit_day = day;
    }
  }
  // A first loan plus max_repeat_loans repeats: the next is refused once `earlier` exceeds it.
  if (limit.has_value() && earlier > *limit) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kRepeatLoanLimit, "national_id",
        absl::StrCat("this person already has ", earlier, " loans (", loans->loans(earlier - 1),
                     " the latest); the policy in force on ", absl::FormatCivilTime(limit_day),
                     " allows ", *limit, " repeat loans after the first"));
  }
  if (earlier >= kMaxLoansPerPerson) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kRepeatLoanLimit, "national_id",
                  absl::StrCat("this person already has ", earlier,
                               " loans, the most the ledger keeps for one person"));
  }
  return absl::OkStatus();
}

std::string DescribeRepeatLoanKey(absl::string_view key) {
  if (key == kLimitsKey) return "the repeat-loan limits of the policy versions";
  if (!absl::ConsumePrefix(&key, kPersonPrefix)) return "";
  // The key is a keyed hash, not personal data, but a prefix is enough to tell rows apart.
  return absl::StrCat("loans of person ", absl::BytesToHexString(key.substr(0, 4)), "...");
}

}  // namespace ledger
