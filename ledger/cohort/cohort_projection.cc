// Keys of the cohort projections (family "projections"); the grammar is in the header and in
// docs/STORAGE.md. Ids and county codes never contain 0x00 or '/', so the separator keeps the
// parts apart and key order is the order of the parts; year:4 is 4 ASCII digits
// (kMinProgrammeYear..kMaxProgrammeYear),
// so it sorts as the year does. No prefix is a prefix of another's: "cohort/" differs from
// "cohort_people/", "cohort_person/", "cohort_mentor_count/" and "cohort_rules/" at its 7th
// byte, and those differ among themselves before their '/'; "ix/cohort_year/" and "ix/mentor/"
// differ from the loan indexes ("ix/county/", "ix/status/", "ix/fund/") before their '/'.
#include "ledger/cohort/cohort_projection.h"

#include <functional>
#include <memory>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/store/projection_row.h"

namespace ledger {
namespace {

constexpr absl::string_view kCohortPrefix = "cohort/";
constexpr absl::string_view kPeoplePrefix = "cohort_people/";
constexpr absl::string_view kYearPrefix = "ix/cohort_year/";
constexpr absl::string_view kMentorPrefix = "ix/mentor/";
constexpr absl::string_view kMentorCountPrefix = "cohort_mentor_count/";
constexpr absl::string_view kPersonYearPrefix = "cohort_person/";
constexpr absl::string_view kRulesPrefix = "cohort_rules/";
constexpr size_t kPersonKeyBytes = 32;
constexpr char kSep = '\0';
const std::string kSepText(1, kSep);

std::string Year4(int year) { return absl::StrFormat("%04d", year); }

std::string CohortKey(absl::string_view county_code, absl::string_view cohort_id) {
  return absl::StrCat(kCohortPrefix, county_code, kSepText, cohort_id);
}
std::string PeopleKey(absl::string_view county_code, absl::string_view cohort_id) {
  return absl::StrCat(kPeoplePrefix, county_code, kSepText, cohort_id);
}
std::string YearKey(absl::string_view county_code, int year, absl::string_view cohort_id) {
  return absl::StrCat(kYearPrefix, county_code, kSepText, Year4(year), kSepText, cohort_id);
}
std::string MentorKey(absl::string_view mentor_id, int year, absl::string_view county_code,
                      absl::string_view cohort_id) {
  return absl::StrCat(kMentorPrefix, mentor_id, kSepText, Year4(year), kSepText, county_code,
                      kSepText, cohort_id);
}
std::string MentorCountKey(absl::string_view mentor_id, int year, absl::string_view county_code) {
  return absl::StrCat(kMentorCountPrefix, mentor_id, kSepText, Year4(year), kSepText, county_code);
}
std::string PersonYearKey(absl::string_view person_key, int year) {
  return absl::StrCat(kPersonYearPrefix, person_key, Year4(year));
}
std::string RulesKey(absl::string_view county_code) {
  return absl::StrCat(kRulesPrefix, county_code);
}

absl::Status Bad(uint64_t sequence, absl::string_view problem) {
  return absl::DataLossError(absl::StrCat("entry ", sequence, ": ", problem));
}

// The stored cohort an event names; DATA_LOSS if the name is malformed or nothing created it.
absl::StatusOr<v1::Cohort> NamedCohort(uint64_t sequence, absl::string_view name,
                                       ProjectionState& state, bool must_be_open) {
  absl::StatusOr<CohortId> id = ParseCohortName(name, "cohort");
  if (!id.ok()) return Bad(sequence, absl::StrCat("\"", name, "\" is not a cohort name"));
  absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, id->county_code, id->cohort_id);
  if (absl::IsNotFound(cohort.status())) {
    return Bad(sequence, absl::StrCat("no earlier entry created ", name));
  }
  if (!cohort.ok()) return cohort.status();
  if (must_be_open && cohort->state() != v1::COHORT_OPEN) {
    return Bad(sequence, absl::StrCat(name, " is closed"));
  }
  return cohort;
}

// The postings a cohort event must carry: Dr mentorship support / Cr support fund for paid-out
// funding, nothing otherwise.
absl::Status CheckPostings(uint64_t sequence, const v1::Event& event,
                           absl::string_view county_code) {
  const v1::SupportRecord* support =
      event.has_support_recorded() ? &event.support_recorded().support() : nullptr;
  const bool posts =
      support != nullptr && support->kind() == v1::SUPPORT_FUNDING && support->paid_out();
  if (!posts) {
    if (event.postings_size() != 0)
      return Bad(sequence, "a cohort entry that moves no money posts");
    return absl::OkStatus();
  }
  const int64_t amount_fen = support->amount().amount_fen();
  const std::string paid = CountySupportPaidAccount(county_code);
  const std::string fund = CountySupportFundAccount(county_code);
  bool ok = event.postings_size() == 2;
  for (const v1::Posting& leg : event.postings()) {
    ok = ok && leg.amount().amount_fen() == amount_fen &&
         ((leg.side() == v1::DEBIT && leg.account() == paid) ||
          (leg.side() == v1::CREDIT && leg.account() == fund));
  }
  if (!ok || event.postings(0).side() == event.postings(1).side()) {
    return Bad(sequence,
               "paid-out funding posts other than Dr mentorship support / Cr support fund");
  }
  return absl::OkStatus();
}

absl::Status ApplyCreated(uint64_t sequence, const v1::CohortCreated& created,
                          ProjectionState& state, v1::Cohort* out) {
  const v1::Cohort& c = created.cohort();
  if (c.name() != CohortName(c.county_code(), c.cohort_id()) ||
      !ValidateCountyCode(c.county_code(), "").ok() || !ValidateId(c.cohort_id(), "").ok() ||
      !ValidateId(c.mentor().mentor_id(), "").ok() || c.programme_year() < kMinProgrammeYear ||
      c.programme_year() > kMaxProgrammeYear || c.state() != v1::COHORT_OPEN ||
      c.mentees_size() != 0 || c.support_size() != 0) {
    return Bad(sequence, absl::StrCat("the created cohort ", c.name(), " is malformed"));
  }
  absl::StatusOr<v1::Cohort> existing = LoadCohort(state, c.county_code(), c.cohort_id());
  if (existing.ok()) return Bad(sequence, absl::StrCat(c.name(), " is created twice"));
  if (!absl::IsNotFound(existing.status())) return existing.status();
  const std::string& mentor_id = c.mentor().mentor_id();
  absl::StatusOr<int> count =
      MentorCohortCount(state, mentor_id, c.programme_year(), c.county_code());
  if (!count.ok()) return count.status();
  absl::StatusOr<int> limit = MaxCohortsPerMentor(state, c.county_code());
  if (!limit.ok()) return limit.status();
  if (*count >= *limit) {
    return Bad(sequence, absl::StrCat("mentor ", mentor_id, " already leads ", *count,
                                      " cohorts of the year, the county's limit"));
  }
  v1::Cohort cohort = c;
  cohort.set_created_sequence(sequence);
  cohort.set_last_sequence(sequence);
  state.Put(CohortKey(c.county_code(), c.cohort_id()), cohort.SerializeAsString());
  state.Put(YearKey(c.county_code(), c.programme_year(), c.cohort_id()), "");
  state.Put(MentorKey(mentor_id, c.programme_year(), c.county_code(), c.cohort_id()), "");
  state.Put(MentorCountKey(mentor_id, c.programme_year(), c.county_code()),
            absl::StrCat(*count + 1));
  *out = std::move(cohort);
  return absl::OkStatus();
}

absl::Status ApplyEnrolled(uint64_t sequence, const v1::MenteeEnrolled& enrolled,
                           ProjectionState& state, v1::Cohort* out) {
  absl::StatusOr<v1::Cohort> cohort = NamedCohort(sequence, enrolled.cohort(), state, true);
  if (!cohort.ok()) return cohort.status();
  const v1::Mentee& mentee = enrolled.mentee();
  if (!ValidateId(mentee.mentee_id(), "").ok() || mentee.state() != v1::MENTEE_ACTIVE ||
      !ParseDate(mentee.enrolled_on(), "").ok() ||
      enrolled.person_key().size() != kPersonKeyBytes) {
    return Bad(sequence,
               absl::StrCat("the mentee enrolled into ", cohort->name(), " is malformed"));
  }
  if (FindMentee(*cohort, mentee.mentee_id()) != nullptr) {
    return Bad(sequence,
               absl::StrCat(mentee.mentee_id(), " is enrolled into ", cohort->name(), " twice"));
  }
  if (ActiveMentees(*cohort) >= kMaxMenteesPerCohort ||
      cohort->mentees_size() >= kMaxEnrolmentsPerCohort) {
    return Bad(sequence,
               absl::StrCat("it enrols a mentee into ", cohort->name(), ", which is full"));
  }
  absl::StatusOr<std::optional<std::string>> other =
      CohortOfPersonInYear(state, enrolled.person_key(), cohort->programme_year());
  if (!other.ok()) return other.status();
  if (other->has_value()) {
    return Bad(sequence, absl::StrCat("the person is already in ", **other, " that year"));
  }
  absl::StatusOr<internal::CohortPeople> people =
      LoadCohortPeople(state, cohort->county_code(), cohort->cohort_id());
  if (!people.ok()) return people.status();
  internal::CohortPerson* person = people->add_people();
  person->set_mentee_id(mentee.mentee_id());
  person->set_person_key(enrolled.person_key());
  *cohort->add_mentees() = mentee;
  cohort->set_last_sequence(sequence);
  state.Put(PeopleKey(cohort->county_code(), cohort->cohort_id()), people->SerializeAsString());
  state.Put(PersonYearKey(enrolled.person_key(), cohort->programme_year()), cohort->name());
  *out = *std::move(cohort);
  return absl::OkStatus();
}

absl::Status ApplyWithdrawn(uint64_t sequence, const v1::MenteeWithdrawn& withdrawn,
                            ProjectionState& state, v1::Cohort* out) {
  absl::StatusOr<v1::Cohort> cohort = NamedCohort(sequence, withdrawn.cohort(), state, true);
  if (!cohort.ok()) return cohort.status();
  // The cohort is this function's own copy: changing the mentee FindMentee found is safe.
  v1::Mentee* mentee = const_cast<v1::Mentee*>(FindMentee(*cohort, withdrawn.mentee_id()));
  if (mentee == nullptr || mentee->state() != v1::MENTEE_ACTIVE ||
      !ParseDate(withdrawn.value_date(), "").ok()) {
    return Bad(sequence, absl::StrCat("it withdraws ", withdrawn.mentee_id(), " of ",
                                      cohort->name(), ", who is not an active mentee"));
  }
  // Withdrawal releases the person's year: they may be enrolled again that year (a mentee
  // enrolled in error is corrected by withdrawing).
  absl::StatusOr<internal::CohortPeople> people =
      LoadCohortPeople(state, cohort->county_code(), cohort->cohort_id());
  if (!people.ok()) return people.status();
  const internal::CohortPerson* person = nullptr;
  for (const internal::CohortPerson& p : people->people()) {
    if (p.mentee_id() == withdrawn.mentee_id()) person = &p;
  }
  if (person == nullptr) {
    return Bad(sequence, absl::StrCat(withdrawn.mentee_id(), " of ", cohort->name(),
                                      " has no stored person key"));
  }
  absl::StatusOr<std::optional<std::string>> held =
      CohortOfPersonInYear(state, person->person_key(), cohort->programme_year());
  if (!held.ok()) return held.status();
  if (*held != cohort->name()) {
    return Bad(sequence, absl::StrCat("the year of ", withdrawn.mentee_id(), " of ", cohort->name(),
                                      " is not held by that cohort"));
  }
  state.Delete(PersonYearKey(person->person_key(), cohort->programme_year()));
  mentee->set_state(v1::MENTEE_WITHDRAWN);
  *mentee->mutable_withdrawn_on() = withdrawn.value_date();
  mentee->set_withdrawal_reason(withdrawn.reason());
  cohort->set_last_sequence(sequence);
  state.Put(CohortKey(cohort->county_code(), cohort->cohort_id()), cohort->SerializeAsString());
  *out = *std::move(cohort);
  return absl::OkStatus();
}

absl::Status ApplySupport(uint64_t sequence, const v1::SupportRecorded& recorded,
                          ProjectionState& state, v1::Cohort* out) {
  absl::StatusOr<v1::Cohort> cohort = NamedCohort(sequence, recorded.cohort(), state, true);
  if (!cohort.ok()) return cohort.status();
  const v1::SupportRecord& support = recorded.support();
  if (cohort->support_size() >= kMaxSupportRecords) {
    return Bad(sequence, absl::StrCat(cohort->name(), " has ", kMaxSupportRecords,
                                      " support records already"));
  }
  const bool funding = support.kind() == v1::SUPPORT_FUNDING;
  if (!v1::SupportKind_IsValid(support.kind()) || support.kind() == v1::SUPPORT_KIND_UNSPECIFIED ||
      (!support.mentee_id().empty() && FindMentee(*cohort, support.mentee_id()) == nullptr) ||
      (!funding && (support.has_amount() || support.paid_out())) ||
      (support.has_amount() && !IsStoredAmount(support.amount())) ||
      (support.paid_out() && support.amount().amount_fen() <= 0)) {
    return Bad(sequence,
               absl::StrCat("the support recorded for ", cohort->name(), " is malformed"));
  }
  v1::SupportRecord* stored = cohort->add_support();
  *stored = support;
  stored->set_sequence(sequence);
  cohort->set_last_sequence(sequence);
  state.Put(CohortKey(cohort->county_code(), cohort->cohort_id()), cohort->SerializeAsString());
  *out = *std::move(cohort);
  return absl::OkStatus();
}

absl::Status ApplyClosed(uint64_t sequence, const v1::CohortClosed& closed, ProjectionState& state,
                         v1::Cohort* out) {
  absl::StatusOr<v1::Cohort> cohort = NamedCohort(sequence, closed.cohort(), state, true);
  if (!cohort.ok()) return cohort.status();
  if (!ParseDate(closed.value_date(), "").ok()) {
    return Bad(sequence, absl::StrCat("it closes ", cohort->name(), " on no valid date"));
  }
  // One outcome per active mentee, in enrolment order.
  int next = 0;
  for (v1::Mentee& mentee : *cohort->mutable_mentees()) {
    if (mentee.state() != v1::MENTEE_ACTIVE) continue;
    if (next >= closed.outcomes_size() || closed.outcomes(next).mentee_id() != mentee.mentee_id()) {
      return Bad(sequence, absl::StrCat("it closes ", cohort->name(), " without the outcome of ",
                                        mentee.mentee_id(), " in its place"));
    }
    *mentee.mutable_outcome() = closed.outcomes(next).outcome();
    ++next;
  }
  if (next != closed.outcomes_size()) {
    return Bad(sequence, absl::StrCat("it closes ", cohort->name(),
                                      " with outcomes of mentees who are not active"));
  }
  cohort->set_state(v1::COHORT_CLOSED);
  *cohort->mutable_closed_on() = closed.value_date();
  cohort->set_last_sequence(sequence);
  state.Put(CohortKey(cohort->county_code(), cohort->cohort_id()), cohort->SerializeAsString());
  *out = *std::move(cohort);
  return absl::OkStatus();
}

absl::Status ApplyRules(uint64_t sequence, const v1::CohortRulesSet& rules,
                        ProjectionState& state) {
  if (!ValidateCountyCode(rules.county_code(), "").ok() || rules.max_cohorts_per_mentor() < 1 ||
      rules.max_cohorts_per_mentor() > kMaxCohortsPerMentorRule) {
    return Bad(sequence, "the cohort rules set are malformed");
  }
  state.Put(RulesKey(rules.county_code()), rules.SerializeAsString());
  return absl::OkStatus();
}

// Reads the cohorts an index scan names whose county `keep` accepts, in index order, at most
// `limit` of them (the county is parsed from the key, so the bound counts kept cohorts only);
// `truncated` when a further kept one exists.
absl::StatusOr<CohortListing> CohortsOfIndex(
    const Store& store, const std::string& prefix, int limit,
    const std::function<bool(absl::string_view rest, std::string* county, std::string* id)>& split,
    const std::function<bool(absl::string_view county_code)>& keep) {
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  std::vector<std::pair<std::string, std::string>> names;
  CohortListing listing;
  absl::Status problem;
  absl::Status scan = store.Scan(
      Family::kProjections, prefix, prefix,
      [&](absl::string_view key, absl::string_view) {
        std::string county, id;
        if (!split(key.substr(prefix.size()), &county, &id)) {
          problem = absl::DataLossError(
              absl::StrCat("malformed cohort index key under ", absl::CHexEscape(prefix)));
          return false;
        }
        if (keep != nullptr && !keep(county)) return true;
        if (static_cast<int>(names.size()) >= limit) {
          listing.truncated = true;
          return false;
        }
        names.emplace_back(std::move(county), std::move(id));
        return true;
      },
      snapshot.get());
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  std::vector<v1::Cohort>& cohorts = listing.cohorts;
  cohorts.reserve(names.size());
  for (const auto& [county, id] : names) {
    absl::StatusOr<std::string> bytes =
        store.Get(Family::kProjections, CohortKey(county, id), snapshot.get());
    if (absl::IsNotFound(bytes.status())) {
      return absl::DataLossError(
          absl::StrCat("an index names ", CohortName(county, id), ", which is not stored"));
    }
    if (!bytes.ok()) return bytes.status();
    v1::Cohort cohort;
    if (!cohort.ParseFromString(*bytes)) {
      return absl::DataLossError(
          absl::StrCat("stored cohort ", CohortName(county, id), " does not parse"));
    }
    cohorts.push_back(std::move(cohort));
  }
  return listing;
}

}  // namespace

