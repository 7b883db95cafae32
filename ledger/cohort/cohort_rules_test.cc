#include "ledger/cohort/cohort_rules.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/cohort/cohort_projection.h"

namespace ledger {
namespace {

const absl::CivilDay kToday(2024, 12, 20);
constexpr char kName[] = "counties/370281/cohorts/C2024-1";
const std::string kPerson(32, 'p');

void ExpectRefused(const absl::StatusOr<v1::Event>& event, absl::StatusCode code,
                   absl::string_view reason, absl::string_view field) {
  ASSERT_FALSE(event.ok()) << "accepted";
  EXPECT_EQ(event.status().code(), code) << event.status();
  EXPECT_EQ(ReasonOf(event.status()), reason) << event.status();
  EXPECT_EQ(FieldOf(event.status()), field) << event.status();
}

v1::CreateCohortRequest Create() {
  v1::CreateCohortRequest r;
  r.set_request_id("r1");
  r.set_county_code("370281");
  r.set_cohort_id("C2024-1");
  r.set_programme_year(2024);
  r.mutable_mentor()->set_mentor_id("M1");
  r.mutable_mentor()->set_kind(v1::MENTOR_PERSON);
  r.mutable_mentor()->set_display_name("王师傅");
  r.mutable_mentor()->set_profile("greenhouse vegetables, 10 years");
  return r;
}

// The cohort CreateCohort makes, with `active` active and `withdrawn` withdrawn mentees.
v1::Cohort Cohort(int active = 0, int withdrawn = 0) {
  absl::StatusOr<v1::Event> created = DecideCreateCohort(Create(), {}, kToday);
  EXPECT_TRUE(created.ok()) << created.status();
  v1::Cohort cohort = created->cohort_created().cohort();
  for (int i = 0; i < active + withdrawn; ++i) {
    v1::Mentee* m = cohort.add_mentees();
    m->set_mentee_id(absl::StrCat("E", i));
    m->set_state(i < active ? v1::MENTEE_ACTIVE : v1::MENTEE_WITHDRAWN);
    *m->mutable_enrolled_on() = ToDate(absl::CivilDay(2024, 3, 1));
  }
  return cohort;
}

v1::EnrolMenteeRequest Enrol(const std::string& mentee_id = "N1") {
  v1::EnrolMenteeRequest r;
  r.set_cohort(kName);
  r.set_mentee_id(mentee_id);
  r.set_display_name("李四");
  *r.mutable_value_date() = ToDate(absl::CivilDay(2024, 4, 1));
  return r;
}

EnrolInputs Person(int loans = 0) {
  EnrolInputs inputs;
  inputs.person_key = kPerson;
  inputs.national_id_masked = "110105********002X";
  inputs.county_loan_count = loans;
  return inputs;
}

TEST(CohortRulesTest, CreateMakesAnOpenCohort) {
  absl::StatusOr<v1::Event> event = DecideCreateCohort(Create(), {}, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::Cohort& cohort = event->cohort_created().cohort();
  EXPECT_EQ(cohort.name(), kName);
  EXPECT_EQ(cohort.state(), v1::COHORT_OPEN);
  EXPECT_EQ(cohort.programme_year(), 2024);
  EXPECT_EQ(cohort.mentor().display_name(), "王师傅");
  EXPECT_EQ(event->postings_size(), 0);
}

TEST(CohortRulesTest, CreateRefusals) {
  const auto INVALID = absl::StatusCode::kInvalidArgument;
  struct Case {
    void (*change)(v1::CreateCohortRequest*);
    absl::StatusCode code;
    const char* reason;
    const char* field;
  };
  const Case cases[] = {
      {[](v1::CreateCohortRequest* r) { r->set_county_code("37028"); }, INVALID,
       reason::kInvalidCountyCode, "county_code"},
      {[](v1::CreateCohortRequest* r) { r->set_cohort_id("C/1"); }, INVALID, reason::kInvalidId,
       "cohort_id"},
      {[](v1::CreateCohortRequest* r) { r->set_cohort_id(""); }, INVALID, reason::kFieldRequired,
       "cohort_id"},
      {[](v1::CreateCohortRequest* r) { r->set_programme_year(2015); }, INVALID,
       reason::kInvalidProgrammeYear, "programme_year"},
      {[](v1::CreateCohortRequest* r) { r->set_programme_year(2026); }, INVALID,  // today + 2
       reason::kInvalidProgrammeYear, "programme_year"},
      {[](v1::CreateCohortRequest* r) { r->mutable_mentor()->set_mentor_id(""); }, INVALID,
       reason::kFieldRequired, "mentor.mentor_id"},
      {[](v1::CreateCohortRequest* r) {
         r->mutable_mentor()->set_kind(v1::MENTOR_KIND_UNSPECIFIED);
       },
       INVALID, reason::kInvalidMentorKind, "mentor.kind"},
      {[](v1::CreateCohortRequest* r) {
         r->mutable_mentor()->set_kind(static_cast<v1::MentorKind>(9));
       },
       INVALID, reason::kInvalidMentorKind, "mentor.kind"},
      {[](v1::CreateCohortRequest* r) { r->mutable_mentor()->set_display_name(""); }, INVALID,
       reason::kFieldRequired, "mentor.display_name"},
      {[](v1::CreateCohortRequest* r) {
         r->mutable_mentor()->set_display_name(std::string(101, 'x'));
       },
       INVALID, reason::kTextTooLong, "mentor.display_name"},
      {[](v1::CreateCohortRequest* r) { r->mutable_mentor()->set_profile(std::string(501, 'x')); },
       INVALID, reason::kTextTooLong, "mentor.profile"},
  };
  for (const Case& c : cases) {
    v1::CreateCohortRequest r = Create();
    c.change(&r);
    ExpectRefused(DecideCreateCohort(r, {}, kToday), c.code, c.reason, c.field);
  }
  // Next year is allowed; 100 Chinese characters are 100 characters.
  v1::CreateCohortRequest next = Create();
  next.set_programme_year(2025);
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "王";
  next.mutable_mentor()->set_display_name(hundred);
  EXPECT_TRUE(DecideCreateCohort(next, {}, kToday).ok());
}

TEST(CohortRulesTest, CreateRefusesAnExistingCohortAndAMentorAtTheLimit) {
  ExpectRefused(DecideCreateCohort(Create(), {true, 0, 1}, kToday),
                absl::StatusCode::kAlreadyExists, reason::kCohortAlreadyExists, "cohort_id");
  ExpectRefused(DecideCreateCohort(Create(), {false, 1, 1}, kToday),
                absl::StatusCode::kFailedPrecondition, reason::kMentorLimit, "mentor.mentor_id");
  // The county raised its limit to 2: the second cohort goes through, the third does not.
  EXPECT_TRUE(DecideCreateCohort(Create(), {false, 1, 2}, kToday).ok());
  ExpectRefused(DecideCreateCohort(Create(), {false, 2, 2}, kToday),
                absl::StatusCode::kFailedPrecondition, reason::kMentorLimit, "mentor.mentor_id");
}

TEST(CohortRulesTest, EnrolMakesAnActiveMenteeWithTheKeyedHash) {
  v1::EnrolMenteeRequest r = Enrol();
  r.set_borrower(true);
  absl::StatusOr<v1::Event> event = DecideEnrolMentee(r, Cohort(), Person(2), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::MenteeEnrolled& enrolled = event->mentee_enrolled();
  EXPECT_EQ(enrolled.cohort(), kName);
  EXPECT_EQ(enrolled.person_key(), kPerson);
  EXPECT_EQ(enrolled.mentee().state(), v1::MENTEE_ACTIVE);
  EXPECT_EQ(enrolled.mentee().national_id_masked(), "110105********002X");
  EXPECT_TRUE(enrolled.mentee().borrower_at_enrolment());
  EXPECT_EQ(FormatDate(enrolled.mentee().enrolled_on()), "2024-04-01");
  // An entrepreneur not yet borrowing.
  event = DecideEnrolMentee(Enrol(), Cohort(), Person(0), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_FALSE(event->mentee_enrolled().mentee().borrower_at_enrolment());
}

TEST(CohortRulesTest, TheEleventhMenteeIsRefusedAndAWithdrawalFreesAPlace) {
  ExpectRefused(DecideEnrolMentee(Enrol(), Cohort(10), Person(), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kCohortFull, "cohort");
  EXPECT_TRUE(DecideEnrolMentee(Enrol(), Cohort(9, 1), Person(), kToday).ok());
  // Withdrawn ones count towards the bound of the row.
  ExpectRefused(
      DecideEnrolMentee(Enrol(), Cohort(1, kMaxEnrolmentsPerCohort - 1), Person(), kToday),
      absl::StatusCode::kFailedPrecondition, reason::kCohortFull, "cohort");
}

TEST(CohortRulesTest, APersonIsAnActiveMenteeOfOneCohortAYear) {
  EnrolInputs inputs = Person();
  inputs.cohort_of_person_in_year = "counties/370281/cohorts/OTHER";
  absl::StatusOr<v1::Event> event = DecideEnrolMentee(Enrol(), Cohort(), inputs, kToday);
  ExpectRefused(event, absl::StatusCode::kFailedPrecondition, reason::kMenteeInOtherCohort,
                "national_id");
  // The same county's cohort is named.
  EXPECT_NE(event.status().message().find("counties/370281/cohorts/OTHER"), std::string::npos);
  EXPECT_NE(event.status().message().find("withdrawing releases"), std::string::npos);
  // Another county's is not: its name (and that it exists) is that county's business.
  inputs.cohort_of_person_in_year = "counties/370282/cohorts/SECRET";
  event = DecideEnrolMentee(Enrol(), Cohort(), inputs, kToday);
  ExpectRefused(event, absl::StatusCode::kFailedPrecondition, reason::kMenteeInOtherCohort,
                "national_id");
  EXPECT_EQ(event.status().message().find("370282"), std::string::npos) << event.status();
  EXPECT_EQ(event.status().message().find("SECRET"), std::string::npos) << event.status();
  EXPECT_NE(event.status().message().find("a cohort of another county"), std::string::npos);
  // This cohort, under another mentee id (e.g. after a withdrawal), too.
  inputs.cohort_of_person_in_year = kName;
  ExpectRefused(DecideEnrolMentee(Enrol(), Cohort(), inputs, kToday),
                absl::StatusCode::kFailedPrecondition, reason::kMenteeInOtherCohort, "national_id");
}

TEST(CohortRulesTest, EnrolRefusals) {
  const auto INVALID = absl::StatusCode::kInvalidArgument;
  v1::Cohort closed = Cohort();
  closed.set_state(v1::COHORT_CLOSED);
  ExpectRefused(DecideEnrolMentee(Enrol(), closed, Person(), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kCohortClosed, "cohort");
  ExpectRefused(DecideEnrolMentee(Enrol("E0"), Cohort(1), Person(), kToday),
                absl::StatusCode::kAlreadyExists, reason::kMenteeAlreadyEnrolled, "mentee_id");
  ExpectRefused(DecideEnrolMentee(Enrol("bad id"), Cohort(), Person(), kToday), INVALID,
                reason::kInvalidId, "mentee_id");
  ExpectRefused(DecideEnrolMentee(Enrol(), Cohort(), EnrolInputs(), kToday), INVALID,
                reason::kFieldRequired, "national_id");
  v1::EnrolMenteeRequest borrower = Enrol();
  borrower.set_borrower(true);
  ExpectRefused(DecideEnrolMentee(borrower, Cohort(), Person(0), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kUnknownBorrower, "national_id");
  v1::EnrolMenteeRequest r = Enrol();
  r.set_display_name("");
  ExpectRefused(DecideEnrolMentee(r, Cohort(), Person(), kToday), INVALID, reason::kFieldRequired,
                "display_name");
  r.set_display_name(std::string(101, 'x'));
  ExpectRefused(DecideEnrolMentee(r, Cohort(), Person(), kToday), INVALID, reason::kTextTooLong,
                "display_name");
  r = Enrol();
  *r.mutable_value_date() = ToDate(absl::CivilDay(2023, 12, 31));
  ExpectRefused(DecideEnrolMentee(r, Cohort(), Person(), kToday), INVALID,
                reason::kOutsideProgrammeYear, "value_date");
  *r.mutable_value_date() = ToDate(kToday + 1);
  ExpectRefused(DecideEnrolMentee(r, Cohort(), Person(), kToday), INVALID, reason::kDateInFuture,
                "value_date");
  r.mutable_value_date()->set_month(13);
  ExpectRefused(DecideEnrolMentee(r, Cohort(), Person(), kToday), INVALID, reason::kInvalidDate,
                "value_date");
}

v1::WithdrawMenteeRequest Withdraw(const std::string& mentee_id) {
  v1::WithdrawMenteeRequest r;
  r.set_cohort(kName);
  r.set_mentee_id(mentee_id);
  r.set_reason("moved to the city");
  *r.mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 1));
  return r;
}

TEST(CohortRulesTest, WithdrawRules) {
  absl::StatusOr<v1::Event> event = DecideWithdrawMentee(Withdraw("E0"), Cohort(1), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->mentee_withdrawn().mentee_id(), "E0");
  EXPECT_EQ(event->mentee_withdrawn().reason(), "moved to the city");
  ExpectRefused(DecideWithdrawMentee(Withdraw("E9"), Cohort(1), kToday),
                absl::StatusCode::kNotFound, reason::kMenteeNotFound, "mentee_id");
  ExpectRefused(DecideWithdrawMentee(Withdraw("E1"), Cohort(1, 1), kToday),
                absl::StatusCode::kFailedPrecondition, reason::kMenteeWithdrawn, "mentee_id");
  v1::Cohort closed = Cohort(1);
  closed.set_state(v1::COHORT_CLOSED);
  ExpectRefused(DecideWithdrawMentee(Withdraw("E0"), closed, kToday),
                absl::StatusCode::kFailedPrecondition, reason::kCohortClosed, "cohort");
  v1::WithdrawMenteeRequest r = Withdraw("E0");
  r.set_reason("");
  ExpectRefused(DecideWithdrawMentee(r, Cohort(1), kToday), absl::StatusCode::kInvalidArgument,
                reason::kFieldRequired, "reason");
  r.set_reason(std::string(201, 'x'));
  ExpectRefused(DecideWithdrawMentee(r, Cohort(1), kToday), absl::StatusCode::kInvalidArgument,
                reason::kTextTooLong, "reason");
  r = Withdraw("E0");
  *r.mutable_value_date() = ToDate(absl::CivilDay(2024, 2, 29));  // enrolled 2024-03-01
  ExpectRefused(DecideWithdrawMentee(r, Cohort(1), kToday), absl::StatusCode::kInvalidArgument,
                reason::kDateBeforeLastEvent, "value_date");
  *r.mutable_value_date() = ToDate(kToday + 1);
  ExpectRefused(DecideWithdrawMentee(r, Cohort(1), kToday), absl::StatusCode::kInvalidArgument,
                reason::kDateInFuture, "value_date");
}

v1::RecordSupportRequest Support(v1::SupportKind kind) {
  v1::RecordSupportRequest r;
  r.set_cohort(kName);
  v1::SupportRecord* s = r.mutable_support();
  s->set_kind(kind);
  s->set_given_by("county league");
  s->set_description("seed money");
  *s->mutable_value_date() = ToDate(absl::CivilDay(2024, 5, 1));
  return r;
}

TEST(CohortRulesTest, PaidOutFundingPostsAndOtherSupportDoesNot) {
  v1::RecordSupportRequest r = Support(v1::SUPPORT_FUNDING);
  r.mutable_support()->set_mentee_id("E0");
  *r.mutable_support()->mutable_amount() = Cny(5'000'00);
  r.mutable_support()->set_paid_out(true);
  r.mutable_support()->set_sequence(77);  // ignored
  absl::StatusOr<v1::Event> event = DecideRecordSupport(r, Cohort(1), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->support_recorded().support().sequence(), 0u);
  ASSERT_EQ(event->postings_size(), 2);
  for (const v1::Posting& leg : event->postings()) {
    EXPECT_EQ(leg.amount().amount_fen(), 5'000'00);
    EXPECT_EQ(leg.account(), leg.side() == v1::DEBIT ? CountySupportPaidAccount("370281")
                                                     : CountySupportFundAccount("370281"));
  }
  // Funding promised but not paid out, and training, move no money.
  r.mutable_support()->set_paid_out(false);
  event = DecideRecordSupport(r, Cohort(1), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->postings_size(), 0);
  event = DecideRecordSupport(Support(v1::SUPPORT_TRAINING), Cohort(), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->postings_size(), 0);
}

TEST(CohortRulesTest, SupportRefusals) {
  const auto INVALID = absl::StatusCode::kInvalidArgument;
  ExpectRefused(DecideRecordSupport(Support(v1::SUPPORT_KIND_UNSPECIFIED), Cohort(), kToday),
                INVALID, reason::kInvalidSupportKind, "support.kind");
  v1::RecordSupportRequest r = Support(v1::SUPPORT_POLICY);
  *r.mutable_support()->mutable_amount() = Cny(1);
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kInvalidSupportKind,
                "support.amount");
  r = Support(v1::SUPPORT_PROJECT);
  r.mutable_support()->set_paid_out(true);
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kInvalidSupportKind,
                "support.paid_out");
  r = Support(v1::SUPPORT_FUNDING);
  r.mutable_support()->set_paid_out(true);
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kFieldRequired,
                "support.amount");
  *r.mutable_support()->mutable_amount() = Cny(0);
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kAmountNotPositive,
                "support.amount.amount_fen");
  r.mutable_support()->set_paid_out(false);
  *r.mutable_support()->mutable_amount() = Cny(-1);
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kAmountNegative,
                "support.amount.amount_fen");
  r.mutable_support()->mutable_amount()->set_currency_code("USD");
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kCurrencyNotSupported,
                "support.amount.currency_code");
  r = Support(v1::SUPPORT_TRAINING);
  r.mutable_support()->set_mentee_id("E5");
  ExpectRefused(DecideRecordSupport(r, Cohort(1), kToday), absl::StatusCode::kNotFound,
                reason::kMenteeNotFound, "support.mentee_id");
  r = Support(v1::SUPPORT_TRAINING);
  r.mutable_support()->set_given_by("");
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kFieldRequired,
                "support.given_by");
  r = Support(v1::SUPPORT_TRAINING);
  r.mutable_support()->set_description(std::string(501, 'x'));
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kTextTooLong,
                "support.description");
  r = Support(v1::SUPPORT_TRAINING);
  *r.mutable_support()->mutable_value_date() = ToDate(kToday + 1);
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kDateInFuture,
                "support.value_date");
  v1::Cohort closed = Cohort();
  closed.set_state(v1::COHORT_CLOSED);
  ExpectRefused(DecideRecordSupport(Support(v1::SUPPORT_TRAINING), closed, kToday),
                absl::StatusCode::kFailedPrecondition, reason::kCohortClosed, "cohort");
  // Support names an active mentee only.
  r = Support(v1::SUPPORT_TRAINING);
  r.mutable_support()->set_mentee_id("E1");
  ExpectRefused(DecideRecordSupport(r, Cohort(1, 1), kToday), absl::StatusCode::kFailedPrecondition,
                reason::kMenteeWithdrawn, "support.mentee_id");
  r.mutable_support()->set_mentee_id("E0");
  EXPECT_TRUE(DecideRecordSupport(r, Cohort(1, 1), kToday).ok());
  // The value date falls in the programme year.
  r = Support(v1::SUPPORT_TRAINING);
  *r.mutable_support()->mutable_value_date() = ToDate(absl::CivilDay(2023, 12, 31));
  ExpectRefused(DecideRecordSupport(r, Cohort(), kToday), INVALID, reason::kOutsideProgrammeYear,
                "support.value_date");
  ExpectRefused(DecideRecordSupport(r, Cohort(), absl::CivilDay(2025, 2, 1)), INVALID,
                reason::kOutsideProgrammeYear, "support.value_date");
  *r.mutable_support()->mutable_value_date() = ToDate(absl::CivilDay(2025, 1, 2));
  ExpectRefused(DecideRecordSupport(r, Cohort(), absl::CivilDay(2025, 2, 1)), INVALID,
                reason::kOutsideProgrammeYear, "support.value_date");
  // Unpaid funding may go without an amount.
  r = Support(v1::SUPPORT_FUNDING);
  r.mutable_support()->clear_amount();
  r.mutable_support()->set_paid_out(false);
  EXPECT_TRUE(DecideRecordSupport(r, Cohort(), kToday).ok());
  v1::Cohort full = Cohort();
  for (int i = 0; i < kMaxSupportRecords; ++i) full.add_support();
  ExpectRefused(DecideRecordSupport(Support(v1::SUPPORT_TRAINING), full, kToday),
                absl::StatusCode::kResourceExhausted, reason::kTooManySupportRecords, "cohort");
}

