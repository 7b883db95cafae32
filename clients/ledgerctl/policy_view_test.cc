#include "clients/ledgerctl/policy_view.h"

#include <algorithm>
#include <string>

#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

v1::Date Day(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::SubsidyPolicyVersion BorrowerPays() {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = Day(2021, 1, 1);
  version.set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  version.set_borrower_spread_bps(150);
  version.set_rate_cap_spread_bps(250);
  version.set_source("doc 21");
  version.set_sequence(1);
  return version;
}

v1::SubsidyPolicyVersion Percent() {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = Day(2023, 1, 1);
  version.set_mode(v1::PERCENT_OF_INTEREST);
  version.set_subsidy_share_bps(5000);
  version.set_rate_cap_spread_bps(-50);
  *version.mutable_principal_cap() = ledger::Cny(200'000'00);
  version.set_max_subsidised_months(36);
  version.set_day_count(v1::ACTUAL_365);
  version.set_version_selection(v1::BY_DAY);
  version.set_sequence(2);
  return version;
}

TEST(FormatPolicyVersionWithCommit, TheModesFigureCapsDefaultsAndCommit) {
  v1::CommitInfo commit;
  commit.set_sequence(1);
  const std::string text = FormatPolicyVersionWithCommit(BorrowerPays(), commit);
  EXPECT_TRUE(Has(text, "effective_from:")) << text;
  EXPECT_TRUE(Has(text, " 2021-01-01\n")) << text;
  EXPECT_TRUE(Has(text, " BORROWER_PAYS_UP_TO_LPR_MINUS\n")) << text;
  EXPECT_TRUE(Has(text, "borrower_spread:")) << text;
  EXPECT_TRUE(Has(text, " 150 bps\n")) << text;
  EXPECT_FALSE(Has(text, "subsidy_share")) << text;
  EXPECT_TRUE(Has(text, " LPR+250 bps\n")) << text;
  EXPECT_TRUE(Has(text, "principal_cap:")) << text;
  EXPECT_TRUE(Has(text, " none\n")) << text;
  // The defaults are shown by the names they stand for.
  EXPECT_TRUE(Has(text, " ACTUAL_360\n")) << text;
  EXPECT_TRUE(Has(text, " BY_CONTRACT_DATE\n")) << text;
  EXPECT_TRUE(Has(text, " doc 21\n")) << text;
  EXPECT_TRUE(Has(text, "sequence:")) << text;
  EXPECT_FALSE(Has(text, "replayed")) << text;

  const std::string percent = FormatPolicyVersionWithCommit(Percent(), commit);
  EXPECT_TRUE(Has(percent, "subsidy_share:")) << percent;
  EXPECT_TRUE(Has(percent, " 5000 bps\n")) << percent;
  EXPECT_FALSE(Has(percent, "borrower_spread")) << percent;
  EXPECT_TRUE(Has(percent, " LPR-50 bps\n")) << percent;
  EXPECT_TRUE(Has(percent, " 200,000.00 CNY\n")) << percent;
  EXPECT_TRUE(Has(percent, " 36\n")) << percent;
  EXPECT_TRUE(Has(percent, " ACTUAL_365\n")) << percent;
  EXPECT_TRUE(Has(percent, " BY_DAY\n")) << percent;
}

TEST(FormatPolicyVersionTable, OneRowPerVersionInOrder) {
  const std::string table = FormatPolicyVersionTable({BorrowerPays(), Percent()});
  EXPECT_EQ(table.rfind("EFFECTIVE_FROM  MODE", 0), 0u) << table;
  const size_t first = table.find("2021-01-01");
  const size_t second = table.find("2023-01-01");
  ASSERT_NE(first, std::string::npos) << table;
  ASSERT_NE(second, std::string::npos) << table;
  EXPECT_LT(first, second);
  EXPECT_TRUE(Has(table, "PERCENT_OF_INTEREST")) << table;
  EXPECT_TRUE(Has(table, "200,000.00 CNY")) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3) << table;
}

TEST(FormatLprFixing, BlockAndTable) {
  v1::LprFixing fixing;
  *fixing.mutable_effective_from() = Day(2024, 7, 22);
  fixing.set_lpr_bps(335);
  fixing.set_sequence(7);
  v1::CommitInfo commit;
  commit.set_sequence(7);
  commit.set_replayed(true);
  const std::string block = FormatLprFixingWithCommit(fixing, commit);
  EXPECT_TRUE(Has(block, " 2024-07-22\n")) << block;
  EXPECT_TRUE(Has(block, " 3.35% (335 bps)\n")) << block;
  EXPECT_TRUE(Has(block, "replayed:")) << block;
  const std::string table = FormatLprFixingTable({fixing});
  EXPECT_TRUE(Has(table, "EFFECTIVE_FROM")) << table;
  EXPECT_TRUE(Has(table, "2024-07-22")) << table;
  EXPECT_TRUE(Has(table, "3.35% (335 bps)")) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 2) << table;
}

}  // namespace
}  // namespace ledgerctl
