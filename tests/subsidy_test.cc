// SubsidyService.ComputeSubsidy over gRPC against a real server: finance sets a policy (50% of
// the interest) and an LPR fixing, a bank lends 120,000.00 CNY at 4.35% and repays part, and
// the what-if answers are checked against figures worked out by hand (actual/360, rounded
// half-up to the fen once per period). Also: another bank's loan is NOT_FOUND, a malformed
// period is INVALID_ARGUMENT, and the default periods are the quarterly settlement periods.
#include <memory>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {
namespace {

constexpr char kFinance[] = "finance";
constexpr char kBank[] = "bank:B001";
constexpr char kOtherBank[] = "bank:B002";
constexpr char kLoanId[] = "S1";

v1::DatePeriod Period(v1::Date first, v1::Date last) {
  v1::DatePeriod period;
  *period.mutable_first_day() = first;
  *period.mutable_last_day() = last;
  return period;
}

class SubsidyTest : public ::testing::Test {
 protected:
  SubsidyTest()
      : server_("subsidy"),
        loans_(server_.Loans()),
        subsidies_(v1::SubsidyService::NewStub(server_.NewChannel())) {}

  void SetUp() override {
    grpc::Status s = server_.AddHalfInterestPolicy();
    ASSERT_TRUE(s.ok()) << s.error_message();

    // 120,000.00 CNY at 435 bp for 12 months, disbursed in full on the contract date.
    v1::CreateLoanRequest create = CreateRequest("create-1", kLoanId, 120'000'00);
    create.set_term_months(12);
    *create.mutable_contract_date() = Day(2025, 11, 15);
    v1::CreateLoanResponse created;
    s = loans_->CreateLoan(Context(kBank).get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::DisburseLoanRequest disburse = DisburseRequest("disburse-1", kLoanId, 120'000'00);
    *disburse.mutable_value_date() = Day(2025, 11, 15);
    v1::DisburseLoanResponse disbursed;
    s = loans_->DisburseLoan(Context(kBank).get(), disburse, &disbursed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Compute(const std::string& principal, const v1::ComputeSubsidyRequest& request,
                       v1::ComputeSubsidyResponse* response) {
    return subsidies_->ComputeSubsidy(Context(principal).get(), request, response);
  }

  TestServer server_;
  std::unique_ptr<v1::LoanService::Stub> loans_;
  std::unique_ptr<v1::SubsidyService::Stub> subsidies_;
};

TEST_F(SubsidyTest, HandComputedPeriodsBeforeAndAfterARepayment) {
  // 2025-11-15..2025-12-14, 30 days on 120,000.00:
  //   interest = 12,000,000 fen × 435 bp × 30 / 360 / 10,000 = 43,500 fen exactly
  //   subsidy  = 50% = 21,750; borrower = 21,750
  v1::ComputeSubsidyRequest request;
  request.set_loan(LoanName(kLoanId));
  *request.add_periods() = Period(Day(2025, 11, 15), Day(2025, 12, 14));
  v1::ComputeSubsidyResponse response;
  grpc::Status s = Compute(kBank, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.loan(), LoanName(kLoanId));
  EXPECT_GT(response.as_of_sequence(), 0u);
  ASSERT_EQ(response.periods_size(), 1);
  const v1::PeriodSubsidy& first = response.periods(0);
  EXPECT_EQ(first.period().first_day().day(), 15);
  EXPECT_EQ(first.period().last_day().month(), 12);
  EXPECT_EQ(first.interest().amount_fen(), 43'500);
  EXPECT_EQ(first.interest().currency_code(), "CNY");
  EXPECT_EQ(first.subsidy().amount_fen(), 21'750);
  EXPECT_EQ(first.borrower().amount_fen(), 21'750);
  ASSERT_EQ(first.lines_size(), 1);
  const v1::SubsidyLine& line = first.lines(0);
  EXPECT_EQ(line.days(), 30);
  EXPECT_EQ(line.balance().amount_fen(), 12'000'000);
  EXPECT_EQ(line.eligible_balance().amount_fen(), 12'000'000);
  EXPECT_EQ(line.contract_rate_bps(), 435);
  EXPECT_EQ(line.subsidy_rate_bp_e4(), 2'175'000);  // 50% of 435 bp = 217.5 bp
  EXPECT_EQ(line.lpr_bps(), 365);
  EXPECT_EQ(line.policy_effective_from().year(), 2021);
  EXPECT_EQ(line.exclusion_reason(), "");

  // 10,000.00 of principal repaid on 2025-12-15: that day no longer accrues on it.
  v1::RecordRepaymentResponse repaid;
  s = loans_->RecordRepayment(Context(kBank).get(),
                              RepayRequest("repay-1", kLoanId, 10'000'00, 0, Day(2025, 12, 15)),
                              &repaid);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // 2025-12-15..2026-01-14, 31 days on 110,000.00:
  //   interest = 11,000,000 × 435 × 31 / 3,600,000 = 41,204.1666… → 41,204
  //   subsidy  = 20,602.0833… → 20,602 (half of the unrounded interest, rounded once)
  //   borrower = 41,204 − 20,602 = 20,602
  request.clear_periods();
  *request.add_periods() = Period(Day(2025, 12, 15), Day(2026, 1, 14));
  response.Clear();
  s = Compute(kBank, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.as_of_sequence(), repaid.commit().sequence());
  ASSERT_EQ(response.periods_size(), 1);
  const v1::PeriodSubsidy& second = response.periods(0);
  EXPECT_EQ(second.interest().amount_fen(), 41'204);
  EXPECT_EQ(second.subsidy().amount_fen(), 20'602);
  EXPECT_EQ(second.borrower().amount_fen(), 20'602);
  ASSERT_EQ(second.lines_size(), 1);
  EXPECT_EQ(second.lines(0).days(), 31);
  EXPECT_EQ(second.lines(0).balance().amount_fen(), 11'000'000);

  // Finance and the auditor see every loan.
  for (const char* principal : {kFinance, "auditor"}) {
    v1::ComputeSubsidyResponse theirs;
    s = Compute(principal, request, &theirs);
    ASSERT_TRUE(s.ok()) << principal << ": " << s.error_message();
    EXPECT_EQ(theirs.periods(0).subsidy().amount_fen(), 20'602) << principal;
  }
}

TEST_F(SubsidyTest, AnotherBanksLoanIsNotFound) {
  v1::ComputeSubsidyRequest request;
  request.set_loan(LoanName(kLoanId));
  *request.add_periods() = Period(Day(2025, 11, 15), Day(2025, 12, 14));
  v1::ComputeSubsidyResponse response;
  grpc::Status s = Compute(kOtherBank, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "LOAN_NOT_FOUND");
  // Exactly as for a loan that does not exist.
  request.set_loan(LoanName("NOPE"));
  s = Compute(kBank, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "LOAN_NOT_FOUND");
}

TEST_F(SubsidyTest, MalformedPeriodsAreRefused) {
  v1::ComputeSubsidyRequest reversed;
  reversed.set_loan(LoanName(kLoanId));
  *reversed.add_periods() = Period(Day(2025, 12, 14), Day(2025, 11, 15));
  v1::ComputeSubsidyRequest bad_date;
  bad_date.set_loan(LoanName(kLoanId));
  *bad_date.add_periods() = Period(Day(2025, 2, 30), Day(2025, 3, 20));
  v1::ComputeSubsidyRequest too_many;
  too_many.set_loan(LoanName(kLoanId));
  for (int i = 0; i < 41; ++i) *too_many.add_periods() = Period(Day(2025, 12, 1), Day(2025, 12, 2));
  // The field names the period (and the date) at fault; the count is the list's.
  const std::pair<const v1::ComputeSubsidyRequest*, std::string> cases[] = {
      {&reversed, "periods[0]"}, {&bad_date, "periods[0].first_day"}, {&too_many, "periods"}};
  for (const auto& [request, field] : cases) {
    v1::ComputeSubsidyResponse response;
    grpc::Status s = Compute(kBank, *request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_EQ(FieldOf(s), field) << s.error_message();
  }
}

TEST_F(SubsidyTest, DefaultPeriodsAreQuarterlyEndingOnThe20th) {
  v1::ComputeSubsidyRequest request;
  request.set_loan(LoanName(kLoanId));
  v1::ComputeSubsidyResponse response;
  grpc::Status s = Compute(kBank, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_GE(response.periods_size(), 2);
  // From the first disbursement to today, cut at the 20th of Mar/Jun/Sep/Dec.
  const v1::DatePeriod& first = response.periods(0).period();
  EXPECT_EQ(ToCivilDay(first.first_day()), absl::CivilDay(2025, 11, 15));
  EXPECT_EQ(ToCivilDay(first.last_day()), absl::CivilDay(2025, 12, 20));
  for (int i = 0; i + 1 < response.periods_size(); ++i) {
    const absl::CivilDay last = ToCivilDay(response.periods(i).period().last_day());
    EXPECT_EQ(last.day(), 20) << i;
    EXPECT_EQ(last.month() % 3, 0) << i;
    EXPECT_EQ(ToCivilDay(response.periods(i + 1).period().first_day()), last + 1) << i;
  }
  EXPECT_EQ(ToCivilDay(response.periods(response.periods_size() - 1).period().last_day()),
            LedgerEngine::Today(absl::Now()));
  EXPECT_LE(response.periods_size(), 40);
}

}  // namespace
}  // namespace ledger
