// The authorisation matrix of CohortService ("one helps ten"): every role x every RPC x own
// county / other county against a real server (tests/authorization_matrix.h has the fixture;
// SeedCohorts gives each county two cohorts). Cohorts are the county league committee's: its
// officers write their own county's (another county's is PERMISSION_DENIED) and nobody else
// writes; officers read their own county's (another county's cohort is COHORT_NOT_FOUND as if
// absent, listing another county is PERMISSION_DENIED as for ListLoans, a mentor's history
// leaves other counties out), finance staff and auditors read all, banks, funds and admin
// nothing. Written out independently of the server's table; an RPC added to the service
// without a row fails the test.
#include <string>

#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"
#include "tests/authorization_matrix.h"

namespace ledger {
namespace {

Expectations Expected() {
  const std::string cohorts = "microloan.ledger.v1.CohortService.";
  const Cell officer_writes = {OK, PD};
  const std::map<std::string, Cell> writes =
      Row(kDenied, officer_writes, kDenied, kDenied, kDenied, kDenied);
  return {
      {cohorts + "CreateCohort", writes},
      {cohorts + "EnrolMentee", writes},
      {cohorts + "WithdrawMentee", writes},
      {cohorts + "RecordSupport", writes},
      {cohorts + "CloseCohort", writes},
      {cohorts + "SetCohortRules", writes},
      {cohorts + "GetCohortCard",
       Row(kDenied, kScopedNotFound, kBothOk, kDenied, kBothOk, kDenied)},
      {cohorts + "GetCountyCohorts",
       Row(kDenied, kScopedDenied, kBothOk, kDenied, kBothOk, kDenied)},
      // Filtered, not refused: the other county's officer gets an empty history.
      {cohorts + "GetMentorHistory", Row(kDenied, kBothOk, kBothOk, kDenied, kBothOk, kDenied)},
  };
}

TEST_F(AuthorizationMatrixTest, EveryRoleEveryCohortRpcOwnAndOtherCounty) {
  SeedCohorts();
  const int checked = CheckEveryRole(Expected(), {"microloan.ledger.v1.CohortService"});
  EXPECT_GE(checked, 9 * 6 * 2);
}

}  // namespace
}  // namespace ledger
