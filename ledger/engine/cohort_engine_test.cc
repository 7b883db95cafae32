// "One helps ten" cohorts through the real engine over a real Store: a county officer creates a
// cohort, enrols ten mentees (the 11th is refused until a withdrawal frees a place), records
// support (paid-out funding posts and the trial balance stays zero), and closes the cohort
// with outcomes whose loans_at_close the engine fills from the ledger (status, days past due,
// outstanding principal, subsidy received); cohort entries are not reversible, a person sits
// in one cohort a year, and a replay of the journal rebuilds exactly the stored rows.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/accounts/account_projection.h"
#include "ledger/accounts/chart.h"
#include "ledger/audit/audit.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/testing/sample_ledger.h"

namespace ledger {
namespace {

constexpr char kOfficer[] = "officer:370281";
constexpr char kFinance[] = "finance:1";
constexpr char kCohort[] = "counties/370281/cohorts/C2023";

std::string PersonKey(int i) { return std::string(32, static_cast<char>('a' + i)); }

internal::LedgerCommand CreateCohort(const std::string& request_id, const std::string& cohort_id,
                                     const std::string& mentor_id = "M1") {
  internal::LedgerCommand c;
  v1::CreateCohortRequest* r = c.mutable_create_cohort();
  r->set_request_id(request_id);
  r->set_county_code("370281");
  r->set_cohort_id(cohort_id);
  r->set_programme_year(2023);
  r->mutable_mentor()->set_mentor_id(mentor_id);
  r->mutable_mentor()->set_kind(v1::MENTOR_FIRM);
  r->mutable_mentor()->set_display_name("青岛某农业合作社");
  return c;
}

// Enrols person `person` as mentee `mentee_id`, as the handler queues it (the resident ID
// already turned into the keyed hash and the masked form).
internal::LedgerCommand Enrol(const std::string& request_id, const std::string& mentee_id,
                              int person, bool borrower = false,
                              const std::string& cohort = kCohort) {
  internal::LedgerCommand c;
  v1::EnrolMenteeRequest* r = c.mutable_enrol_mentee();
  r->set_request_id(request_id);
  r->set_cohort(cohort);
  r->set_mentee_id(mentee_id);
  r->set_display_name(absl::StrCat("mentee ", mentee_id));
  r->set_borrower(borrower);
  *r->mutable_value_date() = ToDate(absl::CivilDay(2023, 3, 1));
  c.set_person_key(PersonKey(person));
  c.set_national_id_masked("370281********123X");
  return c;
}

internal::LedgerCommand Withdraw(const std::string& request_id, const std::string& mentee_id) {
  internal::LedgerCommand c;
  v1::WithdrawMenteeRequest* r = c.mutable_withdraw_mentee();
  r->set_request_id(request_id);
  r->set_cohort(kCohort);
  r->set_mentee_id(mentee_id);
  r->set_reason("moved away");
  *r->mutable_value_date() = ToDate(absl::CivilDay(2023, 6, 1));
  return c;
}

internal::LedgerCommand Funding(const std::string& request_id, int64_t amount_fen, bool paid_out) {
  internal::LedgerCommand c;
  v1::RecordSupportRequest* r = c.mutable_record_support();
  r->set_request_id(request_id);
  r->set_cohort(kCohort);
  v1::SupportRecord* s = r->mutable_support();
  s->set_kind(v1::SUPPORT_FUNDING);
  s->set_mentee_id("N0");
  s->set_given_by("county league");
  *s->mutable_value_date() = ToDate(absl::CivilDay(2023, 7, 1));
  *s->mutable_amount() = Cny(amount_fen);
  s->set_paid_out(paid_out);
  return c;
}

internal::LedgerCommand Rules(const std::string& request_id, int max) {
  internal::LedgerCommand c;
  c.mutable_set_cohort_rules()->set_request_id(request_id);
  c.mutable_set_cohort_rules()->set_county_code("370281");
  c.mutable_set_cohort_rules()->set_max_cohorts_per_mentor(max);
  return c;
}

// A subsidy claim of L1 for 2024 Q2, submitted, approved at `amount_fen` and paid (with the
// basis the server would compute, built by hand as claim_engine_test.cc does).
std::vector<internal::LedgerCommand> PaidClaim(int64_t amount_fen, uint64_t basis_sequence) {
  internal::LedgerCommand submit;
  v1::SubmitSubsidyClaimRequest* s = submit.mutable_submit_claim();
  s->set_request_id("cs");
  s->set_bank_id("B001");
  s->set_claim_id("Q2");
  *s->mutable_period()->mutable_first_day() = ToDate(absl::CivilDay(2024, 3, 21));
  *s->mutable_period()->mutable_last_day() = ToDate(absl::CivilDay(2024, 6, 20));
  v1::SubsidyClaimLine* line = s->add_lines();
  line->set_loan("banks/B001/loans/L1");
  *line->mutable_claimed() = Cny(amount_fen);
  submit.mutable_claim_basis()->set_basis_sequence(basis_sequence);
  internal::ClaimLineBasis* b = submit.mutable_claim_basis()->add_lines();
  b->set_expected_fen(amount_fen);
  b->set_interest_fen(amount_fen * 2);
  b->set_county_code("370281");
  internal::LedgerCommand approve;
  approve.mutable_approve_claim()->set_request_id("ca");
  approve.mutable_approve_claim()->set_name("banks/B001/subsidy_claims/Q2");
  approve.mutable_approve_claim()->set_approval(v1::APPROVE_AS_COMPUTED);
  *approve.mutable_claim_basis() = submit.claim_basis();
  approve.mutable_claim_basis()->set_basis_sequence(basis_sequence + 1);
  internal::LedgerCommand pay;
  v1::RecordSubsidyPaymentRequest* p = pay.mutable_pay_claim();
  p->set_request_id("cp");
  p->set_name("banks/B001/subsidy_claims/Q2");
  *p->mutable_amount() = Cny(amount_fen);
  *p->mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 28));
  p->set_payment_reference("TRSY-1");
  return {submit, approve, pay};
}

