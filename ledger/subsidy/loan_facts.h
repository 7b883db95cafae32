// What the calculator needs to know about one loan (calculator.h LoanFacts), gathered from the
// loan's journal entries in sequence order: the principal history net of reversals, the days
// its instalments were overdue, its extension days, and when a write-off or a compensation
// ended its subsidy.
//
//   LoanFactsBuilder facts(loan);                  // contract date, rate
//   for (each of the loan's journal entries, oldest first) facts.Add(sequence, event);
//   absl::StatusOr<subsidy::LoanFacts> f = facts.Build();
//
// Rules (docs/ACCOUNTS.md, DOMAIN.md):
//   - a disbursement adds its amount on its value date; a repayment subtracts its principal; so
//     does the bank's part of a recovery and the principal a compensation or write-off settles
//     (the bank no longer lends it); an EntryReversed removes the entry it names;
//   - an instalment marked overdue is overdue from the day after its due date up to the day
//     before its cure's value date (inclusive), or to the end of time if uncured;
//   - extension days run from the day after the extension's from_maturity to its to_maturity;
//   - a write-off or a compensation ends the subsidy from its value date on (the earliest one
//     that is not reversed);
//   - first_disbursement_date is the earliest disbursement that is not reversed.
#ifndef LEDGER_SUBSIDY_LOAN_FACTS_H_
#define LEDGER_SUBSIDY_LOAN_FACTS_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/subsidy/calculator.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

class LoanFactsBuilder {
 public:
  explicit LoanFactsBuilder(const v1::Loan& loan);

  // REQUIRES: entries of this loan, in ascending sequence order. Events of other kinds (or
  // another loan's) are ignored.
  void Add(uint64_t sequence, const v1::Event& event);

  // FAILED_PRECONDITION (LOAN_NOT_DISBURSED) if nothing disbursed remains.
  absl::StatusOr<subsidy::LoanFacts> Build() const;

 private:
  std::string loan_name_;
  absl::CivilDay contract_date_;
  int32_t annual_rate_bps_ = 0;
  std::map<uint64_t, v1::Event> events_;  // by sequence; reversed ones removed on Add
};

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_LOAN_FACTS_H_
