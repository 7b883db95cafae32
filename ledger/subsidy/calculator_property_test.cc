// Properties of the subsidy calculator over seeded random loans, policies and periods:
// subsidy <= interest; excluded days carry no subsidy; splitting a period never changes the
// unrounded totals; the order in which entries arrived does not matter.
#include <algorithm>
#include <random>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/subsidy/calculator.h"

namespace ledger {
namespace subsidy {
namespace {

constexpr int kCases = 3000;

struct Case {
  LoanFacts loan;
  std::vector<PolicyVersion> policies;
  std::vector<LprFixing> lprs;
  Period period;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  int64_t Uniform(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(rng_);
  }
  bool Coin() { return Uniform(0, 1) == 1; }
  absl::CivilDay Day(absl::CivilDay low, int64_t span_days) { return low + Uniform(0, span_days); }

  std::vector<DayRange> Ranges(absl::CivilDay base) {
    std::vector<DayRange> ranges;
    for (int64_t n = Uniform(0, 3); n > 0; --n) {
      const absl::CivilDay from = Day(base, 900);
      ranges.push_back({from, from + Uniform(0, 120)});
    }
    return ranges;
  }

  Case Next() {
    Case c;
    const absl::CivilDay base(2021, 1, 1);
    LoanFacts& loan = c.loan;
    loan.contract_date = Day(base, 900);
    loan.first_disbursement_date = loan.contract_date + Uniform(0, 30);
    loan.annual_rate_bps = static_cast<int32_t>(Uniform(0, 1500));
    int64_t balance_fen = Uniform(1, 50'000'000);
    absl::CivilDay day = loan.first_disbursement_date;
    loan.balance_changes.push_back({day, balance_fen});
    for (int64_t n = Uniform(0, 6); n > 0; --n) {
      day += Uniform(0, 120);  // same-day changes too
      const int64_t delta = Coin() ? Uniform(1, 20'000'000) : -Uniform(0, balance_fen);
      balance_fen += delta;
      loan.balance_changes.push_back({day, delta});
    }
    loan.overdue_ranges = Ranges(base);
    loan.extension_ranges = Ranges(base);
    if (Coin()) loan.end_of_subsidy = Day(base, 1200);

    std::vector<absl::CivilDay> from_days;
    for (int64_t n = Uniform(1, 4); n > 0; --n)
      from_days.push_back(Day(absl::CivilDay(2020, 1, 1), 1500));
    std::sort(from_days.begin(), from_days.end());
    from_days.erase(std::unique(from_days.begin(), from_days.end()), from_days.end());
    for (absl::CivilDay from : from_days) {
      PolicyVersion p;
      p.effective_from = from;
      p.mode = static_cast<SubsidyMode>(Uniform(0, 2));
      p.borrower_spread_bps = static_cast<int32_t>(Uniform(0, 400));
      p.subsidy_share_bps = static_cast<int32_t>(Uniform(0, 10'000));
      if (Coin()) p.rate_cap_spread_bps = static_cast<int32_t>(Uniform(-100, 400));
      if (Coin()) p.principal_cap_fen = Uniform(0, 40'000'000);
      if (Coin()) p.max_subsidised_months = static_cast<int32_t>(Uniform(0, 36));
      p.day_count = Coin() ? DayCount::kActual360 : DayCount::kActual365;
      p.version_selection = Coin() ? VersionSelection::kContractDate : VersionSelection::kDayByDay;
      c.policies.push_back(p);
    }
    // The first fixing predates everything, so every day has an LPR.
    c.lprs.push_back({absl::CivilDay(2019, 8, 20), static_cast<int32_t>(Uniform(300, 450))});
    for (int64_t n = Uniform(0, 4); n > 0; --n) {
      const absl::CivilDay from = Day(absl::CivilDay(2020, 1, 1), 1500);
      const bool taken = std::any_of(c.lprs.begin(), c.lprs.end(),
                                     [&](const LprFixing& f) { return f.effective_from == from; });
      if (!taken) c.lprs.push_back({from, static_cast<int32_t>(Uniform(250, 450))});
    }
    c.period.first_day = Day(base, 1100);
    c.period.last_day = c.period.first_day + Uniform(0, kMaxPeriodDays - 1);
    return c;
  }

  template <typename T>
  void Shuffle(std::vector<T>* items) {
    std::shuffle(items->begin(), items->end(), rng_);
  }

 private:
  std::mt19937_64 rng_;
};

SubsidyResult MustCompute(const Case& c, const Period& period) {
  absl::StatusOr<SubsidyResult> r = ComputeSubsidy(c.loan, c.policies, c.lprs, period);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : SubsidyResult{};
}

int64_t Weight(DayCount day_count) {
  return day_count == DayCount::kActual360 ? kDayWeightActual360 : kDayWeightActual365;
}

TEST(Properties, SubsidyNeverExceedsInterestAndLinesAddUp) {
  Generator gen(20241120);
  for (int i = 0; i < kCases; ++i) {
    const Case c = gen.Next();
    const SubsidyResult r = MustCompute(c, c.period);
    ASSERT_LE(r.subsidy_numerator, r.interest_numerator);
    ASSERT_LE(r.subsidy_fen, r.interest_fen);
    ASSERT_GE(r.subsidy_fen, 0);
    ASSERT_EQ(r.borrower_fen, r.interest_fen - r.subsidy_fen);
    absl::int128 interest = 0, subsidy = 0;
    absl::CivilDay next = c.period.first_day;
    for (const SubsidyLine& line : r.lines) {
      ASSERT_EQ(line.first_day, next);
      ASSERT_EQ(line.days, line.last_day - line.first_day + 1);
      ASSERT_LE(line.eligible_balance_fen, line.balance_fen);
      ASSERT_LE(line.subsidy_rate_bp_e4, int64_t{line.contract_rate_bps} * 10'000);
      const int64_t weight = Weight(line.day_count);
      ASSERT_EQ(line.interest_numerator, absl::int128(line.balance_fen) *
                                             (int64_t{line.contract_rate_bps} * 10'000) * weight *
                                             line.days);
      ASSERT_EQ(line.subsidy_numerator, absl::int128(line.eligible_balance_fen) *
                                            line.subsidy_rate_bp_e4 * weight * line.days);
      if (!line.exclusion_reason.empty()) {
        ASSERT_EQ(line.subsidy_numerator, 0) << line.exclusion_reason;
        ASSERT_EQ(line.eligible_balance_fen, 0);
      }
      interest += line.interest_numerator;
      subsidy += line.subsidy_numerator;
      next = line.last_day + 1;
    }
    ASSERT_EQ(next, c.period.last_day + 1);
    ASSERT_EQ(interest, r.interest_numerator);
    ASSERT_EQ(subsidy, r.subsidy_numerator);
  }
}

TEST(Properties, PeriodInsideAnExclusionHasNoSubsidy) {
  Generator gen(7);
  for (int i = 0; i < kCases; ++i) {
    const Case base = gen.Next();
    const SubsidyResult plain = MustCompute(base, base.period);
    const DayRange whole = {base.period.first_day - gen.Uniform(0, 30),
                            base.period.last_day + gen.Uniform(0, 30)};
    for (int kind = 0; kind < 3; ++kind) {
      Case c = base;
      if (kind == 0) c.loan.overdue_ranges.push_back(whole);
      if (kind == 1) c.loan.extension_ranges.push_back(whole);
      if (kind == 2) c.loan.end_of_subsidy = whole.from;
      const SubsidyResult r = MustCompute(c, c.period);
      ASSERT_EQ(r.subsidy_numerator, 0);
      ASSERT_EQ(r.subsidy_fen, 0);
      // Excluded days still accrue contract interest.
      ASSERT_EQ(r.interest_numerator, plain.interest_numerator);
    }
  }
}

TEST(Properties, SplittingAPeriodNeverChangesTheUnroundedTotals) {
  Generator gen(99);
  for (int i = 0; i < kCases; ++i) {
    const Case c = gen.Next();
    const SubsidyResult whole = MustCompute(c, c.period);
    const int64_t days = c.period.last_day - c.period.first_day + 1;
    if (days < 2) continue;
    const absl::CivilDay split = c.period.first_day + gen.Uniform(0, days - 2);
    const SubsidyResult head = MustCompute(c, {c.period.first_day, split});
    const SubsidyResult tail = MustCompute(c, {split + 1, c.period.last_day});
    ASSERT_EQ(head.interest_numerator + tail.interest_numerator, whole.interest_numerator);
    ASSERT_EQ(head.subsidy_numerator + tail.subsidy_numerator, whole.subsidy_numerator);
    // Rounding once per period: the parts' rounded amounts differ from the whole's by < 1 fen
    // each.
    ASSERT_LE(std::abs(head.interest_fen + tail.interest_fen - whole.interest_fen), 1);
    ASSERT_LE(std::abs(head.subsidy_fen + tail.subsidy_fen - whole.subsidy_fen), 1);
  }
}

TEST(Properties, OrderOfEntriesDoesNotMatter) {
  Generator gen(31337);
  for (int i = 0; i < kCases; ++i) {
    const Case c = gen.Next();
    Case shuffled = c;
    gen.Shuffle(&shuffled.loan.balance_changes);
    gen.Shuffle(&shuffled.loan.overdue_ranges);
    gen.Shuffle(&shuffled.loan.extension_ranges);
    gen.Shuffle(&shuffled.policies);
    gen.Shuffle(&shuffled.lprs);
    const SubsidyResult a = MustCompute(c, c.period);
    const SubsidyResult b = MustCompute(shuffled, shuffled.period);
    ASSERT_EQ(a.interest_numerator, b.interest_numerator);
    ASSERT_EQ(a.subsidy_numerator, b.subsidy_numerator);
    ASSERT_EQ(a.interest_fen, b.interest_fen);
    ASSERT_EQ(a.subsidy_fen, b.subsidy_fen);
    ASSERT_EQ(a.lines.size(), b.lines.size());
    for (size_t k = 0; k < a.lines.size(); ++k) {
      const SubsidyLine& x = a.lines[k];
      const SubsidyLine& y = b.lines[k];
      ASSERT_EQ(x.first_day, y.first_day);
      ASSERT_EQ(x.last_day, y.last_day);
      ASSERT_EQ(x.balance_fen, y.balance_fen);
      ASSERT_EQ(x.eligible_balance_fen, y.eligible_balance_fen);
      ASSERT_EQ(x.subsidy_rate_bp_e4, y.subsidy_rate_bp_e4);
      ASSERT_EQ(x.lpr_bps, y.lpr_bps);
      ASSERT_EQ(x.exclusion_reason, y.exclusion_reason);
      ASSERT_EQ(x.interest_numerator, y.interest_numerator);
      ASSERT_EQ(x.subsidy_numerator, y.subsidy_numerator);
      // The index is into each caller's vector; the version itself is the same.
      ASSERT_EQ(x.policy_effective_from, y.policy_effective_from);
      if (y.policy_version_index >= 0) {
        ASSERT_EQ(shuffled.policies[y.policy_version_index].effective_from,
                  *y.policy_effective_from);
      }
    }
  }
}

}  // namespace
}  // namespace subsidy
}  // namespace ledger
