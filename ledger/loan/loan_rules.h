// The loan state machine as pure functions: given a loan's current state and a command,
// either the next state and the journal event that records it, or a refusal with a reason.
//
// No I/O: the commit path loads the loan, calls these, and stores what they return. So every
// rule is tested here, fast and exhaustively (loan_rules_test.cc).
//
//   APPROVED --disburse--> ACTIVE --disburse/repay--> ACTIVE --repay last principal--> CLOSED
//
//   absl::StatusOr<Transition> t = ApplyRepayment(loan, request, today);
//   if (!t.ok()) return t.status();            // nothing changes
//   store t->loan; append t->event to the journal
#ifndef LEDGER_LOAN_LOAN_RULES_H_
#define LEDGER_LOAN_LOAN_RULES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

// Bounds on the shape of a loan. They are sanity limits that keep every sum far from
// overflow, not programme policy: the policy caps (200,000 / 300,000 CNY per person, 3 years,
// LPR + spread) are versioned policy parameters checked elsewhere.
inline constexpr int64_t kMaxPrincipalFen = int64_t{10'000'000} * 100;  // 10 million CNY
inline constexpr int32_t kMinRateBps = 1;
inline constexpr int32_t kMaxRateBps = 2400;  // 24% a year
inline constexpr int32_t kMinTermMonths = 1;
inline constexpr int32_t kMaxTermMonths = 60;

struct Transition {
  v1::Loan loan;    // the state after the command
  v1::Event event;  // what the journal records
};

// Validates every field of the request (except request_id) and returns the new APPROVED loan.
// `today` is the ledger's current date: the contract date may not be after it.
absl::StatusOr<Transition> ApplyCreate(const v1::CreateLoanRequest& request, absl::CivilDay today);

// Pays out `amount`. Partial disbursements are allowed; their total may not exceed the
// approved principal. Refused on a CLOSED loan.
absl::StatusOr<Transition> ApplyDisbursement(const v1::Loan& loan,
                                             const v1::DisburseLoanRequest& request,
                                             absl::CivilDay today);

// Records principal and interest received. Principal may not exceed what is outstanding;
// repaying the last of it closes the loan (any undisbursed remainder lapses). Interest is
// recorded, not computed here (the subsidy calculator computes interest); its running total
// may not exceed the disbursed principal, a sanity bound no legal rate over 5 years reaches.
absl::StatusOr<Transition> ApplyRepayment(const v1::Loan& loan,
                                          const v1::RecordRepaymentRequest& request,
                                          absl::CivilDay today);

// Whether the loan's amounts are consistent: 0 <= repaid <= disbursed <= approved,
// outstanding == disbursed - repaid, repaid interest >= 0, nothing outstanding when CLOSED and
// nothing disbursed when APPROVED. The replay (loan_replay.h) checks rebuilt loans with it.
bool LoanInvariantsHold(const v1::Loan& loan);

// Crashes if !LoanInvariantsHold(loan) (a programming error, never bad input).
void AssertLoanInvariants(const v1::Loan& loan);

}  // namespace ledger

#endif  // LEDGER_LOAN_LOAN_RULES_H_
