#include "clients/ledgerctl/cli_flags.h"

#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

const std::vector<FlagSpec>& Globals() {
  static const auto* specs = new std::vector<FlagSpec>{
      {"server", true, "HOST:PORT", "server address"},
      {"json", false, "", "print JSON"},
      {"help", false, "", "show help"},
  };
  return *specs;
}

std::vector<FlagSpec> GetSpecs() {
  std::vector<FlagSpec> specs = Globals();
  specs.push_back({"loan", true, "NAME", "the loan"});
  specs.push_back({"all", false, "", "every page"});
  return specs;
}

TEST(SplitCommand, FindsCommandAfterGlobalFlagsInBothForms) {
  std::vector<std::string> rest;
  absl::StatusOr<std::string> command =
      SplitCommand({"--server", "h:1", "--json", "get", "--loan=x"}, Globals(), &rest);
  ASSERT_TRUE(command.ok()) << command.status();
  EXPECT_EQ(*command, "get");
  EXPECT_EQ(rest, (std::vector<std::string>{"--server", "h:1", "--json", "--loan=x"}));

  command = SplitCommand({"--server=h:1", "head"}, Globals(), &rest);
  EXPECT_EQ(*command, "head");
  EXPECT_EQ(rest, (std::vector<std::string>{"--server=h:1"}));
}

TEST(SplitCommand, NoCommandIsEmpty) {
  std::vector<std::string> rest;
  EXPECT_EQ(*SplitCommand({"--help"}, Globals(), &rest), "");
  EXPECT_EQ(*SplitCommand({}, Globals(), &rest), "");
}

TEST(SplitCommand, CommandFlagBeforeCommandIsRefused) {
  std::vector<std::string> rest;
  absl::Status status = SplitCommand({"--loan", "x", "get"}, Globals(), &rest).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--loan"), absl::string_view::npos);
}

TEST(ParseFlags, BothValueForms) {
  absl::StatusOr<ParsedFlags> flags =
      ParseFlags({"--loan=banks/B/loans/L", "--server", "h:2"}, GetSpecs());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(*flags->Get("loan"), "banks/B/loans/L");
  EXPECT_EQ(*flags->Get("server"), "h:2");
  EXPECT_FALSE(flags->Get("all").has_value());
  EXPECT_FALSE(flags->GetBool("json"));
}

TEST(ParseFlags, ValueMayContainEqualsAndBeEmpty) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags({"--loan=a=b", "--server="}, GetSpecs());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(*flags->Get("loan"), "a=b");
  EXPECT_EQ(*flags->Get("server"), "");
}

TEST(ParseFlags, BooleanFlagsNeverTakeTheNextArgument) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags({"--json", "--all=false"}, GetSpecs());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_TRUE(flags->GetBool("json"));
  EXPECT_FALSE(flags->GetBool("all"));
  EXPECT_FALSE(ParseFlags({"--json", "yes"}, GetSpecs()).ok());
  EXPECT_FALSE(ParseFlags({"--json=yes"}, GetSpecs()).ok());
}

TEST(ParseFlags, HelpInBothSpellings) {
  EXPECT_TRUE(ParseFlags({"--help"}, GetSpecs())->GetBool("help"));
  EXPECT_TRUE(ParseFlags({"-h"}, GetSpecs())->GetBool("help"));
}

TEST(ParseFlags, RefusesUnknownRepeatedMissingAndStray) {
  absl::Status unknown = ParseFlags({"--lone=x"}, GetSpecs()).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.message(), "unknown flag --lone");
  EXPECT_EQ(ParseFlags({"--loan=a", "--loan=b"}, GetSpecs()).status().message(),
            "flag --loan given twice");
  EXPECT_EQ(ParseFlags({"--loan"}, GetSpecs()).status().message(),
            "flag --loan needs a value: --loan=NAME");
  EXPECT_FALSE(ParseFlags({"--loan", "--json"}, GetSpecs()).ok());
  EXPECT_FALSE(ParseFlags({"stray"}, GetSpecs()).ok());
  EXPECT_FALSE(ParseFlags({"--"}, GetSpecs()).ok());
  EXPECT_FALSE(ParseFlags({"-x"}, GetSpecs()).ok());
}

TEST(ParseFlags, DashValueIsTakenSoItsParserCanRefuseIt) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags({"--loan", "-5"}, GetSpecs());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(*flags->Get("loan"), "-5");
}

TEST(ParseFlags, DashesInANameAreUnderscores) {
  std::vector<FlagSpec> specs = {{"value_date", true, "YYYY-MM-DD", "the date"}};
  absl::StatusOr<ParsedFlags> flags = ParseFlags({"--value-date", "2024-01-15"}, specs);
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(*flags->Get("value_date"), "2024-01-15");
  // Both spellings are one flag.
  EXPECT_EQ(ParseFlags({"--value-date=1", "--value_date=2"}, specs).status().message(),
            "flag --value_date given twice");
  std::vector<std::string> rest;
  EXPECT_EQ(*SplitCommand({"--time-out", "x"}, {{"time_out", true, "N", ""}}, &rest), "");
  EXPECT_EQ(rest, (std::vector<std::string>{"--time-out", "x"}));
}

TEST(ParseFlags, RepeatableFlagKeepsEveryValueInOrder) {
  std::vector<FlagSpec> specs = GetSpecs();
  specs.push_back({"party", true, "ID", "a party", /*repeatable=*/true});
  absl::StatusOr<ParsedFlags> flags =
      ParseFlags({"--party=P-1", "--loan=x", "--party", "P-2"}, specs);
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->GetAll("party"), (std::vector<std::string>{"P-1", "P-2"}));
  EXPECT_EQ(flags->GetAll("loan"), (std::vector<std::string>{"x"}));
  EXPECT_TRUE(flags->GetAll("all").empty());
  EXPECT_EQ(*flags->Get("party"), "P-2");
}

TEST(FormatFlagHelp, AlignsHelpColumn) {
  EXPECT_EQ(FormatFlagHelp({{"loan", true, "NAME", "the loan"}, {"all", false, "", "all"}}),
            "  --loan=NAME  the loan\n"
            "  --all        all\n");
  EXPECT_EQ(FormatFlagHelp({{"party", true, "ID", "a party", true}}), "  --party=ID...  a party\n");
}

}  // namespace
}  // namespace ledgerctl
