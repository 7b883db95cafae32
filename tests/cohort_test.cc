// "One helps ten" (一帮十) cohorts over gRPC against a real server: a county officer creates a
// cohort, enrols ten borrowers (their loans found by the keyed hash of the resident ID the bank
// gave at CreateLoan), records support, closes it; the card and the county view show the
// figures of ledger/cohort/performance.h, checked here against arithmetic done by hand. Also
// the refusals the issue names, and who may call what.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/account.grpc.pb.h"
#include "microloan/ledger/v1/cohort.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {
namespace {

using grpc::StatusCode;

constexpr char kPolicy[] = R"(
bank-B001       bank            B001
bank-B002       bank            B002
officer-370281  county_officer  370281
officer-370282  county_officer  370282
finance-1       finance
finance         finance
auditor-1       auditor
)";

constexpr char kOfficer[] = "officer-370281";
constexpr char kCohort[] = "counties/370281/cohorts/C2024-1";

// A valid 18-character resident ID (GB 11643 check character) for person `n`: issuing county
// 370281, born 1995-06-15, sequence n.
std::string NationalId(int n) {
  std::string id = absl::StrCat("37028119950615", n / 100 % 10, n / 10 % 10, n % 10);
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id += "10X98765432"[sum % 11];
  return id;
}

class CohortTest : public ::testing::Test {
 protected:
  CohortTest()
      : server_("cohorts", Transport::kDevPlaintext, kPolicy),
        cohorts_(v1::CohortService::NewStub(server_.NewChannel())) {}