const v1::Mentee* FindMentee(const v1::Cohort& cohort, absl::string_view mentee_id) {
  for (const v1::Mentee& mentee : cohort.mentees()) {
    if (mentee.mentee_id() == mentee_id) return &mentee;
  }
  return nullptr;
}

int ActiveMentees(const v1::Cohort& cohort) {
  int active = 0;
  for (const v1::Mentee& mentee : cohort.mentees()) active += mentee.state() == v1::MENTEE_ACTIVE;
  return active;
}

std::string CohortName(absl::string_view county_code, absl::string_view cohort_id) {
  return absl::StrCat("counties/", county_code, "/cohorts/", cohort_id);
}

absl::StatusOr<CohortId> ParseCohortName(absl::string_view name, absl::string_view field) {
  if (name.empty()) {
    return InvalidArgument(reason::kFieldRequired, field, absl::StrCat(field, " is required"));
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "counties" || parts[2] != "cohorts" ||
      !ValidateCountyCode(parts[1], field).ok() || !ValidateId(parts[3], field).ok()) {
    return InvalidArgument(
        reason::kInvalidCohortName, field,
        absl::StrCat("\"", name, "\" is not a cohort name (counties/{county_code}/cohorts/{id})"));
  }
  return CohortId{std::string(parts[1]), std::string(parts[3])};
}

