// Measures the interest-subsidy calculator alone: generates N loans of realistic shape (a few
// disbursements and repayments, some overdue and extension days, two policy versions, an LPR
// change in the quarter) with a fixed seed, computes one settlement quarter for each, and
// prints loans per second and the totals (so that two builds can be compared for equality).
// Issue 5 asks a reconciliation over 100,000 loans and one quarter to take seconds.
//
//   bazel run -c opt //tools:subsidy_bench -- --loans=100000
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "ledger/subsidy/calculator.h"

namespace {

using ledger::subsidy::BalanceChange;
using ledger::subsidy::DayRange;
using ledger::subsidy::LoanFacts;
using ledger::subsidy::LprFixing;
using ledger::subsidy::Period;
using ledger::subsidy::PolicyVersion;
using ledger::subsidy::SubsidyMode;

LoanFacts RandomLoan(std::mt19937& random) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  LoanFacts loan;
  loan.contract_date = absl::CivilDay(2023, 1, 1) + uniform(0, 300);
  loan.annual_rate_bps = uniform(400, 700);
  loan.first_disbursement_date = loan.contract_date + uniform(0, 20);
  const int64_t principal_fen = int64_t{uniform(10'000, 300'000)} * 100;
  loan.balance_changes.push_back({loan.first_disbursement_date, principal_fen});
  int64_t repaid_fen = 0;
  for (int i = 0; i < uniform(0, 4); ++i) {
    const int64_t part_fen = principal_fen / 10;
    repaid_fen += part_fen;
    loan.balance_changes.push_back({absl::CivilDay(2024, 1, 1) + uniform(0, 80), -part_fen});
  }
  if (uniform(0, 9) == 0) {
    const absl::CivilDay from = absl::CivilDay(2024, 1, 1) + uniform(0, 60);
    loan.overdue_ranges.push_back({from, from + uniform(1, 40)});
  }
  if (uniform(0, 19) == 0) {
    const absl::CivilDay from = absl::CivilDay(2024, 2, 1) + uniform(0, 30);
    loan.extension_ranges.push_back({from, from + 90});
  }
  return loan;
}

}  // namespace

int main(int argc, char** argv) {
  int loan_count = 100000;
  int seed = 1;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    const bool ok = (absl::ConsumePrefix(&arg, "--loans=") && absl::SimpleAtoi(arg, &loan_count) &&
                     loan_count > 0 && loan_count <= 10'000'000) ||
                    (absl::ConsumePrefix(&arg, "--seed=") && absl::SimpleAtoi(arg, &seed));
    if (!ok) {
      std::fprintf(stderr, "usage: subsidy_bench [--loans=N (1..10000000)] [--seed=N]\n");
      return 2;
    }
  }
  std::mt19937 random(seed);
  std::vector<LoanFacts> loans;
  loans.reserve(loan_count);
  for (int i = 0; i < loan_count; ++i) loans.push_back(RandomLoan(random));

  PolicyVersion mode1;
  mode1.effective_from = absl::CivilDay(2021, 1, 1);
  mode1.mode = SubsidyMode::kBorrowerPaysUpToLprMinus;
  mode1.borrower_spread_bps = 150;
  mode1.rate_cap_spread_bps = 250;
  PolicyVersion mode2;
  mode2.effective_from = absl::CivilDay(2023, 6, 1);
  mode2.mode = SubsidyMode::kPercentOfInterest;
  mode2.subsidy_share_bps = 5000;
  mode2.rate_cap_spread_bps = 250;
  mode2.principal_cap_fen = int64_t{300'000} * 100;
  const std::vector<PolicyVersion> policies = {mode1, mode2};
  const std::vector<LprFixing> lprs = {{absl::CivilDay(2023, 8, 21), 345},
                                       {absl::CivilDay(2024, 2, 20), 345}};
  const Period quarter{absl::CivilDay(2023, 12, 21), absl::CivilDay(2024, 3, 20)};

  const auto start = std::chrono::steady_clock::now();
  int64_t interest_fen = 0, subsidy_fen = 0, failed = 0;
  for (const LoanFacts& loan : loans) {
    absl::StatusOr<ledger::subsidy::SubsidyResult> result =
        ledger::subsidy::ComputeSubsidy(loan, policies, lprs, quarter);
    if (!result.ok()) {
      ++failed;
      continue;
    }
    interest_fen += result->interest_fen;
    subsidy_fen += result->subsidy_fen;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "loans=%zu quarter_days=91 seconds=%.3f loans_per_second=%.0f failed=%lld "
      "interest_fen=%lld subsidy_fen=%lld\n",
      loans.size(), seconds, loans.size() / seconds, static_cast<long long>(failed),
      static_cast<long long>(interest_fen), static_cast<long long>(subsidy_fen));
  return failed == 0 ? 0 : 1;
}
