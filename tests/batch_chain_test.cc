// BatchService.SubmitBatch through a real server over loopback: linked chains apply all or
// nothing (their sequences and request ids given back when rolled back), a chain with a
// command out of the caller's scope fails whole, only banks post batches and each command is
// scoped as its unary RPC, a full batch of 8,000 commands is one call and one commit, and
// concurrent batches stay whole and consecutive beside unary commands.
#include <cstdint>
#include <cstdio>
#include <map>
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
#include "tests/batch_test_fixture.h"

namespace ledger {
namespace batch_testing {
namespace {

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

}  // namespace
}  // namespace batch_testing
}  // namespace ledger