absl::StatusOr<v1::Cohort> LoadCohort(ProjectionState& state, absl::string_view county_code,
                                      absl::string_view cohort_id) {
  const std::string name = CohortName(county_code, cohort_id);
  absl::StatusOr<v1::Cohort> cohort =
      ReadRow<v1::Cohort>(state, CohortKey(county_code, cohort_id), absl::StrCat("cohort ", name));
  if (absl::IsNotFound(cohort.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kCohortNotFound, "cohort",
                  absl::StrCat("no cohort ", name));
  }
  return cohort;
}

absl::StatusOr<internal::CohortPeople> LoadCohortPeople(ProjectionState& state,
                                                        absl::string_view county_code,
                                                        absl::string_view cohort_id) {
  absl::StatusOr<internal::CohortPeople> people = ReadRow<internal::CohortPeople>(
      state, PeopleKey(county_code, cohort_id),
      absl::StrCat("people of ", CohortName(county_code, cohort_id)));
  if (absl::IsNotFound(people.status())) return internal::CohortPeople();
  return people;
}

absl::StatusOr<std::optional<std::string>> CohortOfPersonInYear(ProjectionState& state,
                                                                absl::string_view person_key,
                                                                int programme_year) {
  absl::StatusOr<std::string> name = state.Get(PersonYearKey(person_key, programme_year));
  if (absl::IsNotFound(name.status())) return std::optional<std::string>();
  if (!name.ok()) return name.status();
  if (!ParseCohortName(*name, "").ok()) {
    return absl::DataLossError("a person's cohort of a year is not a cohort name");
  }
  return std::optional<std::string>(*std::move(name));
}

