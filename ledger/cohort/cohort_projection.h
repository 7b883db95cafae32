// "One helps ten" cohorts as stored projections of the journal: the cohort row, its mentees'
// person keys, and the indexes the rules and views read. Applying a cohort event changes them
// (EvolveCohort); nothing else does.
//
//   cohort_key  := "cohort/" county_code 0x00 cohort_id               -> v1.Cohort
//   people_key  := "cohort_people/" county_code 0x00 cohort_id        -> internal.CohortPeople
//   year_key    := "ix/cohort_year/" county_code 0x00 year:4 0x00 cohort_id     -> ""
//   mentor_key  := "ix/mentor/" mentor_id 0x00 year:4 0x00 county_code 0x00 cohort_id -> ""
//   mentor_count:= "cohort_mentor_count/" mentor_id 0x00 year:4 0x00 county_code -> decimal count
//   person_year := "cohort_person/" person_key:32 year:4              -> cohort name
//                  (while the person is an active mentee there: withdrawal deletes it)
//   rules_key   := "cohort_rules/" county_code                        -> v1.CohortRulesSet
// (year:4 is the programme year as 4 ASCII digits, so key order is year order.)
//
//   absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, "370281", "C2024-1");
//   absl::Status s = EvolveCohort(sequence, event, state, &cohort_after);   // applying an entry
//   absl::StatusOr<std::vector<v1::Cohort>> cohorts = ListCountyYearCohorts(store, "370281", 2024);
//   absl::StatusOr<CohortListing> led = ListMentorCohorts(store, "M1", /*visible=*/nullptr);
#ifndef LEDGER_COHORT_COHORT_PROJECTION_H_
#define LEDGER_COHORT_COHORT_PROJECTION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/cohort.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

inline constexpr int kMinProgrammeYear = 2016;      // year:4 in the keys below
inline constexpr int kMaxProgrammeYear = 2199;      // within ParseDate's years
inline constexpr int kMaxMenteesPerCohort = 10;     // active ones; "one helps ten"
inline constexpr int kMaxEnrolmentsPerCohort = 40;  // withdrawn ones included: bounds the row
inline constexpr int kMaxSupportRecords = 500;      // per cohort
inline constexpr int kDefaultCohortsPerMentor = 1;  // a year and county, without county rules
inline constexpr int kMaxCohortsPerMentorRule = 10;
inline constexpr int kMaxCohortsPerCountyYear = 1000;  // what one county view lists
inline constexpr int kMaxMentorHistory = 200;          // cohorts one mentor history lists

// "counties/{county_code}/cohorts/{cohort_id}" and back. INVALID_ARGUMENT
// (INVALID_COHORT_NAME, field `field`) for a malformed name.
struct CohortId {
  std::string county_code;
  std::string cohort_id;
};
std::string CohortName(absl::string_view county_code, absl::string_view cohort_id);
absl::StatusOr<CohortId> ParseCohortName(absl::string_view name, absl::string_view field);

// The mentee of the cohort with `mentee_id` (active or withdrawn), or null.
const v1::Mentee* FindMentee(const v1::Cohort& cohort, absl::string_view mentee_id);
// How many of the cohort's mentees are active.
int ActiveMentees(const v1::Cohort& cohort);

// NOT_FOUND (COHORT_NOT_FOUND, field "cohort") if absent.
absl::StatusOr<v1::Cohort> LoadCohort(ProjectionState& state, absl::string_view county_code,
                                      absl::string_view cohort_id);
// Empty if the cohort has no mentees (or does not exist).
absl::StatusOr<internal::CohortPeople> LoadCohortPeople(ProjectionState& state,
                                                        absl::string_view county_code,
                                                        absl::string_view cohort_id);
// The cohort where the person is an ACTIVE mentee in a programme year, or nullopt. Enrolment
// takes the person's year and withdrawal releases it (a mentee enrolled in error, under a
// mistyped ID or into the wrong cohort, is corrected by withdrawing), so a person is an active
// mentee of at most one cohort per programme year, in any county.
absl::StatusOr<std::optional<std::string>> CohortOfPersonInYear(ProjectionState& state,
                                                                absl::string_view person_key,
                                                                int programme_year);
// How many cohorts the mentor leads in the county and year (one read: the rules cannot scan).
absl::StatusOr<int> MentorCohortCount(ProjectionState& state, absl::string_view mentor_id,
                                      int programme_year, absl::string_view county_code);
// The county's rule (kDefaultCohortsPerMentor if it set none).
absl::StatusOr<int> MaxCohortsPerMentor(ProjectionState& state, absl::string_view county_code);

// True for the six cohort events.
bool IsCohortEvent(const v1::Event& event);

// Applies one cohort event: writes the rows above and returns the cohort as the event left it
// (with created/last sequence and support sequences set) in *cohort_after (unset for
// CohortRulesSet). DATA_LOSS if the event does not fit the state (a cohort created twice, a
// mentee enrolled into a closed or full cohort, ...): the rules refuse all of these first.
absl::Status EvolveCohort(uint64_t sequence, const v1::Event& event, ProjectionState& state,
                          std::optional<v1::Cohort>* cohort_after);

// The county's cohorts of a programme year in cohort_id order (at most
// kMaxCohortsPerCountyYear), read from the latest state.
absl::StatusOr<std::vector<v1::Cohort>> ListCountyYearCohorts(const Store& store,
                                                              absl::string_view county_code,
                                                              int programme_year);

struct CohortListing {
  std::vector<v1::Cohort> cohorts;
  bool truncated = false;  // more cohorts passed the filter than the limit
};
// The cohorts the mentor led in the counties `visible` accepts (null: every county), oldest
// year first, at most `limit`, read from the latest state. The county is parsed from each
// index key while scanning, so other counties' cohorts neither count against the limit nor
// are read.
absl::StatusOr<CohortListing> ListMentorCohorts(
    const Store& store, absl::string_view mentor_id,
    const std::function<bool(absl::string_view county_code)>& visible,
    int limit = kMaxMentorHistory);

// Names a cohort row or index key for audit reports; "" if `key` is none of them.
std::string DescribeCohortKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_COHORT_COHORT_PROJECTION_H_
