#include "ledger/auth/policy.h"

#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

constexpr char kExample[] = R"(# principal      role             scope
bank-B001        bank             B001      # own loans only
officer-370281   county_officer   370281
finance-1        finance
fund-F001        guarantee_fund   F001
auditor-1        auditor
admin-1          admin
)";

TEST(Policy, ParsesEveryRoleWithItsScope) {
  absl::StatusOr<Policy> policy = Policy::Parse(kExample);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->size(), 6u);
  const Grant* bank = policy->Find("bank-B001");
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->role, Role::kBank);
  EXPECT_EQ(bank->scope, "B001");
  EXPECT_EQ(policy->Find("officer-370281")->role, Role::kCountyOfficer);
  EXPECT_EQ(policy->Find("finance-1")->scope, "");
  EXPECT_EQ(policy->Find("nobody"), nullptr);
  EXPECT_STREQ(RoleName(Role::kGuaranteeFund), "guarantee_fund");
}

TEST(Policy, RefusesTheWholeFileOnAnyBadLineAndSaysWhich) {
  for (const char* bad :
       {"bank-B001 bank", "finance-1 finance F1", "x teller", "x", "officer county_officer 3702",
        "a bank B1\na bank B2", "bad/name bank B1", "a bank B1 extra"}) {
    absl::StatusOr<Policy> policy = Policy::Parse(absl::StrCat(kExample, bad, "\n"));
    EXPECT_FALSE(policy.ok()) << bad;
    EXPECT_NE(policy.status().message().find("line"), absl::string_view::npos) << bad;
  }
}

TEST(PolicyHolder, ReloadSwapsAtomicallyAndKeepsTheOldPolicyOnError) {
  const std::string path = FreshTempDir("policy") + ".txt";
  std::ofstream(path) << "bank-B001 bank B001\n";
  absl::StatusOr<Policy> initial = Policy::Load(path);
  ASSERT_TRUE(initial.ok());
  PolicyHolder holder(std::move(*initial), path);
  std::shared_ptr<const Policy> in_flight = holder.Current();  // a call that started earlier

  std::ofstream(path) << "bank-B002 bank B002\n";
  ASSERT_TRUE(holder.Reload().ok());
  EXPECT_EQ(holder.Current()->Find("bank-B001"), nullptr);
  EXPECT_NE(holder.Current()->Find("bank-B002"), nullptr);
  EXPECT_NE(in_flight->Find("bank-B001"), nullptr);  // the earlier call is unaffected

  std::ofstream(path) << "bank-B003 teller\n";
  EXPECT_FALSE(holder.Reload().ok());
  std::ofstream(path) << "";  // caught mid-write
  EXPECT_FALSE(holder.Reload().ok());
  EXPECT_NE(holder.Current()->Find("bank-B002"), nullptr);  // still the last good one
  EXPECT_FALSE(Policy::Load(path + ".missing").ok());
}

}  // namespace
}  // namespace ledger
