#include "ledger/cohort/cohort_projection.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

constexpr char kName[] = "counties/370281/cohorts/C1";
const std::string kPerson(32, 'p');
std::string Z(absl::string_view a) { return absl::StrCat(a, std::string(1, '\0')); }

v1::Event Created(const std::string& cohort_id = "C1", const std::string& mentor_id = "M1",
                  int year = 2024, const std::string& county = "370281") {
  v1::Event event;
  v1::Cohort* c = event.mutable_cohort_created()->mutable_cohort();
  c->set_name(CohortName(county, cohort_id));
  c->set_county_code(county);
  c->set_cohort_id(cohort_id);
  c->set_programme_year(year);
  c->mutable_mentor()->set_mentor_id(mentor_id);
  c->mutable_mentor()->set_kind(v1::MENTOR_PERSON);
  c->mutable_mentor()->set_display_name("mentor");
  c->set_state(v1::COHORT_OPEN);
  return event;
}

v1::Event Enrolled(const std::string& mentee_id, const std::string& person_key,
                   const std::string& cohort = kName) {
  v1::Event event;
  v1::MenteeEnrolled* e = event.mutable_mentee_enrolled();
  e->set_cohort(cohort);
  e->set_person_key(person_key);
  e->mutable_mentee()->set_mentee_id(mentee_id);
  e->mutable_mentee()->set_state(v1::MENTEE_ACTIVE);
  *e->mutable_mentee()->mutable_enrolled_on() = ToDate(absl::CivilDay(2024, 3, 1));
  return event;
}

v1::Event Withdrawn(const std::string& mentee_id) {
  v1::Event event;
  event.mutable_mentee_withdrawn()->set_cohort(kName);
  event.mutable_mentee_withdrawn()->set_mentee_id(mentee_id);
  event.mutable_mentee_withdrawn()->set_reason("left");
  *event.mutable_mentee_withdrawn()->mutable_value_date() = ToDate(absl::CivilDay(2024, 5, 1));
  return event;
}

v1::Event PaidFunding(int64_t amount_fen) {
  v1::Event event;
  event.mutable_support_recorded()->set_cohort(kName);
  v1::SupportRecord* s = event.mutable_support_recorded()->mutable_support();
  s->set_kind(v1::SUPPORT_FUNDING);
  s->set_given_by("league");
  *s->mutable_amount() = Cny(amount_fen);
  s->set_paid_out(true);
  v1::Posting* debit = event.add_postings();
  debit->set_account(CountySupportPaidAccount("370281"));
  debit->set_side(v1::DEBIT);
  *debit->mutable_amount() = Cny(amount_fen);
  v1::Posting* credit = event.add_postings();
  credit->set_account(CountySupportFundAccount("370281"));
  credit->set_side(v1::CREDIT);
  *credit->mutable_amount() = Cny(amount_fen);
  return event;
}

v1::Event Closed(const std::vector<std::string>& mentee_ids) {
  v1::Event event;
  event.mutable_cohort_closed()->set_cohort(kName);
  *event.mutable_cohort_closed()->mutable_value_date() = ToDate(absl::CivilDay(2024, 12, 10));
  for (const std::string& id : mentee_ids) {
    v1::MenteeClosing* c = event.mutable_cohort_closed()->add_outcomes();
    c->set_mentee_id(id);
    c->mutable_outcome()->set_jobs_created(2);
  }
  return event;
}

v1::Event RulesSet(int max) {
  v1::Event event;
  event.mutable_cohort_rules_set()->set_county_code("370281");
  event.mutable_cohort_rules_set()->set_max_cohorts_per_mentor(max);
  return event;
}

TEST(CohortProjectionTest, NamesParseBack) {
  EXPECT_EQ(CohortName("370281", "C1"), kName);
  absl::StatusOr<CohortId> id = ParseCohortName(kName, "cohort");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->county_code, "370281");
  EXPECT_EQ(id->cohort_id, "C1");
  EXPECT_EQ(ReasonOf(ParseCohortName("", "cohort").status()), reason::kFieldRequired);
  for (const char* bad :
       {"counties/37028/cohorts/C1", "counties/370281/cohort/C1", "counties/370281/cohorts/",
        "counties/370281/cohorts/C 1", "counties/370281/cohorts/C1/x"}) {
    absl::StatusOr<CohortId> parsed = ParseCohortName(bad, "cohort");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(ReasonOf(parsed.status()), reason::kInvalidCohortName) << bad;
    EXPECT_EQ(FieldOf(parsed.status()), "cohort");
  }
}

