#include "clients/ledgerctl/cohort_view.h"

#include <string>

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

v1::Performance Figures() {
  v1::Performance p;
  p.set_loan_count(10);
  p.set_instalments_due(30);
  p.set_instalments_on_time(28);
  p.set_on_time_share_bps(9333);
  *p.mutable_outstanding_principal() = ledger::Cny(550'000'00);
  *p.mutable_outstanding_over_30_days() = ledger::Cny(30'000'00);
  p.set_par30_bps(545);
  return p;
}

TEST(FormatBps, TwoDecimals) {
  EXPECT_EQ(FormatBps(9333), "93.33%");
  EXPECT_EQ(FormatBps(545), "5.45%");
  EXPECT_EQ(FormatBps(0), "0.00%");
  EXPECT_EQ(FormatBps(10000), "100.00%");
  EXPECT_EQ(FormatBps(5), "0.05%");
}

TEST(FormatCohortCard, MenteesLoansAndFigures) {
  v1::CohortCard card;
  v1::Cohort* cohort = card.mutable_cohort();
  cohort->set_name("counties/370281/cohorts/C2024-1");
  cohort->set_county_code("370281");
  cohort->set_programme_year(2024);
  cohort->mutable_mentor()->set_mentor_id("WL-01");
  cohort->mutable_mentor()->set_kind(v1::MENTOR_PERSON);
  cohort->mutable_mentor()->set_display_name("Wang Li");
  cohort->set_state(v1::COHORT_OPEN);
  v1::Mentee* mentee = cohort->add_mentees();
  mentee->set_mentee_id("M03");
  mentee->set_display_name("Li Na");
  mentee->set_state(v1::MENTEE_ACTIVE);
  mentee->set_national_id_masked("370281********0034");
  mentee->set_borrower_at_enrolment(true);
  *mentee->mutable_enrolled_on() = Day(2024, 3, 1);
  v1::MenteeLoan* loan = mentee->add_loans();
  loan->set_loan("banks/B001/loans/L03");
  loan->set_status(v1::ACTIVE);
  loan->set_days_past_due(209);
  *loan->mutable_outstanding_principal() = ledger::Cny(30'000'00);
  *loan->mutable_subsidy_received() = ledger::Cny(0);
  *card.mutable_performance() = Figures();
  *card.mutable_as_of_date() = Day(2024, 11, 5);
  const std::string out = FormatCohortCard(card);
  EXPECT_TRUE(Contains(out, "counties/370281/cohorts/C2024-1")) << out;
  EXPECT_TRUE(Contains(out, "WL-01 (MENTOR_PERSON) Wang Li")) << out;
  EXPECT_TRUE(Contains(out, "1 active of 1 enrolled")) << out;
  EXPECT_TRUE(Contains(out, "370281********0034")) << out;
  EXPECT_TRUE(Contains(out, "banks/B001/loans/L03")) << out;
  EXPECT_TRUE(Contains(out, "209")) << out;
  EXPECT_TRUE(Contains(out, "30,000.00 CNY")) << out;
  EXPECT_TRUE(Contains(out, "93.33%")) << out;
  EXPECT_TRUE(Contains(out, "5.45%")) << out;
  EXPECT_TRUE(Contains(out, "2024-11-05")) << out;
}

TEST(FormatCountyCohorts, CohortsThenAllThenOutside) {
  v1::CountyCohortsView view;
  view.set_county_code("370281");
  view.set_programme_year(2024);
  v1::CohortSummary* summary = view.add_cohorts();
  summary->set_cohort("counties/370281/cohorts/C2024-1");
  summary->mutable_mentor()->set_mentor_id("WL-01");
  summary->set_state(v1::COHORT_OPEN);
  summary->set_active_mentees(10);
  *summary->mutable_performance() = Figures();
  *view.mutable_all_cohorts() = Figures();
  view.mutable_outside_cohorts()->set_par30_bps(3000);
  view.set_outside_truncated(true);
  const std::string out = FormatCountyCohorts(view);
  const size_t cohort = out.find("counties/370281/cohorts/C2024-1");
  const size_t all = out.find("ALL COHORTS");
  const size_t outside = out.find("OUTSIDE COHORTS (first 100,000 loans)");
  ASSERT_NE(cohort, std::string::npos) << out;
  ASSERT_NE(all, std::string::npos) << out;
  ASSERT_NE(outside, std::string::npos) << out;
  EXPECT_LT(cohort, all);
  EXPECT_LT(all, outside);
  EXPECT_TRUE(Contains(out, "30.00%")) << out;
}

TEST(FormatCountyCohorts, SaysWhenTheCohortsWereBounded) {
  v1::CountyCohortsView view;
  EXPECT_FALSE(Contains(FormatCountyCohorts(view), "mentee loans bounded"));
  view.set_cohorts_truncated(true);
  EXPECT_TRUE(Contains(FormatCountyCohorts(view), "ALL COHORTS LISTED (mentee loans bounded"));
}

TEST(FormatMentorHistory, EmptyAndRows) {
  v1::MentorHistory history;
  history.set_mentor_id("WL-01");
  EXPECT_TRUE(Contains(FormatMentorHistory(history), "cohorts: 0"));
  v1::CohortSummary* summary = history.add_cohorts();
  summary->set_cohort("counties/370281/cohorts/C2023-1");
  summary->set_state(v1::COHORT_CLOSED);
  *summary->mutable_performance() = Figures();
  const std::string out = FormatMentorHistory(history);
  EXPECT_TRUE(Contains(out, "COHORT_CLOSED")) << out;
  EXPECT_TRUE(Contains(out, "93.33%")) << out;
  EXPECT_FALSE(Contains(out, "more not listed")) << out;
  history.set_truncated(true);
  EXPECT_TRUE(Contains(FormatMentorHistory(history), "cohorts: 1 (more not listed)"));
}

}  // namespace
}  // namespace ledgerctl
