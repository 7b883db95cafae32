// The engine after a durable write fails: it turns read-only (every command refused
// UNAVAILABLE / STORAGE_FAILED, reads keep working), the writer keeps asking the store to
// resume, writes continue without a gap once the fault is gone, and a reopen plus the offline
// audit show that nothing refused during the fault was stored. Also: a command whose deadline
// passes while it waits for the writer is answered DEADLINE_EXCEEDED and not applied.
//
// Faults come from ledger/testing/faulty_file_system.h (failed WAL syncs, a full disk).
#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/base/error.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/request_key.h"
#include "ledger/testing/faulty_file_system.h"
#include "ledger/testing/power_loss_file_system.h"
#include "ledger/testing/sample_ledger.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/wait_for.h"

namespace ledger {
namespace {

constexpr char kBank[] = "bank:B001";

// A 100,000 CNY loan of bank B001 (ledger/testing/sample_ledger.h builds it).
internal::LedgerCommand Create(const std::string& request_id, const std::string& loan_id) {
  return ledger::Create(request_id, "B001", loan_id, 100'000'00);
}

class EngineRecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("engine_recovery");
    fs_ = std::make_shared<FaultyFileSystem>();
  }

  // Opens the store through the faulty file system and starts an engine that records every
  // writable flip.
  void Open(absl::Duration recovery_interval = absl::Milliseconds(50)) {
    StoreOptions store_options;
    store_options.file_system = fs_;
    auto store = Store::Open(dir_, store_options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    EngineOptions options;
    options.recovery_interval = recovery_interval;
    options.on_writable_changed = [this](bool writable) {
      absl::MutexLock lock(&flips_mu_);
      flips_.push_back(writable);
    };
    auto engine = LedgerEngine::Start(store_.get(), std::move(options));
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = std::move(*engine);
  }

  void Close() {
    engine_.reset();
    store_.reset();
  }

  absl::StatusOr<CommandOutcome> Run(internal::LedgerCommand command,
                                     absl::Time deadline = absl::InfiniteFuture()) {
    absl::Notification done;
    absl::StatusOr<CommandOutcome> result = absl::UnknownError("not answered");
    absl::Status queued = engine_->Submit(
        kBank, std::move(command),
        [&](absl::StatusOr<CommandOutcome> outcome) {
          result = std::move(outcome);
          done.Notify();
        },
        deadline);
    if (!queued.ok()) return queued;
    if (!done.WaitForNotificationWithTimeout(absl::Seconds(30))) {
      return absl::DeadlineExceededError("the engine never answered");
    }
    return result;
  }

  std::vector<bool> flips() {
    absl::MutexLock lock(&flips_mu_);
    return flips_;
  }

  // Reopens the data directory read-only on the real file system, as tools/audit does, and
  // runs the offline audit; returns how often each request id occurs in the journal.
  std::map<std::string, int> ReopenAndAudit() {
    Close();
    StoreOptions read_only;
    read_only.read_only = true;
    read_only.create_if_missing = false;
    auto store = Store::Open(dir_, read_only);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return {};
    absl::StatusOr<AuditReport> report = RunAudit(**store, AuditOptions{});
    EXPECT_TRUE(report.ok()) << report.status();
    if (report.ok()) {
      EXPECT_TRUE(report->ok()) << FormatReport(*report);
    }
    std::vector<v1::JournalEntry> entries;
    EXPECT_TRUE(ReadEntries(**store, 1, 10'000, &entries).ok());
    std::map<std::string, int> seen;
    uint64_t expected_sequence = 1;
    for (const v1::JournalEntry& entry : entries) {
      EXPECT_EQ(entry.sequence(), expected_sequence++) << "a gap in the journal";
      ++seen[entry.request_id()];
    }
    last_reopened_sequence_ = (*store)->last_sequence();
    // A request record without its entry would replay an answer nothing backs.
    for (const std::string& id : refused_ids_) {
      EXPECT_TRUE(
          absl::IsNotFound((*store)->Get(Family::kRequests, RequestRecordKey(kBank, id)).status()))
          << id << " has a request record";
    }
    return seen;
  }

  // Submits a command while the engine is read-only: it must be refused at once.
  void ExpectRefusedWhileFailed(const std::string& request_id, const std::string& loan_id) {
    absl::StatusOr<CommandOutcome> refused = Run(Create(request_id, loan_id));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
    EXPECT_EQ(ReasonOf(refused.status()), reason::kStorageFailed);
    refused_ids_.push_back(request_id);
  }

  std::string dir_;
  std::shared_ptr<FaultyFileSystem> fs_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
  absl::Mutex flips_mu_;
  std::vector<bool> flips_ ABSL_GUARDED_BY(flips_mu_);
  std::vector<std::string> refused_ids_;  // refused during a fault and never retried
  uint64_t last_reopened_sequence_ = 0;
};

TEST_F(EngineRecoveryTest, FailedFsyncTurnsReadOnlyThenRecoversWithoutARestart) {
  // Long enough that the refusal below lands before the first recovery attempt.
  Open(absl::Milliseconds(500));
  ASSERT_TRUE(Run(Create("c0", "L0")).ok());

  fs_->FailWalSyncs(true);
  absl::StatusOr<CommandOutcome> failed = Run(Create("c1", "L1"));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_EQ(ReasonOf(failed.status()), reason::kStorageFailed);
  EXPECT_TRUE(engine_->failed());
  EXPECT_EQ(engine_->write_failures(), 1);
  ExpectRefusedWhileFailed("lost-1", "L9");
  EXPECT_TRUE(LoanProjection(store_.get()).Get("B001", "L0").ok());  // reads still work
  EXPECT_FALSE(LoanProjection(store_.get()).Get("B001", "L1").ok());

  fs_->FailWalSyncs(false);
  // Only the writer's recovery attempts can clear this: nothing else calls Store::Resume.
  ASSERT_TRUE(WaitFor([&] { return !engine_->failed(); })) << "never recovered";
  EXPECT_EQ(engine_->recoveries(), 1);
  EXPECT_EQ(flips(), (std::vector<bool>{false, true}));

  // The injected failure comes after the batch was appended to the WAL, so the reopen that
  // recovered the store found it whole: the caller's retry with the same id replays it.
  absl::StatusOr<CommandOutcome> retried = Run(Create("c1", "L1"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_TRUE(retried->replayed);
  EXPECT_EQ(retried->result.sequence(), 2u);
  absl::StatusOr<CommandOutcome> next = Run(Create("c2", "L2"));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->result.sequence(), 3u);

  std::map<std::string, int> seen = ReopenAndAudit();
  EXPECT_EQ(seen, (std::map<std::string, int>{{"c0", 1}, {"c1", 1}, {"c2", 1}}));
  EXPECT_EQ(last_reopened_sequence_, 3u);
}

TEST_F(EngineRecoveryTest, FullDiskStaysReadOnlyUntilSpaceReturns) {
  Open(absl::Milliseconds(50));
  ASSERT_TRUE(Run(Create("c0", "L0")).ok());
  ASSERT_TRUE(Run(Create("c1", "L1")).ok());

  fs_->SetDiskFull(true);
  absl::StatusOr<CommandOutcome> failed = Run(Create("c2", "L2"));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_EQ(ReasonOf(failed.status()), reason::kStorageFailed);
  EXPECT_GT(fs_->refused_appends(), 0);
  // Several recovery attempts (each needs to write an SST file) fail while the disk is full.
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_TRUE(engine_->failed());
  EXPECT_EQ(engine_->recoveries(), 0);
  ExpectRefusedWhileFailed("lost-1", "L9");
  EXPECT_TRUE(LoanProjection(store_.get()).Get("B001", "L1").ok());
  EXPECT_FALSE(LoanProjection(store_.get()).Get("B001", "L2").ok());

  fs_->SetDiskFull(false);
  ASSERT_TRUE(WaitFor([&] { return !engine_->failed(); })) << "never recovered";
  EXPECT_EQ(engine_->recoveries(), 1);
  EXPECT_EQ(engine_->write_failures(), 1);
  EXPECT_EQ(flips(), (std::vector<bool>{false, true}));

  absl::StatusOr<CommandOutcome> retried = Run(Create("c2", "L2"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->result.sequence(), 3u);
  ASSERT_TRUE(Run(Create("c3", "L3")).ok());

  std::map<std::string, int> seen = ReopenAndAudit();
  EXPECT_EQ(seen, (std::map<std::string, int>{{"c0", 1}, {"c1", 1}, {"c2", 1}, {"c3", 1}}));
  EXPECT_EQ(last_reopened_sequence_, 4u);
}

// Reopening flushes what the WAL held into SST files, so the memtables are empty when the
// next write fails. RocksDB's own resume would then flush nothing and leave the WAL holding
// the failed (fully appended, unsynced) batch live behind later writes, which a restart would
// replay under sequence numbers used since. The store's recovery reopens instead, so the
// failed batch is settled (here: found whole, at its own sequence number) before anything is
// written after it.
TEST_F(EngineRecoveryTest, FailureRightAfterAFlushNeverReusesASequenceNumber) {
  Open();
  ASSERT_TRUE(Run(Create("c0", "L0")).ok());
  ASSERT_TRUE(Run(Create("c1", "L1")).ok());
  Close();
  Open();  // memtables now empty

  fs_->FailWalSyncs(true);
  absl::StatusOr<CommandOutcome> failed = Run(Create("x1", "X1"));
  EXPECT_EQ(ReasonOf(failed.status()), reason::kStorageFailed) << failed.status();
  fs_->FailWalSyncs(false);
  ASSERT_TRUE(WaitFor([&] { return !engine_->failed(); })) << "never recovered";
  EXPECT_EQ(engine_->head().sequence, 3u);  // x1, recovered whole from the WAL

  absl::StatusOr<CommandOutcome> after = Run(Create("y1", "Y1"));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->result.sequence(), 4u);
  ASSERT_TRUE(Run(Create("y2", "Y2")).ok());

  std::map<std::string, int> seen = ReopenAndAudit();
  EXPECT_EQ(seen,
            (std::map<std::string, int>{{"c0", 1}, {"c1", 1}, {"x1", 1}, {"y1", 1}, {"y2", 1}}));
  EXPECT_EQ(last_reopened_sequence_, 5u);
  Open();
  EXPECT_TRUE(LoanProjection(store_.get()).Get("B001", "X1").ok());
  EXPECT_TRUE(LoanProjection(store_.get()).Get("B001", "Y1").ok());
}

// The same with a full disk: the failed batch is half in the WAL (a torn record), and writes
// after the recovery must not land behind it in that WAL.
TEST_F(EngineRecoveryTest, FullDiskRightAfterAFlushLeavesNoTornRecordBehind) {
  Open();
  ASSERT_TRUE(Run(Create("c0", "L0")).ok());
  Close();
  Open();  // memtables now empty

  fs_->SetDiskFull(true);
  EXPECT_EQ(ReasonOf(Run(Create("x1", "X1")).status()), reason::kStorageFailed);
  refused_ids_.push_back("x1");
  fs_->SetDiskFull(false);
  ASSERT_TRUE(WaitFor([&] { return !engine_->failed(); })) << "never recovered";
  absl::StatusOr<CommandOutcome> after = Run(Create("y1", "Y1"));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->result.sequence(), 2u);

  std::map<std::string, int> seen = ReopenAndAudit();
  EXPECT_EQ(seen, (std::map<std::string, int>{{"c0", 1}, {"y1", 1}}));
  EXPECT_EQ(last_reopened_sequence_, 2u);
}

// A batch whose fsync failed but whose bytes were still in the page cache is found whole by
// the reopen, and its retry is answered as replayed: an acknowledgement. That is only honest
// if the reopen made it durable (RocksDB flushes what it recovered to a synced SST file at
// open). A power cut right after the acknowledgement must not lose it.
TEST_F(EngineRecoveryTest, ABatchRecoveredByTheReopenSurvivesAPowerCut) {
  auto power = std::make_shared<PowerLossFileSystem>();
  fs_ = std::make_shared<FaultyFileSystem>(power);
  Open();
  ASSERT_TRUE(Run(Create("c0", "L0")).ok());

  fs_->FailWalSyncs(true);
  EXPECT_EQ(ReasonOf(Run(Create("c1", "L1")).status()), reason::kStorageFailed);
  fs_->FailWalSyncs(false);
  ASSERT_TRUE(WaitFor([&] { return !engine_->failed(); })) << "never recovered";
  absl::StatusOr<CommandOutcome> retried = Run(Create("c1", "L1"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_TRUE(retried->replayed);  // acknowledged now

  power->CutPower();
  Close();
  ASSERT_TRUE(power->DropUnsyncedData().ok());
  std::map<std::string, int> seen = ReopenAndAudit();
  EXPECT_EQ(seen, (std::map<std::string, int>{{"c0", 1}, {"c1", 1}}));
}

// A retry of a committed request is answered from its stored record before Submit returns:
// not behind the writer (held here inside another batch's fsync), and even while read-only.
// A request whose batch is not yet durable is not answered early.
TEST_F(EngineRecoveryTest, RetriesAreAnsweredAtOnceFromTheStoredRecord) {
  Open(absl::Seconds(30));  // no recovery attempt during the test
  absl::StatusOr<CommandOutcome> first = Run(Create("c0", "L0"));
  ASSERT_TRUE(first.ok()) << first.status();

  // What a Submit's callback reports; shared, because the writer may answer after the call
  // (a request not yet durable), even after the test body.
  struct Answer {
    absl::Notification done;
    absl::StatusOr<CommandOutcome> outcome = absl::UnknownError("not answered");
  };
  // Submits and says whether the answer came before Submit returned.
  auto submit_now = [&](const std::string& id, const std::string& loan,
                        const std::shared_ptr<Answer>& answer) {
    absl::Status queued =
        engine_->Submit(kBank, Create(id, loan), [answer](absl::StatusOr<CommandOutcome> outcome) {
          answer->outcome = std::move(outcome);
          answer->done.Notify();
        });
    EXPECT_TRUE(queued.ok()) << queued;
    return answer->done.HasBeenNotified();
  };

  fs_->HoldWalSyncs();
  absl::Notification held_done;
  ASSERT_TRUE(engine_
                  ->Submit(kBank, Create("held", "L1"),
                           [&](absl::StatusOr<CommandOutcome>) { held_done.Notify(); })
                  .ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());
  auto replay = std::make_shared<Answer>();
  EXPECT_TRUE(submit_now("c0", "L0", replay)) << "a replay waited for the writer";
  ASSERT_TRUE(replay->outcome.ok()) << replay->outcome.status();
  EXPECT_TRUE(replay->outcome->replayed);
  EXPECT_EQ(replay->outcome->result.sequence(), first->result.sequence());
  // The held request is not durable yet: its retry is queued, not answered.
  auto early = std::make_shared<Answer>();
  EXPECT_FALSE(submit_now("held", "L1", early)) << "answered before its batch was durable";
  // The same id for a different request is refused at once.
  absl::Status reused =
      engine_->Submit(kBank, Create("c0", "OTHER"), [](absl::StatusOr<CommandOutcome>) { FAIL(); });
  EXPECT_EQ(ReasonOf(reused), reason::kRequestIdReused);
  fs_->ReleaseWalSyncs();
  ASSERT_TRUE(held_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(early->done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(early->outcome.ok()) << early->outcome.status();
  EXPECT_TRUE(early->outcome->replayed);  // by the writer, once "held" was durable

  fs_->FailWalSyncs(true);
  EXPECT_EQ(ReasonOf(Run(Create("c9", "L9")).status()), reason::kStorageFailed);
  ASSERT_TRUE(engine_->failed());
  auto while_failed = std::make_shared<Answer>();
  EXPECT_TRUE(submit_now("c0", "L0", while_failed));
  ASSERT_TRUE(while_failed->outcome.ok()) << while_failed->outcome.status();
  EXPECT_TRUE(while_failed->outcome->replayed);
  fs_->FailWalSyncs(false);
}

TEST_F(EngineRecoveryTest, ACommandWhoseDeadlinePassesInTheQueueIsNotApplied) {
  Open();
  fs_->HoldWalSyncs();
  absl::Notification first_done;
  ASSERT_TRUE(engine_
                  ->Submit(kBank, Create("first", "L1"),
                           [&](absl::StatusOr<CommandOutcome>) { first_done.Notify(); })
                  .ok());
  ASSERT_TRUE(fs_->WaitUntilSyncHeld());  // the writer is inside the first batch's fsync

  absl::Notification late_done;
  absl::StatusOr<CommandOutcome> late = absl::UnknownError("not answered");
  const absl::Time deadline = absl::Now() + absl::Milliseconds(50);
  ASSERT_TRUE(engine_
                  ->Submit(
                      kBank, Create("late", "L2"),
                      [&](absl::StatusOr<CommandOutcome> outcome) {
                        late = std::move(outcome);
                        late_done.Notify();
                      },
                      deadline)
                  .ok());
  absl::SleepFor(deadline - absl::Now() + absl::Milliseconds(20));
  fs_->ReleaseWalSyncs();
  ASSERT_TRUE(first_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(late_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded) << late.status();
  EXPECT_EQ(ReasonOf(late.status()), reason::kDeadlinePassed);
  EXPECT_EQ(engine_->head().sequence, 1u);
  EXPECT_FALSE(LoanProjection(store_.get()).Get("B001", "L2").ok());
  EXPECT_TRUE(
      absl::IsNotFound(store_->Get(Family::kRequests, RequestRecordKey(kBank, "late")).status()));

  // Not applied, so the retry is a first application, right after "first".
  absl::StatusOr<CommandOutcome> retried = Run(Create("late", "L2"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_FALSE(retried->replayed);
  EXPECT_EQ(retried->result.sequence(), 2u);
}

}  // namespace
}  // namespace ledger
