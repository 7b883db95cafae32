// The authorisation matrix of SubsidyService: every role x every RPC x own scope / other scope
// against a real server (tests/authorization_matrix.h has the fixture). ComputeSubsidy is a
// read of one loan, so it is scoped exactly like GetLoan: a bank its own loans, a county
// officer its county's, a guarantee fund the loans its fund was asked to guarantee, finance and
// auditors every loan; another scope's loan is NOT_FOUND as if it did not exist.
// ListLoanSubsidies lists the loans ListLoans would. Claims are between a bank and the
// programme: the bank submits and reads its own, finance staff decide and pay, auditors read. The
// expectations are written out here, independently of the server's table; an RPC added to the
// service without a row fails the test.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"
#include "tests/authorization_matrix.h"

namespace ledger {
namespace {

Expectations Expected() {
  const std::string subsidies = "microloan.ledger.v1.SubsidyService.";
  return {
      {subsidies + "ComputeSubsidy",
       Row(kScopedNotFound, kScopedNotFound, kBothOk, kScopedNotFound, kBothOk, kDenied)},
      // Listed like ListLoans: a bank or an officer naming another's bank or county is
      // refused; a fund lists its own fund's loans whatever county it names (none there).
      {subsidies + "ListLoanSubsidies",
       Row(kScopedDenied, kScopedDenied, kBothOk, kBothOk, kBothOk, kDenied)},
      // A bank claims for itself only (another bank_id is PERMISSION_DENIED on bank_id).
      {subsidies + "SubmitSubsidyClaim",
       Row(kScopedDenied, kDenied, kDenied, kDenied, kDenied, kDenied)},
      // Finance staff decide on and pay every bank's claims; nobody else does.
      {subsidies + "ApproveSubsidyClaim",
       Row(kDenied, kDenied, kBothOk, kDenied, kDenied, kDenied)},
      {subsidies + "RejectSubsidyClaim", Row(kDenied, kDenied, kBothOk, kDenied, kDenied, kDenied)},
      {subsidies + "RecordSubsidyPayment",
       Row(kDenied, kDenied, kBothOk, kDenied, kDenied, kDenied)},
      // A bank reads its own claims: another bank's is CLAIM_NOT_FOUND as if absent, and
      // listing another bank's is PERMISSION_DENIED; finance and auditors read all.
      {subsidies + "GetSubsidyClaim",
       Row(kScopedNotFound, kDenied, kBothOk, kDenied, kBothOk, kDenied)},
      {subsidies + "ListSubsidyClaims",
       Row(kScopedDenied, kDenied, kBothOk, kDenied, kBothOk, kDenied)},
  };
}

TEST_F(AuthorizationMatrixTest, EveryRoleEverySubsidyRpcOwnAndOtherScope) {
  const int checked = CheckEveryRole(Expected(), {"microloan.ledger.v1.SubsidyService"});
  EXPECT_GE(checked, 8 * 6 * 2);
}

// A fund sees a loan from the bank's request on, before it has issued the guarantee: it may
// ask what the loan's subsidy is while it decides. Another fund's requested loan stays hidden.
TEST_F(AuthorizationMatrixTest, AFundComputesTheSubsidyOfALoanItWasAskedToGuarantee) {
  auto subsidies = v1::SubsidyService::NewStub(server_.NewChannel());
  std::string fund_principal;
  for (const auto& [role, principal] : MatrixRoles()) {
    if (role == "guarantee_fund") fund_principal = principal;
  }
  ASSERT_FALSE(fund_principal.empty());
  for (const Target* target : {&own_, &other_}) {
    v1::ComputeSubsidyRequest request;
    request.set_loan(absl::StrCat("banks/", target->bank, "/loans/", target->requested));
    v1::DatePeriod* period = request.add_periods();
    *period->mutable_first_day() = Day(2024, 1, 15);
    *period->mutable_last_day() = Day(2024, 3, 20);
    v1::ComputeSubsidyResponse response;
    grpc::Status s = subsidies->ComputeSubsidy(Context(fund_principal).get(), request, &response);
    if (target == &own_) {
      EXPECT_TRUE(s.ok()) << s.error_message();
    } else {
      EXPECT_EQ(s.error_code(), NF) << s.error_message();
      EXPECT_EQ(ReasonOf(s), "LOAN_NOT_FOUND");
    }
  }
}

}  // namespace
}  // namespace ledger
