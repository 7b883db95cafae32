// Reversals through the real engine: each refusal of ReverseEntry, and the reversals that are
// allowed undoing exactly what they reverse (loan, fund, accounts), including those that
// reopen a loan and make its fund guarantee live again.
#include <string>

#include "gtest/gtest.h"
#include "ledger/accounts/account_projection.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/guarantee/fund_projection.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/testing/sample_ledger.h"

namespace ledger {
namespace {

constexpr char kFund[] = "guarantee_fund:F1";
constexpr char kBank[] = "bank:B001";

v1::Date Day(int offset) { return ToDate(absl::CivilDay(2024, 1, 15) + offset); }

internal::LedgerCommand MarkOverdue(const std::string& id, int instalment, int64_t principal_fen,
                                    int64_t interest_fen, int day_offset) {
  internal::LedgerCommand c;
  v1::MarkInstalmentOverdueRequest* r = c.mutable_mark_overdue();
  r->set_request_id(id);
  r->set_name("banks/B001/loans/L1");
  r->set_instalment(instalment);
  *r->mutable_principal_overdue() = Cny(principal_fen);
  *r->mutable_interest_overdue() = Cny(interest_fen);
  *r->mutable_value_date() = Day(day_offset);
  return c;
}

internal::LedgerCommand FileCall(const std::string& id, int day_offset) {
  internal::LedgerCommand c;
  v1::FileGuaranteeCallRequest* r = c.mutable_file_call();
  r->set_request_id(id);
  r->set_loan("banks/B001/loans/L1");
  r->set_guarantee_id("G1");
  *r->mutable_value_date() = Day(day_offset);
  return c;
}

internal::LedgerCommand Compensate(const std::string& id, int day_offset) {
  internal::LedgerCommand c;
  v1::PayCompensationRequest* r = c.mutable_pay_compensation();
  r->set_request_id(id);
  r->set_loan("banks/B001/loans/L1");
  r->set_guarantee_id("G1");
  *r->mutable_value_date() = Day(day_offset);
  return c;
}

internal::LedgerCommand Recover(const std::string& id, int64_t amount_fen, int day_offset) {
  internal::LedgerCommand c;
  v1::RecordRecoveryRequest* r = c.mutable_record_recovery();
  r->set_request_id(id);
  r->set_loan("banks/B001/loans/L1");
  *r->mutable_amount() = Cny(amount_fen);
  *r->mutable_value_date() = Day(day_offset);
  return c;
}

internal::LedgerCommand WriteOff(const std::string& id, int day_offset) {
  internal::LedgerCommand c;
  v1::WriteOffLoanRequest* r = c.mutable_write_off();
  r->set_request_id(id);
  r->set_name("banks/B001/loans/L1");
  *r->mutable_value_date() = Day(day_offset);
  return c;
}

internal::LedgerCommand Cure(const std::string& id, int instalment, int day_offset) {
  internal::LedgerCommand c;
  v1::CureArrearRequest* r = c.mutable_cure_arrear();
  r->set_request_id(id);
  r->set_name("banks/B001/loans/L1");
  r->set_instalment(instalment);
  *r->mutable_value_date() = Day(day_offset);
  return c;
}

class ReversalTest : public ::testing::Test {
 protected:
  ReversalTest() : ledger_("reversal") {}

  // Runs a command that must be accepted; returns its entry's sequence.
  uint64_t Ok(const std::string& principal, internal::LedgerCommand command) {
    absl::StatusOr<CommandOutcome> outcome = ledger_.RunAs(principal, std::move(command));
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->result.sequence() : 0;
  }

