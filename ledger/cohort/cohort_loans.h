// The one loader of a cohort's mentees' loans, shared by the writer (EnrolMentee's borrower
// check, CloseCohort's loans_at_close: ledger/engine/cohort_decide.cc) and the reads (card,
// county view, mentor history: ledger/server/cohort_views.cc).
//
// A mentee's loans are the loans of their person (the keyed hash of the resident ID given at
// enrolment, matched against the loans banks created with the same ID: PersonLoans) whose
// county_code is the COHORT'S county. A person's loans in other counties are never read into a
// cohort: an officer must not learn where else a person borrows, and a county's figures cover
// the county's loans only.
//
//   absl::StatusOr<ActiveMenteeLoans> loans = LoadActiveMenteeLoans(state, cohort, {});
//   for (const auto& [mentee_id, mine] : loans->by_mentee) ...
#ifndef LEDGER_COHORT_COHORT_LOANS_H_
#define LEDGER_COHORT_COHORT_LOANS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/cohort/cohort_rules.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/v1/cohort.pb.h"

namespace ledger {

// The loans of one person whose county_code is `county_code`, in creation order, each with the
// subsidy paid to it when `with_subsidy` (0 otherwise). At most kMaxLoansPerPerson. DATA_LOSS
// if a loan the person row names is not stored.
absl::StatusOr<std::vector<PersonLoan>> LoadPersonCountyLoans(ProjectionState& state,
                                                              absl::string_view person_key,
                                                              absl::string_view county_code,
                                                              bool with_subsidy);

struct MenteeLoanOptions {
  // Read the subsidy paid to each loan (the card and a closing show it; figures do not).
  bool with_subsidy = true;
  // The most loans (of every county, as the person rows name them) the call may read; past it
  // nothing is read and `truncated` is set. A cohort has at most kMaxMenteesPerCohort x
  // kMaxLoansPerPerson.
  int max_loans = 1 << 30;
};

struct ActiveMenteeLoans {
  // Every active mentee's loans in the cohort's county, by mentee_id (an active mentee without
  // such loans has an empty entry; withdrawn mentees have none).
  std::map<std::string, std::vector<PersonLoan>> by_mentee;
  int loan_count = 0;      // loans in by_mentee
  int names_read = 0;      // loans the person rows named (every county): what max_loans bounds
  bool truncated = false;  // names_read would pass max_loans: by_mentee is empty
};

// The loans of the cohort's ACTIVE mentees (withdrawn mentees are skipped). DATA_LOSS if the
// cohort's people row does not line up with its mentees (one person key per mentee, in
// enrolment order) or a person's loan is not stored.
absl::StatusOr<ActiveMenteeLoans> LoadActiveMenteeLoans(ProjectionState& state,
                                                        const v1::Cohort& cohort,
                                                        const MenteeLoanOptions& options);

}  // namespace ledger

#endif  // LEDGER_COHORT_COHORT_LOANS_H_
