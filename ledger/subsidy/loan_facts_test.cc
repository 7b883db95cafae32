#include "ledger/subsidy/loan_facts.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/base/namespaces.h"
#include "ledger/subsidy/calculator.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {
namespace {

// Pairs compare and print in gtest without gmock (which //third_party does not link).
using Change = std::pair<absl::CivilDay, int64_t>;
using Range = std::pair<absl::CivilDay, absl::CivilDay>;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

// The events, built by hand as the journal would hold them; OfTestLoan names the test loan in
// them (every loan event has a `loan` field; a reversal's is its original's).
void OfTestLoan(v1::Event* event) {
  if (event->has_entry_reversed()) {
    OfTestLoan(event->mutable_entry_reversed()->mutable_original());
    return;
  }
  const google::protobuf::FieldDescriptor* kind = event->GetReflection()->GetOneofFieldDescriptor(
      *event, event->GetDescriptor()->FindOneofByName("kind"));
  if (kind == nullptr) return;
  google::protobuf::Message* body = event->GetReflection()->MutableMessage(event, kind);
  const google::protobuf::FieldDescriptor* loan = body->GetDescriptor()->FindFieldByName("loan");
  if (loan != nullptr) body->GetReflection()->SetString(body, loan, "banks/b1/loans/l1");
}

v1::Event Disbursed(int64_t fen, absl::CivilDay day) {
  v1::Event event;
  *event.mutable_loan_disbursed()->mutable_amount() = Cny(fen);
  *event.mutable_loan_disbursed()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event Repaid(int64_t principal_fen, int64_t interest_fen, absl::CivilDay day) {
  v1::Event event;
  *event.mutable_repayment_recorded()->mutable_principal() = Cny(principal_fen);
  *event.mutable_repayment_recorded()->mutable_interest() = Cny(interest_fen);
  *event.mutable_repayment_recorded()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event Recovered(int64_t to_bank_principal_fen, absl::CivilDay day) {
  v1::Event event;
  *event.mutable_recovery_recorded()->mutable_to_bank_principal() = Cny(to_bank_principal_fen);
  *event.mutable_recovery_recorded()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event Compensated(int64_t principal_fen, absl::CivilDay day) {
  v1::Event event;
  *event.mutable_compensation_paid()->mutable_principal() = Cny(principal_fen);
  *event.mutable_compensation_paid()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event WrittenOff(int64_t principal_fen, absl::CivilDay day) {
  v1::Event event;
  *event.mutable_loan_written_off()->mutable_principal() = Cny(principal_fen);
  *event.mutable_loan_written_off()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event Marked(int32_t instalment, absl::CivilDay due, absl::CivilDay day) {
  v1::Event event;
  event.mutable_arrear_marked()->set_instalment(instalment);
  *event.mutable_arrear_marked()->mutable_due_date() = ToDate(due);
  *event.mutable_arrear_marked()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event Cured(int32_t instalment, absl::CivilDay day) {
  v1::Event event;
  event.mutable_arrear_cured()->set_instalment(instalment);
  *event.mutable_arrear_cured()->mutable_value_date() = ToDate(day);
  return event;
}

v1::Event Extended(absl::CivilDay from_maturity, absl::CivilDay to_maturity) {
  v1::Event event;
  *event.mutable_loan_extended()->mutable_from_maturity() = ToDate(from_maturity);
  *event.mutable_loan_extended()->mutable_to_maturity() = ToDate(to_maturity);
  *event.mutable_loan_extended()->mutable_value_date() = ToDate(from_maturity);
  return event;
}

v1::Event Reversal(uint64_t reversed_sequence, const v1::Event& original) {
  v1::Event event;
  event.mutable_entry_reversed()->set_reversed_sequence(reversed_sequence);
  event.mutable_entry_reversed()->set_reason("keyed in error");
  *event.mutable_entry_reversed()->mutable_original() = original;
  return event;
}

v1::Loan TestLoan() {
  v1::Loan loan;
  loan.set_name("banks/b1/loans/l1");
  loan.set_annual_rate_bps(435);
  *loan.mutable_contract_date() = ToDate(D(2023, 12, 20));
  return loan;
}

// Feeds `events` with sequences 1, 2, 3, ... and builds, failing the test on an error.
subsidy::LoanFacts BuildOk(const std::vector<v1::Event>& events) {
  LoanFactsBuilder builder(TestLoan());
  uint64_t sequence = 0;
  for (v1::Event event : events) {
    OfTestLoan(&event);
    builder.Add(++sequence, event);
  }
  absl::StatusOr<subsidy::LoanFacts> facts = builder.Build();
  EXPECT_TRUE(facts.ok()) << facts.status();
  return facts.ok() ? *facts : subsidy::LoanFacts{};
}

std::vector<Change> Changes(const subsidy::LoanFacts& facts) {
  std::vector<Change> changes;
  for (const subsidy::BalanceChange& c : facts.balance_changes) {
    changes.emplace_back(c.value_date, c.delta_fen);
  }
  return changes;
}

std::vector<Range> Ranges(const std::vector<subsidy::DayRange>& ranges) {
  std::vector<Range> pairs;
  for (const subsidy::DayRange& r : ranges) pairs.emplace_back(r.from, r.to);
  return pairs;
}

TEST(LoanFactsTest, TakesContractDateAndRateFromTheLoan) {
  const subsidy::LoanFacts facts = BuildOk({Disbursed(1'000'000, D(2024, 1, 1))});
  EXPECT_EQ(facts.contract_date, D(2023, 12, 20));
  EXPECT_EQ(facts.annual_rate_bps, 435);
}

TEST(LoanFactsTest, DisbursementsAndRepaymentsChangeTheBalance) {
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      Disbursed(4'000'000, D(2024, 1, 15)),
      Repaid(1'000'000, 20'000, D(2024, 2, 1)),
      Repaid(0, 30'000, D(2024, 3, 1)),  // interest only: no balance change
      Recovered(500'000, D(2024, 4, 1)),
  });
  EXPECT_EQ(Changes(facts), (std::vector<Change>{{D(2024, 1, 1), 6'000'000},
                                                 {D(2024, 1, 15), 4'000'000},
                                                 {D(2024, 2, 1), -1'000'000},
                                                 {D(2024, 4, 1), -500'000}}));
  EXPECT_EQ(facts.first_disbursement_date, D(2024, 1, 1));
  EXPECT_TRUE(facts.overdue_ranges.empty());
  EXPECT_TRUE(facts.extension_ranges.empty());
  EXPECT_FALSE(facts.end_of_subsidy.has_value());
}

TEST(LoanFactsTest, ReversedRepaymentIsAbsent) {
  const v1::Event repayment = Repaid(1'000'000, 0, D(2024, 2, 1));
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      repayment,  // 2
      Reversal(2, repayment),
  });
  EXPECT_EQ(Changes(facts), (std::vector<Change>{{D(2024, 1, 1), 6'000'000}}));
}

TEST(LoanFactsTest, ReversedDisbursementMovesFirstDisbursementToTheNext) {
  const v1::Event first = Disbursed(6'000'000, D(2024, 1, 1));
  const subsidy::LoanFacts facts = BuildOk({
      first,                                 // 1
      Disbursed(4'000'000, D(2024, 1, 15)),  // 2
      Reversal(1, first),
  });
  EXPECT_EQ(facts.first_disbursement_date, D(2024, 1, 15));
  EXPECT_EQ(Changes(facts), (std::vector<Change>{{D(2024, 1, 15), 4'000'000}}));
}

TEST(LoanFactsTest, OverdueUntilTheDayBeforeTheCure) {
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      Marked(1, D(2024, 2, 1), D(2024, 2, 5)),
      Cured(2, D(2024, 2, 20)),  // another instalment's cure does not end this arrear
      Cured(1, D(2024, 2, 10)),
  });
  // Overdue from the day after the due date; the cure's value day is no longer overdue.
  EXPECT_EQ(Ranges(facts.overdue_ranges), (std::vector<Range>{{D(2024, 2, 2), D(2024, 2, 9)}}));
}

TEST(LoanFactsTest, UncuredArrearIsOverdueToTheEndOfTime) {
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      Marked(1, D(2024, 2, 1), D(2024, 2, 5)),
  });
  EXPECT_EQ(Ranges(facts.overdue_ranges), (std::vector<Range>{{D(2024, 2, 2), D(9999, 12, 31)}}));
}

TEST(LoanFactsTest, InstalmentMarkedAgainUsesTheCureAfterEachMark) {
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      Marked(1, D(2024, 2, 1), D(2024, 2, 5)),
      Cured(1, D(2024, 2, 10)),
      Marked(2, D(2024, 3, 1), D(2024, 3, 5)),
  });
  EXPECT_EQ(Ranges(facts.overdue_ranges),
            (std::vector<Range>{{D(2024, 2, 2), D(2024, 2, 9)}, {D(2024, 3, 2), D(9999, 12, 31)}}));
}

TEST(LoanFactsTest, ReversedArrearGivesNoRange) {
  const v1::Event mark = Marked(1, D(2024, 2, 1), D(2024, 2, 5));
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      mark,  // 2
      Reversal(2, mark),
  });
  EXPECT_TRUE(facts.overdue_ranges.empty());
}

TEST(LoanFactsTest, ExtensionRunsFromTheDayAfterTheOldMaturity) {
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      Extended(D(2024, 12, 31), D(2025, 6, 30)),
  });
  EXPECT_EQ(Ranges(facts.extension_ranges), (std::vector<Range>{{D(2025, 1, 1), D(2025, 6, 30)}}));
}

