// The read side of "one helps ten" cohorts (CohortService's reads): a cohort's card, a county's
// cohorts of a year beside the county's other loans, and a mentor's history. Who may read what
// is the handler's business (cohort_service.cc); these compute what a permitted caller gets.
// Figures are ledger/cohort/performance.h's, as of the day asked for.
//
// A mentee's loans are their person's (the keyed hash of the resident ID given at enrolment,
// matched against the loans banks created with the same ID: PersonLoans), at whatever bank
// and in whatever county. A cohort's performance covers its ACTIVE mentees' loans; withdrawn
// mentees keep their card rows (with their loans) but leave the figures.
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
#include "ledger/store/store.h"
#include "microloan/ledger/v1/cohort.pb.h"

namespace ledger {

// How many of a county's loans GetCountyCohorts reads for outside_cohorts.
inline constexpr int kMaxCountyViewLoans = 100'000;

// The cohort's card as of `as_of`, read from one snapshot. NOT_FOUND (COHORT_NOT_FOUND) if
// absent.
absl::StatusOr<v1::CohortCard> ReadCohortCard(const Store& store, absl::string_view county_code,
                                              absl::string_view cohort_id, absl::CivilDay as_of);

// The county's cohorts of `programme_year` with their performance, all of them together, and
// the county's loans outside them (at most `max_loans` read; outside_truncated if more).
absl::StatusOr<v1::CountyCohortsView> ReadCountyCohorts(const Store& store,
                                                        absl::string_view county_code,
                                                        int programme_year, absl::CivilDay as_of,
                                                        int max_loans = kMaxCountyViewLoans);

// Every cohort the mentor led for which `visible(county_code)` holds, oldest year first.
absl::StatusOr<v1::MentorHistory> ReadMentorHistory(
    const Store& store, absl::string_view mentor_id, absl::CivilDay as_of,
    const std::function<bool(absl::string_view county_code)>& visible);

}  // namespace ledger

#endif  // LEDGER_SERVER_COHORT_VIEWS_H_
