// A guaranteed loan's whole story over gRPC, as finance staff, the fund operator and the bank
// see it: a county fund is created and capitalised, the bank asks it to guarantee a loan (80%)
// and the fund issues the guarantee, the loan is disbursed and two instalments are paid, the
// third falls into arrears past 90 days, the bank calls the guarantee, the fund compensates,
// and part of the debt is recovered. After each step the balances are checked against figures
// computed by hand below (fen; balance = debits - credits, so money lent out by the bank shows
// as a negative funding balance).
//
//   loan: 120,000.00 CNY, 12 months, equal principal monthly (10,000.00 per instalment),
//         contract 2025-11-15, instalments due on the 15th from 2025-12-15.
//   fund: F1, county 370281, leverage 5x, capital 100,000.00, guarantee coverage 80%
//         -> guaranteed principal 96,000.00 (80% of 120,000.00), exposure 96,000.00
//         (within cash 100,000.00 x 5).
//   instalment 1 paid 2025-12-15: 10,000.00 + interest 435.00 (120,000.00 x 4.35% / 360 x 30)
//   instalment 2 paid 2026-01-15: 10,000.00 + interest 412.04 (110,000.00 x 4.35% / 360 x 31)
//   instalment 3 (due 2026-02-15) marked overdue 2026-02-20: 10,000.00 + interest 374.58
//                (100,000.00 x 4.35% / 360 x 31 = 374.5833..., 2026-01-15 to 2026-02-15)
//   call filed 2026-06-01: 106 days past due (> 90); on 2026-05-10 it is 84 days: too early
//   compensation 2026-06-10: 80% of 100,000.00 principal = 80,000.00 (under the 96,000.00
//                            guaranteed), 80% of 374.58 due interest = 299.66 (299.664 rounded
//                            half-up), total 80,299.66
//   recovery 2026-07-01 of 5,000.00: 4,000.00 to the fund (80%), 1,000.00 to the bank
//
// The balances sum to zero at every step (checked by the trial balance too); by hand, in CNY:
//   after the disbursement: -120,000.00 funding + 120,000.00 principal + 100,000.00 cash
//       - 100,000.00 capital + 96,000.00 exposure - 96,000.00 commitments = 0
//   after the two repayments: -120,000.00 + 20,847.04 repayments - 847.04 income
//       + 100,000.00 principal (+ the fund's four, which cancel) = 0
//   after the arrear (and unchanged by the call): -120,000.00 + 20,847.04 - 1,221.62 income
//       (847.04 + 374.58) + 100,000.00 + 374.58 due interest = 0
//   after the compensation: -39,700.34 funding (-120,000.00 + 80,299.66) + 20,847.04
//       - 1,221.62 + 20,000.00 principal + 74.92 due interest (374.58 - 299.66)
//       + 19,700.34 cash (100,000.00 - 80,299.66) - 100,000.00 capital + 80,299.66 compensation
//       = (-39,700.34 + 19,700.34 + 20,000.00) + (20,847.04 - 1,221.62 + 74.92 - 100,000.00
//       + 80,299.66) = 0 + 0
//   after the recovery: + 1,000.00 repayments - 1,000.00 principal + 4,000.00 cash
//       - 4,000.00 recoveries on top of the above = 0
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/account.grpc.pb.h"
#include "microloan/ledger/v1/guarantee_service.grpc.pb.h"

namespace ledger {
namespace {

constexpr char kLoan[] = "banks/B001/loans/L1";
constexpr char kFund[] = "guarantee_funds/F1";
constexpr char kBank[] = "bank:B001";
constexpr char kOperator[] = "guarantee_fund:F1";
constexpr char kFinance[] = "finance";

v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

class GuaranteeStory : public ::testing::Test {
 protected:
  GuaranteeStory()
      : server_("guarantee_story"),
        loans_(server_.Loans()),
        guarantees_(v1::GuaranteeService::NewStub(server_.NewChannel())),
        accounts_(v1::AccountService::NewStub(server_.NewChannel())) {}