std::map<std::string, std::string> Stored(const Store& store) {
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(store
                  .Scan(Family::kProjections, "", "",
                        [&](absl::string_view key, absl::string_view value) {
                          rows[std::string(key)] = std::string(value);
                          return true;
                        })
                  .ok());
  return rows;
}

class CohortEngineTest : public ::testing::Test {
 protected:
  CohortEngineTest() : ledger_("cohort_engine") {}

  void SetUp() override {
    // Entries 1-2: L1 of B001, created for person 0 and disbursed (100,000.00 CNY).
    internal::LedgerCommand create = Create("c1", "B001", "L1", 100'000'00);
    create.set_person_key(PersonKey(0));
    create.set_national_id_masked("370281********123X");
    ASSERT_TRUE(ledger_.Run(create).ok());
    ASSERT_TRUE(ledger_.Run(Disburse("d1", "B001", "L1", 100'000'00)).ok());
  }

  absl::StatusOr<CommandOutcome> As(const char* principal, internal::LedgerCommand command) {
    return ledger_.RunAs(principal, std::move(command));
  }

  void ExpectRefused(internal::LedgerCommand command, absl::string_view reason) {
    const uint64_t before = ledger_.store()->last_sequence();
    absl::StatusOr<CommandOutcome> outcome = As(kOfficer, std::move(command));
    ASSERT_FALSE(outcome.ok()) << "accepted";
    EXPECT_EQ(ReasonOf(outcome.status()), reason) << outcome.status();
    EXPECT_EQ(ledger_.store()->last_sequence(), before);  // a refusal writes nothing
  }

  void ExpectReplayEqualsStore() {
    absl::StatusOr<LedgerReplay> replay = ReplayJournal(*ledger_.store());
    ASSERT_TRUE(replay.ok()) << replay.status();
    std::map<std::string, std::string> replayed;
    replay->ForEachRow([&](const ProjectionRow& row) { replayed[row.key] = row.value; });
    EXPECT_EQ(replayed, Stored(*ledger_.store()));
    absl::StatusOr<AuditReport> report = RunAudit(*ledger_.store(), AuditOptions());
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->ok()) << FormatReport(*report);
  }

  SampleLedger ledger_;
};

