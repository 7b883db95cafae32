// The authorization matrix's calls of the programme's services (SubsidyService, PolicyService,
// CohortService) and the claims and cohorts they need seeded: the part of the fixture in
// authorization_matrix.cc that these services add.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "ledger/testing/requests.h"
#include "microloan/ledger/v1/cohort.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"
#include "tests/authorization_matrix.h"

namespace ledger {

namespace {

// A one-day claim period of its own for each call (claims of one loan may not share days).
v1::DatePeriod ClaimDay(int call) {
  const absl::CivilDay day = absl::CivilDay(2024, 1, 16) + call;
  v1::DatePeriod period;
  *period.mutable_first_day() = Day(static_cast<int>(day.year()), day.month(), day.day());
  *period.mutable_last_day() = *period.mutable_first_day();
  return period;
}

v1::SubmitSubsidyClaimRequest ClaimRequest(const std::string& id, const Target& target, int call) {
  v1::SubmitSubsidyClaimRequest request;
  request.set_request_id(id);
  request.set_bank_id(target.bank);
  request.set_claim_id(id);
  *request.mutable_period() = ClaimDay(call);
  v1::SubsidyClaimLine* line = request.add_lines();
  line->set_loan(target.name);
  *line->mutable_claimed() = Cny(1);
  return request;
}

// A claim of 0.01 CNY on the target's loan, submitted by its bank and, if `approve`, approved
// as claimed by finance; its name.
std::string SeedClaim(v1::SubsidyService::Stub& subsidies, const std::string& id,
                      const Target& target, int call, bool approve) {
  v1::SubsidyClaimResponse submitted;
  grpc::Status s = subsidies.SubmitSubsidyClaim(
      Context("bank-" + target.bank).get(), ClaimRequest("seed-" + id, target, call), &submitted);
  EXPECT_TRUE(s.ok()) << s.error_message();
  if (approve) {
    v1::ApproveSubsidyClaimRequest request;
    request.set_request_id("seed-approve-" + id);
    request.set_name(submitted.claim().name());
    request.set_approval(v1::APPROVE_AS_CLAIMED);
    v1::SubsidyClaimResponse approved;
    s = subsidies.ApproveSubsidyClaim(Context("finance-1").get(), request, &approved);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  return submitted.claim().name();
}

}  // namespace

grpc::Status AuthorizationMatrixTest::CallSubsidies(const std::string& name,
                                                    const std::string& principal,
                                                    const Target& target) {
  auto subsidies = v1::SubsidyService::NewStub(server_.NewChannel());
  auto context = Context(principal);
  const std::string id = absl::StrCat("m", calls_);
  if (name == "ListLoanSubsidies") {
    // As ListLoans: scoped roles name the scope they ask about, the others filter by county (a
    // fund cannot name another fund here: it lists its own fund's loans in the county).
    v1::ListLoanSubsidiesRequest request;
    *request.mutable_period() = ClaimDay(0);
    if (absl::StartsWith(principal, "bank-")) {
      request.set_bank_id(target.bank);
    } else {
      request.set_county_code(target.county);
    }
    v1::ListLoanSubsidiesResponse r;
    grpc::Status status = subsidies->ListLoanSubsidies(context.get(), request, &r);
    for (const v1::LoanSubsidy& loan : r.loans()) {
      EXPECT_TRUE(loan.bank_id() == target.bank || loan.county_code() == target.county);
      if (IsFund(principal)) EXPECT_EQ(loan.county_code(), own_.county);
    }
    return status;
  }
  if (name == "SubmitSubsidyClaim") {
    v1::SubsidyClaimResponse r;
    return subsidies->SubmitSubsidyClaim(context.get(), ClaimRequest(id, target, calls_), &r);
  }
  if (name == "ApproveSubsidyClaim") {
    v1::ApproveSubsidyClaimRequest request;
    request.set_request_id(id);
    request.set_name(SeedClaim(*subsidies, id, target, calls_, false));
    request.set_approval(v1::APPROVE_AS_COMPUTED);
    v1::SubsidyClaimResponse r;
    return subsidies->ApproveSubsidyClaim(context.get(), request, &r);
  }
  if (name == "RejectSubsidyClaim") {
    v1::RejectSubsidyClaimRequest request;
    request.set_request_id(id);
    request.set_name(SeedClaim(*subsidies, id, target, calls_, false));
    request.set_reason("authorisation matrix");
    v1::SubsidyClaimResponse r;
    return subsidies->RejectSubsidyClaim(context.get(), request, &r);
  }
  if (name == "RecordSubsidyPayment") {
    v1::RecordSubsidyPaymentRequest request;
    request.set_request_id(id);
    request.set_name(SeedClaim(*subsidies, id, target, calls_, true));
    *request.mutable_amount() = Cny(1);
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
    *request.mutable_value_date() = Day(static_cast<int>(today.year()), today.month(), today.day());
    request.set_payment_reference("T-" + id);
    v1::SubsidyClaimResponse r;
    return subsidies->RecordSubsidyPayment(context.get(), request, &r);
  }
  if (name == "GetSubsidyClaim") {
    v1::GetSubsidyClaimRequest request;
    request.set_name(SeedClaim(*subsidies, id, target, calls_, false));
    v1::SubsidyClaim r;
    grpc::Status status = subsidies->GetSubsidyClaim(context.get(), request, &r);
    if (status.ok()) EXPECT_EQ(r.lines_size(), 1);
    return status;
  }
  if (name == "ListSubsidyClaims") {
    v1::ListSubsidyClaimsRequest request;
    request.set_bank_id(target.bank);
    v1::ListSubsidyClaimsResponse r;
    grpc::Status status = subsidies->ListSubsidyClaims(context.get(), request, &r);
    for (const v1::SubsidyClaim& claim : r.claims()) EXPECT_EQ(claim.bank_id(), target.bank);
    return status;
  }
  if (name == "ComputeSubsidy") {
    // A what-if read: the first settlement period after the disbursement (no policy version is
    // in force, so it is all interest and no subsidy, which is an answer all the same).
    v1::ComputeSubsidyRequest request;
    request.set_loan(target.name);
    v1::DatePeriod* period = request.add_periods();
    *period->mutable_first_day() = Day(2024, 1, 15);
    *period->mutable_last_day() = Day(2024, 3, 20);
    v1::ComputeSubsidyResponse r;
    grpc::Status status = subsidies->ComputeSubsidy(context.get(), request, &r);
    if (status.ok()) {
      EXPECT_EQ(r.loan(), target.name);
      EXPECT_EQ(r.periods_size(), 1);
    }
    return status;
  }
  ADD_FAILURE() << "the matrix test does not know how to call SubsidyService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

grpc::Status AuthorizationMatrixTest::CallPolicies(const std::string& name, const std::string& id,
                                                   const std::string& principal) {
  auto policies = v1::PolicyService::NewStub(server_.NewChannel());
  auto context = Context(principal);
  // Versions and fixings have no scope: own and other are the same call. Each write is
  // effective from a day later than any before it (one day per call), so that finance's go
  // through.
  const absl::CivilDay day = absl::CivilDay(2021, 1, 1) + calls_;
  const v1::Date effective_from = Day(static_cast<int>(day.year()), day.month(), day.day());
  if (name == "AddSubsidyPolicyVersion") {
    v1::AddSubsidyPolicyVersionRequest request;
    request.set_request_id(id);
    v1::SubsidyPolicyVersion* version = request.mutable_version();
    *version->mutable_effective_from() = effective_from;
    version->set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
    version->set_borrower_spread_bps(150);
    version->set_source("authorisation matrix");
    v1::PolicyVersionResponse r;
    grpc::Status status = policies->AddSubsidyPolicyVersion(context.get(), request, &r);
    if (status.ok()) EXPECT_GT(r.version().sequence(), 0u);
    return status;
  }
  if (name == "RecordLprFixing") {
    v1::RecordLprFixingRequest request;
    request.set_request_id(id);
    *request.mutable_fixing()->mutable_effective_from() = effective_from;
    request.mutable_fixing()->set_lpr_bps(345);
    v1::LprFixingResponse r;
    grpc::Status status = policies->RecordLprFixing(context.get(), request, &r);
    if (status.ok()) EXPECT_GT(r.fixing().sequence(), 0u);
    return status;
  }
  if (name == "ListSubsidyPolicyVersions") {
    v1::ListSubsidyPolicyVersionsResponse r;
    return policies->ListSubsidyPolicyVersions(context.get(),
                                               v1::ListSubsidyPolicyVersionsRequest(), &r);
  }
  if (name == "ListLprFixings") {
    v1::ListLprFixingsResponse r;
    return policies->ListLprFixings(context.get(), v1::ListLprFixingsRequest(), &r);
  }
  ADD_FAILURE() << "the matrix test does not know how to call PolicyService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

namespace {

// A valid 18-character resident ID (GB 11643 check character) for matrix person `n`.
std::string MatrixNationalId(int n) {
  std::string id = absl::StrCat("37028119880808", n / 100 % 10, n / 10 % 10, n % 10);
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id += "10X98765432"[sum % 11];
  return id;
}

std::string CohortOf(const Target& target, const std::string& cohort_id = "K1") {
  return absl::StrCat("counties/", target.county, "/cohorts/", cohort_id);
}

v1::EnrolMenteeRequest EnrolRequest(const std::string& request_id, const std::string& cohort,
                                    const std::string& mentee_id, int person) {
  v1::EnrolMenteeRequest request;
  request.set_request_id(request_id);
  request.set_cohort(cohort);
  request.set_mentee_id(mentee_id);
  request.set_national_id(MatrixNationalId(person));
  request.set_display_name("mentee " + mentee_id);
  *request.mutable_value_date() = Day(2024, 3, 1);
  return request;
}

}  // namespace

void AuthorizationMatrixTest::SeedCohorts() {
  auto cohorts = v1::CohortService::NewStub(server_.NewChannel());
  int person = 900;
  for (const Target* target : {&own_, &other_}) {
    const std::string officer = "officer-" + target->county;
    for (const std::string cohort_id : {"K1", "K2"}) {
      v1::CreateCohortRequest create;
      create.set_request_id("seed-cohort-" + cohort_id);
      create.set_county_code(target->county);
      create.set_cohort_id(cohort_id);
      create.set_programme_year(2024);
      create.mutable_mentor()->set_mentor_id(absl::StrCat("M", cohort_id, "-", target->county));
      create.mutable_mentor()->set_kind(v1::MENTOR_FIRM);
      create.mutable_mentor()->set_display_name("mentor firm");
      v1::CohortResponse created;
      grpc::Status s = cohorts->CreateCohort(Context(officer).get(), create, &created);
      EXPECT_TRUE(s.ok()) << s.error_message();
      const std::string mentee = cohort_id == "K1" ? "S1" : "S2";
      s = cohorts->EnrolMentee(
          Context(officer).get(),
          EnrolRequest("seed-enrol-" + cohort_id, CohortOf(*target, cohort_id), mentee, ++person),
          &created);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
  }
}

grpc::Status AuthorizationMatrixTest::CallCohorts(const std::string& name, const std::string& id,
                                                  const std::string& principal,
                                                  const Target& target) {
  auto cohorts = v1::CohortService::NewStub(server_.NewChannel());
  auto context = Context(principal);
  v1::CohortResponse changed;
  if (name == "CreateCohort") {
    v1::CreateCohortRequest request;
    request.set_request_id(id);
    request.set_county_code(target.county);
    request.set_cohort_id("N" + id);
    request.set_programme_year(2024);
    request.mutable_mentor()->set_mentor_id("MN" + id);
    request.mutable_mentor()->set_kind(v1::MENTOR_PERSON);
    request.mutable_mentor()->set_display_name("new mentor");
    return cohorts->CreateCohort(context.get(), request, &changed);
  }
  if (name == "EnrolMentee") {
    return cohorts->EnrolMentee(
        context.get(), EnrolRequest(id, CohortOf(target), "E" + id, 100 + calls_), &changed);
  }
  if (name == "WithdrawMentee") {
    v1::WithdrawMenteeRequest request;
    request.set_request_id(id);
    request.set_cohort(CohortOf(target));
    request.set_mentee_id("S1");
    request.set_reason("moved away");
    *request.mutable_value_date() = Day(2024, 6, 1);
    return cohorts->WithdrawMentee(context.get(), request, &changed);
  }
  if (name == "RecordSupport") {
    v1::RecordSupportRequest request;
    request.set_request_id(id);
    request.set_cohort(CohortOf(target));
    request.mutable_support()->set_kind(v1::SUPPORT_POLICY);
    request.mutable_support()->set_given_by("county league committee");
    *request.mutable_support()->mutable_value_date() = Day(2024, 5, 1);
    request.mutable_support()->set_description("start-up policy briefing");
    return cohorts->RecordSupport(context.get(), request, &changed);
  }
  if (name == "CloseCohort") {
    v1::CloseCohortRequest request;
    request.set_request_id(id);
    request.set_cohort(CohortOf(target, "K2"));
    *request.mutable_value_date() = Day(2024, 12, 15);
    v1::MenteeOutcome& outcome = (*request.mutable_outcomes())["S2"];
    outcome.set_started_business(true);
    *outcome.mutable_income_change() = Cny(0);
    return cohorts->CloseCohort(context.get(), request, &changed);
  }
  if (name == "SetCohortRules") {
    v1::SetCohortRulesRequest request;
    request.set_request_id(id);
    request.set_county_code(target.county);
    request.set_max_cohorts_per_mentor(2);
    v1::CohortRulesResponse r;
    return cohorts->SetCohortRules(context.get(), request, &r);
  }
  if (name == "GetCohortCard") {
    v1::GetCohortCardRequest request;
    request.set_cohort(CohortOf(target));
    v1::CohortCard r;
    return cohorts->GetCohortCard(context.get(), request, &r);
  }
  if (name == "GetCountyCohorts") {
    v1::GetCountyCohortsRequest request;
    request.set_county_code(target.county);
    request.set_programme_year(2024);
    v1::CountyCohortsView r;
    grpc::Status status = cohorts->GetCountyCohorts(context.get(), request, &r);
    if (status.ok()) EXPECT_GE(r.cohorts_size(), 2) << principal;  // K1, K2 and any created
    return status;
  }
  if (name == "GetMentorHistory") {
    v1::GetMentorHistoryRequest request;
    request.set_mentor_id("MK1-" + target.county);
    v1::MentorHistory r;
    grpc::Status status = cohorts->GetMentorHistory(context.get(), request, &r);
    // An officer sees the mentor's cohorts of its own county only.
    const bool hidden =
        absl::StartsWith(principal, "officer-") && principal != "officer-" + target.county;
    if (status.ok()) EXPECT_EQ(r.cohorts_size(), hidden ? 0 : 1) << principal;
    return status;
  }
  ADD_FAILURE() << "the matrix test does not know how to call CohortService." << name;
  return grpc::Status(StatusCode::UNIMPLEMENTED, "");
}

}  // namespace ledger