absl::StatusOr<int> MentorCohortCount(ProjectionState& state, absl::string_view mentor_id,
                                      int programme_year, absl::string_view county_code) {
  absl::StatusOr<std::string> text =
      state.Get(MentorCountKey(mentor_id, programme_year, county_code));
  if (absl::IsNotFound(text.status())) return 0;
  if (!text.ok()) return text.status();
  int count = 0;
  if (!absl::SimpleAtoi(*text, &count) || count < 1 || count > kMaxCohortsPerMentorRule) {
    return absl::DataLossError(
        absl::StrCat("the cohort count of mentor ", mentor_id, " is malformed"));
  }
  return count;
}

absl::StatusOr<int> MaxCohortsPerMentor(ProjectionState& state, absl::string_view county_code) {
  absl::StatusOr<v1::CohortRulesSet> rules = ReadRow<v1::CohortRulesSet>(
      state, RulesKey(county_code), absl::StrCat("cohort rules of county ", county_code));
  if (absl::IsNotFound(rules.status())) return kDefaultCohortsPerMentor;
  if (!rules.ok()) return rules.status();
  if (rules->max_cohorts_per_mentor() < 1 ||
      rules->max_cohorts_per_mentor() > kMaxCohortsPerMentorRule) {
    return absl::DataLossError(
        absl::StrCat("cohort rules of county ", county_code, " are out of range"));
  }
  return rules->max_cohorts_per_mentor();
}