  // Runs a reversal that must be refused; returns the reason, after checking nothing moved.
  // Reversals are made by whoever made the entry (the RPC layer lets no one else): the bank
  // unless `by` says the fund.
  std::string Refused(uint64_t sequence, const std::string& reason = "entered in error",
                      const std::string& by = kBank) {
    const uint64_t head = ledger_.engine()->head().sequence;
    absl::StatusOr<CommandOutcome> outcome =
        ledger_.RunAs(by, Reverse(absl::StrCat("rev-", ++attempts_), sequence, reason));
    EXPECT_FALSE(outcome.ok());
    EXPECT_EQ(ledger_.engine()->head().sequence, head);
    return outcome.ok() ? "accepted" : ReasonOf(outcome.status());
  }
  std::string RefusedToTheFund(uint64_t sequence) {
    return Refused(sequence, "entered in error", kFund);
  }

  uint64_t Reversed(uint64_t sequence, const std::string& by = kBank) {
    return Ok(by, Reverse(absl::StrCat("rev-", ++attempts_), sequence, "entered in error"));
  }

  v1::Loan Loan() { return *LoanProjection(ledger_.store()).Get("B001", "L1"); }
  v1::GuaranteeFund Fund() { return *FundProjection(ledger_.store()).Get("F1"); }
  int64_t Balance(const std::string& account) {
    absl::StatusOr<v1::AccountBalance> b = AccountProjection(ledger_.store()).Get(account);
    return b.ok() ? b->balance().amount_fen() : 0;
  }

  // A county fund with `capital_fen` guaranteeing 80% of L1 (100,000.00 CNY, disbursed), at
  // the bank's request. Entries: 1 the fund, 2 its capital, 3 the loan, 4 the request, 5 the
  // guarantee, 6 the disbursement.
  void GuaranteedLoan(int64_t capital_fen) {
    Ok("finance", CreateFund("f1", "F1"));
    Ok(kFund, DepositCapital("f2", "F1", capital_fen));
    Ok(kBank, Create("c1", "B001", "L1", 100'000'00));
    Ok(kBank, RequestFundGuarantee("q1", "B001", "L1", "G1", "F1", 8000));
    Ok(kFund, IssueFundGuarantee("g1", "B001", "L1", "G1", "F1", 8000));
    Ok(kBank, Disburse("d1", "B001", "L1", 100'000'00));
  }

