// Shared fixtures for the calculator's worked-example tests: dates, the county policy of
// DOMAIN.md, simple loans and the quarters the examples use.
//
//   const SubsidyResult r = Compute(Loan(D(2023, 6, 1), k100kCnyFen, 615),
//                                   {CountyPolicy(D(2021, 1, 1))}, kLpr365, kQ3_2023);
#ifndef LEDGER_SUBSIDY_CALCULATOR_TEST_SUPPORT_H_
#define LEDGER_SUBSIDY_CALCULATOR_TEST_SUPPORT_H_

#include <cstdint>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/subsidy/calculator.h"

namespace ledger {
namespace subsidy {

inline absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

// A numerator term as the header defines it: balance × rate (bp_e4) × day weight × days.
inline absl::int128 Term(int64_t balance_fen, int64_t rate_bp_e4, int64_t days,
                         int64_t weight = kDayWeightActual360) {
  return absl::int128(balance_fen) * rate_bp_e4 * weight * days;
}

inline constexpr int64_t k100kCnyFen = 10'000'000;  // 100,000.00 CNY

// The county example of DOMAIN.md: borrower pays up to LPR − 150 bp, rate cap LPR + 250 bp.
inline PolicyVersion CountyPolicy(absl::CivilDay from) {
  PolicyVersion p;
  p.effective_from = from;
  p.mode = SubsidyMode::kBorrowerPaysUpToLprMinus;
  p.borrower_spread_bps = 150;
  p.rate_cap_spread_bps = 250;
  return p;
}

inline PolicyVersion SharePolicy(absl::CivilDay from, int32_t share_bps) {
  PolicyVersion p;
  p.effective_from = from;
  p.mode = SubsidyMode::kPercentOfInterest;
  p.subsidy_share_bps = share_bps;
  return p;
}

inline PolicyVersion FullPolicy(absl::CivilDay from) {
  PolicyVersion p;
  p.effective_from = from;
  p.mode = SubsidyMode::kFull;
  return p;
}

inline LoanFacts Loan(absl::CivilDay disbursed, int64_t amount_fen, int32_t rate_bps) {
  LoanFacts loan;
  loan.contract_date = disbursed;
  loan.first_disbursement_date = disbursed;
  loan.annual_rate_bps = rate_bps;
  loan.balance_changes = {{disbursed, amount_fen}};
  return loan;
}

inline const std::vector<LprFixing> kLpr365 = {{D(2022, 8, 22), 365}};

inline SubsidyResult Compute(const LoanFacts& loan, const std::vector<PolicyVersion>& policies,
                             const std::vector<LprFixing>& lprs, Period period) {
  absl::StatusOr<SubsidyResult> result = ComputeSubsidy(loan, policies, lprs, period);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : SubsidyResult{};
}

// 2023-12-21..2024-03-20: 11 + 31 + 29 + 20 = 91 days.
inline const Period kQuarter91 = {D(2023, 12, 21), D(2024, 3, 20)};
// 2023-03-21..2023-06-20: 11 + 30 + 31 + 20 = 92 days.
inline const Period kQ2_2023 = {D(2023, 3, 21), D(2023, 6, 20)};
// 2023-06-21..2023-09-20: 10 + 31 + 31 + 20 = 92 days.
inline const Period kQ3_2023 = {D(2023, 6, 21), D(2023, 9, 20)};

}  // namespace subsidy
}  // namespace ledger

#endif  // LEDGER_SUBSIDY_CALCULATOR_TEST_SUPPORT_H_
