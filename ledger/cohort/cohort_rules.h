// "One helps ten" cohorts as pure rules: creating a cohort, enrolling and withdrawing mentees,
// recording support, closing the cohort at year end, and a county's cohort rules. Each Decide
// function validates the request against what the writer loaded
// (ledger/engine/cohort_decide.cc) and returns the journal event (with its postings where money
// moves), or refuses with a canonical code, a reason and the offending field. Nothing here reads
// or writes state: the event changes the cohort only when ApplyEntry evolves it
// (cohort_projection.h).
//
//   CohortCreateInputs inputs{/*cohort_exists=*/false, /*mentor_cohorts=*/0, /*max=*/1};
//   absl::StatusOr<v1::Event> created = DecideCreateCohort(request, inputs, today);
//   absl::StatusOr<v1::Event> enrolled = DecideEnrolMentee(enrol, cohort, enrol_inputs, today);
//
// Postings (docs/ACCOUNTS.md): paid-out funding of A posts Dr the county's mentorship support
// A / Cr the county's support fund A; no other cohort entry posts.
#ifndef LEDGER_COHORT_COHORT_RULES_H_
#define LEDGER_COHORT_COHORT_RULES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/cohort/cohort_projection.h"
#include "microloan/ledger/v1/cohort.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

inline constexpr int kMaxCohortNameChars = 100;  // display names of mentors and mentees
inline constexpr int kMaxMentorProfileChars = 500;
inline constexpr int kMaxWithdrawalReasonChars = 200;
inline constexpr int kMaxGivenByChars = 100;
inline constexpr int kMaxSupportDescriptionChars = 500;
inline constexpr int kMaxJobsCreated = 10000;

// What the writer loaded for CreateCohort.
struct CohortCreateInputs {
  bool cohort_exists = false;
  int mentor_cohorts = 0;          // MentorCohortCount for the request's mentor, year and county
  int max_cohorts_per_mentor = 1;  // MaxCohortsPerMentor of the county
};

// What the writer loaded for EnrolMentee.
struct EnrolInputs {
  std::string person_key;  // the command's keyed hash of the resident ID ("" if none)
  std::string national_id_masked;
  // CohortOfPersonInYear for the person and the cohort's programme year: the cohort where the
  // person is an ACTIVE mentee that year (a withdrawal releases it).
  std::optional<std::string> cohort_of_person_in_year;
  // The person's loans whose county is the cohort's (LoadPersonCountyLoans): loans elsewhere
  // neither make a borrower nor are ever shown.
  int county_loan_count = 0;
};

// One loan of a person as the ledger holds it, with the subsidy paid to it
// (SubsidyReceivedFen).
struct PersonLoan {
  v1::Loan loan;
  int64_t subsidy_received_fen = 0;
};

// The loan as a mentee's card or closing shows it: the loan's CURRENT status and outstanding
// principal (as stored when read), days past due as of `as_of` computed from the arrears
// recorded so far (an arrear cured or marked after `as_of` is not rolled back), and subsidy
// received.
v1::MenteeLoan MenteeLoanOf(const PersonLoan& loan, absl::CivilDay as_of);

// CreateCohort: county_code (INVALID_COUNTY_CODE), cohort_id (ids' rules), programme_year
// kMinProgrammeYear..kMaxProgrammeYear and not after today's year + 1 (INVALID_PROGRAMME_YEAR),
// mentor (mentor.mentor_id, mentor.kind INVALID_MENTOR_KIND, mentor.display_name 1..100,
// mentor.profile at most 500); ALREADY_EXISTS (COHORT_ALREADY_EXISTS, cohort_id);
// FAILED_PRECONDITION (MENTOR_LIMIT, mentor.mentor_id) when the mentor leads the county's limit of
// cohorts that year already.
absl::StatusOr<v1::Event> DecideCreateCohort(const v1::CreateCohortRequest& request,
                                             const CohortCreateInputs& inputs,
                                             absl::CivilDay today);

