#include "clients/ledgerctl/flag_values.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(RequiredString, MissingOrEmptyIsAUsageError) {
  EXPECT_EQ(*RequiredString(Flags({{"loan", "x"}}), "loan"), "x");
  EXPECT_EQ(RequiredString(Flags({}), "loan").status().message(), "missing required flag --loan");
  EXPECT_FALSE(RequiredString(Flags({{"loan", ""}}), "loan").ok());
  EXPECT_EQ(OptionalString(Flags({}), "bank"), "");
}

TEST(UintFlag, DigitsWithinBound) {
  EXPECT_EQ(*UintFlagOr(Flags({}), "page_size", 500, 7), 7u);
  EXPECT_EQ(*UintFlagOr(Flags({{"page_size", "500"}}), "page_size", 500, 0), 500u);
  for (const char* bad : {"501", "-1", "+1", " 1", "1.0", "", "x"}) {
    absl::Status status = UintFlagOr(Flags({{"page_size", bad}}), "page_size", 500, 0).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(*RequiredUint(Flags({{"sequence", "18446744073709551615"}}), "sequence", UINT64_MAX),
            UINT64_MAX);
  EXPECT_FALSE(
      RequiredUint(Flags({{"sequence", "18446744073709551616"}}), "sequence", UINT64_MAX).ok());
}

TEST(RequiredDate, CalendarDaysOnly) {
  absl::StatusOr<microloan::ledger::v1::Date> date =
      RequiredDate(Flags({{"value_date", "2024-02-29"}}), "value_date");
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ(date->year(), 2024);
  EXPECT_EQ(date->month(), 2);
  EXPECT_EQ(date->day(), 29);
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-5", "20240105", "yesterday"}) {
    absl::Status status = RequiredDate(Flags({{"value_date", bad}}), "value_date").status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status.message().rfind("--value_date: ", 0), 0u) << status;
  }
}

TEST(Amount, YuanOrFenButNotBoth) {
  EXPECT_EQ(*RequiredAmount(Flags({{"amount", "50000"}}), "amount"), 5000000);
  EXPECT_EQ(*RequiredAmount(Flags({{"amount_fen", "5000000"}}), "amount"), 5000000);
  EXPECT_EQ(
      RequiredAmount(Flags({{"amount", "1"}, {"amount_fen", "100"}}), "amount").status().message(),
      "give --amount or --amount_fen, not both");
  EXPECT_EQ(RequiredAmount(Flags({}), "amount").status().message(),
            "missing required flag --amount (or --amount_fen)");
  EXPECT_FALSE(OptionalAmount(Flags({}), "interest")->has_value());
  EXPECT_EQ(**OptionalAmount(Flags({{"interest", "12.34"}}), "interest"), 1234);
}

TEST(Amount, BadTextNamesTheFlag) {
  absl::Status status = RequiredAmount(Flags({{"amount", "1,000"}}), "amount").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().rfind("--amount: '1,000'", 0), 0u) << status;
  status = RequiredAmount(Flags({{"amount_fen", "10.5"}}), "amount").status();
  EXPECT_EQ(status.message().rfind("--amount_fen: ", 0), 0u) << status;
}

TEST(AmountFlagSpecs, DeclaresBothSpellings) {
  std::vector<FlagSpec> specs = AmountFlagSpecs("amount", "how much");
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].name, "amount");
  EXPECT_EQ(specs[1].name, "amount_fen");
  EXPECT_TRUE(specs[0].takes_value && specs[1].takes_value);
}

TEST(OptionalDate, AbsentIsNulloptAndBadIsRefused) {
  EXPECT_FALSE(OptionalDate(Flags({}), "as_of")->has_value());
  absl::StatusOr<std::optional<microloan::ledger::v1::Date>> date =
      OptionalDate(Flags({{"as_of", "2024-05-01"}}), "as_of");
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ((*date)->month(), 5);
  EXPECT_FALSE(OptionalDate(Flags({{"as_of", "2024-02-30"}}), "as_of").ok());
  EXPECT_FALSE(OptionalDate(Flags({{"as_of", ""}}), "as_of").ok());
}

TEST(Choice, WordsMatchIgnoringCaseAndDashOrUnderscore) {
  const std::vector<Choice> methods = {{"equal-principal", 1}, {"bullet", 2}};
  EXPECT_EQ(*ParseChoice("method", "equal-principal", methods), 1);
  EXPECT_EQ(*ParseChoice("method", "EQUAL_PRINCIPAL", methods), 1);
  EXPECT_EQ(*ParseChoice("method", "Bullet", methods), 2);
  EXPECT_EQ(ParseChoice("method", "balloon", methods).status().message(),
            "--method: 'balloon' is not one of equal-principal, bullet");
  EXPECT_FALSE(OptionalChoice(Flags({}), "method", methods)->has_value());
  EXPECT_EQ(**OptionalChoice(Flags({{"method", "bullet"}}), "method", methods), 2);
  EXPECT_EQ(RequiredChoice(Flags({}), "method", methods).status().message(),
            "missing required flag --method");
}

}  // namespace
}  // namespace ledgerctl