TEST(LoanFactsTest, WriteOffAndCompensationEndTheSubsidyAtTheEarliest) {
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      WrittenOff(2'000'000, D(2024, 9, 1)),
      Compensated(4'000'000, D(2024, 8, 1)),
  });
  ASSERT_TRUE(facts.end_of_subsidy.has_value());
  EXPECT_EQ(*facts.end_of_subsidy, D(2024, 8, 1));
  // The bank no longer lends what they settle.
  EXPECT_EQ(Changes(facts), (std::vector<Change>{{D(2024, 1, 1), 6'000'000},
                                                 {D(2024, 9, 1), -2'000'000},
                                                 {D(2024, 8, 1), -4'000'000}}));
}

TEST(LoanFactsTest, ReversedWriteOffDoesNotEndTheSubsidy) {
  const v1::Event write_off = WrittenOff(6'000'000, D(2024, 9, 1));
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(6'000'000, D(2024, 1, 1)),
      write_off,  // 2
      Reversal(2, write_off),
  });
  EXPECT_FALSE(facts.end_of_subsidy.has_value());
  EXPECT_EQ(Changes(facts), (std::vector<Change>{{D(2024, 1, 1), 6'000'000}}));
}

TEST(LoanFactsTest, NothingDisbursedIsRefused) {
  LoanFactsBuilder builder(TestLoan());
  v1::Event disbursement = Disbursed(6'000'000, D(2024, 1, 1));
  OfTestLoan(&disbursement);
  v1::Event reversal = Reversal(1, disbursement);
  builder.Add(1, disbursement);
  builder.Add(2, reversal);
  const absl::StatusOr<subsidy::LoanFacts> facts = builder.Build();
  EXPECT_EQ(facts.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(facts.status()), reason::kLoanNotDisbursed);
  EXPECT_EQ(FieldOf(facts.status()), "loan");
}

