// CompareReversal on events built here, as DecideReversal (ledger/engine/apply_command.cc)
// builds a reversal: the original's event without postings, its money legs with sides swapped,
// then memorandum legs of its own. audit_reversal_test.cc has the same check on a real ledger.
#include "ledger/audit/reversal_check.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {
namespace {

void AddLeg(v1::Event* event, const std::string& account, v1::PostingSide side,
            int64_t amount_fen) {
  v1::Posting* leg = event->add_postings();
  leg->set_account(account);
  leg->set_side(side);
  leg->mutable_amount()->set_currency_code("CNY");
  leg->mutable_amount()->set_amount_fen(amount_fen);
}

// Entry 14: B002 disburses 10,000.00 on L5, whose fund guarantee on half of it goes live.
v1::Event Disbursement() {
  v1::Event event;
  v1::LoanDisbursed* disbursed = event.mutable_loan_disbursed();
  disbursed->set_loan("banks/B002/loans/L5");
  disbursed->mutable_amount()->set_currency_code("CNY");
  disbursed->mutable_amount()->set_amount_fen(10'000'00);
  disbursed->mutable_value_date()->set_year(2024);
  disbursed->mutable_value_date()->set_month(3);
  disbursed->mutable_value_date()->set_day(1);
  AddLeg(&event, LoanPrincipalAccount("B002", "L5"), v1::DEBIT, 10'000'00);
  AddLeg(&event, FundExposureAccount("F1"), v1::DEBIT, 5'000'00);
  AddLeg(&event, BankFundingAccount("B002"), v1::CREDIT, 10'000'00);
  AddLeg(&event, FundCommitmentsAccount("F1"), v1::CREDIT, 5'000'00);
  return event;
}

// Entry 18, as the commit path makes it: the memorandum legs are its own (here it releases
// less exposure than the disbursement took on, as if the guarantee had changed meanwhile).
v1::Event Reversal() {
  v1::Event event;
  v1::EntryReversed* reversed = event.mutable_entry_reversed();
  reversed->set_reversed_sequence(14);
  reversed->set_reason("disbursed to the wrong account");
  *reversed->mutable_original() = Disbursement();
  reversed->mutable_original()->clear_postings();
  AddLeg(&event, LoanPrincipalAccount("B002", "L5"), v1::CREDIT, 10'000'00);
  AddLeg(&event, BankFundingAccount("B002"), v1::DEBIT, 10'000'00);
  AddLeg(&event, FundCommitmentsAccount("F1"), v1::DEBIT, 3'000'00);
  AddLeg(&event, FundExposureAccount("F1"), v1::CREDIT, 3'000'00);
  return event;
}

TEST(CompareReversalTest, WhatTheCommitPathMakesPasses) {
  EXPECT_EQ(CompareReversal(18, Reversal(), Disbursement()), "");
}

TEST(CompareReversalTest, MemorandumLegsAreNotCompared) {
  v1::Event reversal = Reversal();
  reversal.mutable_postings()->DeleteSubrange(2, 2);  // the guarantee no longer live: none
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()), "");
}

TEST(CompareReversalTest, AnEditedCopyOfTheEventIsNamed) {
  v1::Event reversal = Reversal();
  reversal.mutable_entry_reversed()
      ->mutable_original()
      ->mutable_loan_disbursed()
      ->mutable_amount()
      ->set_amount_fen(1);
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()),
            "entry 18 reverses entry 14 but its copy of entry 14's event differs (copy -> "
            "entry 14): modified: loan_disbursed.amount.amount_fen: 1 -> 1000000");
}

TEST(CompareReversalTest, ACopyThatKeptThePostingsIsNamed) {
  v1::Event reversal = Reversal();
  *reversal.mutable_entry_reversed()->mutable_original() = Disbursement();
  const std::string problem = CompareReversal(18, reversal, Disbursement());
  EXPECT_TRUE(absl::StartsWith(problem,
                               "entry 18 reverses entry 14 but its copy of entry 14's event "
                               "differs (copy -> entry 14): deleted: postings[0]: "))
      << problem;
}

