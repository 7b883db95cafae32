// The authorisation matrix of GuaranteeService and AccountService: every role x every RPC x own
// scope / other scope against a real server (tests/authorization_matrix.h has the fixture, and
// authorization_matrix_test.cc the same for LoanService and JournalService). The expectations
// are written out here, independently of the server's table; an RPC added to these services
// without a row fails the test.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/account.grpc.pb.h"
#include "microloan/ledger/v1/guarantee_service.grpc.pb.h"
#include "tests/authorization_matrix.h"

namespace ledger {
namespace {

Expectations Expected() {
  const std::string funds = "microloan.ledger.v1.GuaranteeService.";
  const std::string accounts = "microloan.ledger.v1.AccountService.";
  // Own loans carry a live fund guarantee and are not past due: calling it, paying
  // compensation and recording a recovery are refused by the rules, after authorisation.
  const Cell rules_or_hidden = {RULES, NF};
  return {
      {funds + "CreateFund", Row(kDenied, kDenied, kBothOk, kDenied, kDenied, kDenied)},
      {funds + "DepositFundCapital",
       Row(kDenied, kDenied, kBothOk, kScopedNotFound, kDenied, kDenied)},
      {funds + "GetFund", Row(kBothOk, kBothOk, kBothOk, kScopedNotFound, kBothOk, kDenied)},
      // A fund's listing holds its own fund only (checked in the call).
      {funds + "ListFunds", Row(kBothOk, kBothOk, kBothOk, kBothOk, kBothOk, kDenied)},
      // The bank asks for a guarantee on its own loan (the spare, which has none).
      {funds + "RequestFundGuarantee",
       Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      // The fund issues what the bank asked it for; in another fund's name it is not found.
      // (A loan it was not asked about is NOT_FOUND too: see
      // AFundIssuesOnlyWhatABankAskedItForAndCannotTellOtherLoansExist.)
      {funds + "IssueFundGuarantee",
       Row(kDenied, kDenied, kDenied, kScopedNotFound, kDenied, kDenied)},
      {funds + "RecordGuarantee",
       Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {funds + "FileGuaranteeCall",
       Row(rules_or_hidden, kDenied, kDenied, kDenied, kDenied, kDenied)},
      {funds + "PayCompensation",
       Row(kDenied, kDenied, kDenied, rules_or_hidden, kDenied, kDenied)},
      {funds + "RecordRecovery", Row(kDenied, kDenied, kDenied, rules_or_hidden, kDenied, kDenied)},
      {accounts + "GetAccount",
       Row(kScopedNotFound, kScopedNotFound, kBothOk, kScopedNotFound, kBothOk, kDenied)},
      {accounts + "ListAccountPostings",
       Row(kScopedNotFound, kScopedNotFound, kBothOk, kScopedNotFound, kBothOk, kDenied)},
      {accounts + "GetTrialBalance", Row(kDenied, kDenied, kBothOk, kDenied, kBothOk, kDenied)},
      // Whether a reversal goes through is the rules' business (later entries may depend on
      // the reversed one). Each actor reverses its own money entries; finance staff, who read
      // everything, reverse nobody's.
      {accounts + "ReverseEntry",
       Row(rules_or_hidden, kDenied, kDenied, rules_or_hidden, kDenied, kDenied)},
  };
}

TEST_F(AuthorizationMatrixTest, EveryRoleEveryGuaranteeAndAccountRpcOwnAndOtherScope) {
  const int checked = CheckEveryRole(
      Expected(), {"microloan.ledger.v1.GuaranteeService", "microloan.ledger.v1.AccountService"});
  EXPECT_GE(checked, 14 * 6 * 2);
}

grpc::Status Reverse(TestServer& server, const std::string& principal, uint64_t sequence,
                     const std::string& request_id, v1::ReverseEntryResponse* response) {
  v1::ReverseEntryRequest request;
  request.set_request_id(request_id);
  request.set_sequence(sequence);
  request.set_reason("entered twice");
  return v1::AccountService::NewStub(server.NewChannel())
      ->ReverseEntry(Context(principal).get(), request, response);
}

TEST_F(AuthorizationMatrixTest, EachActorReversesItsOwnMoneyEntriesAndNothingElseIsShown) {
  v1::RecordRepaymentRequest repay = RepayRequest("r1", "L1", 10'000, 0);
  v1::RecordRepaymentResponse repaid;
  ASSERT_TRUE(server_.Loans()->RecordRepayment(Context("bank-B001").get(), repay, &repaid).ok());
  const uint64_t repayment = repaid.commit().sequence();

  v1::ReverseEntryResponse r;
  for (const std::string& stranger : {"bank-B002", "fund-F001", "fund-F002"}) {
    grpc::Status hidden = Reverse(server_, stranger, repayment, "x-" + stranger, &r);
    EXPECT_EQ(hidden.error_code(), NF) << stranger;
    EXPECT_EQ(ReasonOf(hidden), "ENTRY_NOT_FOUND") << stranger;
  }
  // The bank's own loan, but not a money entry of the bank's: as if it did not exist.
  EXPECT_EQ(ReasonOf(Reverse(server_, "bank-B001", own_.entry, "x-created", &r)),
            "ENTRY_NOT_FOUND");
  // Past the head: the same answer.
  EXPECT_EQ(ReasonOf(Reverse(server_, "bank-B001", 1'000'000, "x-head", &r)), "ENTRY_NOT_FOUND");

  v1::ReverseEntryResponse reversed;
  grpc::Status own = Reverse(server_, "bank-B001", repayment, "rev-1", &reversed);
  ASSERT_TRUE(own.ok()) << own.error_message();
  EXPECT_EQ(reversed.loan().name(), own_.name);
  EXPECT_FALSE(reversed.has_fund());
  EXPECT_TRUE(reversed.loan().has_as_of_date());
  // A reversal is judged by what it reversed: the bank gets the rules' answer, not NOT_FOUND.
  grpc::Status again = Reverse(server_, "bank-B001", reversed.commit().sequence(), "rev-2", &r);
  EXPECT_EQ(ReasonOf(again), "REVERSAL_OF_REVERSAL");
  EXPECT_EQ(ReasonOf(Reverse(server_, "bank-B002", reversed.commit().sequence(), "rev-3", &r)),
            "ENTRY_NOT_FOUND");

  // A fund reverses its own capital deposit (with F001's guarantees outstanding the rules may
  // refuse it, but never as not found); another fund cannot see it.
  grpc::Status deposit = Reverse(server_, "fund-F001", own_.deposit, "rev-4", &r);
  EXPECT_TRUE(deposit.ok() || deposit.error_code() == FP) << deposit.error_message();
  if (deposit.ok()) EXPECT_EQ(r.fund().fund_id(), "F001");
  EXPECT_EQ(ReasonOf(Reverse(server_, "fund-F002", own_.deposit, "rev-5", &r)), "ENTRY_NOT_FOUND");
  EXPECT_EQ(ReasonOf(Reverse(server_, "bank-B001", own_.deposit, "rev-6", &r)), "ENTRY_NOT_FOUND");

  // Finance staff reverse nobody's entries, the bank's or the fund's, and nothing is written.
  auto head = [&] {
    v1::JournalHead h;
    EXPECT_TRUE(server_.Journal()->GetHead(Context("auditor-1").get(), {}, &h).ok());
    return h.sequence();
  };
  const uint64_t before = head();
  for (uint64_t sequence : {own_.disbursement, other_.deposit}) {
    grpc::Status finance = Reverse(server_, "finance-1", sequence, "x-finance", &r);
    EXPECT_EQ(finance.error_code(), PD) << sequence;
    EXPECT_EQ(ReasonOf(finance), "PERMISSION_DENIED") << sequence;
  }
  EXPECT_EQ(head(), before);
}

TEST_F(AuthorizationMatrixTest, AFundSettlesOnlyLoansItGuaranteesAndCannotTellOthersExist) {
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());
  int payments = 0;
  auto pay = [&](const std::string& principal, const std::string& loan) {
    v1::PayCompensationRequest request;
    request.set_request_id(absl::StrCat("pay-", ++payments));
    request.set_loan(loan);
    request.set_guarantee_id("G-L1");
    *request.mutable_value_date() = Day(2024, 4, 7);
    v1::LoanCommandResponse r;
    return guarantees->PayCompensation(Context(principal).get(), request, &r);
  };
  // F002 guarantees nothing of B001's; L1S has no fund guarantee; L404 does not exist.
  const grpc::Status other_fund = pay("fund-F002", own_.name);
  const grpc::Status unguaranteed = pay("fund-F001", LoanName(own_.spare, "B001"));
  const grpc::Status absent = pay("fund-F001", LoanName("L404", "B001"));
  for (const grpc::Status& status : {other_fund, unguaranteed, absent}) {
    EXPECT_EQ(status.error_code(), NF);
    EXPECT_EQ(ReasonOf(status), "LOAN_NOT_FOUND");
    EXPECT_EQ(FieldOf(status), "loan");
  }
  // Word for word the answer for a loan that does not exist.
  EXPECT_EQ(other_fund.error_message(),
            absl::StrReplaceAll(absent.error_message(), {{"L404", own_.loan}}));
  // F001's own guarantee is not called yet: the rules answer.
  EXPECT_EQ(ReasonOf(pay("fund-F001", own_.name)), "CALL_NOT_FILED");
}

TEST_F(AuthorizationMatrixTest, AFundIssuesOnlyWhatABankAskedItForAndCannotTellOtherLoansExist) {
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());
  int issues = 0;
  auto issue = [&](const std::string& principal, const std::string& loan,
                   const std::string& guarantee_id, int coverage_bps = 5000,
                   v1::LoanCommandResponse* response = nullptr) {
    v1::IssueFundGuaranteeRequest request;
    request.set_request_id(absl::StrCat("issue-", ++issues));
    request.set_loan(loan);
    request.set_guarantee_id(guarantee_id);
    request.set_fund("guarantee_funds/F001");
    request.set_coverage_bps(coverage_bps);
    *request.mutable_value_date() = Day(2024, 1, 17);
    v1::LoanCommandResponse r;
    return guarantees->IssueFundGuarantee(Context(principal).get(), request,
                                          response != nullptr ? response : &r);
  };
  const std::string requested = LoanName(own_.requested, "B001");

  // A fund issues in its own name only.
  grpc::Status as_f2 = issue("fund-F002", requested, "GR-L1R");
  EXPECT_EQ(ReasonOf(as_f2), "FUND_NOT_FOUND");
  EXPECT_EQ(FieldOf(as_f2), "fund");

  // Loans F001 was not asked about: B001's L1S in its county (no request), B002's L2S outside
  // it (once OUTSIDE_FUND_REGION, which told the fund the loan existed), B002's L2 (F002 was
  // asked) and a loan that does not exist: all the same NOT_FOUND, and nothing is written.
  const grpc::Status absent = issue("fund-F001", LoanName("L404", "B001"), "G9");
  const grpc::Status unasked = issue("fund-F001", LoanName(own_.spare, "B001"), "G9");
  const grpc::Status outside = issue("fund-F001", LoanName(other_.spare, "B002"), "G9");
  const grpc::Status others = issue("fund-F001", other_.name, "G-L2");
  for (const grpc::Status& status : {absent, unasked, outside, others}) {
    EXPECT_EQ(status.error_code(), NF) << status.error_message();
    EXPECT_EQ(ReasonOf(status), "LOAN_NOT_FOUND") << status.error_message();
    EXPECT_EQ(FieldOf(status), "loan");
  }
  EXPECT_EQ(unasked.error_message(),
            absl::StrReplaceAll(absent.error_message(), {{"L404", own_.spare}}));
  EXPECT_EQ(outside.error_message(),
            absl::StrReplaceAll(absent.error_message(), {{"B001/loans/L404", "B002/loans/L2S"}}));
  v1::GetLoanRequest get;
  get.set_name(LoanName(own_.spare, "B001"));
  v1::Loan loan;
  EXPECT_TRUE(server_.Loans()->GetLoan(Context("bank-B001").get(), get, &loan).ok());
  EXPECT_EQ(loan.guarantees_size(), 0);

  // Once asked, the fund sees the loan (to decide), and the rules answer for the terms.
  get.set_name(requested);
  ASSERT_TRUE(server_.Loans()->GetLoan(Context("fund-F001").get(), get, &loan).ok());
  ASSERT_EQ(loan.guarantees_size(), 1);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_REQUESTED);
  EXPECT_EQ(ReasonOf(issue("fund-F001", requested, "GR-L1R", 8000)), "GUARANTEE_TERMS_DIFFER");
  v1::LoanCommandResponse issued;
  grpc::Status ok = issue("fund-F001", requested, "GR-L1R", 5000, &issued);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(issued.loan().guarantees(0).state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(issued.loan().guarantees(0).coverage_bps(), 5000);
}

TEST_F(AuthorizationMatrixTest, ABankRequestsFundGuaranteesOnItsOwnLoansOnly) {
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());
  int requests = 0;
  auto request = [&](const std::string& principal, const std::string& loan, const std::string& fund,
                     v1::LoanCommandResponse* response) {
    v1::RequestFundGuaranteeRequest r;
    r.set_request_id(absl::StrCat("request-", ++requests));
    r.set_loan(loan);
    r.set_guarantee_id("G7");
    r.set_fund(fund);
    r.set_coverage_bps(6000);
    r.add_party_ids("GP-1");
    *r.mutable_value_date() = Day(2024, 1, 17);
    return guarantees->RequestFundGuarantee(Context(principal).get(), r, response);
  };
  v1::LoanCommandResponse response;
  // Another bank's loan is not found; a fund outside the loan's county refuses by rule.
  const grpc::Status other_bank =
      request("bank-B002", LoanName(own_.spare, "B001"), "guarantee_funds/F001", &response);
  EXPECT_EQ(other_bank.error_code(), NF);
  EXPECT_EQ(ReasonOf(other_bank), "LOAN_NOT_FOUND");
  EXPECT_EQ(FieldOf(other_bank), "loan");
  EXPECT_EQ(ReasonOf(request("bank-B001", LoanName(own_.spare, "B001"), "guarantee_funds/F002",
                             &response)),
            "OUTSIDE_FUND_REGION");

  grpc::Status own =
      request("bank-B001", LoanName(own_.spare, "B001"), "guarantee_funds/F001", &response);
  ASSERT_TRUE(own.ok()) << own.error_message();
  ASSERT_EQ(response.loan().guarantees_size(), 1);
  const v1::Guarantee& g = response.loan().guarantees(0);
  EXPECT_EQ(g.state(), v1::GUARANTEE_REQUESTED);
  EXPECT_EQ(g.fund_id(), "F001");
  EXPECT_EQ(g.coverage_bps(), 6000);
  EXPECT_EQ(g.party_ids_size(), 1);
  EXPECT_GT(g.requested_sequence(), 0u);
  // No exposure until the fund issues it.
  v1::GetFundRequest get_fund;
  get_fund.set_name("guarantee_funds/F001");
  v1::GuaranteeFund fund;
  ASSERT_TRUE(guarantees->GetFund(Context("fund-F001").get(), get_fund, &fund).ok());
  // L1's 80% of 10,000.00 only: requests (L1R's, this one) add none.
  EXPECT_EQ(fund.exposure().amount_fen(), 8'000'00);
}

TEST_F(AuthorizationMatrixTest, OfficersSeeTheirCountysLoanAccountsOnly) {
  auto accounts = v1::AccountService::NewStub(server_.NewChannel());
  auto get = [&](const std::string& principal, const std::string& account) {
    v1::GetAccountRequest request;
    request.set_account(account);
    v1::AccountBalance r;
    return accounts->GetAccount(Context(principal).get(), request, &r);
  };
  EXPECT_TRUE(get("officer-370281", own_.name + "/accounts/principal").ok());
  // A bank's own accounts span every county it lends in; a loan that does not exist.
  for (const std::string& account :
       {std::string("banks/B001/accounts/funding"), LoanName("L404") + "/accounts/principal",
        other_.name + "/accounts/principal", std::string("guarantee_funds/F001/accounts/cash"),
        std::string("programme/accounts/subsidy_payable")}) {
    grpc::Status status = get("officer-370281", account);
    EXPECT_EQ(status.error_code(), NF) << account;
    EXPECT_EQ(ReasonOf(status), "ACCOUNT_NOT_FOUND") << account;
  }
  EXPECT_TRUE(get("bank-B001", "banks/B001/accounts/funding").ok());
  EXPECT_EQ(ReasonOf(get("bank-B001", "guarantee_funds/F001/accounts/cash")), "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(ReasonOf(get("bank-B001", "not/an/account")), "INVALID_ACCOUNT");
}

TEST_F(AuthorizationMatrixTest, FundCommandsAnswerWithTheFund) {
  v1::DepositFundCapitalRequest deposit;
  deposit.set_request_id("more-capital");
  deposit.set_name("guarantee_funds/F001");
  *deposit.mutable_amount() = Cny(500);
  *deposit.mutable_value_date() = Day(2024, 2, 1);
  v1::FundCommandResponse first, replayed;
  auto guarantees = v1::GuaranteeService::NewStub(server_.NewChannel());
  ASSERT_TRUE(guarantees->DepositFundCapital(Context("fund-F001").get(), deposit, &first).ok());
  ASSERT_TRUE(guarantees->DepositFundCapital(Context("fund-F001").get(), deposit, &replayed).ok());
  EXPECT_EQ(first.fund().capital().amount_fen(), 100'000'500);
  EXPECT_FALSE(first.commit().replayed());
  EXPECT_TRUE(replayed.commit().replayed());
  EXPECT_EQ(replayed.fund().capital().amount_fen(), 100'000'500);
}

}  // namespace
}  // namespace ledger
