// The interest-subsidy (贴息) calculator: for one loan and one period, the contract interest,
// the part public finance pays (the subsidy) and the borrower's share, with a line-by-line
// breakdown that shows, for each run of days, the balance, the eligible balance, the rates and
// why a run is excluded. Pure: no I/O, no clock; the caller gathers the loan's facts from the
// journal and the policy versions and LPR fixings from their ledger entries.
//
//   LoanFacts loan = ...;                      // balance history, overdue and extension days
//   absl::StatusOr<std::vector<Period>> periods =
//       SettlementPeriods(first_day, last_day, Frequency::kQuarterly);
//   for (const Period& period : *periods) {
//     absl::StatusOr<SubsidyResult> result = ComputeSubsidy(loan, policies, lprs, period);
//     if (!result.ok()) return result.status();
//     claim the result->subsidy_fen; show result->lines to finance staff
//   }
//
// Day convention (算头不算尾): interest accrues for each calendar day on the balance held at
// the end of that day. A balance change with value date D takes effect for day D: a
// disbursement's value day accrues interest, a repayment's value day does not (for the repaid
// part). A loan disbursed on D1 and fully repaid on D2 therefore accrues D2 − D1 days.
//
// Exactness: every amount is integer. Rates are in basis points (1 bp = 0.01% a year); a
// subsidy rate may be a fraction of a bp (a 50% share of 435 bp is 217.5 bp), so subsidy rates
// are carried in units of 1/10000 bp ("bp_e4"), which represents every share exactly. Each day
// contributes to the period's exact numerators (absl::int128), and each amount is rounded
// half-up to the fen once per period from its numerator, never per day (DOMAIN.md). Splitting
// a period therefore never changes the unrounded total: the numerators of the parts add up to
// the numerator of the whole.
#ifndef LEDGER_SUBSIDY_CALCULATOR_H_
#define LEDGER_SUBSIDY_CALCULATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace ledger {
namespace subsidy {

// Sanity bounds on inputs. They keep every int128 numerator far from overflow (the largest is
// below 10^27); they are not policy.
inline constexpr int64_t kMaxBalanceFen = int64_t{1'000'000'000'000};  // 10 billion CNY
inline constexpr int32_t kMaxRateBps = 10'000;                         // 100% a year
inline constexpr int32_t kMaxPeriodDays = 400;

// ---------------------------------------------------------------------------------------------
// Inputs.

// A change of the outstanding principal with effect from `value_date` (inclusive):
// +disbursement, −repayment of principal. The caller nets out reversals (a reversed repayment
// is simply absent). Several changes on one day are summed.
struct BalanceChange {
  absl::CivilDay value_date;
  int64_t delta_fen = 0;
};

// The days from `from` to `to`, both inclusive.
struct DayRange {
  absl::CivilDay from;
  absl::CivilDay to;
};

// What the journal says about one loan. Ranges may overlap and come in any order; a day is
// overdue (or extended) if any range covers it.
struct LoanFacts {
  // Selects the policy version under VersionSelection::kContractDate.
  absl::CivilDay contract_date;
  // The contract rate, a year, in bp (435 = 4.35%). The borrower owes interest at this rate.
  int32_t annual_rate_bps = 0;
  // Principal history. The running balance may never be negative nor above kMaxBalanceFen.
  std::vector<BalanceChange> balance_changes;
  // Days with principal or interest in arrears: no subsidy (interest still accrues).
  std::vector<DayRange> overdue_ranges;
  // Days of an extension (展期): interest at the original rate, no subsidy.
  std::vector<DayRange> extension_ranges;
  // Write-off or guarantee compensation: no subsidy from this day on (inclusive).
  std::optional<absl::CivilDay> end_of_subsidy;
  // The start of the subsidised term (PolicyVersion::max_subsidised_months); days before it
  // carry no subsidy.
  absl::CivilDay first_disbursement_date;
};

enum class SubsidyMode {
  // The borrower pays interest up to LPR − borrower_spread_bps; public finance pays the rest of
  // the (capped) contract rate. DOMAIN.md mode 1.
  kBorrowerPaysUpToLprMinus,
  // subsidy_share_bps / 10000 of the (capped) contract-rate interest. DOMAIN.md mode 2.
  kPercentOfInterest,
  // All of the (capped) contract-rate interest. DOMAIN.md mode 3.
  kFull,
};

enum class DayCount {
  kActual360,  // China's convention: daily rate = annual rate / 360
  kActual365,
};

enum class VersionSelection {
  // The version in force on the loan's contract date applies to every day of the loan. The
  // default: the subsidy a borrower was promised at signing should not change under them, and a
  // claim is then reproducible from the contract alone.
  kContractDate,
  // Each day uses the version in force on that day.
  kDayByDay,
};

// One version of the subsidy policy, in force from `effective_from` until the next version's
// effective_from. Two versions may not share an effective_from.
struct PolicyVersion {
  absl::CivilDay effective_from;
  SubsidyMode mode = SubsidyMode::kBorrowerPaysUpToLprMinus;
  // kBorrowerPaysUpToLprMinus: the borrower pays up to LPR − this (150 = 1.50%). In [0, 10000].
  int32_t borrower_spread_bps = 0;
  // kPercentOfInterest: the share of the interest subsidised, in bp of it (5000 = 50%).
  // In [0, 10000].
  int32_t subsidy_share_bps = 0;
  // Interest above LPR + this is not subsidised (250: a 6.15% rate is subsidised at most as a
  // 6.15% rate when the LPR is 3.65%). Unset: no rate cap. In [-10000, 10000].
  std::optional<int32_t> rate_cap_spread_bps;
  // Only the balance up to this is eligible. Unset: no principal cap. Non-negative.
  std::optional<int64_t> principal_cap_fen;
  // Days on or after first_disbursement_date + this many months get no subsidy ("beyond
  // subsidised term"). A month from Jan 31 ends on the last day of February. Unset: no limit.
  std::optional<int32_t> max_subsidised_months;
  // Applies to both the contract interest and the subsidy of the days this version governs.
  DayCount day_count = DayCount::kActual360;
  // Read from the version selected by the contract date (kContractDate), or from each day's
  // version (kDayByDay). How the selection field itself is read: see ComputeSubsidy.
  VersionSelection version_selection = VersionSelection::kContractDate;
};

// A one-year LPR fixing, in force from `effective_from` until the next fixing's. Two fixings
// may not share an effective_from.
struct LprFixing {
  absl::CivilDay effective_from;
  int32_t lpr_bps = 0;  // 365 = 3.65%
};

// The days from first_day to last_day, both inclusive.
struct Period {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
};

// ---------------------------------------------------------------------------------------------
// Outputs.

// Why a run of days gets no subsidy. When several apply, the first in this order is shown.
namespace exclusion {
inline constexpr char kBeforeFirstDisbursement[] = "before first disbursement";
inline constexpr char kNoBalance[] = "no outstanding balance";
inline constexpr char kEndOfSubsidy[] = "subsidy ended (write-off or compensation)";
inline constexpr char kOverdue[] = "overdue";
inline constexpr char kExtension[] = "extension";
inline constexpr char kNoPolicy[] = "no policy version in force";
inline constexpr char kBeyondTerm[] = "beyond subsidised term";
}  // namespace exclusion

// Numerator scale. A day's contribution to a numerator is
//   balance_fen × rate_bp_e4 × day_weight
// where rate_bp_e4 is the annual rate in 1/10000 bp (contract rate × 10000 for interest) and
// day_weight is 365 for an actual/360 day and 360 for an actual/365 day (a day is 365/131400
// or 360/131400 of a year). One common denominator makes both day counts, and a period mixing
// them under kDayByDay, exact:
//   amount_fen = numerator / (10000 [bp_e4 → bp] × 10000 [bp → 1] × 131400 [day weights → year])
inline constexpr int64_t kDayWeightActual360 = 365;
inline constexpr int64_t kDayWeightActual365 = 360;
inline constexpr int64_t kNumeratorDenominator = int64_t{10'000} * 10'000 * 131'400;

// A maximal run of consecutive days with identical inputs.
struct SubsidyLine {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  int32_t days = 0;
  int64_t balance_fen = 0;
  // min(balance, principal cap); 0 on excluded days.
  int64_t eligible_balance_fen = 0;
  int32_t contract_rate_bps = 0;
  // The subsidy rate a year, in 1/10000 bp (2'000'000 = 200 bp = 2%); 0 on excluded days.
  int64_t subsidy_rate_bp_e4 = 0;
  // The LPR in force, if any fixing is.
  std::optional<int32_t> lpr_bps;
  // The policy version applied: its index in the caller's vector and its effective_from
  // (the latter does not depend on the order of the vector). -1 / unset when none is in force.
  int policy_version_index = -1;
  std::optional<absl::CivilDay> policy_effective_from;
  DayCount day_count = DayCount::kActual360;
  // One of the exclusion:: strings, or empty when the run is subsidised.
  std::string exclusion_reason;
  // This run's exact contributions (see kNumeratorDenominator).
  absl::int128 interest_numerator = 0;
  absl::int128 subsidy_numerator = 0;
};

struct SubsidyResult {
  Period period;
  std::vector<SubsidyLine> lines;
  // Exact sums over the period's days, in units of 1 / kNumeratorDenominator fen.
  absl::int128 interest_numerator = 0;
  absl::int128 subsidy_numerator = 0;
  // Each rounded half-up to the fen once, from its numerator.
  int64_t interest_fen = 0;
  int64_t subsidy_fen = 0;
  // interest_fen − subsidy_fen. Never negative: subsidy_fen <= interest_fen always.
  int64_t borrower_fen = 0;
};

// Per day of `period`:
//   balance            = Σ delta_fen of changes with value_date <= day
//   version            = under kContractDate the version in force on contract_date; under
//                        kDayByDay the version in force on the day. The selection field is
//                        read from the version in force on contract_date (or, if none is, from
//                        the day's own version): the signing-time policy decides how later
//                        policy changes reach the loan.
//   capped rate        = min(contract, LPR + rate_cap_spread) (contract if no rate cap)
//   subsidy rate       = mode 1: clamp(capped − (LPR − borrower_spread), 0, capped)
//                        mode 2: subsidy_share × capped / 10000
//                        mode 3: capped
//   eligible balance   = min(balance, principal_cap)
//   interest           += balance × contract rate × day
//   subsidy            += eligible × subsidy rate × day, or 0 on an excluded day
// Excluded days still accrue contract interest. Days with no version in force use actual/360.
//
// Refuses with INVALID_ARGUMENT: a period with last_day < first_day or longer than
// kMaxPeriodDays; rates, spreads, shares or caps out of their bounds; a range with to < from;
// two policy versions or two LPR fixings sharing an effective_from; a running balance below 0
// or above kMaxBalanceFen. FAILED_PRECONDITION: a day that needs an LPR (mode 1, or a rate cap)
// with no fixing in force.
absl::StatusOr<SubsidyResult> ComputeSubsidy(const LoanFacts& loan,
                                             const std::vector<PolicyVersion>& policies,
                                             const std::vector<LprFixing>& lprs,
                                             const Period& period);

enum class Frequency {
  kQuarterly,  // ends on the 20th of March, June, September and December
  kMonthly,    // ends on the 20th of each month
};

// The settlement periods covering [first_day, last_day]: each ends on a settlement day (the
// 20th) and the next starts the day after (the 21st); the first and last are clipped to the
// range. Banks settle interest on the 20th of the last month of the quarter (monthly products:
// every month), so claims follow the same periods.
// Refuses with INVALID_ARGUMENT when last_day < first_day.
absl::StatusOr<std::vector<Period>> SettlementPeriods(absl::CivilDay first_day,
                                                      absl::CivilDay last_day, Frequency frequency);

}  // namespace subsidy
}  // namespace ledger

#endif  // LEDGER_SUBSIDY_CALCULATOR_H_