TEST(CompareReversalTest, ARedirectedLegIsNamed) {
  v1::Event reversal = Reversal();
  reversal.mutable_postings(1)->set_account(BankFundingAccount("B001"));
  // Legs count in each entry's own postings, memorandum legs included.
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()),
            "entry 18's postings are not entry 14's money postings reversed: its leg 1 debits "
            "banks/B001/accounts/funding 1000000 fen where entry 14's leg 2 reversed debits "
            "banks/B002/accounts/funding 1000000 fen");
}

TEST(CompareReversalTest, LegsNotSwappedOrReorderedAreNamed) {
  v1::Event reversal = Reversal();
  reversal.mutable_postings()->SwapElements(0, 1);
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()),
            "entry 18's postings are not entry 14's money postings reversed: its leg 0 debits "
            "banks/B002/accounts/funding 1000000 fen where entry 14's leg 0 reversed credits "
            "banks/B002/loans/L5/accounts/principal 1000000 fen");
  reversal = Reversal();
  reversal.mutable_postings(0)->mutable_amount()->set_currency_code("USD");
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()),
            "entry 18's postings are not entry 14's money postings reversed: its leg 0 credits "
            "banks/B002/loans/L5/accounts/principal 1000000 fen in \"USD\" where entry 14's "
            "leg 0 reversed credits banks/B002/loans/L5/accounts/principal 1000000 fen");
}

TEST(CompareReversalTest, ExtraAndMissingLegsAreNamed) {
  v1::Event reversal = Reversal();
  AddLeg(&reversal, BankFundingAccount("B001"), v1::DEBIT, 1'00);
  AddLeg(&reversal, BankRepaymentsAccount("B001"), v1::CREDIT, 1'00);
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()),
            "entry 18's postings are not entry 14's money postings reversed: its leg 4 debits "
            "banks/B001/accounts/funding 100 fen, which reverses no money leg of entry 14");
  reversal = Reversal();
  reversal.mutable_postings()->DeleteSubrange(1, 1);
  EXPECT_EQ(CompareReversal(18, reversal, Disbursement()),
            "entry 18's postings are not entry 14's money postings reversed: entry 14's leg 2 "
            "reversed debits banks/B002/accounts/funding 1000000 fen, which no leg of entry 18 "
            "does");
}

TEST(CompareReversalTest, BothProblemsAreNamed) {
  v1::Event reversal = Reversal();
  reversal.mutable_entry_reversed()->mutable_original()->mutable_loan_disbursed()->set_loan(
      "banks/B001/loans/L1");
  reversal.mutable_postings(0)->set_account(LoanPrincipalAccount("B001", "L1"));
  const std::string problem = CompareReversal(18, reversal, Disbursement());
  EXPECT_TRUE(absl::StrContains(problem, "entry 18 reverses entry 14 but its copy")) << problem;
  EXPECT_TRUE(absl::StrContains(problem,
                                "; and entry 18's postings are not entry 14's money postings "
                                "reversed: its leg 0 credits banks/B001/loans/L1/"))
      << problem;
}

TEST(CompareReversalTest, AReversalOfAReversalIsNamed) {
  v1::Event undo;
  v1::EntryReversed* reversed = undo.mutable_entry_reversed();
  reversed->set_reversed_sequence(18);
  reversed->set_reason("changed our mind");
  *reversed->mutable_original() = Reversal();
  reversed->mutable_original()->clear_postings();
  AddLeg(&undo, LoanPrincipalAccount("B002", "L5"), v1::DEBIT, 10'000'00);
  AddLeg(&undo, BankFundingAccount("B002"), v1::CREDIT, 10'000'00);
  EXPECT_EQ(CompareReversal(19, undo, Reversal()),
            "entry 19 reverses entry 18, which is itself a reversal");
}

}  // namespace
}  // namespace ledger
