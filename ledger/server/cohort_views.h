// The read side of "one helps ten" cohorts (CohortService's reads): a cohort's card, a county's
// cohorts of a year beside the county's other loans, and a mentor's history. Who may read what
// is the handler's business (cohort_service.cc); these compute what a permitted caller gets.
// Figures are ledger/cohort/performance.h's: days past due as of the day asked for, status and
// outstanding principal the loans' current ones (not rolled back to that day).
//
// A mentee's loans are their person's loans in the COHORT'S county (ledger/cohort/
// cohort_loans.h: the keyed hash of the resident ID given at enrolment, matched against the
// loans banks created with the same ID), at whatever bank; a person's loans in other counties
// are never shown. Only ACTIVE mentees' loans are read: a cohort's performance covers them, and
// withdrawn mentees keep their card rows without loans.
//
//   absl::StatusOr<v1::CohortCard> card = ReadCohortCard(*store, "370281", "C2024-1", today);
#ifndef LEDGER_SERVER_COHORT_VIEWS_H_
#define LEDGER_SERVER_COHORT_VIEWS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/cohort.pb.h"

namespace ledger {

// How many of a county's loans GetCountyCohorts reads for outside_cohorts, and how many loans
// of its cohorts' active mentees (as their person rows name them) it reads.
inline constexpr int kMaxCountyViewLoans = 100'000;
inline constexpr int kMaxCountyViewMenteeLoans = 100'000;

// The cohort's card as of `as_of`, read from one snapshot. NOT_FOUND (COHORT_NOT_FOUND) if
// absent.
absl::StatusOr<v1::CohortCard> ReadCohortCard(const Store& store, absl::string_view county_code,
                                              absl::string_view cohort_id, absl::CivilDay as_of);

// The county's cohorts of `programme_year` with their performance, all of them together, and
// the county's loans outside them (at most `max_loans` read; outside_truncated if more). The
// cohorts' active mentees' loans read are at most `max_mentee_loans` in all: the listing stops
// before the cohort that would pass it and says cohorts_truncated (the loans of the cohorts
// left out then count as outside).
absl::StatusOr<v1::CountyCohortsView> ReadCountyCohorts(
    const Store& store, absl::string_view county_code, int programme_year, absl::CivilDay as_of,
    int max_loans = kMaxCountyViewLoans, int max_mentee_loans = kMaxCountyViewMenteeLoans);

// Every cohort the mentor led for which `visible(county_code)` holds, oldest year first, at
// most `max_cohorts` (truncated if more are visible). The county filter is applied while the
// mentor index is scanned, before the bound is counted.
absl::StatusOr<v1::MentorHistory> ReadMentorHistory(
    const Store& store, absl::string_view mentor_id, absl::CivilDay as_of,
    const std::function<bool(absl::string_view county_code)>& visible,
    int max_cohorts = kMaxMentorHistory);

}  // namespace ledger

#endif  // LEDGER_SERVER_COHORT_VIEWS_H_