  SampleLedger ledger_;
  int attempts_ = 0;
};

TEST_F(ReversalTest, ARepaymentReversedRestoresTheLoanAndItsAccounts) {
  Ok(kBank, Create("c1", "B001", "L1", 100'000'00));
  Ok(kBank, Disburse("d1", "B001", "L1", 100'000'00));
  const uint64_t repaid = Ok(kBank, Repay("p1", "B001", "L1", 30'000'00, 500'00));
  const uint64_t reversal = Reversed(repaid);
  EXPECT_EQ(reversal, repaid + 1);
  const v1::Loan loan = Loan();
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(loan.repaid_principal().amount_fen(), 0);
  EXPECT_EQ(loan.repaid_interest().amount_fen(), 0);
  EXPECT_EQ(Balance(LoanPrincipalAccount("B001", "L1")), 100'000'00);
  EXPECT_EQ(Balance(BankRepaymentsAccount("B001")), 0);
  EXPECT_EQ(Balance(BankInterestIncomeAccount("B001")), 0);
  // Each account shows both postings: the original stays, the reversal is added.
  EXPECT_EQ(AccountProjection(ledger_.store()).Get(BankRepaymentsAccount("B001"))->posting_count(),
            2u);
}

TEST_F(ReversalTest, RefusalsNameTheirReason) {
  const uint64_t created = Ok(kBank, Create("c1", "B001", "L1", 100'000'00));
  const uint64_t disbursed = Ok(kBank, Disburse("d1", "B001", "L1", 100'000'00));
  EXPECT_EQ(Refused(0), "FIELD_REQUIRED");
  EXPECT_EQ(Refused(disbursed, ""), "FIELD_REQUIRED");
  EXPECT_EQ(Refused(disbursed, std::string(201, 'x')), "TEXT_TOO_LONG");
  EXPECT_EQ(Refused(99), "ENTRY_NOT_FOUND");
  EXPECT_EQ(Refused(created), "NOT_REVERSIBLE");
  const uint64_t reversal = Reversed(disbursed);
  EXPECT_EQ(Refused(disbursed), "ALREADY_REVERSED");
  EXPECT_EQ(Refused(reversal), "REVERSAL_OF_REVERSAL");
  EXPECT_EQ(Loan().status(), v1::APPROVED);  // nothing disbursed any more
}

TEST_F(ReversalTest, LaterEntriesThatRestOnAnEntryBlockItsReversal) {
  Ok(kBank, Create("c1", "B001", "L1", 100'000'00));
  const uint64_t disbursed = Ok(kBank, Disburse("d1", "B001", "L1", 100'000'00));
  Ok(kBank, Repay("p1", "B001", "L1", 60'000'00, 0));
  // The repaid principal was disbursed by this entry: undoing it would leave repaid > disbursed.
  EXPECT_EQ(Refused(disbursed), "REVERSAL_CONFLICT");
}

// Each of these would apply cleanly to the loan's amounts; what forbids them is that a later
// entry was decided on the state they produced.
TEST_F(ReversalTest, AWriteOffAfterAnEntryBlocksItsReversal) {
  Ok(kBank, Create("c1", "B001", "L1", 100'000'00));
  Ok(kBank, Disburse("d1", "B001", "L1", 100'000'00));
  const uint64_t repaid = Ok(kBank, Repay("p1", "B001", "L1", 10'000'00, 0));
  const uint64_t written_off = Ok(kBank, WriteOff("w1", 70));
  EXPECT_EQ(Refused(repaid), "REVERSAL_CONFLICT");
  Reversed(written_off);  // in reverse order it works
  Reversed(repaid);
  EXPECT_EQ(Loan().outstanding_principal().amount_fen(), 100'000'00);
}

TEST_F(ReversalTest, ACompensationAfterAnEntryBlocksItsReversal) {
  GuaranteedLoan(100'000'00);
  const uint64_t repaid = Ok(kBank, Repay("p1", "B001", "L1", 1'000'00, 0, 20));
  Ok(kBank, MarkOverdue("o1", 1, 3'000'00, 300'00, 40));
  Ok(kBank, FileCall("call", 160));
  Ok(kFund, Compensate("comp", 161));
  EXPECT_EQ(Refused(repaid), "REVERSAL_CONFLICT");
}

TEST_F(ReversalTest, AnArrearThatACallOrACureRestsOnCannotBeReversed) {
  GuaranteedLoan(100'000'00);
  const uint64_t called_on = Ok(kBank, MarkOverdue("o1", 1, 4'000'00, 300'00, 40));
  const uint64_t cured = Ok(kBank, MarkOverdue("o2", 2, 4'000'00, 100'00, 60));
  Ok(kBank, Cure("k2", 2, 61));
  Ok(kBank, FileCall("call", 160));
  EXPECT_EQ(Refused(called_on), "REVERSAL_CONFLICT");
  EXPECT_EQ(Refused(cured), "REVERSAL_CONFLICT");
}

TEST_F(ReversalTest, CompensationAndRecoveriesAreReversedInReverseOrder) {
  GuaranteedLoan(100'000'00);
  Ok(kBank, MarkOverdue("o1", 1, 4'000'00, 300'00, 40));
  Ok(kBank, FileCall("call", 160));  // 2024-02-10 due, 2024-06-23: well past 90 days
  const uint64_t compensated = Ok(kFund, Compensate("comp", 161));
  const uint64_t recovered = Ok(kFund, Recover("rec", 1'000'00, 162));
  EXPECT_EQ(RefusedToTheFund(compensated), "REVERSAL_CONFLICT");  // recoveries rest on it
  Reversed(recovered, kFund);
  Reversed(compensated, kFund);
  const v1::Loan loan = Loan();
  EXPECT_EQ(loan.status(), v1::ACTIVE);
  EXPECT_EQ(loan.guarantees(0).state(), v1::GUARANTEE_CALL_FILED);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 100'000'00);
  EXPECT_EQ(loan.interest_receivable().amount_fen(), 300'00);
  const v1::GuaranteeFund fund = Fund();
  EXPECT_EQ(fund.cash().amount_fen(), 100'000'00);
  EXPECT_EQ(fund.exposure().amount_fen(), 80'000'00);
  EXPECT_EQ(Balance(FundExposureAccount("F1")), 80'000'00);
  EXPECT_EQ(Balance(FundCompensationAccount("F1")), 0);
  EXPECT_EQ(Balance(BankFundingAccount("B001")), -100'000'00);
}

TEST_F(ReversalTest, ReversingTheClosingRepaymentMakesTheGuaranteeLiveAgain) {
  GuaranteedLoan(100'000'00);
  const uint64_t closing = Ok(kBank, Repay("p1", "B001", "L1", 100'000'00, 0));
  EXPECT_EQ(Loan().status(), v1::CLOSED);
  EXPECT_EQ(Loan().guarantees(0).state(), v1::GUARANTEE_RELEASED);
  EXPECT_EQ(Fund().exposure().amount_fen(), 0);
  EXPECT_EQ(Balance(FundExposureAccount("F1")), 0);
  Reversed(closing);
  EXPECT_EQ(Loan().status(), v1::ACTIVE);
  EXPECT_EQ(Loan().guarantees(0).state(), v1::GUARANTEE_LIVE);
  EXPECT_EQ(Fund().exposure().amount_fen(), 80'000'00);
  EXPECT_EQ(Fund().live_guarantees(), 1);
  EXPECT_EQ(Balance(FundExposureAccount("F1")), 80'000'00);
  EXPECT_EQ(Balance(FundCommitmentsAccount("F1")), -80'000'00);
}

TEST_F(ReversalTest, AReversalThatWouldBreakTheLeverageLimitIsRefused) {
  // Cash (all capital) of 16,000.00 at 5x covers exactly one 80,000.00 guarantee.
  GuaranteedLoan(16'000'00);
  const uint64_t closing = Ok(kBank, Repay("p1", "B001", "L1", 100'000'00, 0));
  // The released capacity goes to another loan...
  Ok(kBank, Create("c2", "B001", "L2", 100'000'00));
  Ok(kBank, RequestFundGuarantee("q2", "B001", "L2", "G2", "F1", 8000));
  Ok(kFund, IssueFundGuarantee("g2", "B001", "L2", "G2", "F1", 8000));
  // ...so reopening L1 would put 160,000.00 on 80,000.00 of capacity.
  EXPECT_EQ(Refused(closing), "REVERSAL_CONFLICT");
  // And a deposit the exposure needs cannot be taken back either.
  EXPECT_EQ(Fund().exposure().amount_fen(), 80'000'00);
  EXPECT_EQ(RefusedToTheFund(2), "REVERSAL_CONFLICT");  // entry 2 deposited the capital
}

TEST_F(ReversalTest, AnEntryEarlierInTheSameBatchCanBeReversed) {
  Ok(kBank, Create("c1", "B001", "L1", 100'000'00));
  std::vector<internal::LedgerCommand> batch;
  batch.push_back(Disburse("d1", "B001", "L1", 100'000'00));
  batch.push_back(Reverse("r1", 2, "keyed twice"));
  std::vector<absl::StatusOr<CommandOutcome>> outcomes = ledger_.RunTogether(std::move(batch));
  ASSERT_TRUE(outcomes[0].ok()) << outcomes[0].status();
  ASSERT_TRUE(outcomes[1].ok()) << outcomes[1].status();
  EXPECT_EQ(Loan().status(), v1::APPROVED);
  EXPECT_EQ(Balance(LoanPrincipalAccount("B001", "L1")), 0);
}

}  // namespace
}  // namespace ledger
