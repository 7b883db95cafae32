#include "clients/ledgerctl/cohort_requests.h"

#include <map>
#include <string>

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

TEST(ParseOutcomesCsv, HeaderSignsAndSpaces) {
  absl::StatusOr<std::map<std::string, v1::MenteeOutcome>> outcomes = ParseOutcomesCsv(
      "mentee_id,started_business,jobs_created,income_change\n"
      " M01 , yes , 2 , 12000.50\n\nM02,no,0,-800\r\n");
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 2u);
  const v1::MenteeOutcome& m01 = outcomes->at("M01");
  EXPECT_TRUE(m01.started_business());
  EXPECT_EQ(m01.jobs_created(), 2);
  EXPECT_EQ(m01.income_change().amount_fen(), 1'200'050);
  EXPECT_EQ(m01.income_change().currency_code(), "CNY");
  EXPECT_FALSE(outcomes->at("M02").started_business());
  EXPECT_EQ(outcomes->at("M02").income_change().amount_fen(), -80'000);
}

TEST(ParseOutcomesCsv, RefusalsNameTheLine) {
  for (const auto& [csv, part] : std::vector<std::pair<std::string, std::string>>{
           {"M01,yes,2", "line 1 is not"},
           {"M01,maybe,2,0", "line 1: started_business"},
           {"M01,yes,-1,0", "jobs_created"},
           {"M01,yes,10001,0", "jobs_created"},
           {"M01,yes,1,1.234", "income_change"},
           {"M01,yes,1,0\nM01,no,0,0", "line 2: mentee M01 is listed twice"},
           {",yes,1,0", "no mentee_id"},
           {"\n\n", "no lines"},
       }) {
    absl::StatusOr<std::map<std::string, v1::MenteeOutcome>> outcomes = ParseOutcomesCsv(csv);
    ASSERT_FALSE(outcomes.ok()) << csv;
    EXPECT_TRUE(Contains(std::string(outcomes.status().message()), part))
        << outcomes.status() << " for " << csv;
    EXPECT_TRUE(Contains(std::string(outcomes.status().message()), "--outcomes")) << csv;
  }
}