v1::MenteeOutcome Outcome(int jobs, int64_t income_fen) {
  v1::MenteeOutcome o;
  o.set_started_business(true);
  o.set_jobs_created(jobs);
  *o.mutable_income_change() = Cny(income_fen);
  return o;
}

v1::CloseCohortRequest Close(std::map<std::string, v1::MenteeOutcome> outcomes) {
  v1::CloseCohortRequest r;
  r.set_cohort(kName);
  *r.mutable_value_date() = ToDate(absl::CivilDay(2024, 12, 15));
  for (auto& [id, outcome] : outcomes) (*r.mutable_outcomes())[id] = outcome;
  return r;
}

TEST(CohortRulesTest, CloseFillsTheLoansAtCloseInEnrolmentOrder) {
  PersonLoan loan;
  loan.loan.set_name("banks/B001/loans/L1");
  loan.loan.set_status(v1::ACTIVE);
  *loan.loan.mutable_outstanding_principal() = Cny(50'000'00);
  v1::Arrear* arrear = loan.loan.add_arrears();
  *arrear->mutable_due_date() = ToDate(absl::CivilDay(2024, 12, 5));
  loan.subsidy_received_fen = 120'00;
  v1::MenteeOutcome sent = Outcome(3, -2'000'00);  // income may fall
  *sent.add_loans_at_close() = v1::MenteeLoan();   // output only: replaced
  absl::StatusOr<v1::Event> event = DecideCloseCohort(Close({{"E0", sent}, {"E1", Outcome(0, 0)}}),
                                                      Cohort(2, 1), {{"E1", {loan}}}, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::CohortClosed& closed = event->cohort_closed();
  ASSERT_EQ(closed.outcomes_size(), 2);
  EXPECT_EQ(closed.outcomes(0).mentee_id(), "E0");
  EXPECT_EQ(closed.outcomes(0).outcome().loans_at_close_size(), 0);
  EXPECT_EQ(closed.outcomes(0).outcome().income_change().amount_fen(), -2'000'00);
  EXPECT_EQ(closed.outcomes(1).mentee_id(), "E1");
  ASSERT_EQ(closed.outcomes(1).outcome().loans_at_close_size(), 1);
  const v1::MenteeLoan& at_close = closed.outcomes(1).outcome().loans_at_close(0);
  EXPECT_EQ(at_close.loan(), "banks/B001/loans/L1");
  EXPECT_EQ(at_close.status(), v1::ACTIVE);
  EXPECT_EQ(at_close.days_past_due(), 10);  // as of the close date, 2024-12-15
  EXPECT_EQ(at_close.outstanding_principal().amount_fen(), 50'000'00);
  EXPECT_EQ(at_close.subsidy_received().amount_fen(), 120'00);
  EXPECT_EQ(event->postings_size(), 0);
}

TEST(CohortRulesTest, CloseRefusals) {
  const auto INVALID = absl::StatusCode::kInvalidArgument;
  const auto PRECONDITION = absl::StatusCode::kFailedPrecondition;
  const std::map<std::string, v1::MenteeOutcome> both = {{"E0", Outcome(1, 0)},
                                                         {"E1", Outcome(1, 0)}};
  v1::Cohort closed = Cohort(2);
  closed.set_state(v1::COHORT_CLOSED);
  ExpectRefused(DecideCloseCohort(Close(both), closed, {}, kToday), PRECONDITION,
                reason::kCohortAlreadyClosed, "cohort");
  v1::CloseCohortRequest early = Close(both);
  *early.mutable_value_date() = ToDate(absl::CivilDay(2024, 11, 30));
  ExpectRefused(DecideCloseCohort(early, Cohort(2), {}, kToday), PRECONDITION,
                reason::kCloseBeforeYearEnd, "value_date");
  *early.mutable_value_date() = ToDate(kToday + 1);
  ExpectRefused(DecideCloseCohort(early, Cohort(2), {}, kToday), INVALID, reason::kDateInFuture,
                "value_date");
  ExpectRefused(DecideCloseCohort(Close({{"E0", Outcome(1, 0)}}), Cohort(2), {}, kToday),
                PRECONDITION, reason::kOutcomeMissing, "outcomes[E1]");
  // E2 is withdrawn; E7 was never enrolled.
  for (const char* id : {"E2", "E7"}) {
    std::map<std::string, v1::MenteeOutcome> extra = both;
    extra[id] = Outcome(1, 0);
    ExpectRefused(DecideCloseCohort(Close(extra), Cohort(2, 1), {}, kToday), INVALID,
                  reason::kOutcomeForUnknownMentee, absl::StrCat("outcomes[", id, "]"));
  }
  std::map<std::string, v1::MenteeOutcome> bad = both;
  bad["E1"] = Outcome(10001, 0);
  ExpectRefused(DecideCloseCohort(Close(bad), Cohort(2), {}, kToday), INVALID, reason::kOutOfRange,
                "outcomes[E1].jobs_created");
  bad["E1"] = Outcome(-1, 0);
  ExpectRefused(DecideCloseCohort(Close(bad), Cohort(2), {}, kToday), INVALID, reason::kOutOfRange,
                "outcomes[E1].jobs_created");
  bad["E1"] = Outcome(1, -kMaxAmountFen - 1);
  ExpectRefused(DecideCloseCohort(Close(bad), Cohort(2), {}, kToday), INVALID,
                reason::kAmountTooLarge, "outcomes[E1].income_change.amount_fen");
  bad["E1"] = Outcome(1, 0);
  bad["E1"].mutable_income_change()->set_currency_code("USD");
  ExpectRefused(DecideCloseCohort(Close(bad), Cohort(2), {}, kToday), INVALID,
                reason::kCurrencyNotSupported, "outcomes[E1].income_change.currency_code");
  // Limits are inclusive; a cohort with no active mentee closes with no outcome.
  bad["E1"] = Outcome(10000, -kMaxAmountFen);
  EXPECT_TRUE(DecideCloseCohort(Close(bad), Cohort(2), {}, kToday).ok());
  EXPECT_TRUE(DecideCloseCohort(Close({}), Cohort(0, 2), {}, kToday).ok());
}

TEST(CohortRulesTest, SetCohortRules) {
  v1::SetCohortRulesRequest r;
  r.set_county_code("370281");
  r.set_max_cohorts_per_mentor(3);
  absl::StatusOr<v1::Event> event = DecideSetCohortRules(r);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->cohort_rules_set().max_cohorts_per_mentor(), 3);
  for (int bad : {0, 11, -1}) {
    r.set_max_cohorts_per_mentor(bad);
    ExpectRefused(DecideSetCohortRules(r), absl::StatusCode::kInvalidArgument, reason::kOutOfRange,
                  "max_cohorts_per_mentor");
  }
  r.set_max_cohorts_per_mentor(10);
  EXPECT_TRUE(DecideSetCohortRules(r).ok());
  r.set_county_code("x");
  ExpectRefused(DecideSetCohortRules(r), absl::StatusCode::kInvalidArgument,
                reason::kInvalidCountyCode, "county_code");
}

}  // namespace
}  // namespace ledger
