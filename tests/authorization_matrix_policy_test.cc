// The authorisation matrix of PolicyService: every role x every RPC x own scope / other scope
// against a real server (tests/authorization_matrix.h has the fixture). Subsidy policy versions
// and LPR fixings belong to no bank, county or fund, so own and other scope answer alike:
// finance staff write them, and they are public programme information that every role but
// admin reads. The expectations are written out here, independently of the server's table; an
// RPC added to the service without a row fails the test.
#include <string>

#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "tests/authorization_matrix.h"

namespace ledger {
namespace {

Expectations Expected() {
  const std::string policies = "microloan.ledger.v1.PolicyService.";
  return {
      {policies + "AddSubsidyPolicyVersion",
       Row(kDenied, kDenied, kBothOk, kDenied, kDenied, kDenied)},
      {policies + "RecordLprFixing", Row(kDenied, kDenied, kBothOk, kDenied, kDenied, kDenied)},
      {policies + "ListSubsidyPolicyVersions",
       Row(kBothOk, kBothOk, kBothOk, kBothOk, kBothOk, kDenied)},
      {policies + "ListLprFixings", Row(kBothOk, kBothOk, kBothOk, kBothOk, kBothOk, kDenied)},
  };
}

TEST_F(AuthorizationMatrixTest, EveryRoleEveryPolicyRpcOwnAndOtherScope) {
  const int checked = CheckEveryRole(Expected(), {"microloan.ledger.v1.PolicyService"});
  EXPECT_GE(checked, 4 * 6 * 2);
}

TEST_F(AuthorizationMatrixTest, EveryRoleButAdminReadsWhatFinanceWrote) {
  auto policies = v1::PolicyService::NewStub(server_.NewChannel());
  v1::RecordLprFixingRequest record;
  record.set_request_id("lpr-1");
  record.mutable_fixing()->mutable_effective_from()->set_year(2024);
  record.mutable_fixing()->mutable_effective_from()->set_month(2);
  record.mutable_fixing()->mutable_effective_from()->set_day(20);
  record.mutable_fixing()->set_lpr_bps(345);
  v1::LprFixingResponse recorded;
  grpc::Status s = policies->RecordLprFixing(Context("finance-1").get(), record, &recorded);
  ASSERT_TRUE(s.ok()) << s.error_message();
  for (const auto& [role, principal] : MatrixRoles()) {
    v1::ListLprFixingsResponse listed;
    s = policies->ListLprFixings(Context(principal).get(), v1::ListLprFixingsRequest(), &listed);
    if (role == "admin") {
      EXPECT_EQ(s.error_code(), PD) << role;
      continue;
    }
    ASSERT_TRUE(s.ok()) << role << ": " << s.error_message();
    ASSERT_EQ(listed.fixings_size(), 1) << role;
    EXPECT_EQ(listed.fixings(0).lpr_bps(), 345) << role;
    EXPECT_EQ(listed.fixings(0).sequence(), recorded.commit().sequence()) << role;
  }
}

}  // namespace
}  // namespace ledger
