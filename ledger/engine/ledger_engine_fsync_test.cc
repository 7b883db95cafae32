// LedgerEngine over a RocksDB file system that can hold, fail or fill the disk: nothing is
// acknowledged before its fsync, group commit, what the writer reports per commit, the room a
// refused batch holds, and a failed fsync.
#include <atomic>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "ledger/base/error.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/engine/ledger_engine_test_fixture.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/testing/wait_for.h"

namespace ledger {
namespace {

TEST_F(LedgerEngineFaultTest, NothingIsAcknowledgedBeforeItsFsync) {
  fs_->HoldWalSyncs();
  absl::Notification answered;
  ASSERT_TRUE(engine_
                  ->Submit("bank:B001", Create("r1", "L1"),
                           [&](absl::StatusOr<CommandOutcome>) { answered.Notify(); })
                  .ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());
  EXPECT_FALSE(answered.WaitForNotificationWithTimeout(absl::Milliseconds(200)));
  fs_->ReleaseWalSyncs();
  EXPECT_TRUE(answered.WaitForNotificationWithTimeout(absl::Seconds(10)));
}

TEST_F(LedgerEngineFaultTest, CommandsQueuedDuringAnFsyncShareTheNextOne) {
  ASSERT_TRUE(Run(Create("c", "L0")).ok());
  const int syncs_before = fs_->wal_syncs();
  fs_->HoldWalSyncs();
  constexpr int kCommands = 50;
  std::atomic<int> remaining{kCommands + 1};
  std::atomic<int> ok{0};
  absl::Notification all_done;
  auto count = [&](absl::StatusOr<CommandOutcome> outcome) {
    if (outcome.ok()) ++ok;
    if (--remaining == 0) all_done.Notify();
  };
  ASSERT_TRUE(engine_->Submit("bank:B001", Create("first", "L1"), count).ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());
  // The writer is inside the first batch's fsync; these queue behind it.
  for (int i = 0; i < kCommands; ++i) {
    ASSERT_TRUE(
        engine_->Submit("bank:B001", Create(absl::StrCat("r", i), absl::StrCat("L", i + 2)), count)
            .ok());
  }
  fs_->ReleaseWalSyncs();
  all_done.WaitForNotification();
  EXPECT_EQ(ok.load(), kCommands + 1);
  EXPECT_EQ(fs_->wal_syncs() - syncs_before, 2);  // one per batch, not one per command
  EXPECT_EQ(engine_->head().sequence, kCommands + 2u);
}

TEST_F(LedgerEngineFaultTest, OnCommitReportsEachWriteAndTheQueueIsVisible) {
  std::vector<CommitStats> commits;  // written on the writer thread, read after it is idle
  absl::Mutex mu;
  Close();
  EngineOptions options;
  options.on_commit = [&](const CommitStats& stats) {
    absl::MutexLock lock(&mu);
    commits.push_back(stats);
  };
  StoreOptions store_options;
  store_options.file_system = fs_;
  Open(std::move(options), store_options);

  fs_->HoldWalSyncs();
  std::atomic<int> remaining{11};
  absl::Notification all_done;
  auto count = [&](absl::StatusOr<CommandOutcome>) {
    if (--remaining == 0) all_done.Notify();
  };
  ASSERT_TRUE(engine_->Submit("bank:B001", Create("first", "L1"), count).ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(
        engine_->Submit("bank:B001", Create(absl::StrCat("r", i), absl::StrCat("L", i + 2)), count)
            .ok());
  }
  EXPECT_EQ(engine_->queued_commands(), 10u);
  fs_->ReleaseWalSyncs();
  all_done.WaitForNotification();
  EXPECT_EQ(engine_->queued_commands(), 0u);

  fs_->FailWalSyncs(true);
  EXPECT_FALSE(Run(Create("c1", "L99")).ok());
  absl::MutexLock lock(&mu);
  ASSERT_EQ(commits.size(), 3u);
  EXPECT_EQ(commits[0].commands, 1u);
  EXPECT_EQ(commits[0].entries, 1u);
  EXPECT_TRUE(commits[0].ok);
  EXPECT_GT(commits[0].write_time, absl::ZeroDuration());
  EXPECT_EQ(commits[1].commands, 10u);
  EXPECT_EQ(commits[1].entries, 10u);
  EXPECT_FALSE(commits[2].ok);
}

// Steady single commands must not starve a client's batch: a batch refused for room holds that
// room for kBatchRoomHold, and other commands are admitted only if they leave it free.
TEST_F(LedgerEngineFaultTest, ABatchRefusedForRoomHoldsItForItsRetry) {
  Close();
  EngineOptions options;
  options.queue_capacity = 8;
  StoreOptions store_options;
  store_options.file_system = fs_;
  Open(std::move(options), store_options);

  std::atomic<int> answered{0};
  auto count = [&](absl::StatusOr<CommandOutcome>) { ++answered; };
  auto batch_of = [](const std::string& prefix, int n) {
    std::vector<BatchItem> items(n);
    for (int i = 0; i < n; ++i) {
      items[i].command = Create(absl::StrCat(prefix, i), absl::StrCat("L-", prefix, i));
    }
    return items;
  };
  absl::Notification batch_done;
  auto on_batch = [&](BatchOutcomes) { batch_done.Notify(); };

  // The writer is held in the fsync of "first"; six commands wait behind it.
  fs_->HoldWalSyncs();
  ASSERT_TRUE(engine_->Submit("bank:B001", Create("first", "L-first"), count).ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(
        engine_->Submit("bank:B001", Create(absl::StrCat("u", i), absl::StrCat("L-u", i)), count)
            .ok());
  }
  // 6 + 4 > 8: refused, and 4 places are held for it.
  absl::Status four = engine_->SubmitBatch("bank:B001", batch_of("four-", 4), on_batch);
  EXPECT_EQ(ReasonOf(four), reason::kQueueFull) << four;
  // 6 + 1 would fit the queue, but not beside the held room: refused; so is a smaller batch.
  EXPECT_EQ(ReasonOf(engine_->Submit("bank:B001", Create("u6", "L-u6"), count)),
            reason::kQueueFull);
  EXPECT_EQ(ReasonOf(engine_->SubmitBatch("bank:B001", batch_of("three-", 3), on_batch)),
            reason::kQueueFull);
  EXPECT_EQ(engine_->queued_commands(), 6u);

  fs_->ReleaseWalSyncs();
  ASSERT_TRUE(WaitFor([&] { return answered.load() == 7; }));
  // The batch's retry takes the held room; then everyone is admitted as before.
  ASSERT_TRUE(engine_->SubmitBatch("bank:B001", batch_of("four-", 4), on_batch).ok());
  ASSERT_TRUE(batch_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(Run(Create("u6", "L-u6")).ok());

  // A hold lapses after kBatchRoomHold if the batch never comes back.
  fs_->HoldWalSyncs();
  ASSERT_TRUE(engine_->Submit("bank:B001", Create("second", "L-second"), count).ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());
  for (int i = 10; i < 16; ++i) {
    ASSERT_TRUE(
        engine_->Submit("bank:B001", Create(absl::StrCat("u", i), absl::StrCat("L-u", i)), count)
            .ok());
  }
  EXPECT_EQ(ReasonOf(engine_->SubmitBatch("bank:B001", batch_of("gone-", 4), on_batch)),
            reason::kQueueFull);
  EXPECT_EQ(ReasonOf(engine_->Submit("bank:B001", Create("u16", "L-u16"), count)),
            reason::kQueueFull);
  now_ += kBatchRoomHold;
  EXPECT_TRUE(engine_->Submit("bank:B001", Create("u16", "L-u16"), count).ok());
  fs_->ReleaseWalSyncs();
  ASSERT_TRUE(WaitFor([&] { return answered.load() == 7 + 8; }));
  ExpectChainVerifies();
}

TEST_F(LedgerEngineFaultTest, FailedFsyncAcknowledgesNothingAndStopsWritesUntilRestart) {
  ASSERT_TRUE(Run(Create("c0", "L0")).ok());
  fs_->FailWalSyncs(true);
  absl::StatusOr<CommandOutcome> failed = Run(Create("c1", "L1"));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(failed.status()), reason::kStorageFailed);
  EXPECT_TRUE(engine_->failed());
  fs_->FailWalSyncs(false);
  // No further writes in this process: a sequence number must never be used twice.
  EXPECT_EQ(ReasonOf(Run(Create("c2", "L2")).status()), reason::kStorageFailed);
  EXPECT_TRUE(LoanProjection(store_.get()).Get("B001", "L0").ok());  // reads still work

  // After a restart the outcome of c1 is settled either way; retrying it applies it once.
  Close();
  Open();
  absl::StatusOr<CommandOutcome> retried = Run(Create("c1", "L1"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->result.sequence(), 2u);
  ASSERT_TRUE(Run(Create("c2", "L2")).ok());
  EXPECT_EQ(engine_->head().sequence, 3u);
  ExpectChainVerifies();
}

}  // namespace
}  // namespace ledger