TEST_F(CohortEngineTest, TheWholeYearOfACohort) {
  // Entries 3-5: 450.00 CNY of subsidy claimed, approved and paid for L1.
  const char* claimants[] = {"bank:B001", kFinance, kFinance};
  std::vector<internal::LedgerCommand> claim = PaidClaim(450'00, 2);
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<CommandOutcome> step = As(claimants[i], claim[i]);
    ASSERT_TRUE(step.ok()) << i << ": " << step.status();
  }
  absl::StatusOr<CommandOutcome> created = As(kOfficer, CreateCohort("k1", "C2023"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->result.cohort().name(), kCohort);
  EXPECT_EQ(created->result.cohort().created_sequence(), 6u);
  EXPECT_EQ(created->result.sequence(), 6u);

  // Ten mentees: person 0 is a borrower (L1), the others entrepreneurs not yet borrowing.
  for (int i = 0; i < 10; ++i) {
    absl::StatusOr<CommandOutcome> enrolled =
        As(kOfficer, Enrol(absl::StrCat("e", i), absl::StrCat("N", i), i, i == 0));
    ASSERT_TRUE(enrolled.ok()) << i << ": " << enrolled.status();
    EXPECT_EQ(enrolled->result.cohort().mentees_size(), i + 1);
  }
  // The 11th is refused; withdrawing one frees a place.
  ExpectRefused(Enrol("e10", "N10", 10), reason::kCohortFull);
  ASSERT_TRUE(As(kOfficer, Withdraw("w9", "N9")).ok());
  // An active mentee holds their year, even with a place free.
  ExpectRefused(Enrol("e8b", "N8b", 8), reason::kMenteeInOtherCohort);
  // Support names active mentees only.
  internal::LedgerCommand to_withdrawn = Funding("s9", 1'00, false);
  to_withdrawn.mutable_record_support()->mutable_support()->set_mentee_id("N9");
  ExpectRefused(to_withdrawn, reason::kMenteeWithdrawn);
  ASSERT_TRUE(As(kOfficer, Enrol("e10", "N10", 10)).ok());
  ExpectRefused(Enrol("e11", "N11", 11), reason::kCohortFull);
  // A retried request id replays the first answer.
  absl::StatusOr<CommandOutcome> again = As(kOfficer, Enrol("e10", "N10", 10));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed);

  // Support: funding paid out posts Dr mentorship support / Cr support fund.
  absl::StatusOr<CommandOutcome> paid = As(kOfficer, Funding("s1", 3'000'00, true));
  ASSERT_TRUE(paid.ok()) << paid.status();
  ASSERT_EQ(paid->result.cohort().support_size(), 1);
  EXPECT_EQ(paid->result.cohort().support(0).sequence(), paid->result.sequence());
  ASSERT_TRUE(As(kOfficer, Funding("s2", 1'000'00, false)).ok());  // promised: no posting
  const Store& store = *ledger_.store();
  absl::StatusOr<v1::AccountBalance> spent =
      AccountProjection(&store).Get(CountySupportPaidAccount("370281"));
  ASSERT_TRUE(spent.ok()) << spent.status();
  EXPECT_EQ(spent->balance().amount_fen(), 3'000'00);
  EXPECT_EQ(spent->kind(), v1::COHORT_SUPPORT_PAID);
  absl::StatusOr<v1::TrialBalance> trial = AccountProjection(&store).GetTrialBalance({});
  ASSERT_TRUE(trial.ok()) << trial.status();
  EXPECT_TRUE(trial->balanced());
  int64_t sum_fen = 0;
  for (const v1::KindTotal& total : trial->totals()) sum_fen += total.balance().amount_fen();
  EXPECT_EQ(sum_fen, 0);

  // Cohort entries are not reversible (the paid-out funding included).
  for (uint64_t sequence : {uint64_t{6}, paid->result.sequence()}) {
    absl::StatusOr<CommandOutcome> reversal =
        As(kFinance, Reverse(absl::StrCat("v", sequence), sequence, "undo"));
    ASSERT_FALSE(reversal.ok()) << sequence;
    EXPECT_EQ(ReasonOf(reversal.status()), reason::kNotReversible) << sequence;
  }

  // Person 0 also borrows in county 370282: that loan is never read into this county's cohort.
  internal::LedgerCommand elsewhere = Create("c0x", "B001", "L0X", 20'000'00, "370282");
  elsewhere.set_person_key(PersonKey(0));
  elsewhere.set_national_id_masked("370281********123X");
  ASSERT_TRUE(ledger_.Run(elsewhere).ok());

  // Closing: one outcome per active mentee (N9 is withdrawn).
  internal::LedgerCommand close;
  v1::CloseCohortRequest* r = close.mutable_close_cohort();
  r->set_request_id("x1");
  r->set_cohort(kCohort);
  *r->mutable_value_date() = ToDate(absl::CivilDay(2023, 12, 15));
  for (int i = 0; i <= 10; ++i) {
    if (i == 9) continue;
    v1::MenteeOutcome& outcome = (*r->mutable_outcomes())[absl::StrCat("N", i)];
    outcome.set_jobs_created(i);
    *outcome.mutable_income_change() = Cny(i % 2 == 0 ? 1'000'00 : -500'00);
  }
  internal::LedgerCommand missing = close;
  missing.mutable_close_cohort()->mutable_outcomes()->erase("N3");
  ExpectRefused(missing, reason::kOutcomeMissing);
  absl::StatusOr<CommandOutcome> closed = As(kOfficer, close);
  ASSERT_TRUE(closed.ok()) << closed.status();
  const v1::Cohort& cohort = closed->result.cohort();
  EXPECT_EQ(cohort.state(), v1::COHORT_CLOSED);
  EXPECT_EQ(FormatDate(cohort.closed_on()), "2023-12-15");
  ASSERT_EQ(cohort.mentees_size(), 11);
  const v1::MenteeOutcome& borrower = cohort.mentees(0).outcome();
  ASSERT_EQ(borrower.loans_at_close_size(), 1);
  EXPECT_EQ(borrower.loans_at_close(0).loan(), "banks/B001/loans/L1");
  EXPECT_EQ(borrower.loans_at_close(0).status(), v1::ACTIVE);
  EXPECT_EQ(borrower.loans_at_close(0).days_past_due(), 0);
  EXPECT_EQ(borrower.loans_at_close(0).outstanding_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(borrower.loans_at_close(0).subsidy_received().amount_fen(), 450'00);
  EXPECT_EQ(cohort.mentees(1).outcome().loans_at_close_size(), 0);
  EXPECT_EQ(cohort.mentees(1).outcome().income_change().amount_fen(), -500'00);
  EXPECT_FALSE(cohort.mentees(9).has_outcome());  // withdrawn

  // Closing twice, enrolling or recording support afterwards are refused.
  close.mutable_close_cohort()->set_request_id("x2");
  ExpectRefused(close, reason::kCohortAlreadyClosed);
  ExpectRefused(Enrol("e12", "N12", 12), reason::kCohortClosed);
  ExpectRefused(Funding("s3", 1, true), reason::kCohortClosed);

  absl::StatusOr<std::vector<v1::Cohort>> listed = ListCountyYearCohorts(store, "370281", 2023);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].state(), v1::COHORT_CLOSED);
  ExpectReplayEqualsStore();
}

TEST_F(CohortEngineTest, MentorLimitAndOneCohortAYearPerPerson) {
  ASSERT_TRUE(As(kOfficer, CreateCohort("k1", "C2023")).ok());
  ExpectRefused(CreateCohort("k1b", "C2023"), reason::kCohortAlreadyExists);
  ExpectRefused(CreateCohort("k2", "C2023-B"), reason::kMentorLimit);
  ExpectRefused(Rules("r0", 11), reason::kOutOfRange);
  absl::StatusOr<CommandOutcome> rules = As(kOfficer, Rules("r1", 2));
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->result.cohort_rules().max_cohorts_per_mentor(), 2);
  EXPECT_FALSE(rules->result.has_cohort());
  ASSERT_TRUE(As(kOfficer, CreateCohort("k2", "C2023-B")).ok());
  ExpectRefused(CreateCohort("k3", "C2023-C"), reason::kMentorLimit);
  ASSERT_TRUE(As(kOfficer, CreateCohort("k4", "C2023-D", "M2")).ok());

  ASSERT_TRUE(As(kOfficer, Enrol("e1", "N1", 1)).ok());
  ExpectRefused(Enrol("e2", "N1", 2), reason::kMenteeAlreadyEnrolled);
  ExpectRefused(Enrol("e3", "P1", 1, false, "counties/370281/cohorts/C2023-B"),
                reason::kMenteeInOtherCohort);
  ExpectRefused(Enrol("e4", "P4", 4, true, "counties/370281/cohorts/C2023-B"),
                reason::kUnknownBorrower);
  ExpectRefused(Enrol("e5", "P5", 5, false, "counties/370281/cohorts/NONE"),
                reason::kCohortNotFound);
  internal::LedgerCommand no_id = Enrol("e6", "P6", 6);
  no_id.clear_person_key();
  ExpectRefused(no_id, reason::kFieldRequired);
  // Withdrawing releases the person's year: a mentee enrolled into the wrong cohort is
  // corrected by withdrawing and enrolling them where they belong.
  ASSERT_TRUE(As(kOfficer, Withdraw("w1", "N1")).ok());
  absl::StatusOr<CommandOutcome> moved =
      As(kOfficer, Enrol("e3b", "P1", 1, false, "counties/370281/cohorts/C2023-B"));
  ASSERT_TRUE(moved.ok()) << moved.status();
  // Now active in C2023-B, the person is refused back in C2023 under another id.
  ExpectRefused(Enrol("e3c", "N1b", 1), reason::kMenteeInOtherCohort);
  // Person 0 has L1: enrolled as a borrower.
  absl::StatusOr<CommandOutcome> borrower =
      As(kOfficer, Enrol("e7", "P0", 0, true, "counties/370281/cohorts/C2023-B"));
  ASSERT_TRUE(borrower.ok()) << borrower.status();
  EXPECT_TRUE(borrower->result.cohort().mentees(1).borrower_at_enrolment());
  // Person 8 borrows only in another county: not a borrower here.
  internal::LedgerCommand elsewhere = Create("c8", "B001", "L8", 10'000'00, "370282");
  elsewhere.set_person_key(PersonKey(8));
  elsewhere.set_national_id_masked("370282********123X");
  ASSERT_TRUE(ledger_.Run(elsewhere).ok());
  ExpectRefused(Enrol("e8", "P8", 8, true, "counties/370281/cohorts/C2023-B"),
                reason::kUnknownBorrower);
  absl::StatusOr<CommandOutcome> not_borrower =
      As(kOfficer, Enrol("e8n", "P8", 8, false, "counties/370281/cohorts/C2023-B"));
  ASSERT_TRUE(not_borrower.ok()) << not_borrower.status();
  EXPECT_FALSE(not_borrower->result.cohort().mentees(2).borrower_at_enrolment());

  absl::StatusOr<CohortListing> history =
      ListMentorCohorts(*ledger_.store(), "M1", /*visible=*/nullptr);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->cohorts.size(), 2u);
  EXPECT_FALSE(history->truncated);
  EXPECT_EQ(history->cohorts[0].cohort_id(), "C2023");
  EXPECT_EQ(history->cohorts[1].cohort_id(), "C2023-B");
  ExpectReplayEqualsStore();
}

}  // namespace
}  // namespace ledger
