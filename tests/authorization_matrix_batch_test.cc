// The authorisation matrix of BatchService: every role x every RPC x own scope / other scope
// against a real server (tests/authorization_matrix.h has the fixture; the batch calls are in
// authorization_matrix_batch_calls.cc). Batches are a bank's way to post many of its loan
// commands at once: only banks post them (everyone else is PERMISSION_DENIED for the whole
// call), and each command of a batch is authorised and scoped as its unary LoanService RPC, so
// a bank's command on another bank's loan is LOAN_NOT_FOUND as if the loan were absent. The
// expectations are written out here, independently of the server's table; an RPC added to the
// service without a row fails the test.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"
#include "tests/authorization_matrix.h"

namespace ledger {
namespace {

Expectations Expected() {
  const std::string batches = "microloan.ledger.v1.BatchService.";
  return {
      // As RecordRepayment: the matrix's batch is one repayment on the target's loan.
      {batches + "SubmitBatch", Row(kScopedNotFound, kDenied, kDenied, kDenied, kDenied, kDenied)},
  };
}

TEST_F(AuthorizationMatrixTest, EveryRoleEveryBatchRpcOwnAndOtherScope) {
  const int checked = CheckEveryRole(Expected(), {"microloan.ledger.v1.BatchService"});
  EXPECT_GE(checked, 1 * 6 * 2);
}

// Every kind of batch command, on the bank's own loan and on another bank's, in one batch:
// each is answered as its unary RPC would be (the table's rows for LoanService).
TEST_F(AuthorizationMatrixTest, EachBatchCommandIsAuthorisedAsItsUnaryRpc) {
  struct Expected {
    std::string what;
    StatusCode code;  // RULES: authorised, then the rules decided
  };
  v1::SubmitBatchRequest request;
  std::vector<Expected> expected;
  for (const Target* target : {&own_, &other_}) {
    const bool own = target == &own_;
    const std::string tag = own ? "own" : "other";
    *request.add_commands()->mutable_create_loan() =
        CreateRequest("b-create-" + tag, "B" + tag, 1000, target->county, target->bank);
    expected.push_back({"CreateLoan " + tag, own ? OK : PD});

    *request.add_commands()->mutable_disburse_loan() =
        DisburseRequest("b-disburse-" + tag, target->loan, 1, target->bank);
    v1::RecordRepaymentRequest repayment = RepayRequest("b-repay-" + tag, target->loan, 1, 0);
    repayment.set_name(target->name);
    *request.add_commands()->mutable_record_repayment() = repayment;
    v1::MarkInstalmentOverdueRequest mark;
    mark.set_request_id("b-overdue-" + tag);
    mark.set_name(target->name);
    mark.set_instalment(1);
    *mark.mutable_interest_overdue() = Cny(100);
    *mark.mutable_value_date() = Day(2024, 4, 1);
    *request.add_commands()->mutable_mark_instalment_overdue() = mark;
    v1::CureArrearRequest cure;
    cure.set_request_id("b-cure-" + tag);
    cure.set_name(target->name);
    cure.set_instalment(1);
    *cure.mutable_value_date() = Day(2024, 4, 2);
    *request.add_commands()->mutable_cure_arrear() = cure;
    // The bank's own guaranteed loan has its first instalment due: the arrear commands are
    // the rules' business there.
    expected.push_back({"DisburseLoan " + tag, own ? OK : NF});
    expected.push_back({"RecordRepayment " + tag, own ? OK : NF});
    expected.push_back({"MarkInstalmentOverdue " + tag, own ? RULES : NF});
    expected.push_back({"CureArrear " + tag, own ? RULES : NF});
  }
  auto batches = v1::BatchService::NewStub(server_.NewChannel());
  v1::SubmitBatchResponse response;
  grpc::Status status = batches->SubmitBatch(Context("bank-B001").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), static_cast<int>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) {
    const grpc::Status answer = BatchResultStatus(response.results(static_cast<int>(i)));
    const std::string said =
        absl::StrCat(expected[i].what, ": ", ReasonOf(answer), " ", answer.error_message());
    if (expected[i].code == RULES) {
      EXPECT_TRUE(answer.ok() || answer.error_code() == FP) << said;
      continue;
    }
    EXPECT_EQ(answer.error_code(), expected[i].code) << said;
    if (expected[i].code == PD) {
      EXPECT_EQ(ReasonOf(answer), "PERMISSION_DENIED") << said;
      EXPECT_EQ(FieldOf(answer), "bank_id") << said;
    }
    if (expected[i].code == NF) {
      EXPECT_EQ(ReasonOf(answer), "LOAN_NOT_FOUND") << said;
      EXPECT_EQ(FieldOf(answer), "name") << said;
    }
  }
  EXPECT_EQ(response.refused() + response.applied(), static_cast<int>(expected.size()));
  EXPECT_GE(response.refused(), 5);
}

}  // namespace
}  // namespace ledger
