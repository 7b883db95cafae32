// LedgerEngine::SubmitBatch on a real store, no gRPC: one commit per batch, per-item
// idempotency, linked chains that apply all or nothing (the view's savepoint undoes rows,
// events, request records and journal entries), admission bounds. tests/batch_test.cc covers
// the RPC.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/base/error.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/testing/sample_ledger.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

constexpr char kBank[] = "bank:B001";

BatchItem Item(internal::LedgerCommand command, bool linked = false) {
  return BatchItem{std::move(command), linked, absl::OkStatus()};
}

class LedgerEngineBatchTest : public ::testing::Test {
 protected:
  LedgerEngineBatchTest() : ledger_("engine_batch") {}

  void SetUp() override {
    ASSERT_TRUE(ledger_.Run(Create("c1", "B001", "L1", 100'000'00)).ok());
    ASSERT_TRUE(ledger_.Run(Disburse("d1", "B001", "L1", 100'000'00)).ok());
    ASSERT_TRUE(ledger_.Run(Create("c2", "B001", "L2", 50'000'00)).ok());
    ASSERT_TRUE(ledger_.Run(Disburse("d2", "B001", "L2", 50'000'00)).ok());
  }

  // Submits and waits; the queueing error if SubmitBatch refused the whole batch.
  absl::StatusOr<BatchOutcomes> RunBatch(std::vector<BatchItem> items) {
    absl::Notification done;
    BatchOutcomes outcomes;
    absl::Status queued =
        ledger_.engine()->SubmitBatch(kBank, std::move(items), [&](BatchOutcomes result) {
          outcomes = std::move(result);
          done.Notify();
        });
    if (!queued.ok()) return queued;
    done.WaitForNotification();
    return outcomes;
  }

  int64_t Outstanding(const std::string& loan_id) {
    absl::StatusOr<v1::Loan> loan = LoanProjection(ledger_.store()).Get("B001", loan_id);
    EXPECT_TRUE(loan.ok()) << loan.status();
    return loan.ok() ? loan->outstanding_principal().amount_fen() : -1;
  }

  void ExpectAuditClean() {
    absl::StatusOr<AuditReport> report = RunAudit(*ledger_.store(), AuditOptions());
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->ok()) << FormatReport(*report);
  }

  SampleLedger ledger_;
};

