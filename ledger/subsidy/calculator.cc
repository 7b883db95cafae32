#include "ledger/subsidy/calculator.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ledger/base/error.h"
#include "ledger/base/invariant.h"

namespace ledger {
namespace subsidy {
namespace {

std::string Iso(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::Status CheckRange(int64_t value, int64_t low, int64_t high, absl::string_view reason,
                        absl::string_view field) {
  if (value < low || value > high) {
    return InvalidArgument(reason, field,
                           absl::StrCat(field, " must be in [", low, ", ", high, "], got ", value));
  }
  return absl::OkStatus();
}

absl::Status ValidateRanges(const std::vector<DayRange>& ranges, absl::string_view field) {
  for (const DayRange& range : ranges) {
    if (range.to < range.from) {
      return InvalidArgument(reason::kInvalidDate, field,
                             absl::StrCat(field, " ends (", Iso(range.to), ") before it starts (",
                                          Iso(range.from), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePolicies(const std::vector<PolicyVersion>& policies) {
  for (size_t i = 0; i < policies.size(); ++i) {
    const PolicyVersion& p = policies[i];
    const std::string prefix = absl::StrCat("policies[", i, "].");
    absl::Status s = CheckRange(p.borrower_spread_bps, 0, kMaxRateBps, reason::kRateOutOfRange,
                                prefix + "borrower_spread_bps");
    if (s.ok()) {
      s = CheckRange(p.subsidy_share_bps, 0, 10'000, reason::kRateOutOfRange,
                     prefix + "subsidy_share_bps");
    }
    if (s.ok() && p.rate_cap_spread_bps.has_value()) {
      s = CheckRange(*p.rate_cap_spread_bps, -kMaxRateBps, kMaxRateBps, reason::kRateOutOfRange,
                     prefix + "rate_cap_spread_bps");
    }
    if (s.ok() && p.principal_cap_fen.has_value()) {
      s = CheckRange(*p.principal_cap_fen, 0, kMaxBalanceFen, reason::kAmountTooLarge,
                     prefix + "principal_cap_fen");
    }
    if (s.ok() && p.max_subsidised_months.has_value()) {
      // 100 years: a bound that keeps month arithmetic trivially safe.
      s = CheckRange(*p.max_subsidised_months, 0, 1200, reason::kTermOutOfRange,
                     prefix + "max_subsidised_months");
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// The day `months` calendar months after `day`, clamped to the end of a shorter month.
absl::CivilDay AddMonths(absl::CivilDay day, int32_t months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const absl::CivilDay last_of_target = absl::CivilDay(target + 1) - 1;
  return absl::CivilDay(target.year(), target.month(), std::min(day.day(), last_of_target.day()));
}

bool Covers(const std::vector<DayRange>& ranges, absl::CivilDay day) {
  for (const DayRange& range : ranges) {
    if (range.from <= day && day <= range.to) return true;
  }
  return false;
}

// Index into `items` (sorted by effective_from through `order`) of the latest entry in force on
// `day`, or -1.
template <typename T>
int InForce(const std::vector<T>& items, const std::vector<int>& order, absl::CivilDay day) {
  auto it = std::upper_bound(order.begin(), order.end(), day, [&](absl::CivilDay d, int index) {
    return d < items[index].effective_from;
  });
  if (it == order.begin()) return -1;
  return *(it - 1);
}

// Indexes of `items` sorted by effective_from; refuses duplicates, which would make the entry in
// force depend on the order the entries arrived in.
template <typename T>
absl::StatusOr<std::vector<int>> SortedByEffectiveFrom(const std::vector<T>& items,
                                                       absl::string_view field) {
  std::vector<int> order(items.size());
  for (size_t i = 0; i < items.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return items[a].effective_from < items[b].effective_from; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (items[order[i]].effective_from == items[order[i - 1]].effective_from) {
      return InvalidArgument(reason::kInvalidDate, field,
                             absl::StrCat("two ", field, " share effective_from ",
                                          Iso(items[order[i]].effective_from)));
    }
  }
  return order;
}

// Everything that decides one day's contributions; days with equal inputs merge into one line.
struct DayInputs {
  int64_t balance_fen = 0;
  int64_t eligible_balance_fen = 0;
  int32_t contract_rate_bps = 0;
  int64_t subsidy_rate_bp_e4 = 0;
  std::optional<int32_t> lpr_bps;
  int policy_version_index = -1;
  DayCount day_count = DayCount::kActual360;
  absl::string_view exclusion_reason;  // an exclusion:: constant; no copy per day

  auto Key() const {
    return std::tie(balance_fen, eligible_balance_fen, contract_rate_bps, subsidy_rate_bp_e4,
                    lpr_bps, policy_version_index, day_count, exclusion_reason);
  }
};

int64_t DayWeight(DayCount day_count) {
  return day_count == DayCount::kActual360 ? kDayWeightActual360 : kDayWeightActual365;
}

// The subsidy rate in bp_e4 for one day under `policy`. `lpr_bps` is set when the policy needs
// it.
int64_t SubsidyRateBpE4(const PolicyVersion& policy, int32_t contract_rate_bps,
                        std::optional<int32_t> lpr_bps) {
  int64_t capped_bps = contract_rate_bps;
  if (policy.rate_cap_spread_bps.has_value()) {
    capped_bps = std::min<int64_t>(capped_bps, int64_t{*lpr_bps} + *policy.rate_cap_spread_bps);
  }
  capped_bps = std::max<int64_t>(capped_bps, 0);  // a cap below zero subsidises nothing
  switch (policy.mode) {
    case SubsidyMode::kBorrowerPaysUpToLprMinus: {
      const int64_t borrower_bps = int64_t{*lpr_bps} - policy.borrower_spread_bps;
      // Clamped to [0, capped]: the borrower never gets paid, and public finance never pays
      // more than the capped rate even if LPR − spread were negative.
      return std::clamp<int64_t>(capped_bps - borrower_bps, 0, capped_bps) * 10'000;
    }
    case SubsidyMode::kPercentOfInterest:
      return int64_t{policy.subsidy_share_bps} * capped_bps;
    case SubsidyMode::kFull:
      return capped_bps * 10'000;
  }
  Invariant(false, "unknown subsidy mode");
  return 0;
}

bool NeedsLpr(const PolicyVersion& policy) {
  return policy.mode == SubsidyMode::kBorrowerPaysUpToLprMinus ||
         policy.rate_cap_spread_bps.has_value();
}

// Half-up rounding of a non-negative numerator to whole fen.
int64_t RoundHalfUpToFen(absl::int128 numerator) {
  Invariant(numerator >= 0, "subsidy numerators are never negative");
  const absl::int128 denominator = kNumeratorDenominator;
  return static_cast<int64_t>((numerator + denominator / 2) / denominator);
}

}  // namespace

absl::StatusOr<SubsidyResult> ComputeSubsidy(const LoanFacts& loan,
                                             const std::vector<PolicyVersion>& policies,
                                             const std::vector<LprFixing>& lprs,
                                             const Period& period) {
  // Validation first: nothing is computed from input that is out of bounds.
  if (period.last_day < period.first_day) {
    return InvalidArgument(reason::kInvalidDate, "period.last_day",
                           absl::StrCat("period ends (", Iso(period.last_day),
                                        ") before it starts (", Iso(period.first_day), ")"));
  }
  const int64_t period_days = (period.last_day - period.first_day) + 1;
  if (period_days > kMaxPeriodDays) {
    return InvalidArgument(
        reason::kOutOfRange, "period.last_day",
        absl::StrCat("a period is at most ", kMaxPeriodDays, " days, got ", period_days));
  }
  if (absl::Status s = CheckRange(loan.annual_rate_bps, 0, kMaxRateBps, reason::kRateOutOfRange,
                                  "loan.annual_rate_bps");
      !s.ok()) {
    return s;
  }
  for (const BalanceChange& change : loan.balance_changes) {
    if (absl::Status s = CheckRange(change.delta_fen, -kMaxBalanceFen, kMaxBalanceFen,
                                    reason::kAmountTooLarge, "loan.balance_changes.delta_fen");
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = ValidateRanges(loan.overdue_ranges, "loan.overdue_ranges"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRanges(loan.extension_ranges, "loan.extension_ranges"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidatePolicies(policies); !s.ok()) return s;
  for (size_t i = 0; i < lprs.size(); ++i) {
    if (absl::Status s = CheckRange(lprs[i].lpr_bps, 0, kMaxRateBps, reason::kRateOutOfRange,
                                    absl::StrCat("lprs[", i, "].lpr_bps"));
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<int>> policy_order = SortedByEffectiveFrom(policies, "policies");
  if (!policy_order.ok()) return policy_order.status();
  absl::StatusOr<std::vector<int>> lpr_order = SortedByEffectiveFrom(lprs, "lprs");
  if (!lpr_order.ok()) return lpr_order.status();

  // The running balance, checked over the whole history (not only the period), so that a
  // negative balance is refused whatever period is asked for. Changes are summed per day first:
  // the order of same-day changes (a repayment listed before the disbursement) must not matter.
  std::vector<BalanceChange> changes = loan.balance_changes;
  std::sort(changes.begin(), changes.end(), [](const BalanceChange& a, const BalanceChange& b) {
    return a.value_date < b.value_date;
  });
  // One entry per value date: the balance from that day on.
  struct BalanceFrom {
    absl::CivilDay from;
    int64_t balance_fen;
  };
  std::vector<BalanceFrom> daily;
  absl::int128 running_fen = 0;  // int128: any number of same-day changes sums without overflow
  for (size_t i = 0; i < changes.size();) {
    size_t j = i;
    while (j < changes.size() && changes[j].value_date == changes[i].value_date) {
      running_fen += changes[j].delta_fen;
      ++j;
    }
    if (running_fen < 0 || running_fen > kMaxBalanceFen) {
      return InvalidArgument(reason::kExceedsOutstanding, "loan.balance_changes",
                             absl::StrCat("balance after ", Iso(changes[i].value_date),
                                          " is outside [0, ", kMaxBalanceFen, "] fen"));
    }
    daily.push_back({changes[i].value_date, static_cast<int64_t>(running_fen)});
    i = j;
  }

  const int contract_version = InForce(policies, *policy_order, loan.contract_date);

  SubsidyResult result;
  result.period = period;
  size_t next_change = 0;
  int64_t balance_fen = 0;
  DayInputs previous;  // the inputs of result.lines.back()
  for (absl::CivilDay day = period.first_day; day <= period.last_day; ++day) {
    while (next_change < daily.size() && daily[next_change].from <= day) {
      balance_fen = daily[next_change].balance_fen;
      ++next_change;
    }

    DayInputs in;
    in.balance_fen = balance_fen;
    in.contract_rate_bps = loan.annual_rate_bps;
    const int lpr_index = InForce(lprs, *lpr_order, day);
    if (lpr_index >= 0) in.lpr_bps = lprs[lpr_index].lpr_bps;

    const int day_version = InForce(policies, *policy_order, day);
    const int selector = contract_version >= 0 ? contract_version : day_version;
    const bool day_by_day =
        selector >= 0 && policies[selector].version_selection == VersionSelection::kDayByDay;
    in.policy_version_index = day_by_day ? day_version : contract_version;
    const PolicyVersion* policy =
        in.policy_version_index >= 0 ? &policies[in.policy_version_index] : nullptr;
    if (policy != nullptr) in.day_count = policy->day_count;

    if (day < loan.first_disbursement_date) {
      in.exclusion_reason = exclusion::kBeforeFirstDisbursement;
    } else if (balance_fen == 0) {
      in.exclusion_reason = exclusion::kNoBalance;
    } else if (loan.end_of_subsidy.has_value() && day >= *loan.end_of_subsidy) {
      in.exclusion_reason = exclusion::kEndOfSubsidy;
    } else if (Covers(loan.overdue_ranges, day)) {
      in.exclusion_reason = exclusion::kOverdue;
    } else if (Covers(loan.extension_ranges, day)) {
      in.exclusion_reason = exclusion::kExtension;
    } else if (policy == nullptr) {
      in.exclusion_reason = exclusion::kNoPolicy;
    } else if (policy->max_subsidised_months.has_value() &&
               day >= AddMonths(loan.first_disbursement_date, *policy->max_subsidised_months)) {
      in.exclusion_reason = exclusion::kBeyondTerm;
    } else {
      if (NeedsLpr(*policy) && !in.lpr_bps.has_value()) {
        return Refuse(absl::StatusCode::kFailedPrecondition, reason::kOutOfRange, "lprs",
                      absl::StrCat("no LPR fixing in force on ", Iso(day)));
      }
      in.eligible_balance_fen = policy->principal_cap_fen.has_value()
                                    ? std::min(balance_fen, *policy->principal_cap_fen)
                                    : balance_fen;
      in.subsidy_rate_bp_e4 = SubsidyRateBpE4(*policy, loan.annual_rate_bps, in.lpr_bps);
    }

    const int64_t weight = DayWeight(in.day_count);
    const absl::int128 interest =
        absl::int128(in.balance_fen) * (int64_t{in.contract_rate_bps} * 10'000) * weight;
    const absl::int128 subsidy =
        absl::int128(in.eligible_balance_fen) * in.subsidy_rate_bp_e4 * weight;
    Invariant(subsidy <= interest, "a day's subsidy never exceeds its interest");
    result.interest_numerator += interest;
    result.subsidy_numerator += subsidy;

    if (!result.lines.empty() && previous.Key() == in.Key()) {
      SubsidyLine& last = result.lines.back();
      last.last_day = day;
      ++last.days;
      last.interest_numerator += interest;
      last.subsidy_numerator += subsidy;
      continue;
    }
    SubsidyLine line;
    line.first_day = day;
    line.last_day = day;
    line.days = 1;
    line.balance_fen = in.balance_fen;
    line.eligible_balance_fen = in.eligible_balance_fen;
    line.contract_rate_bps = in.contract_rate_bps;
    line.subsidy_rate_bp_e4 = in.subsidy_rate_bp_e4;
    line.lpr_bps = in.lpr_bps;
    line.policy_version_index = in.policy_version_index;
    if (policy != nullptr) line.policy_effective_from = policy->effective_from;
    line.day_count = in.day_count;
    line.exclusion_reason = std::string(in.exclusion_reason);
    line.interest_numerator = interest;
    line.subsidy_numerator = subsidy;
    result.lines.push_back(std::move(line));
    previous = std::move(in);
  }

  result.interest_fen = RoundHalfUpToFen(result.interest_numerator);
  result.subsidy_fen = RoundHalfUpToFen(result.subsidy_numerator);
  Invariant(result.subsidy_fen <= result.interest_fen, "subsidy never exceeds interest");
  result.borrower_fen = result.interest_fen - result.subsidy_fen;
  return result;
}

absl::StatusOr<std::vector<Period>> SettlementPeriods(absl::CivilDay first_day,
                                                      absl::CivilDay last_day,
                                                      Frequency frequency) {
  if (last_day < first_day) {
    return InvalidArgument(
        reason::kInvalidDate, "last_day",
        absl::StrCat("range ends (", Iso(last_day), ") before it starts (", Iso(first_day), ")"));
  }
  constexpr int kSettlementDay = 20;
  std::vector<Period> periods;
  absl::CivilDay start = first_day;
  while (true) {
    // The first settlement day on or after `start`.
    absl::CivilMonth month(start);
    if (start.day() > kSettlementDay) month += 1;
    if (frequency == Frequency::kQuarterly) {
      while (month.month() % 3 != 0) month += 1;
    }
    const absl::CivilDay settlement(month.year(), month.month(), kSettlementDay);
    const absl::CivilDay end = std::min(settlement, last_day);
    periods.push_back({start, end});
    if (end == last_day) break;
    start = end + 1;
  }
  return periods;
}

}  // namespace subsidy
}  // namespace ledger