  // A loan of 100,000.00 contracted 2024-01-10 for 12 months, repaid quarterly (due 2024-04-10,
  // 07-10, 10-10, 2025-01-10), `disbursed_fen` paid out on 2024-01-15; with the person's
  // resident ID when `person` > 0.
  void MakeLoan(const std::string& loan_id, int64_t disbursed_fen, int person,
                const std::string& county = "370281", const std::string& bank = "B001") {
    v1::CreateLoanRequest create = CreateRequest("c-" + loan_id, loan_id, 100'000'00, county, bank);
    create.set_term_months(12);
    create.set_payment_frequency(v1::QUARTERLY);
    if (person > 0) create.set_national_id(NationalId(person));
    v1::CreateLoanResponse created;
    grpc::Status s = server_.Loans()->CreateLoan(Context("bank-" + bank).get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::DisburseLoanResponse disbursed;
    s = server_.Loans()->DisburseLoan(Context("bank-" + bank).get(),
                                      DisburseRequest("d-" + loan_id, loan_id, disbursed_fen, bank),
                                      &disbursed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The bank marks instalment `number` (due `due`) overdue a day after it fell due.
  void MarkOverdue(const std::string& loan_id, int number, v1::Date value_date) {
    v1::MarkInstalmentOverdueRequest mark;
    mark.set_request_id(absl::StrCat("o-", loan_id, "-", number));
    mark.set_name(LoanName(loan_id));
    mark.set_instalment(number);
    *mark.mutable_interest_overdue() = Cny(100);
    *mark.mutable_value_date() = value_date;
    v1::LoanCommandResponse marked;
    grpc::Status s =
        server_.Loans()->MarkInstalmentOverdue(Context("bank-B001").get(), mark, &marked);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status CreateCohort(const std::string& request_id, const std::string& cohort_id,
                            const std::string& mentor_id, const std::string& principal = kOfficer,
                            const std::string& county = "370281", int year = 2024) {
    v1::CreateCohortRequest request;
    request.set_request_id(request_id);
    request.set_county_code(county);
    request.set_cohort_id(cohort_id);
    request.set_programme_year(year);
    request.mutable_mentor()->set_mentor_id(mentor_id);
    request.mutable_mentor()->set_kind(v1::MENTOR_PERSON);
    request.mutable_mentor()->set_display_name("Wang Li, orchard cooperative");
    v1::CohortResponse response;
    return cohorts_->CreateCohort(Context(principal).get(), request, &response);
  }

  grpc::Status Enrol(const std::string& cohort, const std::string& mentee_id, int person,
                     bool borrower = true, const std::string& principal = kOfficer,
                     v1::CohortResponse* response = nullptr) {
    v1::EnrolMenteeRequest request;
    request.set_request_id(
        absl::StrCat("e-", cohort.substr(cohort.rfind('/') + 1), "-", mentee_id, "-", borrower));
    request.set_cohort(cohort);
    request.set_mentee_id(mentee_id);
    request.set_national_id(NationalId(person));
    request.set_display_name("mentee " + mentee_id);
    request.set_borrower(borrower);
    *request.mutable_value_date() = Day(2024, 3, 1);
    v1::CohortResponse ignored;
    return cohorts_->EnrolMentee(Context(principal).get(), request,
                                 response != nullptr ? response : &ignored);
  }

  grpc::Status Close(const std::string& request_id, const std::vector<std::string>& mentees,
                     const std::string& principal = kOfficer) {
    v1::CloseCohortRequest request;
    request.set_request_id(request_id);
    request.set_cohort(kCohort);
    *request.mutable_value_date() = Day(2024, 12, 15);
    for (const std::string& mentee : mentees) {
      v1::MenteeOutcome& outcome = (*request.mutable_outcomes())[mentee];
      outcome.set_started_business(true);
      outcome.set_jobs_created(2);
      *outcome.mutable_income_change() = Cny(12'000'00);
    }
    v1::CohortResponse response;
    return cohorts_->CloseCohort(Context(principal).get(), request, &response);
  }

  // The story's ledger: ten mentees M01..M10 (persons 1..10), each with one loan L01..L10 of
  // bank B001 in county 370281, disbursed i x 10,000.00; L03 overdue on instalment 1 (due
  // 2024-04-10), L07 on instalment 3 (due 2024-10-10), neither cured. Outside every cohort in
  // the county: O1 20,000.00, O2 30,000.00 overdue on instalment 1, O3 50,000.00 (created
  // without a resident ID); and X1 in county 370282, which no county-370281 figure sees.
  void SeedStory() {
    for (int i = 1; i <= 10; ++i) {
      MakeLoan(absl::StrCat("L", i < 10 ? "0" : "", i), int64_t{10'000'00} * i, i);
    }
    MarkOverdue("L03", 1, Day(2024, 4, 11));
    MarkOverdue("L07", 3, Day(2024, 10, 11));
    MakeLoan("O1", 20'000'00, 21);
    MakeLoan("O2", 30'000'00, 22);
    MakeLoan("O3", 50'000'00, 0);
    MarkOverdue("O2", 1, Day(2024, 4, 11));
    MakeLoan("X1", 40'000'00, 31, "370282", "B002");
    ASSERT_TRUE(CreateCohort("cc-1", "C2024-1", "MENTOR-WL").ok());
    for (int i = 1; i <= 10; ++i) {
      grpc::Status s = Enrol(kCohort, absl::StrCat("M", i < 10 ? "0" : "", i), i);
      ASSERT_TRUE(s.ok()) << i << ": " << s.error_message();
    }
  }

  TestServer server_;
  std::unique_ptr<v1::CohortService::Stub> cohorts_;
};

std::vector<std::string> TenMentees() {
  std::vector<std::string> ids;
  for (int i = 1; i <= 10; ++i) ids.push_back(absl::StrCat("M", i < 10 ? "0" : "", i));
  return ids;
}

TEST_F(CohortTest, TheStoryOfTenMentees) {
  SeedStory();

  // Support: a training for the whole cohort, and 5,000.00 of funding paid out to M01.
  v1::RecordSupportRequest support;
  support.set_request_id("s-1");
  support.set_cohort(kCohort);
  support.mutable_support()->set_kind(v1::SUPPORT_FUNDING);
  support.mutable_support()->set_mentee_id("M01");
  support.mutable_support()->set_given_by("county league committee");
  *support.mutable_support()->mutable_value_date() = Day(2024, 6, 1);
  support.mutable_support()->set_description("seedlings");
  *support.mutable_support()->mutable_amount() = Cny(5'000'00);
  support.mutable_support()->set_paid_out(true);
  v1::CohortResponse supported;
  grpc::Status s = cohorts_->RecordSupport(Context(kOfficer).get(), support, &supported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(supported.cohort().support_size(), 1);
  EXPECT_GT(supported.cohort().support(0).sequence(), 0u);
  EXPECT_GT(supported.commit().sequence(), 0u);

  // Paid-out funding posts Dr the county's mentorship support paid / Cr its support fund.
  auto accounts = v1::AccountService::NewStub(server_.NewChannel());
  v1::GetAccountRequest paid_account;
  paid_account.set_account("counties/370281/accounts/mentorship_support");
  v1::AccountBalance paid;
  s = accounts->GetAccount(Context("finance-1").get(), paid_account, &paid);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(paid.balance().amount_fen(), 5'000'00);
  v1::GetAccountRequest fund_account;
  fund_account.set_account("counties/370281/accounts/support_fund");
  v1::AccountBalance fund;
  s = accounts->GetAccount(Context("finance-1").get(), fund_account, &fund);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(fund.balance().amount_fen(), -5'000'00);
  // The county's officer follows its own county's support accounts; another county's does not.
  v1::AccountBalance as_officer;
  s = accounts->GetAccount(Context(kOfficer).get(), paid_account, &as_officer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(as_officer.balance().amount_fen(), 5'000'00);
  s = accounts->GetAccount(Context("officer-370282").get(), paid_account, &as_officer);
  EXPECT_EQ(s.error_code(), StatusCode::NOT_FOUND);

  // The programme paid B001 a subsidy of 10.00 for L01 (a claim for 2024-01-15..2024-03-20,
  // approved as claimed: L01's contract interest over those days, 79.75, is more).
  ASSERT_TRUE(server_.AddHalfInterestPolicy().ok());
  auto subsidies = v1::SubsidyService::NewStub(server_.NewChannel());
  v1::SubmitSubsidyClaimRequest claim;
  claim.set_request_id("claim-1");
  claim.set_bank_id("B001");
  claim.set_claim_id("2024Q1");
  *claim.mutable_period()->mutable_first_day() = Day(2024, 1, 15);
  *claim.mutable_period()->mutable_last_day() = Day(2024, 3, 20);
  v1::SubsidyClaimLine* line = claim.add_lines();
  line->set_loan(LoanName("L01"));
  *line->mutable_claimed() = Cny(10'00);
  v1::SubsidyClaimResponse claimed;
  s = subsidies->SubmitSubsidyClaim(Context("bank-B001").get(), claim, &claimed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::ApproveSubsidyClaimRequest approve;
  approve.set_request_id("approve-1");
  approve.set_name("banks/B001/subsidy_claims/2024Q1");
  approve.set_approval(v1::APPROVE_AS_CLAIMED);
  s = subsidies->ApproveSubsidyClaim(Context("finance-1").get(), approve, &claimed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::RecordSubsidyPaymentRequest pay;
  pay.set_request_id("pay-1");
  pay.set_name("banks/B001/subsidy_claims/2024Q1");
  *pay.mutable_amount() = Cny(10'00);
  *pay.mutable_value_date() = Day(2024, 4, 15);
  pay.set_payment_reference("T-2024-01");
  s = subsidies->RecordSubsidyPayment(Context("finance-1").get(), pay, &claimed);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // The card as of 2024-11-05. Every loan has 3 instalments due by then (2024-04-10, 07-10,
  // 10-10; the fourth, 2025-01-10, is not).
  //   instalments due      10 loans x 3 = 30
  //   on time              30 - 1 (L03 #1) - 1 (L07 #3) = 28
  //   on_time_share_bps    28 x 10000 / 30 = 9333.33 -> 9333
  //   outstanding          10,000.00 x (1 + 2 + ... + 10) = 550,000.00
  //   days past due        L03 from 2024-04-10: 20 (Apr) + 31 + 30 + 31 + 31 + 30 + 31 + 5 = 209;
  //                        L07 from 2024-10-10: 21 (Oct) + 5 = 26, not over 30
  //   over 30              L03's 30,000.00
  //   par30_bps            30,000.00 x 10000 / 550,000.00 = 545.45 -> 545
  v1::GetCohortCardRequest card_request;
  card_request.set_cohort(kCohort);
  *card_request.mutable_as_of_date() = Day(2024, 11, 5);
  v1::CohortCard card;
  s = cohorts_->GetCohortCard(Context(kOfficer).get(), card_request, &card);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(card.performance().loan_count(), 10);
  EXPECT_EQ(card.performance().instalments_due(), 30);
  EXPECT_EQ(card.performance().instalments_on_time(), 28);
  EXPECT_EQ(card.performance().on_time_share_bps(), 9333);
  EXPECT_EQ(card.performance().outstanding_principal().amount_fen(), 550'000'00);
  EXPECT_EQ(card.performance().outstanding_over_30_days().amount_fen(), 30'000'00);
  EXPECT_EQ(card.performance().par30_bps(), 545);
  ASSERT_EQ(card.cohort().mentees_size(), 10);
  const v1::Mentee& m03 = card.cohort().mentees(2);
  EXPECT_EQ(m03.mentee_id(), "M03");
  EXPECT_TRUE(m03.borrower_at_enrolment());
  EXPECT_EQ(m03.national_id_masked(),
            NationalId(3).substr(0, 6) + "********" + NationalId(3).substr(14));
  ASSERT_EQ(m03.loans_size(), 1);
  EXPECT_EQ(m03.loans(0).loan(), LoanName("L03"));
  EXPECT_EQ(m03.loans(0).status(), v1::ACTIVE);
  EXPECT_EQ(m03.loans(0).days_past_due(), 209);
  EXPECT_EQ(m03.loans(0).outstanding_principal().amount_fen(), 30'000'00);
  EXPECT_EQ(m03.loans(0).subsidy_received().amount_fen(), 0);  // no claim paid
  EXPECT_EQ(card.cohort().mentees(6).loans(0).days_past_due(), 26);
  EXPECT_EQ(card.cohort().mentees(0).loans(0).subsidy_received().amount_fen(), 10'00);
  EXPECT_EQ(card.as_of_date().day(), 5);

  // Finance staff and auditors read the same card; a bank may not.
  v1::CohortCard as_finance;
  EXPECT_TRUE(cohorts_->GetCohortCard(Context("finance-1").get(), card_request, &as_finance).ok());
  EXPECT_EQ(as_finance.performance().par30_bps(), 545);
  v1::CohortCard refused;
  EXPECT_EQ(
      cohorts_->GetCohortCard(Context("bank-B001").get(), card_request, &refused).error_code(),
      StatusCode::PERMISSION_DENIED);

  // The county view: the cohort beside the county's other loans (O1, O2, O3; X1 is 370282's).
  //   outside: 3 loans x 3 instalments due = 9; on time 9 - 1 (O2 #1) = 8;
  //            8 x 10000 / 9 = 8888.89 -> 8889
  //            outstanding 20,000.00 + 30,000.00 + 50,000.00 = 100,000.00;
  //            over 30: O2's 30,000.00 (209 days) -> 30,000 x 10000 / 100,000 = 3000
  v1::GetCountyCohortsRequest county_request;
  county_request.set_county_code("370281");
  county_request.set_programme_year(2024);
  *county_request.mutable_as_of_date() = Day(2024, 11, 5);
  v1::CountyCohortsView view;
  s = cohorts_->GetCountyCohorts(Context(kOfficer).get(), county_request, &view);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(view.cohorts_size(), 1);
  EXPECT_EQ(view.cohorts(0).cohort(), kCohort);
  EXPECT_EQ(view.cohorts(0).active_mentees(), 10);
  EXPECT_EQ(view.cohorts(0).mentor().mentor_id(), "MENTOR-WL");
  EXPECT_EQ(view.cohorts(0).performance().SerializeAsString(),
            card.performance().SerializeAsString());
  EXPECT_EQ(view.all_cohorts().SerializeAsString(), card.performance().SerializeAsString());
  EXPECT_EQ(view.outside_cohorts().loan_count(), 3);
  EXPECT_EQ(view.outside_cohorts().instalments_due(), 9);
  EXPECT_EQ(view.outside_cohorts().instalments_on_time(), 8);
  EXPECT_EQ(view.outside_cohorts().on_time_share_bps(), 8889);
  EXPECT_EQ(view.outside_cohorts().outstanding_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(view.outside_cohorts().outstanding_over_30_days().amount_fen(), 30'000'00);
  EXPECT_EQ(view.outside_cohorts().par30_bps(), 3000);
  EXPECT_FALSE(view.outside_truncated());

  // Closing: once, with an outcome for every active mentee; then nothing more is enrolled.
  s = Close("close-1", TenMentees());
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = Close("close-2", TenMentees());
  EXPECT_EQ(s.error_code(), StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "COHORT_ALREADY_CLOSED");
  s = Enrol(kCohort, "M11", 11, /*borrower=*/false);
  EXPECT_EQ(ReasonOf(s), "COHORT_CLOSED") << s.error_message();
  v1::CohortCard closed;
  ASSERT_TRUE(cohorts_->GetCohortCard(Context(kOfficer).get(), card_request, &closed).ok());
  EXPECT_EQ(closed.cohort().state(), v1::COHORT_CLOSED);
  EXPECT_EQ(closed.cohort().mentees(0).outcome().jobs_created(), 2);
  EXPECT_EQ(closed.cohort().mentees(0).outcome().loans_at_close_size(), 1);

  // The mentor's history: the one cohort, to the officer of its county and to finance; the
  // other county's officer sees none of it.
  v1::GetMentorHistoryRequest history_request;
  history_request.set_mentor_id("MENTOR-WL");
  v1::MentorHistory history;
  ASSERT_TRUE(cohorts_->GetMentorHistory(Context(kOfficer).get(), history_request, &history).ok());
  ASSERT_EQ(history.cohorts_size(), 1);
  EXPECT_EQ(history.cohorts(0).state(), v1::COHORT_CLOSED);
  v1::MentorHistory other_history;
  ASSERT_TRUE(
      cohorts_->GetMentorHistory(Context("officer-370282").get(), history_request, &other_history)
          .ok());
  EXPECT_EQ(other_history.cohorts_size(), 0);
}

TEST_F(CohortTest, TheRulesRefuseOverGrpc) {
  SeedStory();
  // An eleventh active mentee.
  MakeLoan("L11", 10'000'00, 11);
  grpc::Status s = Enrol(kCohort, "M11", 11);
  EXPECT_EQ(s.error_code(), StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "COHORT_FULL");

  // A second cohort in the same county and year (another mentor) for a mentee already in one.
  ASSERT_TRUE(CreateCohort("cc-2", "C2024-2", "MENTOR-ZH").ok());
  s = Enrol("counties/370281/cohorts/C2024-2", "M01", 1);
  EXPECT_EQ(ReasonOf(s), "MENTEE_IN_OTHER_COHORT") << s.error_message();

  // A "borrower" the ledger does not know (no loan was created with this resident ID); the
  // same person as a non-borrower is welcome.
  s = Enrol("counties/370281/cohorts/C2024-2", "N1", 40, /*borrower=*/true);
  EXPECT_EQ(ReasonOf(s), "UNKNOWN_BORROWER") << s.error_message();
  s = Enrol("counties/370281/cohorts/C2024-2", "N1", 40, /*borrower=*/false);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // The resident ID is required and checked.
  v1::EnrolMenteeRequest no_id;
  no_id.set_request_id("no-id");
  no_id.set_cohort("counties/370281/cohorts/C2024-2");
  no_id.set_mentee_id("N2");
  no_id.set_display_name("n2");
  *no_id.mutable_value_date() = Day(2024, 3, 1);
  v1::CohortResponse response;
  s = cohorts_->EnrolMentee(Context(kOfficer).get(), no_id, &response);
  EXPECT_EQ(ReasonOf(s), "FIELD_REQUIRED");
  EXPECT_EQ(FieldOf(s), "national_id");
  no_id.set_national_id("370281199506150010");  // wrong check character
  s = cohorts_->EnrolMentee(Context(kOfficer).get(), no_id, &response);
  EXPECT_EQ(ReasonOf(s), "INVALID_NATIONAL_ID");
}

TEST_F(CohortTest, AnotherCountysOfficerIsRefused) {
  SeedStory();
  // Writes: PERMISSION_DENIED, whether the cohort exists or not.
  grpc::Status s = Enrol(kCohort, "M20", 20, /*borrower=*/false, "officer-370282");
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED) << s.error_message();
  s = CreateCohort("cc-x", "C2024-9", "MENTOR-X", "officer-370282");
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED) << s.error_message();
  s = Close("close-x", TenMentees(), "officer-370282");
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED) << s.error_message();
  // Nor may finance staff or a bank write.
  s = CreateCohort("cc-f", "C2024-8", "MENTOR-F", "finance-1");
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED);

  // Reads: the cohort is NOT_FOUND, as one that does not exist.
  v1::GetCohortCardRequest request;
  request.set_cohort(kCohort);
  v1::CohortCard card;
  s = cohorts_->GetCohortCard(Context("officer-370282").get(), request, &card);
  EXPECT_EQ(s.error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(s), "COHORT_NOT_FOUND");
  request.set_cohort("counties/370281/cohorts/NOPE");
  grpc::Status absent = cohorts_->GetCohortCard(Context(kOfficer).get(), request, &card);
  EXPECT_EQ(absent.error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(absent), "COHORT_NOT_FOUND");

  // A bank calls none of the reads.
  v1::GetCountyCohortsRequest county;
  county.set_county_code("370281");
  county.set_programme_year(2024);
  v1::CountyCohortsView view;
  EXPECT_EQ(cohorts_->GetCountyCohorts(Context("bank-B001").get(), county, &view).error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::GetMentorHistoryRequest history;
  history.set_mentor_id("MENTOR-WL");
  v1::MentorHistory mentor;
  EXPECT_EQ(cohorts_->GetMentorHistory(Context("bank-B001").get(), history, &mentor).error_code(),
            StatusCode::PERMISSION_DENIED);
  // The other county's officer may not list county 370281's cohorts either.
  EXPECT_EQ(cohorts_->GetCountyCohorts(Context("officer-370282").get(), county, &view).error_code(),
            StatusCode::PERMISSION_DENIED);
}

// A person's loans in other counties never reach a county's cohort: not on the card, not in
// the county view, not as a borrower at enrolment; and a refusal does not name another county's
// cohort. A withdrawal releases the person's year.
TEST_F(CohortTest, CountiesDoNotLeakAndAWithdrawalReleasesTheYear) {
  SeedStory();
  // Person 3 (mentee M03 of county 370281) also borrows in county 370282.
  MakeLoan("X3", 60'000'00, 3, "370282", "B002");
  v1::GetCohortCardRequest card_request;
  card_request.set_cohort(kCohort);
  *card_request.mutable_as_of_date() = Day(2024, 11, 5);
  v1::CohortCard card;
  grpc::Status s = cohorts_->GetCohortCard(Context(kOfficer).get(), card_request, &card);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(card.cohort().mentees(2).loans_size(), 1);
  EXPECT_EQ(card.cohort().mentees(2).loans(0).loan(), LoanName("L03"));
  EXPECT_EQ(card.performance().loan_count(), 10);
  EXPECT_EQ(card.performance().outstanding_principal().amount_fen(), 550'000'00);
  v1::GetCountyCohortsRequest county_request;
  county_request.set_county_code("370281");
  county_request.set_programme_year(2024);
  *county_request.mutable_as_of_date() = Day(2024, 11, 5);
  v1::CountyCohortsView view;
  s = cohorts_->GetCountyCohorts(Context(kOfficer).get(), county_request, &view);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(view.all_cohorts().SerializeAsString(), card.performance().SerializeAsString());
  EXPECT_EQ(view.outside_cohorts().loan_count(), 3);
  EXPECT_FALSE(view.cohorts_truncated());

  // County 370282's officer: person 3 is refused without naming 370281's cohort.
  ASSERT_TRUE(CreateCohort("cc-x", "CX", "MENTOR-X", "officer-370282", "370282").ok());
  const std::string other = "counties/370282/cohorts/CX";
  s = Enrol(other, "P3", 3, /*borrower=*/true, "officer-370282");
  EXPECT_EQ(ReasonOf(s), "MENTEE_IN_OTHER_COHORT") << s.error_message();
  EXPECT_EQ(s.error_message().find("370281"), std::string::npos) << s.error_message();
  EXPECT_EQ(s.error_message().find("C2024-1"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("a cohort of another county"), std::string::npos);
  // Person 21 borrows in 370281 only (O1): not a borrower to 370282.
  s = Enrol(other, "P21", 21, /*borrower=*/true, "officer-370282");
  EXPECT_EQ(ReasonOf(s), "UNKNOWN_BORROWER") << s.error_message();

  // M05 was enrolled in error: withdrawn, they leave the figures and the card shows no loans of
  // theirs; their year is free, so county 370282 may enrol them.
  v1::WithdrawMenteeRequest withdraw;
  withdraw.set_request_id("w-5");
  withdraw.set_cohort(kCohort);
  withdraw.set_mentee_id("M05");
  withdraw.set_reason("enrolled in error");
  *withdraw.mutable_value_date() = Day(2024, 5, 1);
  v1::CohortResponse withdrawn;
  s = cohorts_->WithdrawMentee(Context(kOfficer).get(), withdraw, &withdrawn);
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = cohorts_->GetCohortCard(Context(kOfficer).get(), card_request, &card);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(card.cohort().mentees(4).state(), v1::MENTEE_WITHDRAWN);
  EXPECT_EQ(card.cohort().mentees(4).loans_size(), 0);
  EXPECT_EQ(card.performance().loan_count(), 9);
  s = Enrol(other, "P5", 5, /*borrower=*/false, "officer-370282");
  EXPECT_TRUE(s.ok()) << s.error_message();
  // Their loan L05 is 370281's: county 370282's card does not show it.
  v1::GetCohortCardRequest other_request;
  other_request.set_cohort(other);
  v1::CohortCard other_card;
  s = cohorts_->GetCohortCard(Context("officer-370282").get(), other_request, &other_card);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(other_card.cohort().mentees_size(), 1);
  EXPECT_EQ(other_card.cohort().mentees(0).loans_size(), 0);
  // Back in 370281 the person is refused while active in 370282 (not named either).
  s = Enrol(kCohort, "M05b", 5, /*borrower=*/true);
  EXPECT_EQ(ReasonOf(s), "MENTEE_IN_OTHER_COHORT") << s.error_message();
  EXPECT_EQ(s.error_message().find("CX"), std::string::npos) << s.error_message();
}

TEST_F(CohortTest, RulesAreSetPerCountyByItsOfficer) {
  v1::SetCohortRulesRequest rules;
  rules.set_request_id("r-1");
  rules.set_county_code("370281");
  rules.set_max_cohorts_per_mentor(2);
  v1::CohortRulesResponse set;
  grpc::Status s = cohorts_->SetCohortRules(Context(kOfficer).get(), rules, &set);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(set.county_code(), "370281");
  EXPECT_EQ(set.max_cohorts_per_mentor(), 2);
  EXPECT_GT(set.commit().sequence(), 0u);
  // The mentor may now lead two cohorts a year in the county, not three.
  EXPECT_TRUE(CreateCohort("a", "A", "MENTOR-A").ok());
  EXPECT_TRUE(CreateCohort("b", "B", "MENTOR-A").ok());
  s = CreateCohort("c", "C", "MENTOR-A");
  EXPECT_EQ(ReasonOf(s), "MENTOR_LIMIT") << s.error_message();
  rules.set_request_id("r-2");
  rules.set_county_code("370282");
  s = cohorts_->SetCohortRules(Context(kOfficer).get(), rules, &set);
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace ledger
