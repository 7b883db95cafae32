#include "ledger/cohort/performance.h"

#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "ledger/base/date.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/loan/delinquency.h"

namespace ledger {

int32_t ShareBps(int64_t part, int64_t whole) {
  if (whole <= 0 || part <= 0) return 0;
  // Half-up: floor((2 x part x 10000 + whole) / (2 x whole)).
  const absl::int128 numerator = absl::int128(part) * 20000 + whole;
  const absl::int128 denominator = absl::int128(whole) * 2;
  return static_cast<int32_t>(numerator / denominator);
}

void PerformanceAccumulator::Add(const v1::Loan& loan) {
  if (loan.status() == v1::APPROVED) return;  // nothing disbursed: nothing to judge
  Invariant(loan_count_ < kMaxPerformanceLoans, "a performance covers a bounded number of loans");
  ++loan_count_;
  absl::flat_hash_set<int32_t> marked;
  for (const v1::Arrear& arrear : loan.arrears()) marked.insert(arrear.instalment());
  for (const v1::Instalment& instalment : loan.schedule()) {
    if (ToCivilDay(instalment.due_date()) > as_of_) continue;
    ++due_;
    if (!marked.contains(instalment.number())) ++on_time_;
  }
  const int64_t outstanding = loan.outstanding_principal().amount_fen();
  Invariant(outstanding >= 0 && outstanding <= kMaxAmountFen,
            "a stored outstanding principal is 0..kMaxAmountFen");
  // The bound of kMaxPerformanceLoans keeps the sums far below int64's limit; CheckedAdd says
  // so again.
  absl::StatusOr<int64_t> sum = CheckedAdd(outstanding_fen_, outstanding, "outstanding_principal");
  Invariant(sum.ok(), "the outstanding principal of at most 10^6 loans fits int64");
  outstanding_fen_ = *sum;
  if (DaysPastDue(loan, as_of_) > 30) {
    absl::StatusOr<int64_t> over =
        CheckedAdd(over_30_fen_, outstanding, "outstanding_over_30_days");
    Invariant(over.ok(), "the outstanding principal of at most 10^6 loans fits int64");
    over_30_fen_ = *over;
  }
}

v1::Performance PerformanceAccumulator::Result() const {
  v1::Performance performance;
  performance.set_loan_count(loan_count_);
  performance.set_instalments_due(due_);
  performance.set_instalments_on_time(on_time_);
  performance.set_on_time_share_bps(ShareBps(on_time_, due_));
  *performance.mutable_outstanding_principal() = Cny(outstanding_fen_);
  *performance.mutable_outstanding_over_30_days() = Cny(over_30_fen_);
  performance.set_par30_bps(ShareBps(over_30_fen_, outstanding_fen_));
  return performance;
}

v1::Performance ComputePerformance(absl::Span<const v1::Loan> loans, absl::CivilDay as_of) {
  PerformanceAccumulator accumulator(as_of);
  for (const v1::Loan& loan : loans) accumulator.Add(loan);
  return accumulator.Result();
}

}  // namespace ledger
