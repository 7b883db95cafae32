// The fixture of the subsidy-claim integration tests (subsidy_claims_test.cc, the workflow;
// loan_subsidies_test.cc, the batch listing): a real server where finance has set a policy
// (public finance pays 50% of the contract interest) and an LPR fixing, and bank B001 has lent
// and disbursed C1 and C2, with their hand-computed figures for one quarter.
#ifndef TESTS_SUBSIDY_CLAIMS_FIXTURE_H_
#define TESTS_SUBSIDY_CLAIMS_FIXTURE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/account.grpc.pb.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledger {

inline constexpr char kFinance[] = "finance";
inline constexpr char kAuditor[] = "auditor";
inline constexpr char kBank[] = "bank:B001";
inline constexpr char kOtherBank[] = "bank:B002";

// The quarterly settlement period 2026-06-21..2026-09-20: 10 + 31 + 31 + 20 = 92 days.
//
// C1: 100,000.00 CNY at 435 bp, disbursed in full on 2026-06-01, nothing repaid:
//   interest = 10,000,000 fen × 435 bp × 92 / 360 / 10,000 = 111,166.67 → 111,167 fen
//   subsidy  = 50% of the unrounded interest = 55,583.33 → 55,583 fen
// C2: 50,000.00 CNY, the same terms:
//   interest = 5,000,000 × 435 × 92 / 3,600,000 = 55,583.33 → 55,583 fen
//   subsidy  = 27,791.67 → 27,792 fen
inline constexpr int64_t kC1InterestFen = 111'167;
inline constexpr int64_t kC1SubsidyFen = 55'583;
inline constexpr int64_t kC2InterestFen = 55'583;
inline constexpr int64_t kC2SubsidyFen = 27'792;

inline v1::DatePeriod Quarter() {
  v1::DatePeriod period;
  *period.mutable_first_day() = Day(2026, 6, 21);
  *period.mutable_last_day() = Day(2026, 9, 20);
  return period;
}

inline v1::SubsidyClaimLine Line(const std::string& loan_id, int64_t claimed_fen,
                                 const std::string& bank_id = "B001") {
  v1::SubsidyClaimLine line;
  line.set_loan(LoanName(loan_id, bank_id));
  *line.mutable_claimed() = Cny(claimed_fen);
  return line;
}

class SubsidyClaimsTest : public ::testing::Test {
 protected:
  SubsidyClaimsTest()
      : server_("subsidy_claims"),
        loans_(server_.Loans()),
        policies_(v1::PolicyService::NewStub(server_.NewChannel())),
        subsidies_(v1::SubsidyService::NewStub(server_.NewChannel())),
        accounts_(v1::AccountService::NewStub(server_.NewChannel())) {}

  void SetUp() override {
    grpc::Status s = server_.AddHalfInterestPolicy();
    ASSERT_TRUE(s.ok()) << s.error_message();

    Lend(kBank, "B001", "C1", 100'000'00, true);
    Lend(kBank, "B001", "C2", 50'000'00, true);
    Lend(kBank, "B001", "C3", 80'000'00, true);
    Lend(kBank, "B001", "C4", 10'000'00, false);  // never disbursed
    Lend(kOtherBank, "B002", "D1", 60'000'00, true);
  }

  void Lend(const std::string& principal, const std::string& bank, const std::string& loan,
            int64_t amount_fen, bool disburse) {
    v1::CreateLoanRequest create =
        CreateRequest("create-" + loan, loan, amount_fen, "370281", bank);
    create.set_term_months(12);
    *create.mutable_contract_date() = Day(2026, 6, 1);
    v1::CreateLoanResponse created;
    grpc::Status s = loans_->CreateLoan(Context(principal).get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    if (!disburse) return;
    v1::DisburseLoanRequest request = DisburseRequest("disburse-" + loan, loan, amount_fen, bank);
    *request.mutable_value_date() = Day(2026, 6, 1);
    v1::DisburseLoanResponse disbursed;
    s = loans_->DisburseLoan(Context(principal).get(), request, &disbursed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  v1::SubmitSubsidyClaimRequest Claim(const std::string& request_id, const std::string& claim_id,
                                      std::initializer_list<v1::SubsidyClaimLine> lines,
                                      v1::DatePeriod period = Quarter()) {
    v1::SubmitSubsidyClaimRequest request;
    request.set_request_id(request_id);
    request.set_bank_id("B001");
    request.set_claim_id(claim_id);
    *request.mutable_period() = period;
    for (const v1::SubsidyClaimLine& line : lines) *request.add_lines() = line;
    return request;
  }

  grpc::Status Submit(const v1::SubmitSubsidyClaimRequest& request,
                      v1::SubsidyClaimResponse* response, const std::string& principal = kBank) {
    return subsidies_->SubmitSubsidyClaim(Context(principal).get(), request, response);
  }

  grpc::Status Approve(const std::string& request_id, const std::string& name,
                       v1::ClaimApproval approval, v1::SubsidyClaimResponse* response) {
    v1::ApproveSubsidyClaimRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    request.set_approval(approval);
    return subsidies_->ApproveSubsidyClaim(Context(kFinance).get(), request, response);
  }

  // B001 repays `principal_fen` of `loan_id` on 2026-08-01, inside Quarter().
  void RepayInTheQuarter(const std::string& request_id, const std::string& loan_id,
                         int64_t principal_fen) {
    v1::RecordRepaymentResponse repaid;
    grpc::Status s = loans_->RecordRepayment(
        Context(kBank).get(), RepayRequest(request_id, loan_id, principal_fen, 0, Day(2026, 8, 1)),
        &repaid);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Get(const std::string& name, v1::SubsidyClaim* claim,
                   const std::string& principal = kFinance) {
    v1::GetSubsidyClaimRequest request;
    request.set_name(name);
    return subsidies_->GetSubsidyClaim(Context(principal).get(), request, claim);
  }

  int64_t SubsidyOf(const std::string& loan_id) {
    v1::ComputeSubsidyRequest request;
    request.set_loan(LoanName(loan_id));
    *request.add_periods() = Quarter();
    v1::ComputeSubsidyResponse response;
    grpc::Status s = subsidies_->ComputeSubsidy(Context(kFinance).get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.periods_size() == 1 ? response.periods(0).subsidy().amount_fen() : -1;
  }

  int64_t Balance(const std::string& account) {
    v1::GetAccountRequest request;
    request.set_account(account);
    v1::AccountBalance balance;
    grpc::Status s = accounts_->GetAccount(Context(kFinance).get(), request, &balance);
    EXPECT_TRUE(s.ok()) << account << ": " << s.error_message();
    return balance.balance().amount_fen();
  }

  TestServer server_;
  std::unique_ptr<v1::LoanService::Stub> loans_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
  std::unique_ptr<v1::SubsidyService::Stub> subsidies_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
};

}  // namespace ledger

#endif  // TESTS_SUBSIDY_CLAIMS_FIXTURE_H_