TEST(CohortProjectionTest, EventsWriteTheRowsAndIndexes) {
  MapProjectionState state;
  std::optional<v1::Cohort> after;
  ASSERT_TRUE(EvolveCohort(5, Created(), state, &after).ok());
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->created_sequence(), 5u);
  const auto& rows = state.rows();
  EXPECT_TRUE(rows.count(absl::StrCat("cohort/", Z("370281"), "C1")));
  EXPECT_TRUE(rows.count(absl::StrCat("ix/cohort_year/", Z("370281"), Z("2024"), "C1")));
  EXPECT_TRUE(rows.count(absl::StrCat("ix/mentor/", Z("M1"), Z("2024"), Z("370281"), "C1")));
  EXPECT_EQ(rows.at(absl::StrCat("cohort_mentor_count/", Z("M1"), Z("2024"), "370281")), "1");
  EXPECT_EQ(*MentorCohortCount(state, "M1", 2024, "370281"), 1);
  EXPECT_EQ(*MentorCohortCount(state, "M1", 2025, "370281"), 0);
  EXPECT_EQ(*MaxCohortsPerMentor(state, "370281"), kDefaultCohortsPerMentor);

  ASSERT_TRUE(EvolveCohort(6, Enrolled("N1", kPerson), state, &after).ok());
  EXPECT_EQ(after->mentees_size(), 1);
  EXPECT_EQ(after->last_sequence(), 6u);
  EXPECT_EQ(rows.at(absl::StrCat("cohort_person/", kPerson, "2024")), kName);
  EXPECT_EQ(**CohortOfPersonInYear(state, kPerson, 2024), kName);
  EXPECT_FALSE(CohortOfPersonInYear(state, kPerson, 2025)->has_value());
  absl::StatusOr<internal::CohortPeople> people = LoadCohortPeople(state, "370281", "C1");
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->people_size(), 1);
  EXPECT_EQ(people->people(0).person_key(), kPerson);

  ASSERT_TRUE(EvolveCohort(7, Enrolled("N2", std::string(32, 'q')), state, &after).ok());
  ASSERT_TRUE(EvolveCohort(8, Withdrawn("N2"), state, &after).ok());
  EXPECT_EQ(after->mentees(1).state(), v1::MENTEE_WITHDRAWN);
  EXPECT_EQ(after->mentees(1).withdrawal_reason(), "left");
  // Withdrawal releases the person's year; the active mentee keeps theirs.
  EXPECT_FALSE(CohortOfPersonInYear(state, std::string(32, 'q'), 2024)->has_value());
  EXPECT_FALSE(rows.count(absl::StrCat("cohort_person/", std::string(32, 'q'), "2024")));
  EXPECT_EQ(**CohortOfPersonInYear(state, kPerson, 2024), kName);
  ASSERT_TRUE(EvolveCohort(9, PaidFunding(100'00), state, &after).ok());
  ASSERT_EQ(after->support_size(), 1);
  EXPECT_EQ(after->support(0).sequence(), 9u);
  ASSERT_TRUE(EvolveCohort(10, Closed({"N1"}), state, &after).ok());
  EXPECT_EQ(after->state(), v1::COHORT_CLOSED);
  EXPECT_EQ(after->mentees(0).outcome().jobs_created(), 2);
  EXPECT_FALSE(after->mentees(1).has_outcome());
  absl::StatusOr<v1::Cohort> stored = LoadCohort(state, "370281", "C1");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->last_sequence(), 10u);

  ASSERT_TRUE(EvolveCohort(11, RulesSet(3), state, &after).ok());
  EXPECT_FALSE(after.has_value());
  EXPECT_EQ(*MaxCohortsPerMentor(state, "370281"), 3);

  absl::StatusOr<v1::Cohort> none = LoadCohort(state, "370281", "C9");
  EXPECT_EQ(ReasonOf(none.status()), reason::kCohortNotFound);
  EXPECT_EQ(LoadCohortPeople(state, "370281", "C9")->people_size(), 0);
}

TEST(CohortProjectionTest, EventsThatDoNotFitTheStateAreDataLoss) {
  MapProjectionState state;
  ASSERT_TRUE(EvolveCohort(1, Created(), state, nullptr).ok());
  auto data_loss = [&](const v1::Event& event) {
    absl::Status s = EvolveCohort(99, event, state, nullptr);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  };
  data_loss(Created());                // created twice
  data_loss(Created("C2"));            // the mentor's second cohort over the default limit
  data_loss(Enrolled("N1", "short"));  // not a 32-byte key
  data_loss(Enrolled("N1", kPerson, "counties/370281/cohorts/C9"));  // no such cohort
  data_loss(Withdrawn("N1"));                                        // not enrolled
  data_loss(RulesSet(11));
  v1::Event unbalanced = PaidFunding(100'00);
  unbalanced.mutable_postings(1)->mutable_amount()->set_amount_fen(99'00);
  data_loss(unbalanced);
  v1::Event posting_training = PaidFunding(100'00);
  posting_training.mutable_support_recorded()->mutable_support()->set_kind(v1::SUPPORT_TRAINING);
  data_loss(posting_training);
  for (int i = 0; i < kMaxMenteesPerCohort; ++i) {
    ASSERT_TRUE(EvolveCohort(2 + i,
                             Enrolled(absl::StrCat("N", i), std::string(32, static_cast<char>(i))),
                             state, nullptr)
                    .ok());
  }
  data_loss(Enrolled("N10", std::string(32, 'z')));  // the 11th
  data_loss(Enrolled("N0", std::string(32, 'y')));   // the same mentee twice
  data_loss(Closed({"N0"}));                         // outcomes missing
  std::vector<std::string> all;
  for (int i = 0; i < kMaxMenteesPerCohort; ++i) all.push_back(absl::StrCat("N", i));
  ASSERT_TRUE(EvolveCohort(20, Closed(all), state, nullptr).ok());
  data_loss(Closed(all));      // closing twice
  data_loss(PaidFunding(1));   // support on a closed cohort
  data_loss(Withdrawn("N0"));  // withdrawal from a closed cohort
  // The same person in a second cohort of the year.
  ASSERT_TRUE(EvolveCohort(21, Created("C3", "M3"), state, nullptr).ok());
  data_loss(Enrolled("X", std::string(32, '\0'), "counties/370281/cohorts/C3"));
}

TEST(CohortProjectionTest, KeysDescribeThemselves) {
  MapProjectionState state;
  ASSERT_TRUE(EvolveCohort(1, Created(), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(2, Enrolled("N1", kPerson), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(3, RulesSet(2), state, nullptr).ok());
  for (const auto& [key, value] : state.rows()) {
    EXPECT_FALSE(DescribeCohortKey(key).empty()) << absl::CHexEscape(key);
  }
  EXPECT_EQ(DescribeCohortKey(absl::StrCat("cohort/", Z("370281"), "C1")),
            "cohort " + std::string(kName));
  EXPECT_EQ(DescribeCohortKey("loan/x"), "");
  EXPECT_EQ(DescribeCohortKey("cohort/nothing"), "");
}

TEST(CohortProjectionTest, ListsACountysYearAndAMentorsHistory) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(FreshTempDir("cohort_projection"), {});
  ASSERT_TRUE(store.ok()) << store.status();
  MapProjectionState state;
  ASSERT_TRUE(EvolveCohort(1, RulesSet(5), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(2, Created("B", "M1", 2024), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(3, Created("A", "M1", 2024), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(4, Created("Z", "M1", 2023), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(5, Created("Y", "M2", 2024), state, nullptr).ok());
  ASSERT_TRUE(EvolveCohort(6, Created("X", "M1", 2024, "370282"), state, nullptr).ok());
  WriteSet writes = (*store)->NewWriteSet();
  for (const auto& [key, value] : state.rows()) writes.Put(Family::kProjections, key, value);
  ASSERT_TRUE((*store)->Write(writes).ok());

  absl::StatusOr<std::vector<v1::Cohort>> year = ListCountyYearCohorts(**store, "370281", 2024);
  ASSERT_TRUE(year.ok()) << year.status();
  std::vector<std::string> ids;
  for (const v1::Cohort& c : *year) ids.push_back(c.cohort_id());
  EXPECT_EQ(ids, (std::vector<std::string>{"A", "B", "Y"}));
  absl::StatusOr<CohortListing> history = ListMentorCohorts(**store, "M1", nullptr);
  ASSERT_TRUE(history.ok()) << history.status();
  ids.clear();
  for (const v1::Cohort& c : history->cohorts) ids.push_back(c.name());
  EXPECT_EQ(ids,
            (std::vector<std::string>{"counties/370281/cohorts/Z", "counties/370281/cohorts/A",
                                      "counties/370281/cohorts/B", "counties/370282/cohorts/X"}));
  EXPECT_FALSE(history->truncated);
  EXPECT_TRUE(ListMentorCohorts(**store, "M9", nullptr)->cohorts.empty());

  // The county is filtered while scanning, before the limit counts: 370282's one cohort comes
  // last in the index, behind three of 370281's, and still fits a limit of 1.
  auto only = [](std::string county) {
    return [county](absl::string_view c) { return c == county; };
  };
  absl::StatusOr<CohortListing> other = ListMentorCohorts(**store, "M1", only("370282"), 1);
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_EQ(other->cohorts.size(), 1u);
  EXPECT_EQ(other->cohorts[0].name(), "counties/370282/cohorts/X");
  EXPECT_FALSE(other->truncated);
  absl::StatusOr<CohortListing> cut = ListMentorCohorts(**store, "M1", only("370281"), 2);
  ASSERT_TRUE(cut.ok()) << cut.status();
  ASSERT_EQ(cut->cohorts.size(), 2u);
  EXPECT_EQ(cut->cohorts[1].name(), "counties/370281/cohorts/A");
  EXPECT_TRUE(cut->truncated);
  EXPECT_EQ(ReasonOf(ListCountyYearCohorts(**store, "3702", 2024).status()),
            reason::kInvalidCountyCode);
  EXPECT_EQ(ReasonOf(ListCountyYearCohorts(**store, "370281", 1999).status()),
            reason::kInvalidProgrammeYear);
}

}  // namespace
}  // namespace ledger