  // The balance of an account (0 if nothing posted to it), read as finance staff.
  int64_t Balance(const std::string& account) {
    v1::GetAccountRequest request;
    request.set_account(account);
    v1::AccountBalance balance;
    grpc::Status s = accounts_->GetAccount(Context(kFinance).get(), request, &balance);
    if (s.error_code() == grpc::StatusCode::NOT_FOUND) return 0;
    EXPECT_TRUE(s.ok()) << account << ": " << s.error_message();
    return balance.balance().amount_fen();
  }

  // Every account the story touches, with the balance the hand computation says it holds.
  void ExpectBalances(const std::map<std::string, int64_t>& expected) {
    for (const auto& [account, fen] : expected) {
      EXPECT_EQ(Balance(account), fen) << account;
    }
    v1::GetTrialBalanceRequest request;
    request.set_page_size(1000);
    v1::TrialBalance trial;
    ASSERT_TRUE(accounts_->GetTrialBalance(Context(kFinance).get(), request, &trial).ok());
    EXPECT_TRUE(trial.balanced());
    int64_t sum_fen = 0;
    for (const v1::AccountBalance& account : trial.accounts()) {
      sum_fen += account.balance().amount_fen();
      // No account outside the story holds money.
      EXPECT_EQ(expected.count(account.account()) == 1 || account.balance().amount_fen() == 0, true)
          << account.account() << " holds " << account.balance().amount_fen();
    }
    EXPECT_EQ(sum_fen, 0);
  }

  v1::Loan GetLoan() {
    v1::GetLoanRequest request;
    request.set_name(kLoan);
    *request.mutable_as_of_date() = D(2026, 7, 1);
    v1::Loan loan;
    EXPECT_TRUE(loans_->GetLoan(Context(kBank).get(), request, &loan).ok());
    return loan;
  }

  v1::GuaranteeFund GetFund() {
    v1::GetFundRequest request;
    request.set_name(kFund);
    v1::GuaranteeFund fund;
    EXPECT_TRUE(guarantees_->GetFund(Context(kOperator).get(), request, &fund).ok());
    return fund;
  }

  void Repay(const std::string& id, int64_t principal_fen, int64_t interest_fen, v1::Date day) {
    v1::RecordRepaymentRequest request;
    request.set_request_id(id);
    request.set_name(kLoan);
    *request.mutable_principal() = Cny(principal_fen);
    *request.mutable_interest() = Cny(interest_fen);
    *request.mutable_value_date() = day;
    v1::RecordRepaymentResponse response;
    ASSERT_TRUE(loans_->RecordRepayment(Context(kBank).get(), request, &response).ok());
  }

  grpc::Status FileCall(const std::string& id, v1::Date day) {
    v1::FileGuaranteeCallRequest request;
    request.set_request_id(id);
    request.set_loan(kLoan);
    request.set_guarantee_id("G1");
    *request.mutable_value_date() = day;
    v1::LoanCommandResponse response;
    return guarantees_->FileGuaranteeCall(Context(kBank).get(), request, &response);
  }

  grpc::Status Compensate(const std::string& id, v1::Date day) {
    v1::PayCompensationRequest request;
    request.set_request_id(id);
    request.set_loan(kLoan);
    request.set_guarantee_id("G1");
    *request.mutable_value_date() = day;
    v1::LoanCommandResponse response;
    return guarantees_->PayCompensation(Context(kOperator).get(), request, &response);
  }

  grpc::Status Recover(const std::string& id, int64_t amount_fen, v1::Date day) {
    v1::RecordRecoveryRequest request;
    request.set_request_id(id);
    request.set_loan(kLoan);
    *request.mutable_amount() = Cny(amount_fen);
    *request.mutable_value_date() = day;
    v1::LoanCommandResponse response;
    return guarantees_->RecordRecovery(Context(kOperator).get(), request, &response);
  }

