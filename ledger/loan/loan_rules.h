// The loan rules as pure functions: given a loan's current state and a command, either the
// journal event that records what happens (with its double-entry postings) or a refusal with a
// specific reason. What the event does to the loan is EvolveLoan's job (loan_evolve.h): the
// commit path and the audit's replay both apply events through it, so the rules never build
// loan state themselves.
//
// No I/O: the commit path loads the loan, calls these, evolves and stores. So every rule is
// tested here, fast and exhaustively (loan_rules_test.cc).
//
//   APPROVED --disburse--> ACTIVE --repay all--> CLOSED
//                            |--guarantee paid--> COMPENSATED      (guarantee_rules.h)
//                            |--write off-------> WRITTEN_OFF
//
//   absl::StatusOr<v1::Event> event = DecideRepayment(loan, request, today);
//   if (!event.ok()) return event.status();            // nothing changes
//   append *event to the journal; EvolveLoan(sequence, *event, &loan)
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

// Every Decide function validates every field of the request except request_id and refuses
// with a specific reason and field; money events carry balanced postings (chart.h accounts).
// `today` is the ledger's current date: no value date may be after it, nor before the loan's
// last value date.

// A value date of an event on `loan`: a valid date, not after `today`, not before the contract
// and, if `after_last_event`, not before the loan's latest value date (a loan's entries are in
// value-date order, which the subsidy calculator relies on; a guarantee may be recorded late,
// back to the contract). INVALID_ARGUMENT on field "value_date" otherwise. Shared by every
// rule that takes a loan event's value date (here and in ledger/guarantee).
absl::StatusOr<absl::CivilDay> CheckLoanValueDate(const v1::Loan& loan, const v1::Date& date,
                                                  absl::CivilDay today, bool after_last_event);

// A new APPROVED loan, with its repayment schedule (schedule.h) and maturity. No postings.
absl::StatusOr<v1::Event> DecideCreate(const v1::CreateLoanRequest& request, absl::CivilDay today);

// Pays out `amount`: Cr bank funding, Dr loan principal. Partial disbursements are allowed;
// their total may not exceed the approved principal. Only APPROVED or ACTIVE loans.
absl::StatusOr<v1::Event> DecideDisbursement(const v1::Loan& loan,
                                             const v1::DisburseLoanRequest& request,
                                             absl::CivilDay today);

// Records principal and interest received from the borrower: Dr bank repayments (both); Cr
// loan principal; Cr loan interest for the part settling due interest (the loan's interest
// receivable, settled first), Cr bank interest income for the rest. Principal may not exceed
// what is outstanding; the loan closes when no principal and no due interest remain (any
// undisbursed remainder lapses). Interest is recorded, not computed here; its running total may
// not exceed the disbursed principal, a sanity bound no legal rate over 5 years reaches.
// Only ACTIVE loans.
absl::StatusOr<v1::Event> DecideRepayment(const v1::Loan& loan,
                                          const v1::RecordRepaymentRequest& request,
                                          absl::CivilDay today);

// The bank marks an instalment of the schedule overdue (ACTIVE loans; value date after the
// instalment's due date; once per instalment). Principal overdue at most the instalment's
// principal due and the outstanding principal; interest overdue becomes due interest:
// Dr loan interest, Cr bank interest income.
absl::StatusOr<v1::Event> DecideMarkOverdue(const v1::Loan& loan,
                                            const v1::MarkInstalmentOverdueRequest& request,
                                            absl::CivilDay today);

// The bank marks an overdue instalment paid up (no postings).
absl::StatusOr<v1::Event> DecideCureArrear(const v1::Loan& loan,
                                           const v1::CureArrearRequest& request,
                                           absl::CivilDay today);

// 展期: once, on an ACTIVE loan, on or before its maturity; the new maturity is later than the
// current one and at most one year (12 calendar months) after the original maturity. The rate
// does not change. No postings.
absl::StatusOr<v1::Event> DecideExtension(const v1::Loan& loan,
                                          const v1::ExtendLoanRequest& request,
                                          absl::CivilDay today);

// Writes off everything still owed to the bank (outstanding principal and due interest):
// Dr bank write-offs, Cr loan principal, Cr loan interest. ACTIVE or COMPENSATED loans; refused
// while a fund guarantee is live or called (LOAN_GUARANTEED) and when nothing is owed.
absl::StatusOr<v1::Event> DecideWriteOff(const v1::Loan& loan,
                                         const v1::WriteOffLoanRequest& request,
                                         absl::CivilDay today);

}  // namespace ledger

#endif  // LEDGER_LOAN_LOAN_RULES_H_