// EnrolMentee into `cohort` (loaded; the decide step refuses a missing one with NOT_FOUND):
// FAILED_PRECONDITION COHORT_CLOSED; mentee_id (ids' rules); FIELD_REQUIRED national_id without
// a person key; display_name 1..100; value_date valid, not after today (DATE_IN_FUTURE), within
// the programme year (OUTSIDE_PROGRAMME_YEAR); ALREADY_EXISTS MENTEE_ALREADY_ENROLLED;
// FAILED_PRECONDITION COHORT_FULL (10 active, or kMaxEnrolmentsPerCohort in all),
// MENTEE_IN_OTHER_COHORT (national_id: the person is an active mentee of a cohort that year; the
// message names that cohort only when it is of the same county), UNKNOWN_BORROWER (national_id:
// borrower=true and no loan of the person in the cohort's county).
absl::StatusOr<v1::Event> DecideEnrolMentee(const v1::EnrolMenteeRequest& request,
                                            const v1::Cohort& cohort, const EnrolInputs& inputs,
                                            absl::CivilDay today);

// WithdrawMentee: COHORT_CLOSED; NOT_FOUND MENTEE_NOT_FOUND; FAILED_PRECONDITION
// MENTEE_WITHDRAWN; reason 1..200; value_date valid, on or after enrolment
// (DATE_BEFORE_LAST_EVENT), not after today.
absl::StatusOr<v1::Event> DecideWithdrawMentee(const v1::WithdrawMenteeRequest& request,
                                               const v1::Cohort& cohort, absl::CivilDay today);

// RecordSupport: COHORT_CLOSED; support.kind (INVALID_SUPPORT_KIND); support.mentee_id empty or
// a mentee of the cohort (NOT_FOUND MENTEE_NOT_FOUND) who is active (FAILED_PRECONDITION
// MENTEE_WITHDRAWN); support.given_by 1..100; support.description at most 500;
// support.value_date valid, in the programme year (OUTSIDE_PROGRAMME_YEAR), not after today
// (DATE_IN_FUTURE); support.amount
// and support.paid_out only for SUPPORT_FUNDING (INVALID_SUPPORT_KIND), the amount a valid
// non-negative Money, required and positive when paid out; RESOURCE_EXHAUSTED
// TOO_MANY_SUPPORT_RECORDS past kMaxSupportRecords.
absl::StatusOr<v1::Event> DecideRecordSupport(const v1::RecordSupportRequest& request,
                                              const v1::Cohort& cohort, absl::CivilDay today);

// CloseCohort: FAILED_PRECONDITION COHORT_ALREADY_CLOSED; value_date valid, on or after
// December 1 of the programme year (FAILED_PRECONDITION CLOSE_BEFORE_YEAR_END), not after
// today; INVALID_ARGUMENT OUTCOME_FOR_UNKNOWN_MENTEE (outcomes[<id>]) for an outcome of no
// active mentee; FAILED_PRECONDITION OUTCOME_MISSING (outcomes[<id>]) for an active mentee
// without one; outcomes[<id>].jobs_created 0..10000 (OUT_OF_RANGE), income_change a CNY Money
// of at most kMaxAmountFen either way. `loans` are each active mentee's loans in the cohort's
// county by mentee_id (LoadActiveMenteeLoans; a mentee without loans may be absent): they become
// loans_at_close with their status and outstanding as they stood when the closing was recorded
// and days past due as of value_date (MenteeLoanOf).
absl::StatusOr<v1::Event> DecideCloseCohort(
    const v1::CloseCohortRequest& request, const v1::Cohort& cohort,
    const std::map<std::string, std::vector<PersonLoan>>& loans, absl::CivilDay today);

// SetCohortRules: county_code; max_cohorts_per_mentor 1..10 (OUT_OF_RANGE).
absl::StatusOr<v1::Event> DecideSetCohortRules(const v1::SetCohortRulesRequest& request);

}  // namespace ledger

#endif  // LEDGER_COHORT_COHORT_RULES_H_