TEST_F(LedgerEngineBatchTest, AppliesInOrderInOneCommit) {
  const uint64_t head = ledger_.engine()->head().sequence;
  std::vector<BatchItem> items;
  for (int i = 0; i < 100; ++i) {
    items.push_back(Item(Repay(absl::StrCat("r", i), "B001", i % 2 ? "L1" : "L2", 1'00, 0)));
  }
  absl::StatusOr<BatchOutcomes> outcomes = RunBatch(std::move(items));
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 100u);
  for (size_t i = 0; i < outcomes->size(); ++i) {
    ASSERT_TRUE((*outcomes)[i].ok()) << i << ": " << (*outcomes)[i].status();
    EXPECT_EQ((*outcomes)[i]->result.sequence(), head + 1 + i);
    EXPECT_FALSE((*outcomes)[i]->replayed);
    // One commit: one commit time for the whole batch.
    EXPECT_EQ((*outcomes)[i]->result.commit_time().seconds(),
              outcomes->front()->result.commit_time().seconds());
  }
  EXPECT_EQ(outcomes->back()->result.loan().outstanding_principal().amount_fen(),
            100'000'00 - 50 * 1'00);
  EXPECT_EQ(Outstanding("L1"), 100'000'00 - 50 * 1'00);
  EXPECT_EQ(Outstanding("L2"), 50'000'00 - 50 * 1'00);
  EXPECT_EQ(ledger_.engine()->head().sequence, head + 100);
  ExpectAuditClean();
}

TEST_F(LedgerEngineBatchTest, FailedChainLeavesNothingAndLaterItemsSeeTheStateBeforeIt) {
  const uint64_t head = ledger_.engine()->head().sequence;
  std::vector<BatchItem> items;
  items.push_back(Item(Repay("before", "B001", "L1", 10'00, 0)));
  // A chain that changes L1 twice and L2 once, then fails on an overpayment of L2.
  items.push_back(Item(Repay("chain-a", "B001", "L1", 20'00, 0), /*linked=*/true));
  items.push_back(Item(Repay("chain-b", "B001", "L1", 30'00, 0), /*linked=*/true));
  items.push_back(Item(Repay("chain-c", "B001", "L2", 40'00, 0), /*linked=*/true));
  items.push_back(Item(Repay("chain-d", "B001", "L2", 999'999'00, 0)));
  // After it: the same request id as a rolled-back chain item applies afresh, and sees L1 as
  // the chain never touched it.
  items.push_back(Item(Repay("chain-a", "B001", "L1", 20'00, 0)));
  // L2's row was first read into the batch by the chain: the rollback must forget it.
  items.push_back(Item(Repay("after-l2", "B001", "L2", 5'00, 0)));
  absl::StatusOr<BatchOutcomes> outcomes = RunBatch(std::move(items));
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 7u);
  ASSERT_TRUE((*outcomes)[0].ok());
  EXPECT_EQ((*outcomes)[0]->result.sequence(), head + 1);
  for (int i : {1, 2, 3}) {
    EXPECT_EQ((*outcomes)[i].status().code(), absl::StatusCode::kAborted) << i;
    EXPECT_EQ(ReasonOf((*outcomes)[i].status()), reason::kLinkedCommandFailed) << i;
  }
  EXPECT_EQ(ReasonOf((*outcomes)[4].status()), reason::kExceedsOutstanding);
  ASSERT_TRUE((*outcomes)[5].ok()) << (*outcomes)[5].status();
  EXPECT_FALSE((*outcomes)[5]->replayed);
  // The chain's sequence numbers were given back: the next entry continues the first.
  EXPECT_EQ((*outcomes)[5]->result.sequence(), head + 2);
  EXPECT_EQ((*outcomes)[5]->result.loan().outstanding_principal().amount_fen(),
            100'000'00 - 10'00 - 20'00);
  ASSERT_TRUE((*outcomes)[6].ok()) << (*outcomes)[6].status();
  EXPECT_EQ((*outcomes)[6]->result.loan().outstanding_principal().amount_fen(), 50'000'00 - 5'00);
  EXPECT_EQ(Outstanding("L1"), 100'000'00 - 10'00 - 20'00);
  EXPECT_EQ(Outstanding("L2"), 50'000'00 - 5'00);
  EXPECT_EQ(ledger_.engine()->head().sequence, head + 3);
  ExpectAuditClean();

  // The rolled-back ids were never stored: a retry of chain-b applies now.
  absl::StatusOr<BatchOutcomes> retry = RunBatch({Item(Repay("chain-b", "B001", "L1", 30'00, 0))});
  ASSERT_TRUE(retry.ok());
  ASSERT_TRUE(retry->front().ok()) << retry->front().status();
  EXPECT_FALSE(retry->front()->replayed);
  EXPECT_EQ(retry->front()->result.sequence(), head + 4);
}

TEST_F(LedgerEngineBatchTest, SucceedingChainAppliesWhole) {
  const uint64_t head = ledger_.engine()->head().sequence;
  absl::StatusOr<BatchOutcomes> outcomes =
      RunBatch({Item(Create("c3", "B001", "L3", 10'000'00), true),
                Item(Disburse("d3", "B001", "L3", 10'000'00), true),
                Item(Repay("r3", "B001", "L3", 1'000'00, 0))});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE((*outcomes)[i].ok()) << i << ": " << (*outcomes)[i].status();
    EXPECT_EQ((*outcomes)[i]->result.sequence(), head + 1 + i);
  }
  EXPECT_EQ(Outstanding("L3"), 9'000'00);
  ExpectAuditClean();
}

TEST_F(LedgerEngineBatchTest, AReplayInAFailedChainKeepsItsAnswer) {
  absl::StatusOr<BatchOutcomes> first = RunBatch({Item(Repay("p1", "B001", "L1", 1'00, 0))});
  ASSERT_TRUE(first.ok() && first->front().ok());
  const uint64_t head = ledger_.engine()->head().sequence;
  absl::StatusOr<BatchOutcomes> chain =
      RunBatch({Item(Repay("p1", "B001", "L1", 1'00, 0), /*linked=*/true),  // a replay
                Item(Repay("p2", "B001", "L1", 2'00, 0), /*linked=*/true),
                Item(Repay("p2", "B001", "L1", 2'00, 0), /*linked=*/true),  // replays p2 above
                Item(Repay("p3", "B001", "L1", 999'999'00, 0))});
  ASSERT_TRUE(chain.ok()) << chain.status();
  // p1 was durable before the chain: still replayed, with its sequence. p2 and its in-chain
  // replay went with the chain.
  ASSERT_TRUE((*chain)[0].ok()) << (*chain)[0].status();
  EXPECT_TRUE((*chain)[0]->replayed);
  EXPECT_EQ((*chain)[0]->result.sequence(), first->front()->result.sequence());
  EXPECT_EQ(ReasonOf((*chain)[1].status()), reason::kLinkedCommandFailed);
  EXPECT_EQ(ReasonOf((*chain)[2].status()), reason::kLinkedCommandFailed);
  EXPECT_EQ(ReasonOf((*chain)[3].status()), reason::kExceedsOutstanding);
  EXPECT_EQ(ledger_.engine()->head().sequence, head);
}

TEST_F(LedgerEngineBatchTest, ABatchWhoseDeadlinePassedInTheQueueIsNotApplied) {
  const uint64_t head = ledger_.engine()->head().sequence;
  absl::Notification done;
  BatchOutcomes outcomes;
  ASSERT_TRUE(ledger_.engine()
                  ->SubmitBatch(
                      kBank,
                      {Item(Repay("late1", "B001", "L1", 1'00, 0)),
                       Item(Repay("late2", "B001", "L2", 1'00, 0))},
                      [&](BatchOutcomes result) {
                        outcomes = std::move(result);
                        done.Notify();
                      },
                      absl::Now() - absl::Seconds(1))
                  .ok());
  done.WaitForNotification();
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(ReasonOf(outcome.status()), reason::kDeadlinePassed);
  }
  EXPECT_EQ(ledger_.engine()->head().sequence, head);
}

TEST_F(LedgerEngineBatchTest, RetriedItemsReplayPerCommand) {
  absl::StatusOr<BatchOutcomes> first = RunBatch(
      {Item(Repay("x1", "B001", "L1", 1'00, 0)), Item(Repay("x2", "B001", "L1", 1'00, 0))});
  ASSERT_TRUE(first.ok());
  const uint64_t head = ledger_.engine()->head().sequence;
  absl::StatusOr<BatchOutcomes> again =
      RunBatch({Item(Repay("x1", "B001", "L1", 1'00, 0)),
                Item(Repay("x2", "B001", "L1", 2'00, 0)),  // the id, another payload
                Item(Repay("x3", "B001", "L1", 1'00, 0)),
                Item(Repay("x3", "B001", "L1", 1'00, 0))});  // twice in one batch
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)[0].ok());
  EXPECT_TRUE((*again)[0]->replayed);
  EXPECT_EQ((*again)[0]->result.sequence(), (*first)[0]->result.sequence());
  EXPECT_EQ(ReasonOf((*again)[1].status()), reason::kRequestIdReused);
  ASSERT_TRUE((*again)[2].ok());
  EXPECT_FALSE((*again)[2]->replayed);
  EXPECT_EQ((*again)[2]->result.sequence(), head + 1);
  ASSERT_TRUE((*again)[3].ok());
  EXPECT_TRUE((*again)[3]->replayed);
  EXPECT_EQ((*again)[3]->result.sequence(), head + 1);
  EXPECT_EQ(ledger_.engine()->head().sequence, head + 1);
  EXPECT_EQ(Outstanding("L1"), 100'000'00 - 3 * 1'00);
}

TEST_F(LedgerEngineBatchTest, ItemsRefusedBeforeQueueingFailTheirChainOnly) {
  const uint64_t head = ledger_.engine()->head().sequence;
  BatchItem out_of_scope = Item(Repay("o1", "B001", "L1", 1'00, 0), /*linked=*/true);
  out_of_scope.refused = absl::NotFoundError("not yours");
  internal::LedgerCommand bad_id = Repay("", "B001", "L1", 1'00, 0);  // no request id
  absl::StatusOr<BatchOutcomes> outcomes =
      RunBatch({std::move(out_of_scope), Item(Repay("o2", "B001", "L1", 1'00, 0)),
                Item(std::move(bad_id)), Item(Repay("o3", "B001", "L1", 1'00, 0))});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_EQ((*outcomes)[0].status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf((*outcomes)[1].status()), reason::kLinkedCommandFailed);
  EXPECT_EQ((*outcomes)[2].status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE((*outcomes)[3].ok()) << (*outcomes)[3].status();
  EXPECT_EQ((*outcomes)[3]->result.sequence(), head + 1);

  // Nothing left to apply: answered at once, on this thread, nothing written.
  BatchItem refused = Item(Repay("o4", "B001", "L1", 1'00, 0));
  refused.refused = absl::PermissionDeniedError("no");
  bool called = false;
  ASSERT_TRUE(ledger_.engine()
                  ->SubmitBatch(kBank, {std::move(refused)},
                                [&](BatchOutcomes result) {
                                  called = true;
                                  EXPECT_EQ(result.front().status().code(),
                                            absl::StatusCode::kPermissionDenied);
                                })
                  .ok());
  EXPECT_TRUE(called);
  EXPECT_EQ(ledger_.engine()->head().sequence, head + 1);
}

TEST_F(LedgerEngineBatchTest, WholeBatchRefusals) {
  const uint64_t head = ledger_.engine()->head().sequence;
  auto never = [](BatchOutcomes) { ADD_FAILURE() << "a refused batch is never answered"; };
  absl::Status empty = ledger_.engine()->SubmitBatch(kBank, {}, never);
  EXPECT_EQ(FieldOf(empty), "commands");
  std::vector<BatchItem> too_many;
  for (size_t i = 0; i <= kMaxBatchCommands; ++i) {
    too_many.push_back(Item(Repay(absl::StrCat("t", i), "B001", "L1", 1, 0)));
  }
  absl::Status large = ledger_.engine()->SubmitBatch(kBank, std::move(too_many), never);
  EXPECT_EQ(ReasonOf(large), reason::kBatchTooLarge);
  absl::Status open = ledger_.engine()->SubmitBatch(
      kBank, {Item(Repay("l1", "B001", "L1", 1, 0), /*linked=*/true)}, never);
  EXPECT_EQ(ReasonOf(open), reason::kLinkedChainOpen);
  EXPECT_EQ(FieldOf(open), "commands[0].linked");
  EXPECT_EQ(ledger_.engine()->head().sequence, head);
}

TEST(LedgerEngineBatchOptionsTest, AFollowerRefusesBatches) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open(FreshTempDir("engine_batch_follower"), StoreOptions{});
  ASSERT_TRUE(store.ok()) << store.status();
  EngineOptions options;
  options.follower = true;
  absl::StatusOr<std::unique_ptr<LedgerEngine>> engine = LedgerEngine::Start(store->get(), options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  absl::Status refused = (*engine)->SubmitBatch(
      kBank, {Item(Repay("f1", "B001", "L1", 1, 0))},
      [](BatchOutcomes) { ADD_FAILURE() << "a follower never answers a batch"; });
  EXPECT_EQ(ReasonOf(refused), reason::kNotPrimary);
}

TEST(LedgerEngineBatchOptionsTest, QueueBoundsAndStartOptions) {
  const std::string dir = FreshTempDir("engine_batch_options");
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dir, StoreOptions{});
  ASSERT_TRUE(store.ok()) << store.status();
  EngineOptions no_batches;
  no_batches.max_batch_commands = 0;
  EXPECT_FALSE(LedgerEngine::Start(store->get(), no_batches).ok());

  EngineOptions options;
  options.queue_capacity = 3;
  absl::StatusOr<std::unique_ptr<LedgerEngine>> engine = LedgerEngine::Start(store->get(), options);
  ASSERT_TRUE(engine.ok()) << engine.status();
  std::vector<BatchItem> four;
  for (int i = 0; i < 4; ++i) four.push_back(Item(Repay(absl::StrCat("q", i), "B001", "L1", 1, 0)));
  // Larger than the queue can ever hold: refused for good, not "full, retry later".
  absl::Status full = (*engine)->SubmitBatch(kBank, std::move(four), [](BatchOutcomes) {
    ADD_FAILURE() << "a batch larger than the queue is never queued";
  });
  EXPECT_EQ(ReasonOf(full), reason::kBatchTooLarge);
  EXPECT_NE(full.message().find("queue_capacity"), absl::string_view::npos) << full;
}

}  // namespace
}  // namespace ledger
