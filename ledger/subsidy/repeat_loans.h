// The repeat-loan limit (DOMAIN.md: after repaying, a borrower may borrow again, at most N
// times): which policy version's limit is in force on a day, the loans each person already
// has, and the check CreateLoan makes. A person is recognised across banks only by the keyed
// hash of the resident ID the bank gave at CreateLoan (ledger/privacy/national_id.h); a loan
// created without one cannot be counted, and is not.
//
//   limits_key := "meta/repeat_loan_limits"        -> internal.RepeatLoanLimits
//   person_key := "person_loans/" person_key:32    -> internal.PersonLoans
//
//   // applying SubsidyPolicyVersionAdded / LoanCreated (ledger/model/entry_apply.cc):
//   RecordRepeatLoanLimit(version, state);
//   RecordPersonLoan(created.person_key(), created.loan(), state);
//   // deciding CreateLoan (ledger/engine/apply_command.cc):
//   absl::Status allowed = CheckRepeatLoanLimit(state, person_key, contract_date);
#ifndef LEDGER_SUBSIDY_REPEAT_LOANS_H_
#define LEDGER_SUBSIDY_REPEAT_LOANS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/policy.pb.h"

namespace ledger {

// Whatever the policy says, the ledger keeps at most this many loans per person: it bounds the
// person row, and no programme allows anywhere near it (the policy limit is at most 20).
inline constexpr int kMaxLoansPerPerson = 64;
inline constexpr int kMaxRepeatLoansPolicy = 20;

// The version's limit, appended to the limits row. REQUIRES: the version is later than every
// version already recorded (the policy series' own rule).
absl::Status RecordRepeatLoanLimit(const v1::SubsidyPolicyVersion& version, ProjectionState& state);

// The limit in force on `day`: nullopt when no version is in force or it sets none.
absl::StatusOr<std::optional<int>> RepeatLoanLimitOn(ProjectionState& state, absl::CivilDay day);

// The person's loans so far, in creation order (empty if none).
absl::StatusOr<internal::PersonLoans> LoadPersonLoans(ProjectionState& state,
                                                      absl::string_view person_key);

// Adds `loan` to the person's loans. REQUIRES: !person_key.empty(), fewer than
// kMaxLoansPerPerson loans so far.
absl::Status RecordPersonLoan(absl::string_view person_key, absl::string_view loan,
                              ProjectionState& state);

// OK when a person with `person_key` ("" for a loan created without a resident ID: always OK)
// may take one more loan contracted on `contract_date` and created `today`: their earlier loans
// number at most the limit in force, and fewer than kMaxLoansPerPerson. The limit in force is
// the stricter of the versions in force on the contract date and today: the contract date is
// the bank's to choose, so back-dating a contract to before a limit existed must not escape it,
// and a limit lifted since signing does not apply retroactively either. FAILED_PRECONDITION
// (REPEAT_LOAN_LIMIT, field "national_id") otherwise. Every earlier loan counts, whatever its
// bank or status: the limit is on loans taken, not on loans open.
absl::Status CheckRepeatLoanLimit(ProjectionState& state, absl::string_view person_key,
                                  absl::CivilDay contract_date, absl::CivilDay today);

// "the repeat-loan limits of the policy versions" / "loans of person 1a2b3c4d..." (the key's
// first 4 bytes in hex), or "" if `key` is neither (audit reports).
std::string DescribeRepeatLoanKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_REPEAT_LOANS_H_