TEST(BuildCreateCohortRequest, AllFields) {
  absl::StatusOr<v1::CreateCohortRequest> request =
      BuildCreateCohortRequest(Flags({{"county", "370281"},
                                      {"cohort_id", "C2024-1"},
                                      {"year", "2024"},
                                      {"mentor_id", "WL-01"},
                                      {"mentor_kind", "firm"},
                                      {"mentor_name", "Wang Li Orchards"},
                                      {"mentor_profile", "apples"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->county_code(), "370281");
  EXPECT_EQ(request->cohort_id(), "C2024-1");
  EXPECT_EQ(request->programme_year(), 2024);
  EXPECT_EQ(request->mentor().mentor_id(), "WL-01");
  EXPECT_EQ(request->mentor().kind(), v1::MENTOR_FIRM);
  EXPECT_EQ(request->mentor().display_name(), "Wang Li Orchards");
  EXPECT_EQ(request->mentor().profile(), "apples");
  EXPECT_TRUE(request->request_id().empty());  // RunMutation sets it

  absl::StatusOr<v1::CreateCohortRequest> missing =
      BuildCreateCohortRequest(Flags({{"county", "370281"},
                                      {"cohort_id", "C"},
                                      {"year", "2024"},
                                      {"mentor_id", "W"},
                                      {"mentor_name", "W"}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(Contains(std::string(missing.status().message()), "--mentor_kind"));
}

TEST(BuildEnrolMenteeRequest, CohortFromCountyAndId) {
  absl::StatusOr<v1::EnrolMenteeRequest> request =
      BuildEnrolMenteeRequest(Flags({{"county", "370281"},
                                     {"cohort_id", "C2024-1"},
                                     {"mentee_id", "M01"},
                                     {"national_id", "370281199506150018"},
                                     {"name", "Li Na"},
                                     {"borrower", "true"},
                                     {"value_date", "2024-03-01"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->cohort(), "counties/370281/cohorts/C2024-1");
  EXPECT_EQ(request->national_id(), "370281199506150018");
  EXPECT_TRUE(request->borrower());
  EXPECT_EQ(request->value_date().month(), 3);

  absl::StatusOr<v1::EnrolMenteeRequest> no_cohort = BuildEnrolMenteeRequest(Flags(
      {{"mentee_id", "M01"}, {"national_id", "x"}, {"name", "n"}, {"value_date", "2024-03-01"}}));
  ASSERT_FALSE(no_cohort.ok());
  EXPECT_TRUE(Contains(std::string(no_cohort.status().message()), "--cohort"));
}

TEST(BuildRecordSupportRequest, PaidOutFundingNeedsAnAmountOthersNone) {
  absl::StatusOr<v1::RecordSupportRequest> funding =
      BuildRecordSupportRequest(Flags({{"cohort", "counties/370281/cohorts/C1"},
                                       {"kind", "funding"},
                                       {"mentee_id", "M01"},
                                       {"given_by", "county league"},
                                       {"amount", "5000"},
                                       {"paid_out", "true"},
                                       {"value_date", "2024-06-01"}}));
  ASSERT_TRUE(funding.ok()) << funding.status();
  EXPECT_EQ(funding->support().kind(), v1::SUPPORT_FUNDING);
  EXPECT_EQ(funding->support().amount().amount_fen(), 5'000'00);
  EXPECT_TRUE(funding->support().paid_out());
  EXPECT_EQ(funding->support().value_date().day(), 1);

  // Unpaid funding may go without an amount (the server accepts it); paid-out funding may not.
  absl::StatusOr<v1::RecordSupportRequest> pledged =
      BuildRecordSupportRequest(Flags({{"cohort", "counties/370281/cohorts/C1"},
                                       {"kind", "funding"},
                                       {"given_by", "x"},
                                       {"value_date", "2024-06-01"}}));
  ASSERT_TRUE(pledged.ok()) << pledged.status();
  EXPECT_FALSE(pledged->support().has_amount());
  EXPECT_FALSE(pledged->support().paid_out());
  absl::StatusOr<v1::RecordSupportRequest> paid_no_amount =
      BuildRecordSupportRequest(Flags({{"cohort", "counties/370281/cohorts/C1"},
                                       {"kind", "funding"},
                                       {"given_by", "x"},
                                       {"paid_out", "true"},
                                       {"value_date", "2024-06-01"}}));
  EXPECT_FALSE(paid_no_amount.ok());
  absl::StatusOr<v1::RecordSupportRequest> training_amount =
      BuildRecordSupportRequest(Flags({{"cohort", "counties/370281/cohorts/C1"},
                                       {"kind", "training"},
                                       {"given_by", "x"},
                                       {"amount", "1"},
                                       {"value_date", "2024-06-01"}}));
  EXPECT_FALSE(training_amount.ok());
  absl::StatusOr<v1::RecordSupportRequest> market =
      BuildRecordSupportRequest(Flags({{"cohort", "counties/370281/cohorts/C1"},
                                       {"kind", "market_access"},
                                       {"given_by", "x"},
                                       {"value_date", "2024-06-01"}}));
  ASSERT_TRUE(market.ok()) << market.status();
  EXPECT_EQ(market->support().kind(), v1::SUPPORT_MARKET_ACCESS);
  EXPECT_FALSE(market->support().has_amount());
}

TEST(BuildCloseCohortRequest, OutcomesFromTheFile) {
  absl::StatusOr<v1::CloseCohortRequest> request = BuildCloseCohortRequest(
      Flags({{"cohort", "counties/370281/cohorts/C1"}, {"value_date", "2024-12-15"}}),
      "M01,yes,3,1000\nM02,no,0,0\n");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->outcomes_size(), 2);
  EXPECT_EQ(request->outcomes().at("M01").jobs_created(), 3);
  EXPECT_EQ(request->value_date().day(), 15);
}

TEST(BuildReads, CardCountyAndMentor) {
  absl::StatusOr<v1::GetCohortCardRequest> card = BuildGetCohortCardRequest(
      Flags({{"cohort", "counties/370281/cohorts/C1"}, {"as_of", "2024-11-05"}}));
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->as_of_date().day(), 5);
  absl::StatusOr<v1::GetCohortCardRequest> today =
      BuildGetCohortCardRequest(Flags({{"cohort", "counties/370281/cohorts/C1"}}));
  ASSERT_TRUE(today.ok());
  EXPECT_FALSE(today->has_as_of_date());

  absl::StatusOr<v1::GetCountyCohortsRequest> county =
      BuildGetCountyCohortsRequest(Flags({{"county", "370281"}, {"year", "2024"}}));
  ASSERT_TRUE(county.ok()) << county.status();
  EXPECT_EQ(county->programme_year(), 2024);
  EXPECT_FALSE(BuildGetCountyCohortsRequest(Flags({{"county", "370281"}})).ok());

  absl::StatusOr<v1::GetMentorHistoryRequest> mentor =
      BuildGetMentorHistoryRequest(Flags({{"mentor_id", "WL-01"}}));
  ASSERT_TRUE(mentor.ok());
  EXPECT_EQ(mentor->mentor_id(), "WL-01");

  absl::StatusOr<v1::SetCohortRulesRequest> rules =
      BuildSetCohortRulesRequest(Flags({{"county", "370281"}, {"max_cohorts_per_mentor", "2"}}));
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->max_cohorts_per_mentor(), 2);
}

}  // namespace
}  // namespace ledgerctl
