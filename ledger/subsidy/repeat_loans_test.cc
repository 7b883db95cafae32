#include "ledger/subsidy/repeat_loans.h"

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/v1/policy.pb.h"

namespace ledger {
namespace {

const std::string kPerson(32, 'p');

v1::SubsidyPolicyVersion Version(absl::CivilDay from, std::optional<int> max_repeat_loans) {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = ToDate(from);
  version.set_mode(v1::FULL_SUBSIDY);
  if (max_repeat_loans) version.set_max_repeat_loans(*max_repeat_loans);
  return version;
}

void AddLoans(MapProjectionState& state, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(RecordPersonLoan(kPerson, "banks/B001/loans/L" + std::to_string(i), state).ok());
  }
}

TEST(RepeatLoanLimitOn, TheVersionInForceThatDayDecides) {
  MapProjectionState state;
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2024, 1, 1)), std::nullopt);
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2021, 1, 1), 3), state).ok());
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2023, 1, 1), std::nullopt), state).ok());
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2025, 4, 1), 0), state).ok());
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2020, 12, 31)), std::nullopt);  // none yet
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2021, 1, 1)), 3);
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2022, 12, 31)), 3);
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2023, 1, 1)), std::nullopt);  // no limit
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2025, 3, 31)), std::nullopt);
  EXPECT_EQ(*RepeatLoanLimitOn(state, absl::CivilDay(2025, 4, 1)), 0);
}

TEST(CheckRepeatLoanLimit, AFirstLoanPlusThreeRepeatsThenRefused) {
  MapProjectionState state;
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2021, 1, 1), 3), state).ok());
  const absl::CivilDay day(2024, 6, 1);
  for (int earlier = 0; earlier <= 3; ++earlier) {
    EXPECT_TRUE(CheckRepeatLoanLimit(state, kPerson, day, day).ok()) << earlier;
    AddLoans(state, 1);
  }
  const absl::Status refused = CheckRepeatLoanLimit(state, kPerson, day, day);  // a 5th loan
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused), reason::kRepeatLoanLimit);
  EXPECT_EQ(FieldOf(refused), "national_id");
  // Another person, or a loan without a resident ID, is not affected.
  EXPECT_TRUE(CheckRepeatLoanLimit(state, std::string(32, 'q'), day, day).ok());
  EXPECT_TRUE(CheckRepeatLoanLimit(state, "", day, day).ok());
  // A contract back-dated to before the limit existed does not escape it: today's applies.
  EXPECT_EQ(ReasonOf(CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2020, 6, 1), day)),
            reason::kRepeatLoanLimit);
}

TEST(CheckRepeatLoanLimit, ZeroRepeatsAllowsOnlyTheFirst) {
  MapProjectionState state;
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2021, 1, 1), 0), state).ok());
  EXPECT_TRUE(
      CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 1, 1))
          .ok());
  AddLoans(state, 1);
  EXPECT_EQ(ReasonOf(CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2024, 1, 1),
                                          absl::CivilDay(2024, 1, 1))),
            reason::kRepeatLoanLimit);
}

TEST(CheckRepeatLoanLimit, TheStricterOfContractDayAndTodayApplies) {
  MapProjectionState state;
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2021, 1, 1), 1), state).ok());
  ASSERT_TRUE(RecordRepeatLoanLimit(Version(absl::CivilDay(2024, 1, 1), 3), state).ok());
  AddLoans(state, 2);
  // Signed under the limit of 1 repeat, created after it was raised to 3: still refused.
  EXPECT_EQ(ReasonOf(CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2023, 6, 1),
                                          absl::CivilDay(2024, 2, 1))),
            reason::kRepeatLoanLimit);
  // Signed and created under the raised limit.
  EXPECT_TRUE(
      CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2024, 1, 5), absl::CivilDay(2024, 2, 1))
          .ok());
}

TEST(CheckRepeatLoanLimit, TheLedgerBoundHoldsWithoutAPolicy) {
  MapProjectionState state;
  AddLoans(state, kMaxLoansPerPerson - 1);
  EXPECT_TRUE(
      CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 1, 1))
          .ok());
  AddLoans(state, 1);
  EXPECT_EQ(ReasonOf(CheckRepeatLoanLimit(state, kPerson, absl::CivilDay(2024, 1, 1),
                                          absl::CivilDay(2024, 1, 1))),
            reason::kRepeatLoanLimit);
  EXPECT_FALSE(RecordPersonLoan(kPerson, "banks/B001/loans/X", state).ok());
}

TEST(PersonLoans, KeptInCreationOrder) {
  MapProjectionState state;
  AddLoans(state, 3);
  absl::StatusOr<internal::PersonLoans> loans = LoadPersonLoans(state, kPerson);
  ASSERT_TRUE(loans.ok());
  ASSERT_EQ(loans->loans_size(), 3);
  EXPECT_EQ(loans->loans(0), "banks/B001/loans/L0");
  EXPECT_EQ(loans->loans(2), "banks/B001/loans/L2");
  state.Put("person_loans/" + kPerson, "\xff\xff not a protobuf");
  EXPECT_EQ(LoadPersonLoans(state, kPerson).status().code(), absl::StatusCode::kDataLoss);
}

TEST(DescribeRepeatLoanKey, NamesItsRowsOnly) {
  EXPECT_EQ(DescribeRepeatLoanKey("meta/repeat_loan_limits"),
            "the repeat-loan limits of the policy versions");
  EXPECT_EQ(DescribeRepeatLoanKey("person_loans/" + std::string("\x1a\x2b\x3c\x4d\x5e", 5)),
            "loans of person 1a2b3c4d...");
  EXPECT_EQ(DescribeRepeatLoanKey("loan/B1"), "");
}

}  // namespace
}  // namespace ledger