  TestServer server_;
  std::unique_ptr<v1::LoanService::Stub> loans_;
  std::unique_ptr<v1::GuaranteeService::Stub> guarantees_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
};

const std::string kFunding = "banks/B001/accounts/funding";
const std::string kRepayments = "banks/B001/accounts/repayments";
const std::string kIncome = "banks/B001/accounts/interest_income";
const std::string kPrincipal = "banks/B001/loans/L1/accounts/principal";
const std::string kInterest = "banks/B001/loans/L1/accounts/interest";
const std::string kCash = "guarantee_funds/F1/accounts/cash";
const std::string kCapital = "guarantee_funds/F1/accounts/capital";
const std::string kExposure = "guarantee_funds/F1/accounts/exposure";
const std::string kCommitments = "guarantee_funds/F1/accounts/commitments";
const std::string kCompensation = "guarantee_funds/F1/accounts/compensation";
const std::string kRecoveries = "guarantee_funds/F1/accounts/recoveries";

TEST_F(GuaranteeStory, FundGuaranteeCompensationAndRecoveryBalanceAtEveryStep) {
  // Finance staff set the fund up; its operator deposits the capital.
  v1::CreateFundRequest create_fund;
  create_fund.set_request_id("f1");
  create_fund.set_fund_id("F1");
  create_fund.set_display_name("Jiaozhou youth guarantee fund");
  create_fund.set_scope(v1::COUNTY);
  create_fund.set_region_code("370281");
  create_fund.set_leverage_multiple(5);
  v1::FundCommandResponse fund_response;
  ASSERT_TRUE(guarantees_->CreateFund(Context(kFinance).get(), create_fund, &fund_response).ok());
  EXPECT_EQ(fund_response.fund().call_after_days(), 90);
  v1::DepositFundCapitalRequest deposit;
  deposit.set_request_id("f2");
  deposit.set_name(kFund);
  *deposit.mutable_amount() = Cny(100'000'00);
  *deposit.mutable_value_date() = D(2025, 11, 1);
  ASSERT_TRUE(
      guarantees_->DepositFundCapital(Context(kOperator).get(), deposit, &fund_response).ok());
  ExpectBalances({{kCash, 100'000'00}, {kCapital, -100'000'00}});

  // The bank originates; the fund guarantees 80% at origination.
  v1::CreateLoanRequest create;
  create.set_request_id("c1");
  create.set_bank_id("B001");
  create.set_loan_id("L1");
  create.set_borrower_id("CUST-1");
  create.set_county_code("370281");
  *create.mutable_principal() = Cny(120'000'00);
  create.set_annual_rate_bps(435);
  create.set_term_months(12);
  *create.mutable_contract_date() = D(2025, 11, 15);
  create.set_repayment_method(v1::EQUAL_PRINCIPAL);
  create.set_payment_frequency(v1::MONTHLY);
  v1::CreateLoanResponse created;
  ASSERT_TRUE(loans_->CreateLoan(Context(kBank).get(), create, &created).ok());
  ASSERT_EQ(created.loan().schedule_size(), 12);
  EXPECT_EQ(FormatDate(created.loan().schedule(0).due_date()), "2025-12-15");
  EXPECT_EQ(created.loan().schedule(0).principal_due().amount_fen(), 10'000'00);
  EXPECT_EQ(FormatDate(created.loan().maturity_date()), "2026-11-15");

  // The bank asks the fund for an 80% guarantee at origination: no exposure yet.
  v1::RequestFundGuaranteeRequest ask;
  ask.set_request_id("q1");
  ask.set_loan(kLoan);
  ask.set_guarantee_id("G1");
  ask.set_fund(kFund);
  ask.set_coverage_bps(8000);
  ask.add_party_ids("GP-1");
  *ask.mutable_value_date() = D(2025, 11, 15);
  v1::LoanCommandResponse asked;
  ASSERT_TRUE(guarantees_->RequestFundGuarantee(Context(kBank).get(), ask, &asked).ok());
  ASSERT_EQ(asked.loan().guarantees_size(), 1);
  EXPECT_EQ(asked.loan().guarantees(0).state(), v1::GUARANTEE_REQUESTED);
  EXPECT_EQ(GetFund().exposure().amount_fen(), 0);
  ExpectBalances({{kCash, 100'000'00}, {kCapital, -100'000'00}});

  // The fund, which can now read the loan, issues the guarantee on the bank's terms.
  v1::GetLoanRequest as_fund;
  as_fund.set_name(kLoan);
  v1::Loan seen;
  ASSERT_TRUE(loans_->GetLoan(Context(kOperator).get(), as_fund, &seen).ok());
  EXPECT_EQ(seen.guarantees(0).coverage_bps(), 8000);
  v1::IssueFundGuaranteeRequest issue;
  issue.set_request_id("g1");
  issue.set_loan(kLoan);
  issue.set_guarantee_id("G1");
  issue.set_fund(kFund);
  issue.set_coverage_bps(8000);
  *issue.mutable_value_date() = D(2025, 11, 15);
  v1::LoanCommandResponse guaranteed;
  ASSERT_TRUE(guarantees_->IssueFundGuarantee(Context(kOperator).get(), issue, &guaranteed).ok());
  ASSERT_EQ(guaranteed.loan().guarantees_size(), 1);
  EXPECT_EQ(guaranteed.loan().guarantees(0).guaranteed_principal().amount_fen(), 96'000'00);
  EXPECT_EQ(guaranteed.loan().guarantees(0).state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(guaranteed.loan().guarantees(0).party_ids(0), "GP-1");  // the request's parties
  EXPECT_EQ(GetFund().exposure().amount_fen(), 96'000'00);
  ExpectBalances({{kCash, 100'000'00},
                  {kCapital, -100'000'00},
                  {kExposure, 96'000'00},
                  {kCommitments, -96'000'00}});

  // Disbursed in full, then two instalments paid on time.
  v1::DisburseLoanRequest disburse;
  disburse.set_request_id("d1");
  disburse.set_name(kLoan);
  *disburse.mutable_amount() = Cny(120'000'00);
  *disburse.mutable_value_date() = D(2025, 11, 15);
  v1::DisburseLoanResponse disbursed;
  ASSERT_TRUE(loans_->DisburseLoan(Context(kBank).get(), disburse, &disbursed).ok());
  ExpectBalances({{kFunding, -120'000'00},  // Cr bank funding, Dr loan principal
                  {kPrincipal, 120'000'00},
                  {kCash, 100'000'00},
                  {kCapital, -100'000'00},
                  {kExposure, 96'000'00},
                  {kCommitments, -96'000'00}});
  Repay("p1", 10'000'00, 435'00, D(2025, 12, 15));
  Repay("p2", 10'000'00, 412'04, D(2026, 1, 15));
  EXPECT_EQ(GetLoan().outstanding_principal().amount_fen(), 100'000'00);
  ExpectBalances({{kFunding, -120'000'00},
                  {kRepayments, 20'847'04},  // 10,435.00 + 10,412.04
                  {kIncome, -847'04},        // 435.00 + 412.04
                  {kPrincipal, 100'000'00},
                  {kCash, 100'000'00},
                  {kCapital, -100'000'00},
                  {kExposure, 96'000'00},
                  {kCommitments, -96'000'00}});

  // Instalment 3 goes unpaid; the bank marks it overdue with the interest then due (31 days).
  v1::MarkInstalmentOverdueRequest overdue;
  overdue.set_request_id("o3");
  overdue.set_name(kLoan);
  overdue.set_instalment(3);
  *overdue.mutable_principal_overdue() = Cny(10'000'00);
  *overdue.mutable_interest_overdue() = Cny(374'58);
  *overdue.mutable_value_date() = D(2026, 2, 20);
  v1::LoanCommandResponse marked;
  ASSERT_TRUE(loans_->MarkInstalmentOverdue(Context(kBank).get(), overdue, &marked).ok());
  v1::Loan loan = GetLoan();  // as of 2026-07-01: 136 days after the 2026-02-15 due date
  EXPECT_EQ(loan.days_past_due(), 136);
  EXPECT_EQ(loan.delinquency_bucket(), v1::DPD_OVER_90);
  EXPECT_EQ(loan.interest_receivable().amount_fen(), 374'58);
  // The due interest becomes a receivable of the loan: Dr loan interest, Cr interest income.
  const std::map<std::string, int64_t> in_arrears = {
      {kFunding, -120'000'00},  {kRepayments, 20'847'04},
      {kIncome, -1'221'62},  // 847.04 + 374.58 due interest
      {kPrincipal, 100'000'00}, {kInterest, 374'58},
      {kCash, 100'000'00},      {kCapital, -100'000'00},
      {kExposure, 96'000'00},   {kCommitments, -96'000'00}};
  ExpectBalances(in_arrears);

  // Called too early (84 days past due on 2026-05-10), then in time (106 days on 2026-06-01).
  grpc::Status early = FileCall("call0", D(2026, 5, 10));
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(early), "CALL_TOO_EARLY");
  ASSERT_TRUE(FileCall("call1", D(2026, 6, 1)).ok());
  EXPECT_EQ(GetLoan().guarantees(0).state(), v1::GUARANTEE_CALL_FILED);
  EXPECT_EQ(GetFund().exposure().amount_fen(), 96'000'00);  // still exposed until paid
  ExpectBalances(in_arrears);                               // a call moves no money

  // The fund pays 80% of the outstanding principal and of the due interest.
  ASSERT_TRUE(Compensate("comp1", D(2026, 6, 10)).ok());
  loan = GetLoan();
  EXPECT_EQ(loan.status(), v1::COMPENSATED);
  EXPECT_EQ(loan.compensated_principal().amount_fen(), 80'000'00);
  EXPECT_EQ(loan.compensated_interest().amount_fen(), 299'66);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 20'000'00);
  EXPECT_EQ(loan.interest_receivable().amount_fen(), 74'92);  // 374.58 - 299.66
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_COMPENSATED);
  v1::GuaranteeFund fund = GetFund();
  EXPECT_EQ(fund.cash().amount_fen(), 19'700'34);  // 100,000.00 - 80,299.66
  EXPECT_EQ(fund.exposure().amount_fen(), 0);
  EXPECT_EQ(fund.compensation_paid().amount_fen(), 80'299'66);
  grpc::Status twice = Compensate("comp2", D(2026, 6, 11));
  EXPECT_EQ(ReasonOf(twice), "ALREADY_COMPENSATED");
  ExpectBalances({{kFunding, -39'700'34},  // -120,000.00 + 80,299.66 from the fund
                  {kRepayments, 20'847'04},
                  {kIncome, -1'221'62},
                  {kPrincipal, 20'000'00},
                  {kInterest, 74'92},
                  {kCash, 19'700'34},
                  {kCapital, -100'000'00},
                  {kCompensation, 80'299'66}});

  // 5,000.00 recovered from the borrower: 4,000.00 back to the fund, 1,000.00 to the bank.
  ASSERT_TRUE(Recover("rec1", 5'000'00, D(2026, 7, 1)).ok());
  grpc::Status too_much = Recover("rec2", 200'000'00, D(2026, 7, 2));
  EXPECT_EQ(ReasonOf(too_much), "RECOVERY_EXCEEDS_COMPENSATION");
  loan = GetLoan();
  EXPECT_EQ(loan.recovered_to_fund().amount_fen(), 4'000'00);
  EXPECT_EQ(loan.recovered_to_bank().amount_fen(), 1'000'00);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 19'000'00);
  fund = GetFund();
  EXPECT_EQ(fund.cash().amount_fen(), 23'700'34);
  EXPECT_EQ(fund.recoveries().amount_fen(), 4'000'00);
  // Compensation is paid once: a recovery does not open the guarantee to a second payment.
  grpc::Status after_recovery = Compensate("comp3", D(2026, 7, 2));
  EXPECT_EQ(after_recovery.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(after_recovery), "ALREADY_COMPENSATED");
  ExpectBalances({{kFunding, -39'700'34},
                  {kRepayments, 21'847'04},
                  {kIncome, -1'221'62},
                  {kPrincipal, 19'000'00},
                  {kInterest, 74'92},
                  {kCash, 23'700'34},
                  {kCapital, -100'000'00},
                  {kCompensation, 80'299'66},
                  {kRecoveries, -4'000'00}});
}

}  // namespace
}  // namespace ledger