TEST(LoanFactsTest, NoEventsIsRefused) {
  const absl::StatusOr<subsidy::LoanFacts> facts = LoanFactsBuilder(TestLoan()).Build();
  EXPECT_EQ(ReasonOf(facts.status()), reason::kLoanNotDisbursed);
}

TEST(LoanFactsTest, FeedsTheCalculator) {
  const v1::Event keyed_in_error = Repaid(2'000'000, 0, D(2024, 1, 5));
  const subsidy::LoanFacts facts = BuildOk({
      Disbursed(10'000'000, D(2024, 1, 1)),  // 100,000.00 CNY
      keyed_in_error,                        // 2
      Reversal(2, keyed_in_error),           // undone: no effect
      Repaid(4'000'000, 0, D(2024, 1, 11)),  // 40,000.00 CNY
      Marked(1, D(2024, 1, 20), D(2024, 1, 22)),
      Cured(1, D(2024, 1, 26)),  // overdue 01-21..01-25: 5 days
  });
  subsidy::PolicyVersion full;
  full.effective_from = D(2023, 1, 1);
  full.mode = subsidy::SubsidyMode::kFull;
  const absl::StatusOr<subsidy::SubsidyResult> result =
      subsidy::ComputeSubsidy(facts, {full}, {}, {D(2024, 1, 1), D(2024, 1, 31)});
  ASSERT_TRUE(result.ok()) << result.status();
  // Balance: 10,000,000 fen on 01-01..01-10 (10 days), 6,000,000 on 01-11..01-31 (21 days).
  // Interest at 4.35%, actual/360:
  //   (10 × 10,000,000 + 21 × 6,000,000) × 435 / 10,000 / 360
  //   = 226,000,000 × 435 / 3,600,000 = 27,308.33 → 27,308 fen.
  // Subsidy: all of it, except the 5 overdue days at 6,000,000:
  //   (226,000,000 − 5 × 6,000,000) × 435 / 3,600,000
  //   = 196,000,000 × 435 / 3,600,000 = 23,683.33 → 23,683 fen.
  EXPECT_EQ(result->interest_fen, 27'308);
  EXPECT_EQ(result->subsidy_fen, 23'683);
  EXPECT_EQ(result->borrower_fen, 27'308 - 23'683);
}

TEST(LoanFactsBuilder, IgnoresOtherLoansEntries) {
  LoanFactsBuilder builder(TestLoan());
  v1::Event mine = Disbursed(1'000'00, D(2024, 1, 1));
  OfTestLoan(&mine);
  v1::Event other = Disbursed(5'000'00, D(2024, 1, 2));
  other.mutable_loan_disbursed()->set_loan("banks/b1/loans/l2");
  builder.Add(1, mine);
  builder.Add(2, other);
  const absl::StatusOr<subsidy::LoanFacts> facts = builder.Build();
  ASSERT_TRUE(facts.ok()) << facts.status();
  ASSERT_EQ(facts->balance_changes.size(), 1u);
  EXPECT_EQ(facts->balance_changes[0].delta_fen, 1'000'00);
}

}  // namespace
}  // namespace ledger
