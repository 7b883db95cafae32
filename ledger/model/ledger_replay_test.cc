// The replay on hand-made events: the loan fields it computes, and the events it refuses.
// That it equals what the real commit path writes is proved against LedgerEngine in
// ledger/engine/projection_replay_test.cc.
#include "ledger/model/ledger_replay.h"

#include <map>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

constexpr char kL1[] = "banks/B001/loans/L1";

v1::Event Created(const std::string& loan_id, int64_t principal_fen) {
  v1::Event event;
  v1::LoanCreated* e = event.mutable_loan_created();
  e->set_loan("banks/B001/loans/" + loan_id);
  e->set_bank_id("B001");
  e->set_loan_id(loan_id);
  e->set_borrower_id("BR-7");
  e->set_county_code("370281");
  *e->mutable_principal() = Cny(principal_fen);
  e->set_annual_rate_bps(435);
  e->set_term_months(24);
  *e->mutable_contract_date() = ToDate(absl::CivilDay(2024, 1, 10));
  return event;
}

v1::Event Disbursed(int64_t amount_fen, int64_t outstanding_after_fen, int day) {
  v1::Event event;
  v1::LoanDisbursed* e = event.mutable_loan_disbursed();
  e->set_loan(kL1);
  *e->mutable_amount() = Cny(amount_fen);
  *e->mutable_value_date() = ToDate(absl::CivilDay(2024, 2, day));
  *e->mutable_outstanding_principal_after() = Cny(outstanding_after_fen);
  PostingsBuilder postings;
  postings.Transfer(BankFundingAccount("B001"), LoanPrincipalAccount("B001", "L1"), amount_fen);
  postings.Finish(&event);
  return event;
}

v1::Event Repaid(int64_t principal_fen, int64_t interest_fen, int64_t outstanding_after_fen,
                 bool closed, int day) {
  v1::Event event;
  v1::RepaymentRecorded* e = event.mutable_repayment_recorded();
  e->set_loan(kL1);
  *e->mutable_principal() = Cny(principal_fen);
  *e->mutable_interest() = Cny(interest_fen);
  *e->mutable_value_date() = ToDate(absl::CivilDay(2024, 3, day));
  *e->mutable_outstanding_principal_after() = Cny(outstanding_after_fen);
  e->set_loan_closed(closed);
  PostingsBuilder postings;
  postings.Debit(BankRepaymentsAccount("B001"), principal_fen + interest_fen);
  postings.Credit(LoanPrincipalAccount("B001", "L1"), principal_fen);
  postings.Credit(BankInterestIncomeAccount("B001"), interest_fen);
  postings.Finish(&event);
  return event;
}

std::string HashOf(uint64_t sequence) { return std::string(32, static_cast<char>(sequence)); }

class LedgerReplayTest : public ::testing::Test {
 protected:
  absl::Status Apply(const v1::Event& event) {
    return replay_.Apply(replay_.head().sequence + 1, HashOf(replay_.head().sequence + 1), 0,
                         event);
  }

  std::map<std::string, std::string> Rows() const {
    std::map<std::string, std::string> rows;
    replay_.ForEachRow([&](const ProjectionRow& row) {
      // Account rows are account_projection_test's; here only that they exist.
      if (absl::StartsWith(row.key, "acct") || absl::StartsWith(row.key, "post/")) {
        ++account_rows_;
        return;
      }
      EXPECT_TRUE(rows.emplace(row.key, row.value).second) << "twice: " << row.key;
    });
    return rows;
  }

  LedgerReplay replay_;
  mutable int account_rows_ = 0;
};

