// The shared fixture of the BatchService.SubmitBatch integration tests (batch_test.cc: order,
// one commit, idempotency, deadline, refusals, unacceptable batches; batch_chain_test.cc:
// linked chains, scope, a full 8,000-command batch, concurrent batches): a real server over
// loopback, builders for batch commands and checks on their per-command results.
//
// Usage:
//   namespace ledger {
//   namespace batch_testing {
//   namespace {
//   TEST_F(BatchTest, Something) {
//     SeedLoan("L1");  // created and disbursed for kPrincipalFen, unary
//     const v1::SubmitBatchResponse response =
//         MustSubmit(Batch({Repay("r1", "L1", 1'000, /*linked=*/true), Repay("r2", "L1", 5)}));
//     ExpectApplied(response.results(1), "r2");
//   }
//   }  // namespace
//   }  // namespace batch_testing
//   }  // namespace ledger
#ifndef TESTS_BATCH_TEST_FIXTURE_H_
#define TESTS_BATCH_TEST_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"

namespace ledger {
namespace batch_testing {

inline constexpr int64_t kPrincipalFen = 100'000'00;

inline v1::BatchCommand Command(const v1::CreateLoanRequest& request, bool linked = false) {
  v1::BatchCommand command;
  *command.mutable_create_loan() = request;
  command.set_linked(linked);
  return command;
}

inline v1::BatchCommand Command(const v1::DisburseLoanRequest& request, bool linked = false) {
  v1::BatchCommand command;
  *command.mutable_disburse_loan() = request;
  command.set_linked(linked);
  return command;
}

inline v1::BatchCommand Command(const v1::RecordRepaymentRequest& request, bool linked = false) {
  v1::BatchCommand command;
  *command.mutable_record_repayment() = request;
  command.set_linked(linked);
  return command;
}

// A repayment of principal only (no interest) on 2024-03-20.
inline v1::BatchCommand Repay(const std::string& request_id, const std::string& loan_id,
                              int64_t principal_fen, bool linked = false) {
  return Command(RepayRequest(request_id, loan_id, principal_fen, 0), linked);
}

inline v1::SubmitBatchRequest Batch(const std::vector<v1::BatchCommand>& commands) {
  v1::SubmitBatchRequest request;
  for (const v1::BatchCommand& command : commands) *request.add_commands() = command;
  return request;
}

inline void ExpectApplied(const v1::BatchCommandResult& result, const std::string& what) {
  EXPECT_EQ(result.code(), 0) << what << ": " << result.reason() << " " << result.message();
  EXPECT_FALSE(result.replayed()) << what;
  EXPECT_GT(result.sequence(), 0u) << what;
}

inline void ExpectRefused(const v1::BatchCommandResult& result, grpc::StatusCode code,
                          const std::string& reason, const std::string& field,
                          const std::string& what) {
  EXPECT_EQ(result.code(), static_cast<int>(code)) << what << ": " << result.message();
  EXPECT_EQ(result.reason(), reason) << what;
  EXPECT_EQ(result.field(), field) << what;
  EXPECT_FALSE(result.message().empty()) << what;
  EXPECT_EQ(result.sequence(), 0u) << what;
  EXPECT_FALSE(result.replayed()) << what;
}

inline void ExpectChainAborted(const v1::BatchCommandResult& result, const std::string& what) {
  ExpectRefused(result, grpc::StatusCode::ABORTED, "LINKED_COMMAND_FAILED", "", what);
}

class BatchTest : public ::testing::Test {
 protected:
  BatchTest() : server_("batch"), batches_(v1::BatchService::NewStub(server_.NewChannel())) {}

  grpc::Status Submit(const v1::SubmitBatchRequest& request, v1::SubmitBatchResponse* response,
                      const std::string& principal = "bank:B001") {
    return batches_->SubmitBatch(Context(principal).get(), request, response);
  }

  // Submits a batch that must go through as a call (its commands may still be refused).
  v1::SubmitBatchResponse MustSubmit(const v1::SubmitBatchRequest& request,
                                     const std::string& principal = "bank:B001") {
    v1::SubmitBatchResponse response;
    grpc::Status status = Submit(request, &response, principal);
    EXPECT_TRUE(status.ok()) << ReasonOf(status) << " " << status.error_message();
    EXPECT_EQ(response.results_size(), request.commands_size());
    return response;
  }

  // Creates loan `loan_id` of `bank` for kPrincipalFen and disburses all of it, unary.
  void SeedLoan(const std::string& loan_id, const std::string& bank = "B001") {
    auto loans = server_.Loans();
    const std::string principal = "bank:" + bank;
    v1::CreateLoanResponse created;
    grpc::Status s = loans->CreateLoan(
        Context(principal).get(),
        CreateRequest("seed-c-" + loan_id, loan_id, kPrincipalFen, "370281", bank), &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::DisburseLoanResponse disbursed;
    s = loans->DisburseLoan(Context(principal).get(),
                            DisburseRequest("seed-d-" + loan_id, loan_id, kPrincipalFen, bank),
                            &disbursed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The loan as finance sees it (NOT_FOUND: a default Loan with an empty name).
  v1::Loan GetLoan(const std::string& loan_id, const std::string& bank = "B001") {
    v1::GetLoanRequest request;
    request.set_name(LoanName(loan_id, bank));
    v1::Loan loan;
    grpc::Status s = server_.Loans()->GetLoan(Context("finance").get(), request, &loan);
    if (!s.ok()) {
      EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
      return v1::Loan();
    }
    return loan;
  }

  int64_t Outstanding(const std::string& loan_id, const std::string& bank = "B001") {
    return GetLoan(loan_id, bank).outstanding_principal().amount_fen();
  }

  uint64_t Head() {
    v1::JournalHead head;
    grpc::Status s = server_.Journal()->GetHead(Context().get(), v1::GetHeadRequest(), &head);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return head.sequence();
  }

  TestServer server_;
  std::unique_ptr<v1::BatchService::Stub> batches_;
};

}  // namespace batch_testing
}  // namespace ledger

#endif  // TESTS_BATCH_TEST_FIXTURE_H_
