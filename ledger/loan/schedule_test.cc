#include "ledger/loan/schedule.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/base/date.h"

namespace ledger {
namespace {

using absl::CivilDay;

std::vector<std::string> DueDates(const std::vector<v1::Instalment>& schedule) {
  std::vector<std::string> dates;
  for (const v1::Instalment& instalment : schedule)
    dates.push_back(FormatDate(instalment.due_date()));
  return dates;
}

std::vector<int64_t> PrincipalsFen(const std::vector<v1::Instalment>& schedule) {
  std::vector<int64_t> amounts;
  for (const v1::Instalment& instalment : schedule) {
    EXPECT_EQ(instalment.principal_due().currency_code(), "CNY");
    amounts.push_back(instalment.principal_due().amount_fen());
  }
  return amounts;
}

int64_t SumFen(const std::vector<v1::Instalment>& schedule) {
  int64_t sum_fen = 0;
  for (int64_t fen : PrincipalsFen(schedule)) sum_fen += fen;
  return sum_fen;
}

TEST(AddMonthsClamped, ClampsToTheLastDayOfTheMonth) {
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 1, 31), 1), CivilDay(2024, 2, 29));  // leap year
  EXPECT_EQ(AddMonthsClamped(CivilDay(2025, 1, 31), 1), CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 1, 31), 3), CivilDay(2024, 4, 30));
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 3, 31), 2), CivilDay(2024, 5, 31));
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 1, 10), 0), CivilDay(2024, 1, 10));
}

TEST(AddMonthsClamped, CrossesYears) {
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 11, 30), 3), CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 2, 29), 12), CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 2, 29), 48), CivilDay(2028, 2, 29));
  EXPECT_EQ(AddMonthsClamped(CivilDay(2024, 1, 10), 60), CivilDay(2029, 1, 10));
}

TEST(MaturityOf, IsTheContractDatePlusTheTerm) {
  EXPECT_EQ(MaturityOf(CivilDay(2024, 1, 10), 24), CivilDay(2026, 1, 10));
  EXPECT_EQ(MaturityOf(CivilDay(2023, 8, 31), 6), CivilDay(2024, 2, 29));
}

TEST(BuildSchedule, MonthlyDueDatesAreCountedFromTheContractDate) {
  // A clamped February does not pull March back to the 29th.
  std::vector<v1::Instalment> s =
      BuildSchedule(300, CivilDay(2024, 1, 31), 3, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  EXPECT_EQ(DueDates(s), (std::vector<std::string>{"2024-02-29", "2024-03-31", "2024-04-30"}));
  s = BuildSchedule(300, CivilDay(2025, 1, 31), 2, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  EXPECT_EQ(DueDates(s), (std::vector<std::string>{"2025-02-28", "2025-03-31"}));
}

TEST(BuildSchedule, InstalmentsAreNumberedFromOne) {
  std::vector<v1::Instalment> s =
      BuildSchedule(1'000'00, CivilDay(2024, 1, 10), 12, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  ASSERT_EQ(s.size(), 12u);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(s[i].number(), i + 1);
  EXPECT_EQ(FormatDate(s.back().due_date()), "2025-01-10");
}

TEST(BuildSchedule, EqualPrincipalPutsTheRemainderLast) {
  std::vector<v1::Instalment> s =
      BuildSchedule(100001, CivilDay(2024, 1, 10), 3, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{33333, 33333, 33335}));
  s = BuildSchedule(2, CivilDay(2024, 1, 10), 3, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{0, 0, 2}));
  s = BuildSchedule(120'000'00, CivilDay(2024, 1, 10), 12, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  for (int64_t fen : PrincipalsFen(s)) EXPECT_EQ(fen, 10'000'00);
}

TEST(BuildSchedule, QuarterlyEndsOnTheMaturityDate) {
  std::vector<v1::Instalment> s =
      BuildSchedule(100001, CivilDay(2024, 1, 31), 7, v1::EQUAL_PRINCIPAL, v1::QUARTERLY);
  EXPECT_EQ(DueDates(s), (std::vector<std::string>{"2024-04-30", "2024-07-31", "2024-08-31"}));
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{33333, 33333, 33335}));
  EXPECT_EQ(ToCivilDay(s.back().due_date()), MaturityOf(CivilDay(2024, 1, 31), 7));

  s = BuildSchedule(1'200'00, CivilDay(2024, 1, 10), 12, v1::EQUAL_PRINCIPAL, v1::QUARTERLY);
  EXPECT_EQ(DueDates(s),
            (std::vector<std::string>{"2024-04-10", "2024-07-10", "2024-10-10", "2025-01-10"}));
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{300'00, 300'00, 300'00, 300'00}));

  // A term shorter than a quarter is one instalment at maturity.
  s = BuildSchedule(500, CivilDay(2024, 1, 10), 2, v1::EQUAL_PRINCIPAL, v1::QUARTERLY);
  EXPECT_EQ(DueDates(s), (std::vector<std::string>{"2024-03-10"}));
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{500}));
}