TEST_F(LedgerReplayTest, ComputesTheFieldsTheCommitPathWrites) {
  EXPECT_FALSE(replay_.last_result().has_loan());
  ASSERT_TRUE(Apply(Created("L1", 100'00)).ok());
  ASSERT_TRUE(Apply(Created("L2", 50'00)).ok());
  EXPECT_EQ(replay_.last_result().loan().name(), "banks/B001/loans/L2");
  ASSERT_TRUE(Apply(Disbursed(60'00, 60'00, 1)).ok());
  // As entry 3 left it: what the commit path stores as that entry's request result.
  EXPECT_EQ(replay_.last_result().loan().name(), kL1);
  EXPECT_EQ(replay_.last_result().loan().outstanding_principal().amount_fen(), 60'00);
  EXPECT_EQ(replay_.last_result().loan().last_sequence(), 3u);
  ASSERT_TRUE(Apply(Disbursed(40'00, 100'00, 2)).ok());
  ASSERT_TRUE(Apply(Repaid(30'00, 5, 70'00, false, 1)).ok());
  ASSERT_TRUE(Apply(Repaid(0, 7, 70'00, false, 2)).ok());  // interest only

  std::optional<v1::Loan> loan = replay_.FindLoan(kL1);
  ASSERT_TRUE(loan.has_value());
  EXPECT_EQ(loan->status(), v1::ACTIVE);
  EXPECT_EQ(loan->disbursed_principal().amount_fen(), 100'00);
  EXPECT_EQ(loan->repaid_principal().amount_fen(), 30'00);
  EXPECT_EQ(loan->outstanding_principal().amount_fen(), 70'00);
  EXPECT_EQ(loan->repaid_interest().amount_fen(), 12);
  EXPECT_EQ(FormatDate(loan->first_disbursement_date()), "2024-02-01");
  EXPECT_EQ(FormatDate(loan->last_value_date()), "2024-03-02");
  EXPECT_FALSE(IsSet(loan->closed_date()));
  EXPECT_EQ(loan->created_sequence(), 1u);
  EXPECT_EQ(loan->last_sequence(), 6u);
  EXPECT_EQ(loan->entry_count(), 5u);

  ASSERT_TRUE(Apply(Repaid(70'00, 0, 0, true, 3)).ok());
  loan = replay_.FindLoan(kL1);
  EXPECT_EQ(loan->status(), v1::CLOSED);
  EXPECT_EQ(FormatDate(loan->closed_date()), "2024-03-03");
  EXPECT_EQ(replay_.head().sequence, 7u);
  EXPECT_EQ(replay_.head().hash, HashOf(7));
  EXPECT_EQ(replay_.loan_count(), 2u);

  // Rows: each loan's (LoanRows with its history), then the head record.
  std::map<std::string, std::string> expected;
  for (const ProjectionRow& row : LoanRows(*loan, {1, 3, 4, 5, 6, 7}))
    expected[row.key] = row.value;
  for (const ProjectionRow& row : LoanRows(*replay_.FindLoan("banks/B001/loans/L2"), {2})) {
    expected[row.key] = row.value;
  }
  expected[kJournalHeadKey] = EncodeHead(JournalHead{7, HashOf(7)});
  EXPECT_EQ(Rows(), expected);
  EXPECT_GT(account_rows_, 0);
}

TEST_F(LedgerReplayTest, AnEmptyJournalHasNoRows) { EXPECT_TRUE(Rows().empty()); }

TEST_F(LedgerReplayTest, RefusesWhatTheCommitPathCouldNeverHaveWritten) {
  // Used before it exists.
  absl::Status s = Apply(Disbursed(10'00, 10'00, 1));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(s.message(), "entry 1: no earlier entry created banks/B001/loans/L1");

  ASSERT_TRUE(Apply(Created("L1", 100'00)).ok());
  // Created twice.
  s = Apply(Created("L1", 100'00));
  EXPECT_EQ(s.message(), "entry 2: banks/B001/loans/L1 is created twice");
  // Repaid before anything was disbursed.
  EXPECT_EQ(Apply(Repaid(1, 0, 0, false, 1)).code(), absl::StatusCode::kDataLoss);
  // More than approved.
  EXPECT_EQ(Apply(Disbursed(100'01, 100'01, 1)).code(), absl::StatusCode::kDataLoss);
  // A recorded outcome that differs from the replay's.
  s = Apply(Disbursed(10'00, 9'00, 1));
  EXPECT_EQ(s.message(),
            "entry 2: loan banks/B001/loans/L1: the disbursement records outstanding principal 900 "
            "fen after it, but applying it gives 1000");
  // A refused event changes nothing.
  EXPECT_EQ(replay_.head().sequence, 1u);
  EXPECT_EQ(replay_.FindLoan(kL1)->status(), v1::APPROVED);
  EXPECT_EQ(replay_.FindLoan(kL1)->entry_count(), 1u);
  EXPECT_EQ(replay_.last_result().loan().entry_count(), 1u);

  ASSERT_TRUE(Apply(Disbursed(10'00, 10'00, 1)).ok());
  EXPECT_EQ(Apply(Repaid(10'01, 0, 0, true, 1)).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Apply(Repaid(10'00, 0, 0, false, 1)).code(), absl::StatusCode::kDataLoss);  // closes
  EXPECT_EQ(Apply(v1::Event()).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(replay_.Apply(9, HashOf(9), 0, Created("L9", 1)).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(LedgerReplayTest, RefusesPostingsThatDisagreeWithTheirEvent) {
  ASSERT_TRUE(Apply(Created("L1", 100'00)).ok());
  // Balanced, but they move 5.00 where the event disburses 10.00.
  v1::Event disbursed = Disbursed(10'00, 10'00, 1);
  disbursed.clear_postings();
  PostingsBuilder postings;
  postings.Transfer(BankFundingAccount("B001"), LoanPrincipalAccount("B001", "L1"), 5'00);
  postings.Finish(&disbursed);
  absl::Status s = Apply(disbursed);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(s.message(),
            "entry 2: its postings leave banks/B001/loans/L1/accounts/principal at 500 fen where "
            "its event leaves 1000");
  EXPECT_EQ(replay_.head().sequence, 1u);
}

}  // namespace
}  // namespace ledger
