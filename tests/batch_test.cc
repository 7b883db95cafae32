// BatchService.SubmitBatch through a real server over loopback, as a bank partner's core
// system posts its month end: commands applied in order in one commit, each with its own
// result; idempotent per command (also across the unary and batch paths); a batch without a
// deadline applied; a refused command writing nothing while the others apply; batches
// unacceptable as a whole refused as a call; a command with nothing set refused alone.
// Linked chains, scope, the full 8,000-command batch and concurrency: batch_chain_test.cc.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"
#include "tests/batch_test_fixture.h"

namespace ledger {
namespace batch_testing {
namespace {

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
}  // namespace batch_testing
}  // namespace ledger