bool IsCohortEvent(const v1::Event& event) {
  return event.has_cohort_created() || event.has_mentee_enrolled() ||
         event.has_mentee_withdrawn() || event.has_support_recorded() ||
         event.has_cohort_closed() || event.has_cohort_rules_set();
}

absl::Status EvolveCohort(uint64_t sequence, const v1::Event& event, ProjectionState& state,
                          std::optional<v1::Cohort>* cohort_after) {
  Invariant(IsCohortEvent(event), "EvolveCohort is given a cohort event");
  if (cohort_after != nullptr) cohort_after->reset();
  if (event.has_cohort_rules_set()) {
    if (event.postings_size() != 0)
      return Bad(sequence, "a cohort entry that moves no money posts");
    return ApplyRules(sequence, event.cohort_rules_set(), state);
  }
  v1::Cohort after;
  absl::Status applied;
  if (event.has_cohort_created()) {
    applied = ApplyCreated(sequence, event.cohort_created(), state, &after);
  } else if (event.has_mentee_enrolled()) {
    applied = ApplyEnrolled(sequence, event.mentee_enrolled(), state, &after);
  } else if (event.has_mentee_withdrawn()) {
    applied = ApplyWithdrawn(sequence, event.mentee_withdrawn(), state, &after);
  } else if (event.has_support_recorded()) {
    applied = ApplySupport(sequence, event.support_recorded(), state, &after);
  } else {
    applied = ApplyClosed(sequence, event.cohort_closed(), state, &after);
  }
  if (!applied.ok()) return applied;
  if (absl::Status s = CheckPostings(sequence, event, after.county_code()); !s.ok()) return s;
  state.Put(CohortKey(after.county_code(), after.cohort_id()), after.SerializeAsString());
  if (cohort_after != nullptr) *cohort_after = std::move(after);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Cohort>> ListCountyYearCohorts(const Store& store,
                                                              absl::string_view county_code,
                                                              int programme_year) {
  if (absl::Status s = ValidateCountyCode(county_code, "county_code"); !s.ok()) return s;
  if (programme_year < kMinProgrammeYear || programme_year > kMaxProgrammeYear) {
    return InvalidArgument(
        reason::kInvalidProgrammeYear, "programme_year",
        absl::StrCat("programme_year must be ", kMinProgrammeYear, "..", kMaxProgrammeYear));
  }
  const std::string prefix =
      absl::StrCat(kYearPrefix, county_code, kSepText, Year4(programme_year), kSepText);
  const std::string county(county_code);
  absl::StatusOr<CohortListing> listing = CohortsOfIndex(
      store, prefix, kMaxCohortsPerCountyYear,
      [&](absl::string_view rest, std::string* c, std::string* id) {
        if (!ValidateId(rest, "").ok()) return false;
        *c = county;
        *id = std::string(rest);
        return true;
      },
      nullptr);
  if (!listing.ok()) return listing.status();
  return std::move(listing->cohorts);
}

absl::StatusOr<CohortListing> ListMentorCohorts(
    const Store& store, absl::string_view mentor_id,
    const std::function<bool(absl::string_view county_code)>& visible, int limit) {
  if (absl::Status s = ValidateId(mentor_id, "mentor_id"); !s.ok()) return s;
  const std::string prefix = absl::StrCat(kMentorPrefix, mentor_id, kSepText);
  return CohortsOfIndex(
      store, prefix, limit,
      [](absl::string_view rest, std::string* c, std::string* id) {
        std::vector<absl::string_view> parts = absl::StrSplit(rest, kSep);
        if (parts.size() != 3 || parts[0].size() != 4 || !ValidateCountyCode(parts[1], "").ok() ||
            !ValidateId(parts[2], "").ok()) {
          return false;
        }
        *c = std::string(parts[1]);
        *id = std::string(parts[2]);
        return true;
      },
      visible);
}

std::string DescribeCohortKey(absl::string_view key) {
  auto pair = [](absl::string_view rest, std::string* a, std::string* b) {
    std::vector<absl::string_view> parts = absl::StrSplit(rest, kSep);
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) return false;
    *a = std::string(parts[0]);
    *b = std::string(parts[1]);
    return true;
  };
  std::string a, b;
  if (absl::ConsumePrefix(&key, kCohortPrefix)) {
    return pair(key, &a, &b) ? absl::StrCat("cohort ", CohortName(a, b)) : "";
  }
  if (absl::ConsumePrefix(&key, kPeoplePrefix)) {
    return pair(key, &a, &b) ? absl::StrCat("people of cohort ", CohortName(a, b)) : "";
  }
  if (absl::ConsumePrefix(&key, kRulesPrefix)) {
    return ValidateCountyCode(key, "").ok() ? absl::StrCat("cohort rules of county ", key) : "";
  }
  std::vector<absl::string_view> parts;
  if (absl::ConsumePrefix(&key, kYearPrefix)) {
    parts = absl::StrSplit(key, kSep);
    if (parts.size() != 3) return "";
    return absl::StrCat("year index ", parts[1], " of cohort ", CohortName(parts[0], parts[2]));
  }
  if (absl::ConsumePrefix(&key, kMentorPrefix)) {
    parts = absl::StrSplit(key, kSep);
    if (parts.size() != 4) return "";
    return absl::StrCat("mentor index ", parts[0], " ", parts[1], " of cohort ",
                        CohortName(parts[2], parts[3]));
  }
  if (absl::ConsumePrefix(&key, kMentorCountPrefix)) {
    parts = absl::StrSplit(key, kSep);
    if (parts.size() != 3) return "";
    return absl::StrCat("cohort count of mentor ", parts[0], " in ", parts[1], " county ",
                        parts[2]);
  }
  if (absl::ConsumePrefix(&key, kPersonYearPrefix)) {
    if (key.size() != kPersonKeyBytes + 4) return "";
    return absl::StrCat("cohort of person ", absl::BytesToHexString(key.substr(0, 4)), "... in ",
                        key.substr(kPersonKeyBytes));
  }
  return "";
}

}  // namespace ledger
