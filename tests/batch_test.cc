// BatchService.SubmitBatch through a real server over loopback, as a bank partner's core
// system posts its month end: commands applied in order in one commit, each with its own
// result, idempotent per command, linked chains all or nothing, authorised per command.
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"

namespace ledger {
namespace {

constexpr int64_t kPrincipalFen = 100'000'00;

v1::BatchCommand Command(const v1::CreateLoanRequest& request, bool linked = false) {
  v1::BatchCommand command;
  *command.mutable_create_loan() = request;
  command.set_linked(linked);
  return command;
}

v1::BatchCommand Command(const v1::DisburseLoanRequest& request, bool linked = false) {
  v1::BatchCommand command;
  *command.mutable_disburse_loan() = request;
  command.set_linked(linked);
  return command;
}

v1::BatchCommand Command(const v1::RecordRepaymentRequest& request, bool linked = false) {
  v1::BatchCommand command;
  *command.mutable_record_repayment() = request;
  command.set_linked(linked);
  return command;
}

// A repayment of principal only (no interest) on 2024-03-20.
v1::BatchCommand Repay(const std::string& request_id, const std::string& loan_id,
                       int64_t principal_fen, bool linked = false) {
  return Command(RepayRequest(request_id, loan_id, principal_fen, 0), linked);
}

v1::SubmitBatchRequest Batch(const std::vector<v1::BatchCommand>& commands) {
  v1::SubmitBatchRequest request;
  for (const v1::BatchCommand& command : commands) *request.add_commands() = command;
  return request;
}

void ExpectApplied(const v1::BatchCommandResult& result, const std::string& what) {
  EXPECT_EQ(result.code(), 0) << what << ": " << result.reason() << " " << result.message();
  EXPECT_FALSE(result.replayed()) << what;
  EXPECT_GT(result.sequence(), 0u) << what;
}

void ExpectRefused(const v1::BatchCommandResult& result, grpc::StatusCode code,
                   const std::string& reason, const std::string& field, const std::string& what) {
  EXPECT_EQ(result.code(), static_cast<int>(code)) << what << ": " << result.message();
  EXPECT_EQ(result.reason(), reason) << what;
  EXPECT_EQ(result.field(), field) << what;
  EXPECT_FALSE(result.message().empty()) << what;
  EXPECT_EQ(result.sequence(), 0u) << what;
  EXPECT_FALSE(result.replayed()) << what;
}

void ExpectChainAborted(const v1::BatchCommandResult& result, const std::string& what) {
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

// Rule 1: several loans created, disbursed and repaid in one call, in order, in one commit.
TEST_F(BatchTest, AppliesCommandsInOrderInOneCommit) {
  SeedLoan("L0");  // entries 1 and 2, in commits of their own
  std::vector<v1::BatchCommand> commands;
  for (const std::string loan : {"L1", "L2", "L3"}) {
    commands.push_back(Command(CreateRequest("c-" + loan, loan, kPrincipalFen)));
    commands.push_back(Command(DisburseRequest("d-" + loan, loan, kPrincipalFen)));
  }
  struct Repayment {
    std::string id, loan;
    int64_t fen, outstanding_after;
    v1::LoanStatus status_after;
  };
  const std::vector<Repayment> repayments = {
      {"p1", "L1", 10'000'00, 90'000'00, v1::ACTIVE},
      {"p2", "L2", 20'000'00, 80'000'00, v1::ACTIVE},
      {"p3", "L1", 5'000'00, 85'000'00, v1::ACTIVE},
      {"p4", "L3", kPrincipalFen, 0, v1::CLOSED},
      {"p5", "L2", 1, 79'999'99, v1::ACTIVE},
      {"p6", "L0", 7, kPrincipalFen - 7, v1::ACTIVE},
  };
  for (const Repayment& r : repayments) commands.push_back(Repay(r.id, r.loan, r.fen));

  const v1::SubmitBatchResponse response = MustSubmit(Batch(commands));
  ASSERT_EQ(response.results_size(), 12);
  EXPECT_EQ(response.applied(), 12);
  EXPECT_EQ(response.replayed(), 0);
  EXPECT_EQ(response.refused(), 0);
  for (int i = 0; i < 12; ++i) {
    const v1::BatchCommandResult& result = response.results(i);
    ExpectApplied(result, absl::StrCat("commands[", i, "]"));
    EXPECT_EQ(result.sequence(), 3u + i) << i;  // in order, consecutive, after the seed
    EXPECT_EQ(result.commit_time().seconds(), response.results(0).commit_time().seconds()) << i;
    EXPECT_EQ(result.commit_time().nanos(), response.results(0).commit_time().nanos()) << i;
  }
  EXPECT_GT(response.results(0).commit_time().seconds(), 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(response.results(2 * i).loan_status(), v1::APPROVED) << i;
    EXPECT_EQ(response.results(2 * i + 1).loan_status(), v1::ACTIVE) << i;
    EXPECT_EQ(response.results(2 * i + 1).outstanding_principal_fen(), kPrincipalFen) << i;
  }
  for (size_t i = 0; i < repayments.size(); ++i) {
    const v1::BatchCommandResult& result = response.results(6 + i);
    EXPECT_EQ(result.outstanding_principal_fen(), repayments[i].outstanding_after)
        << repayments[i].id;
    EXPECT_EQ(result.loan_status(), repayments[i].status_after) << repayments[i].id;
  }

  // GetLoan agrees with the last result of each loan.
  EXPECT_EQ(Outstanding("L0"), kPrincipalFen - 7);
  EXPECT_EQ(Outstanding("L1"), 85'000'00);
  EXPECT_EQ(Outstanding("L2"), 79'999'99);
  EXPECT_EQ(GetLoan("L3").status(), v1::CLOSED);
  EXPECT_EQ(GetLoan("L3").outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(GetLoan("L1").entry_count(), 4u);

  uint64_t head = 0;
  const std::map<std::string, int> ids = JournalRequestIds(server_, &head);
  EXPECT_EQ(head, 14u);
  EXPECT_EQ(ids.size(), 14u);
  for (const v1::BatchCommand& command : commands) {
    const std::string id = command.has_create_loan()     ? command.create_loan().request_id()
                           : command.has_disburse_loan() ? command.disburse_loan().request_id()
                                                         : command.record_repayment().request_id();
    EXPECT_EQ(ids.count(id) ? ids.at(id) : 0, 1) << id;
  }
}

// Rule 2: idempotency stays per command.
TEST_F(BatchTest, EachCommandIsIdempotentOnItsOwnRequestId) {
  const v1::SubmitBatchRequest first = Batch({
      Command(CreateRequest("c1", "L1", kPrincipalFen)),
      Command(DisburseRequest("d1", "L1", kPrincipalFen)),
      Repay("r1", "L1", 1'000),
  });
  const v1::SubmitBatchResponse original = MustSubmit(first);
  ASSERT_EQ(original.applied(), 3);
  const uint64_t head = Head();
  EXPECT_EQ(head, 3u);

  // The same batch again: every result is the stored one, and nothing new is written.
  const v1::SubmitBatchResponse again = MustSubmit(first);
  ASSERT_EQ(again.results_size(), 3);
  EXPECT_EQ(again.applied(), 0);
  EXPECT_EQ(again.replayed(), 3);
  EXPECT_EQ(again.refused(), 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(again.results(i).code(), 0) << i;
    EXPECT_TRUE(again.results(i).replayed()) << i;
    EXPECT_EQ(again.results(i).sequence(), original.results(i).sequence()) << i;
    EXPECT_EQ(again.results(i).commit_time().seconds(),
              original.results(i).commit_time().seconds());
    EXPECT_EQ(again.results(i).commit_time().nanos(), original.results(i).commit_time().nanos());
    EXPECT_EQ(again.results(i).outstanding_principal_fen(),
              original.results(i).outstanding_principal_fen())
        << i;
  }
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 1'000);

  // An old id among new ones: the old one is replayed, the new ones apply.
  const v1::SubmitBatchResponse mixed =
      MustSubmit(Batch({Repay("r2", "L1", 2'000), Repay("r1", "L1", 1'000)}));
  ASSERT_EQ(mixed.results_size(), 2);
  EXPECT_EQ(mixed.applied(), 1);
  EXPECT_EQ(mixed.replayed(), 1);
  ExpectApplied(mixed.results(0), "r2");
  EXPECT_EQ(mixed.results(0).sequence(), head + 1);
  EXPECT_EQ(mixed.results(0).outstanding_principal_fen(), kPrincipalFen - 3'000);
  EXPECT_TRUE(mixed.results(1).replayed());
  EXPECT_EQ(mixed.results(1).sequence(), original.results(2).sequence());
  EXPECT_EQ(mixed.results(1).outstanding_principal_fen(), kPrincipalFen - 1'000);  // as stored
  EXPECT_EQ(Head(), head + 1);

  // The same id with another payload in a later batch: refused; the others apply.
  const v1::SubmitBatchResponse reused =
      MustSubmit(Batch({Repay("r2", "L1", 5'000), Repay("r3", "L1", 3'000)}));
  ASSERT_EQ(reused.results_size(), 2);
  ExpectRefused(reused.results(0), grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED",
                "request_id", "r2 with another payload");
  ExpectApplied(reused.results(1), "r3");
  EXPECT_EQ(reused.results(1).sequence(), head + 2);
  EXPECT_EQ(reused.results(1).outstanding_principal_fen(), kPrincipalFen - 6'000);
  EXPECT_EQ(reused.applied(), 1);
  EXPECT_EQ(reused.refused(), 1);

  // One id twice in one batch, same payload: the second is a replay of the first. With another
  // payload: refused as reused.
  const v1::SubmitBatchResponse twice =
      MustSubmit(Batch({Repay("r4", "L1", 100), Repay("r4", "L1", 100), Repay("r4", "L1", 200)}));
  ASSERT_EQ(twice.results_size(), 3);
  ExpectApplied(twice.results(0), "r4");
  EXPECT_EQ(twice.results(0).sequence(), head + 3);
  EXPECT_EQ(twice.results(1).code(), 0);
  EXPECT_TRUE(twice.results(1).replayed());
  EXPECT_EQ(twice.results(1).sequence(), twice.results(0).sequence());
  EXPECT_EQ(twice.results(1).outstanding_principal_fen(), kPrincipalFen - 6'100);
  ExpectRefused(twice.results(2), grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED",
                "request_id", "r4 with another payload in the same batch");
  EXPECT_EQ(twice.applied(), 1);
  EXPECT_EQ(twice.replayed(), 1);
  EXPECT_EQ(twice.refused(), 1);

  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 6'100);
  uint64_t journal_head = 0;
  const std::map<std::string, int> ids = JournalRequestIds(server_, &journal_head);
  EXPECT_EQ(journal_head, head + 3);
  EXPECT_EQ(ids, (std::map<std::string, int>{
                     {"c1", 1}, {"d1", 1}, {"r1", 1}, {"r2", 1}, {"r3", 1}, {"r4", 1}}));
}

// Rule 2, across paths: a command first sent unary and retried in a batch (or the other way
// round) is the same command: replayed, not REQUEST_ID_REUSED, also when the plain national ID
// is replaced by its keyed hash before the command is fingerprinted.
TEST_F(BatchTest, ABatchRetryOfAUnaryCommandIsAReplayAndTheOtherWayRound) {
  auto loans = server_.Loans();
  v1::CreateLoanRequest create = CreateRequest("c1", "L1", kPrincipalFen);
  create.set_national_id("11010519491231002X");
  v1::CreateLoanResponse created;
  grpc::Status s = loans->CreateLoan(Context().get(), create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::DisburseLoanResponse disbursed;
  s = loans->DisburseLoan(Context().get(), DisburseRequest("d1", "L1", kPrincipalFen), &disbursed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::RecordRepaymentResponse repaid;
  s = loans->RecordRepayment(Context().get(), RepayRequest("r1", "L1", 1'000, 0), &repaid);
  ASSERT_TRUE(s.ok()) << s.error_message();

  v1::CreateLoanRequest create2 = CreateRequest("c2", "L2", kPrincipalFen);
  create2.set_national_id("11010519491231002X");
  const v1::SubmitBatchResponse batch = MustSubmit(Batch({
      Command(create),
      Command(DisburseRequest("d1", "L1", kPrincipalFen)),
      Repay("r1", "L1", 1'000),
      Command(create2),
      Repay("r2", "L1", 2'000),
  }));
  ASSERT_EQ(batch.results_size(), 5);
  EXPECT_EQ(batch.replayed(), 3);
  EXPECT_EQ(batch.applied(), 2);
  const uint64_t unary_sequences[] = {created.commit().sequence(), disbursed.commit().sequence(),
                                      repaid.commit().sequence()};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(batch.results(i).code(), 0) << i << ": " << batch.results(i).reason();
    EXPECT_TRUE(batch.results(i).replayed()) << i;
    EXPECT_EQ(batch.results(i).sequence(), unary_sequences[i]) << i;
  }
  ExpectApplied(batch.results(3), "c2");
  ExpectApplied(batch.results(4), "r2");

  // The batch's commands retried unary are replays too.
  v1::CreateLoanResponse created2;
  s = loans->CreateLoan(Context().get(), create2, &created2);
  ASSERT_TRUE(s.ok()) << ReasonOf(s) << " " << s.error_message();
  EXPECT_TRUE(created2.commit().replayed());
  EXPECT_EQ(created2.commit().sequence(), batch.results(3).sequence());
  s = loans->RecordRepayment(Context().get(), RepayRequest("r2", "L1", 2'000, 0), &repaid);
  ASSERT_TRUE(s.ok()) << ReasonOf(s) << " " << s.error_message();
  EXPECT_TRUE(repaid.commit().replayed());
  EXPECT_EQ(repaid.commit().sequence(), batch.results(4).sequence());
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 3'000);
  EXPECT_EQ(Head(), 5u);
}

// A batch sent without a deadline is applied like any other.
TEST_F(BatchTest, ABatchWithoutADeadlineIsApplied) {
  SeedLoan("L1");
  grpc::ClientContext context;
  context.AddMetadata("x-ledger-principal", "bank:B001");
  context.set_wait_for_ready(true);
  v1::SubmitBatchResponse response;
  grpc::Status s = batches_->SubmitBatch(&context, Batch({Repay("nd1", "L1", 1)}), &response);
  ASSERT_TRUE(s.ok()) << ReasonOf(s) << " " << s.error_message();
  ASSERT_EQ(response.results_size(), 1);
  ExpectApplied(response.results(0), "nd1");
}

// Rule 3: a refused command writes nothing; the commands around it apply.
TEST_F(BatchTest, ARefusedCommandWritesNothingAndTheOthersApply) {
  SeedLoan("L1");
  const uint64_t head = Head();
  const v1::SubmitBatchResponse response = MustSubmit(Batch({
      Repay("p1", "L1", 1'000),
      Repay("p2", "L1", kPrincipalFen - 1'000 + 1),  // one fen more than is outstanding
      Repay("p3", "L1", 2'000),
  }));
  ASSERT_EQ(response.results_size(), 3);
  ExpectApplied(response.results(0), "p1");
  ExpectRefused(response.results(1), grpc::StatusCode::FAILED_PRECONDITION,
                "EXCEEDS_OUTSTANDING_PRINCIPAL", "principal.amount_fen", "p2");
  ExpectApplied(response.results(2), "p3");
  EXPECT_EQ(response.results(0).sequence(), head + 1);
  EXPECT_EQ(response.results(2).sequence(), head + 2);
  EXPECT_EQ(response.results(2).outstanding_principal_fen(), kPrincipalFen - 3'000);
  EXPECT_EQ(response.applied(), 2);
  EXPECT_EQ(response.refused(), 1);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 3'000);
  EXPECT_EQ(Head(), head + 2);
  EXPECT_EQ(JournalRequestIds(server_).count("p2"), 0u);

  // The unary RPC refuses the same command the same way.
  v1::RecordRepaymentResponse unary;
  grpc::Status status = server_.Loans()->RecordRepayment(
      Context().get(), RepayRequest("p2", "L1", kPrincipalFen - 3'000 + 1, 0), &unary);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), response.results(1).reason());
  EXPECT_EQ(FieldOf(status), response.results(1).field());

  // No request record was kept for the refusal: its id is free for a valid command.
  const v1::SubmitBatchResponse retried = MustSubmit(Batch({Repay("p2", "L1", 500)}));
  ExpectApplied(retried.results(0), "p2 retried");
  EXPECT_EQ(retried.results(0).sequence(), head + 3);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 3'500);
}

// Rule 4: a linked chain applies all or nothing.
TEST_F(BatchTest, ALinkedChainAppliesAllOrNothing) {
  SeedLoan("L1");
  const uint64_t head = Head();
  // a1 -> a2 -> a3, where a3 is refused; a4 is not in the chain.
  const v1::SubmitBatchResponse failed = MustSubmit(Batch({
      Repay("a1", "L1", 1'000, /*linked=*/true),
      Repay("a2", "L1", 2'000, /*linked=*/true),
      Repay("a3", "L1", kPrincipalFen),  // exceeds what a1 and a2 left outstanding
      Repay("a4", "L1", 500),
  }));
  ASSERT_EQ(failed.results_size(), 4);
  ExpectChainAborted(failed.results(0), "a1");
  ExpectChainAborted(failed.results(1), "a2");
  EXPECT_NE(failed.results(0).message().find("commands[2]"), std::string::npos)
      << failed.results(0).message();
  ExpectRefused(failed.results(2), grpc::StatusCode::FAILED_PRECONDITION,
                "EXCEEDS_OUTSTANDING_PRINCIPAL", "principal.amount_fen", "a3");
  ExpectApplied(failed.results(3), "a4");
  // The chain's sequences were given back: a4 is the next entry.
  EXPECT_EQ(failed.results(3).sequence(), head + 1);
  EXPECT_EQ(failed.results(3).outstanding_principal_fen(), kPrincipalFen - 500);
  EXPECT_EQ(failed.applied(), 1);
  EXPECT_EQ(failed.refused(), 3);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 500);
  EXPECT_EQ(GetLoan("L1").entry_count(), 3u);
  uint64_t journal_head = 0;
  std::map<std::string, int> ids = JournalRequestIds(server_, &journal_head);
  EXPECT_EQ(journal_head, head + 1);
  for (const std::string id : {"a1", "a2", "a3"}) EXPECT_EQ(ids.count(id), 0u) << id;
  EXPECT_EQ(ids["a4"], 1);

  // Nothing of the chain was recorded, not even its request ids: a1 applies anew, and an id of
  // a rolled-back chain is free again later in the same batch.
  const v1::SubmitBatchResponse later = MustSubmit(Batch({
      Repay("a1", "L1", 1'000), Repay("x1", "L1", 10, /*linked=*/true),
      Repay("x2", "L1", kPrincipalFen),  // refused: x1 is rolled back
      Repay("x1", "L1", 20),             // another payload: not a reuse of the rolled-back x1
  }));
  ASSERT_EQ(later.results_size(), 4);
  ExpectApplied(later.results(0), "a1 again");
  EXPECT_EQ(later.results(0).sequence(), head + 2);
  ExpectChainAborted(later.results(1), "x1 linked");
  EXPECT_EQ(later.results(2).reason(), "EXCEEDS_OUTSTANDING_PRINCIPAL");
  ExpectApplied(later.results(3), "x1 after the rolled-back chain");
  EXPECT_EQ(later.results(3).sequence(), head + 3);
  EXPECT_EQ(later.results(3).outstanding_principal_fen(), kPrincipalFen - 1'520);

  // A loan created in a rolled-back chain does not exist for the commands after it.
  const v1::SubmitBatchResponse created = MustSubmit(Batch({
      Command(CreateRequest("k1", "L5", 1'000), /*linked=*/true),
      Command(DisburseRequest("k2", "L5", 1'001)),  // more than the principal: refused
      Command(DisburseRequest("k3", "L5", 1)),
  }));
  ASSERT_EQ(created.results_size(), 3);
  ExpectChainAborted(created.results(0), "k1");
  EXPECT_NE(created.results(1).code(), 0);
  ExpectRefused(created.results(2), grpc::StatusCode::NOT_FOUND, "LOAN_NOT_FOUND", "name",
                "k3 on the rolled-back loan");
  EXPECT_TRUE(GetLoan("L5").name().empty());
  EXPECT_EQ(Head(), head + 3);

  // A chain that succeeds applies whole, in order.
  const v1::SubmitBatchResponse whole = MustSubmit(Batch({
      Repay("b1", "L1", 100, /*linked=*/true),
      Repay("b2", "L1", 200, /*linked=*/true),
      Repay("b3", "L1", 300),
  }));
  ASSERT_EQ(whole.results_size(), 3);
  for (int i = 0; i < 3; ++i) {
    ExpectApplied(whole.results(i), absl::StrCat("b", i + 1));
    EXPECT_EQ(whole.results(i).sequence(), head + 4 + i);  // after a1 and x1
  }
  EXPECT_EQ(whole.results(2).outstanding_principal_fen(), kPrincipalFen - 2'120);
  EXPECT_EQ(whole.applied(), 3);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 2'120);
}

// Rule 4: a chain with a command out of the caller's scope is refused whole, before anything
// of it is applied.
TEST_F(BatchTest, AChainFailsWholeOnAScopeRefusal) {
  SeedLoan("L1");
  SeedLoan("L2", "B002");
  const uint64_t head = Head();
  v1::BatchCommand foreign = Repay("s2", "L2", 1'000, /*linked=*/true);
  foreign.mutable_record_repayment()->set_name(LoanName("L2", "B002"));
  const v1::SubmitBatchResponse response = MustSubmit(Batch({
      Repay("s1", "L1", 1'000, /*linked=*/true),
      foreign,
      Repay("s3", "L1", 1'000),
      Repay("s4", "L1", 4'000),
  }));
  ASSERT_EQ(response.results_size(), 4);
  ExpectChainAborted(response.results(0), "s1");
  ExpectRefused(response.results(1), grpc::StatusCode::NOT_FOUND, "LOAN_NOT_FOUND", "name",
                "s2 on B002's loan");
  ExpectChainAborted(response.results(2), "s3");
  EXPECT_NE(response.results(2).message().find("commands[1]"), std::string::npos)
      << response.results(2).message();
  ExpectApplied(response.results(3), "s4");
  EXPECT_EQ(response.results(3).sequence(), head + 1);
  EXPECT_EQ(response.applied(), 1);
  EXPECT_EQ(response.refused(), 3);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 4'000);
  EXPECT_EQ(Outstanding("L2", "B002"), kPrincipalFen);
  EXPECT_EQ(Head(), head + 1);
  const std::map<std::string, int> ids = JournalRequestIds(server_);
  for (const std::string id : {"s1", "s2", "s3"}) EXPECT_EQ(ids.count(id), 0u) << id;

  // A batch whose every chain is refused before the writer: answered, nothing written.
  foreign.set_linked(false);
  const v1::SubmitBatchResponse none = MustSubmit(Batch({Repay("s5", "L1", 1, true), foreign}));
  ASSERT_EQ(none.results_size(), 2);
  ExpectChainAborted(none.results(0), "s5");
  EXPECT_EQ(none.results(1).reason(), "LOAN_NOT_FOUND");
  EXPECT_EQ(none.refused(), 2);
  EXPECT_EQ(Head(), head + 1);
}

// Rule 5: a batch that is unacceptable as a whole is refused as a call, and writes nothing.
TEST_F(BatchTest, UnacceptableBatchesAreRefusedWholeAndWriteNothing) {
  SeedLoan("L1");
  const uint64_t head = Head();
  v1::SubmitBatchResponse response;

  grpc::Status empty = Submit(v1::SubmitBatchRequest(), &response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(empty), "FIELD_REQUIRED");
  EXPECT_EQ(FieldOf(empty), "commands");
  EXPECT_EQ(response.results_size(), 0);

  std::vector<v1::BatchCommand> commands;
  for (int i = 0; i < 8001; ++i) commands.push_back(Repay(absl::StrCat("big-", i), "L1", 1));
  grpc::Status too_large = Submit(Batch(commands), &response);
  EXPECT_EQ(too_large.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(too_large), "BATCH_TOO_LARGE");
  EXPECT_EQ(FieldOf(too_large), "commands");
  EXPECT_EQ(response.results_size(), 0);

  grpc::Status open =
      Submit(Batch({Repay("o1", "L1", 1), Repay("o2", "L1", 2, true), Repay("o3", "L1", 3, true)}),
             &response);
  EXPECT_EQ(open.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(open), "LINKED_CHAIN_OPEN");
  EXPECT_EQ(FieldOf(open), "commands[2].linked");
  EXPECT_EQ(response.results_size(), 0);

  EXPECT_EQ(Head(), head);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen);
  const std::map<std::string, int> ids = JournalRequestIds(server_);
  EXPECT_EQ(ids.count("big-0"), 0u);
  EXPECT_EQ(ids.count("o1"), 0u);

  // None of their ids was recorded: the same commands apply afresh (with other payloads).
  const v1::SubmitBatchResponse fresh =
      MustSubmit(Batch({Repay("big-0", "L1", 5), Repay("o1", "L1", 7)}));
  EXPECT_EQ(fresh.applied(), 2);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 12);
}

// Rule 6: batches are banks' only, and each command is scoped as its unary RPC.
TEST_F(BatchTest, OnlyBanksPostBatchesAndEachCommandIsScoped) {
  SeedLoan("L1");
  SeedLoan("L2", "B002");
  const uint64_t head = Head();
  for (const std::string principal :
       {"county_officer:370281", "finance", "auditor", "guarantee_fund:F001", "admin"}) {
    v1::SubmitBatchResponse response;
    grpc::Status status = Submit(Batch({Repay("n-" + principal, "L1", 1)}), &response, principal);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << principal;
    EXPECT_EQ(ReasonOf(status), "PERMISSION_DENIED") << principal;
    EXPECT_EQ(response.results_size(), 0) << principal;
  }
  EXPECT_EQ(Head(), head);

  // B001 repays B002's loan: as if there were no such loan; the rest applies.
  v1::BatchCommand foreign = Repay("f2", "L2", 1'000);
  foreign.mutable_record_repayment()->set_name(LoanName("L2", "B002"));
  const v1::SubmitBatchResponse repaid =
      MustSubmit(Batch({Repay("f1", "L1", 1'000), foreign, Repay("f3", "L1", 2'000)}));
  ASSERT_EQ(repaid.results_size(), 3);
  ExpectApplied(repaid.results(0), "f1");
  ExpectRefused(repaid.results(1), grpc::StatusCode::NOT_FOUND, "LOAN_NOT_FOUND", "name",
                "f2 on B002's loan");
  ExpectApplied(repaid.results(2), "f3");
  EXPECT_EQ(repaid.results(2).sequence(), repaid.results(0).sequence() + 1);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 3'000);
  EXPECT_EQ(Outstanding("L2", "B002"), kPrincipalFen);

  // B001 creates a loan for B002: refused; its own loan is created.
  const v1::SubmitBatchResponse created = MustSubmit(Batch({
      Command(CreateRequest("g1", "L9", 1'000, "370281", "B002")),
      Command(CreateRequest("g2", "L10", 1'000)),
  }));
  ASSERT_EQ(created.results_size(), 2);
  EXPECT_EQ(created.results(0).code(), static_cast<int>(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(created.results(0).reason(), "PERMISSION_DENIED");
  EXPECT_EQ(created.results(0).field(), "bank_id");
  EXPECT_EQ(created.results(0).sequence(), 0u);
  ExpectApplied(created.results(1), "g2");
  EXPECT_EQ(created.results(1).loan_status(), v1::APPROVED);
  EXPECT_TRUE(GetLoan("L9", "B002").name().empty());
  EXPECT_EQ(GetLoan("L10").name(), LoanName("L10"));

  // B002 posts its own batch on its own loan.
  const v1::SubmitBatchResponse own = MustSubmit(Batch({foreign}), "bank:B002");
  ExpectApplied(own.results(0), "f2 as B002");
  EXPECT_EQ(Outstanding("L2", "B002"), kPrincipalFen - 1'000);

  const std::map<std::string, int> ids = JournalRequestIds(server_);
  EXPECT_EQ(ids.count("g1"), 0u);
  EXPECT_EQ(Head(), head + 4);  // f1, f3, g2, B002's f2
}

// Rule 7: a full batch of 8,000 commands is one call and one commit.
TEST_F(BatchTest, AFullBatchOf8000CommandsIsOneCommit) {
  constexpr int kLoans = 50;
  constexpr int kCommands = 8000;
  std::vector<v1::BatchCommand> seed;
  for (int l = 0; l < kLoans; ++l) {
    const std::string loan = absl::StrCat("M", l);
    seed.push_back(Command(CreateRequest("c-" + loan, loan, kPrincipalFen)));
    seed.push_back(Command(DisburseRequest("d-" + loan, loan, kPrincipalFen)));
  }
  ASSERT_EQ(MustSubmit(Batch(seed)).applied(), 2 * kLoans);
  const uint64_t head = Head();

  std::vector<v1::BatchCommand> commands;
  for (int i = 0; i < kCommands; ++i) {
    commands.push_back(Repay(absl::StrCat("p", i), absl::StrCat("M", i % kLoans), 1));
  }
  const v1::SubmitBatchRequest request = Batch(commands);
  const absl::Time start = absl::Now();
  const v1::SubmitBatchResponse response = MustSubmit(request);
  const absl::Duration took = absl::Now() - start;
  ASSERT_EQ(response.results_size(), kCommands);
  EXPECT_EQ(response.applied(), kCommands);
  EXPECT_EQ(response.refused(), 0);
  int wrong = 0;
  for (int i = 0; i < kCommands && wrong < 10; ++i) {
    const v1::BatchCommandResult& result = response.results(i);
    const bool right =
        result.code() == 0 && !result.replayed() && result.sequence() == head + 1 + i &&
        result.commit_time().seconds() == response.results(0).commit_time().seconds() &&
        result.commit_time().nanos() == response.results(0).commit_time().nanos() &&
        result.outstanding_principal_fen() == kPrincipalFen - (i / kLoans + 1);
    if (!right) {
      ++wrong;
      ADD_FAILURE() << "commands[" << i << "]: " << result.DebugString();
    }
  }
  EXPECT_EQ(Head(), head + kCommands);
  int64_t total = 0;
  for (int l = 0; l < kLoans; ++l) {
    const int64_t outstanding = Outstanding(absl::StrCat("M", l));
    EXPECT_EQ(outstanding, kPrincipalFen - kCommands / kLoans) << l;
    total += outstanding;
  }
  EXPECT_EQ(total, kLoans * kPrincipalFen - kCommands);
  EXPECT_LT(took, absl::Seconds(20)) << "8000 commands took " << took;
  std::printf("8000-command batch: %s\n", absl::FormatDuration(took).c_str());
}

// Concurrent batches and unary commands: a batch is never split or interleaved (its entries
// are consecutive), and no sequence is given twice.
TEST_F(BatchTest, ConcurrentBatchesStayWholeAndConsecutive) {
  constexpr int kClients = 4;
  constexpr int kBatches = 3;
  constexpr int kCommands = 300;
  for (int c = 0; c < kClients; ++c) SeedLoan(absl::StrCat("C", c));
  SeedLoan("U");
  const uint64_t head = Head();
  std::vector<std::vector<v1::SubmitBatchResponse>> responses(kClients);
  std::vector<uint64_t> unary_sequences;
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      auto stub = v1::BatchService::NewStub(server_.NewChannel());
      for (int b = 0; b < kBatches; ++b) {
        std::vector<v1::BatchCommand> commands;
        for (int i = 0; i < kCommands; ++i) {
          commands.push_back(Repay(absl::StrCat("c", c, "-b", b, "-", i), absl::StrCat("C", c), 1));
        }
        v1::SubmitBatchResponse response;
        grpc::Status s = stub->SubmitBatch(Context().get(), Batch(commands), &response);
        EXPECT_TRUE(s.ok()) << s.error_message();
        responses[c].push_back(response);
      }
    });
  }
  threads.emplace_back([&] {
    auto loans = server_.Loans();
    for (int i = 0; i < 40; ++i) {
      v1::RecordRepaymentResponse repaid;
      grpc::Status s = loans->RecordRepayment(
          Context().get(), RepayRequest(absl::StrCat("u", i), "U", 1, 0), &repaid);
      EXPECT_TRUE(s.ok()) << s.error_message();
      unary_sequences.push_back(repaid.commit().sequence());
    }
  });
  for (std::thread& thread : threads) thread.join();

  std::set<uint64_t> seen(unary_sequences.begin(), unary_sequences.end());
  EXPECT_EQ(seen.size(), unary_sequences.size());
  for (int c = 0; c < kClients; ++c) {
    ASSERT_EQ(responses[c].size(), static_cast<size_t>(kBatches));
    for (const v1::SubmitBatchResponse& response : responses[c]) {
      ASSERT_EQ(response.results_size(), kCommands);
      EXPECT_EQ(response.applied(), kCommands);
      for (int i = 0; i < kCommands; ++i) {
        EXPECT_EQ(response.results(i).sequence(), response.results(0).sequence() + i);
        EXPECT_TRUE(seen.insert(response.results(i).sequence()).second);
      }
    }
    EXPECT_EQ(Outstanding(absl::StrCat("C", c)), kPrincipalFen - kBatches * kCommands);
  }
  const uint64_t total = kClients * kBatches * kCommands + unary_sequences.size();
  EXPECT_EQ(seen.size(), total);
  EXPECT_EQ(*seen.begin(), head + 1);
  EXPECT_EQ(*seen.rbegin(), head + total);
  EXPECT_EQ(Head(), head + total);
}

// Rule 8: a command with none of its commands set is refused on its own.
TEST_F(BatchTest, ACommandWithNothingSetIsRefusedAlone) {
  SeedLoan("L1");
  const uint64_t head = Head();
  const v1::SubmitBatchResponse response =
      MustSubmit(Batch({Repay("u1", "L1", 1'000), v1::BatchCommand(), Repay("u2", "L1", 2'000)}));
  ASSERT_EQ(response.results_size(), 3);
  ExpectApplied(response.results(0), "u1");
  ExpectRefused(response.results(1), grpc::StatusCode::INVALID_ARGUMENT, "FIELD_REQUIRED",
                "command", "the empty command");
  ExpectApplied(response.results(2), "u2");
  EXPECT_EQ(response.results(0).sequence(), head + 1);
  EXPECT_EQ(response.results(2).sequence(), head + 2);
  EXPECT_EQ(response.applied(), 2);
  EXPECT_EQ(response.refused(), 1);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 3'000);

  // Linked to a command before it, it fails that chain.
  v1::BatchCommand empty_end;
  const v1::SubmitBatchResponse chained =
      MustSubmit(Batch({Repay("u3", "L1", 1, true), empty_end, Repay("u4", "L1", 4)}));
  ASSERT_EQ(chained.results_size(), 3);
  ExpectChainAborted(chained.results(0), "u3");
  EXPECT_EQ(chained.results(1).reason(), "FIELD_REQUIRED");
  ExpectApplied(chained.results(2), "u4");
  EXPECT_EQ(chained.results(2).sequence(), head + 3);
  EXPECT_EQ(Outstanding("L1"), kPrincipalFen - 3'004);
}

}  // namespace
}  // namespace ledger
