// Every service with rows in the authorisation table (ledger/auth/authorization.cc) has a
// matrix test: some tests/authorization_matrix*_test.cc names it in a CheckEveryRole call.
// With CheckEveryRole's own check (every method of a service it is given needs an expected
// row), a new RPC, or a new service, cannot ship without its every-role, own/other-scope test.
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "ledger/auth/authorization.h"

namespace ledger {
namespace {

constexpr const char* kMatrixTests[] = {
    "tests/authorization_matrix_test.cc",
    "tests/authorization_matrix_guarantee_account_test.cc",
    "tests/authorization_matrix_policy_test.cc",
    "tests/authorization_matrix_subsidy_test.cc",
    "tests/authorization_matrix_cohort_test.cc",
    "tests/authorization_matrix_batch_test.cc",
};

TEST(AuthorizationMatrixCoverage, EveryServiceOfTheTableHasAMatrixTest) {
  std::string sources;
  for (const char* path : kMatrixTests) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << "cannot read " << path << " (a data dependency of this test)";
    std::ostringstream text;
    text << in.rdbuf();
    sources += text.str();
  }
  std::set<std::string> services;
  for (const MethodRule& rule : AuthorizationTable()) {
    const std::string method = rule.method;
    services.insert(method.substr(0, method.rfind('.')));
  }
  EXPECT_GE(services.size(), 7u);
  for (const std::string& service : services) {
    EXPECT_NE(sources.find("\"" + service + "\""), std::string::npos)
        << service << " has rows in the authorisation table but no matrix test calls "
        << "CheckEveryRole with it";
  }
}

}  // namespace
}  // namespace ledger