TEST(BuildSchedule, BulletRepaysAllPrincipalAtMaturity) {
  std::vector<v1::Instalment> s =
      BuildSchedule(50'000'00, CivilDay(2024, 1, 10), 6, v1::BULLET, v1::MONTHLY);
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{0, 0, 0, 0, 0, 50'000'00}));
  EXPECT_EQ(FormatDate(s.back().due_date()), "2024-07-10");
  s = BuildSchedule(50'000'01, CivilDay(2024, 1, 10), 7, v1::BULLET, v1::QUARTERLY);
  EXPECT_EQ(PrincipalsFen(s), (std::vector<int64_t>{0, 0, 50'000'01}));
  EXPECT_EQ(FormatDate(s.back().due_date()), "2024-08-10");
}

TEST(BuildSchedule, SixtyMonthsIsTheLongestTerm) {
  std::vector<v1::Instalment> s =
      BuildSchedule(1'000'000'00, CivilDay(2024, 2, 29), 60, v1::EQUAL_PRINCIPAL, v1::MONTHLY);
  ASSERT_EQ(s.size(), 60u);
  EXPECT_EQ(s.back().number(), 60);
  EXPECT_EQ(FormatDate(s.back().due_date()), "2029-02-28");
  EXPECT_EQ(FormatDate(s[47].due_date()), "2028-02-29");
  s = BuildSchedule(1'000'000'00, CivilDay(2024, 2, 29), 60, v1::EQUAL_PRINCIPAL, v1::QUARTERLY);
  ASSERT_EQ(s.size(), 20u);
  EXPECT_EQ(FormatDate(s.back().due_date()), "2029-02-28");
}

TEST(BuildSchedule, PrincipalsAlwaysSumToThePrincipal) {
  const int64_t principals_fen[] = {1, 2, 59, 61, 100001, 99'999'99, 10'000'000'00};
  for (int64_t principal_fen : principals_fen) {
    for (int term = 1; term <= 60; ++term) {
      for (v1::RepaymentMethod method : {v1::EQUAL_PRINCIPAL, v1::BULLET}) {
        for (v1::PaymentFrequency frequency : {v1::MONTHLY, v1::QUARTERLY}) {
          std::vector<v1::Instalment> s =
              BuildSchedule(principal_fen, CivilDay(2024, 1, 31), term, method, frequency);
          ASSERT_EQ(SumFen(s), principal_fen) << principal_fen << " " << term;
          ASSERT_EQ(static_cast<int>(s.size()), frequency == v1::MONTHLY ? term : (term + 2) / 3);
          EXPECT_EQ(ToCivilDay(s.back().due_date()), MaturityOf(CivilDay(2024, 1, 31), term));
          for (size_t i = 1; i < s.size(); ++i) {
            EXPECT_LT(ToCivilDay(s[i - 1].due_date()), ToCivilDay(s[i].due_date()));
          }
          for (int64_t fen : PrincipalsFen(s)) EXPECT_GE(fen, 0);
        }
      }
    }
  }
}

}  // namespace
}  // namespace ledger
