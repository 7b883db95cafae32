// A follower engine fed a real primary's stored records (what ReplicateJournal sends): the
// journal and request records come out byte for byte the primary's, the projections pass the
// audit; a tampered record, a gap or another history is refused (REPLICA_DIVERGED) with nothing
// written; a re-delivered batch is a no-op and an overlapping one applies its new entries;
// a follower refuses commands (NOT_PRIMARY) until promoted, then continues the chain, and a
// batch still queued at the promotion is refused.
#include "ledger/engine/replicated_apply.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/base/error.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/store/request_key.h"
#include "ledger/store/store.h"
#include "ledger/testing/sample_ledger.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

// Entries [from, to] of `store` as the primary sends them.
std::vector<v1::ReplicatedEntry> ReadReplicated(const Store& store, uint64_t from, uint64_t to) {
  std::vector<v1::ReplicatedEntry> entries;
  for (uint64_t sequence = from; sequence <= to; ++sequence) {
    absl::StatusOr<std::string> record = store.Get(Family::kJournal, JournalKey(sequence));
    EXPECT_TRUE(record.ok()) << sequence;
    if (!record.ok()) break;
    absl::StatusOr<DecodedEntry> decoded = DecodeEntry(*record);
    internal::EntryBody body;
    EXPECT_TRUE(decoded.ok() && body.ParseFromString(decoded->body));
    internal::RequestRecord request;
    absl::StatusOr<std::string> bytes =
        store.Get(Family::kRequests, RequestRecordKey(body.principal(), body.request_id()));
    EXPECT_TRUE(bytes.ok() && request.ParseFromString(*bytes)) << sequence;
    v1::ReplicatedEntry entry;
    entry.set_sequence(sequence);
    entry.set_record(*record);
    entry.set_request_fingerprint(request.fingerprint());
    entries.push_back(std::move(entry));
  }
  return entries;
}

// Every key and value of a family.
std::map<std::string, std::string> Dump(const Store& store, Family family) {
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(store
                  .Scan(family, "", "",
                        [&](absl::string_view key, absl::string_view value) {
                          rows.emplace(std::string(key), std::string(value));
                          return true;
                        })
                  .ok());
  return rows;
}

class Replica {
 public:
  explicit Replica(const std::string& name) : dir_(FreshTempDir(name)) { Open(); }

  void Open() {
    store_ = std::move(*Store::Open(dir_, {}));
    EngineOptions options;
    options.follower = true;
    options.on_commit = [this](const CommitStats& stats) {
      absl::MutexLock lock(&mu_);
      commits_.push_back(stats);
    };
    engine_ = std::move(*LedgerEngine::Start(store_.get(), std::move(options)));
  }
  void Close() {
    engine_.reset();
    store_.reset();
  }

  absl::Status Apply(std::vector<v1::ReplicatedEntry> entries) {
    absl::Notification done;
    absl::Status result;
    absl::Status queued = engine_->SubmitReplicated(std::move(entries), [&](absl::Status s) {
      result = std::move(s);
      done.Notify();
    });
    if (!queued.ok()) return queued;
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    return result;
  }

  absl::StatusOr<CommandOutcome> Submit(internal::LedgerCommand command) {
    absl::Notification done;
    absl::StatusOr<CommandOutcome> result;
    absl::Status queued =
        engine_->Submit("bank:B001", std::move(command), [&](absl::StatusOr<CommandOutcome> o) {
          result = std::move(o);
          done.Notify();
        });
    if (!queued.ok()) return queued;
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    return result;
  }

  Store& store() { return *store_; }
  LedgerEngine& engine() { return *engine_; }
  // What the writer reported to EngineOptions::on_commit.
  std::vector<CommitStats> commits() {
    absl::MutexLock lock(&mu_);
    return commits_;
  }

 private:
  absl::Mutex mu_;
  std::vector<CommitStats> commits_ ABSL_GUARDED_BY(mu_);
  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
};

void ExpectAuditOk(const Store& store) {
  absl::StatusOr<AuditReport> report = RunAudit(store, AuditOptions{});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << FormatReport(*report);
}

TEST(ReplicatedApplyTest, AFollowerHoldsThePrimarysJournalAndRequestsByteForByte) {
  SampleLedger primary("replica-primary");
  primary.RunMixedLifecycle();
  primary.RunFundLifecycle();
  const uint64_t head = primary.engine()->head().sequence;
  ASSERT_EQ(head, 19u);

  Replica follower("replica-follower");
  // Uneven batches, as a stream delivers them.
  for (uint64_t from = 1; from <= head; from += 7) {
    absl::Status applied =
        follower.Apply(ReadReplicated(*primary.store(), from, std::min(head, from + 6)));
    ASSERT_TRUE(applied.ok()) << applied;
  }
  EXPECT_EQ(follower.engine().head().sequence, head);
  EXPECT_EQ(follower.engine().head().hash, primary.engine()->head().hash);
  // Each applied batch is one durable write on the metrics page; a re-delivery writes nothing.
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 1, 7)).ok());
  const std::vector<CommitStats> commits = follower.commits();
  ASSERT_EQ(commits.size(), 3u);
  uint64_t entries = 0;
  for (const CommitStats& commit : commits) {
    EXPECT_TRUE(commit.ok);
    EXPECT_EQ(commit.commands, commit.entries);
    entries += commit.entries;
  }
  EXPECT_EQ(entries, head);
  EXPECT_EQ(Dump(follower.store(), Family::kJournal), Dump(*primary.store(), Family::kJournal));
  EXPECT_EQ(Dump(follower.store(), Family::kRequests), Dump(*primary.store(), Family::kRequests));
  EXPECT_EQ(Dump(follower.store(), Family::kProjections),
            Dump(*primary.store(), Family::kProjections));
  ExpectAuditOk(follower.store());
  // Durable: a restart finds the same head.
  follower.Close();
  follower.Open();
  EXPECT_EQ(follower.engine().head().hash, primary.engine()->head().hash);
}

TEST(ReplicatedApplyTest, ATamperedRecordAGapOrAnotherHistoryIsRefusedAndNothingWritten) {
  SampleLedger primary("diverge-primary");
  primary.RunMixedLifecycle();
  Replica follower("diverge-follower");
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 1, 3)).ok());
  const std::map<std::string, std::string> before = Dump(follower.store(), Family::kProjections);

  // A byte of entry 5's body changed: its hash no longer matches (4 is fine, and not written).
  std::vector<v1::ReplicatedEntry> tampered = ReadReplicated(*primary.store(), 4, 6);
  std::string record = tampered[1].record();
  record[record.size() / 2] ^= 0x01;
  tampered[1].set_record(record);
  absl::Status refused = follower.Apply(tampered);
  EXPECT_EQ(refused.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReasonOf(refused), reason::kReplicaDiverged) << refused;

  // A gap.
  refused = follower.Apply(ReadReplicated(*primary.store(), 5, 6));
  EXPECT_EQ(ReasonOf(refused), reason::kReplicaDiverged) << refused;

  // Another ledger's entry 4: well formed, but it chains another entry 3.
  SampleLedger other("diverge-other");
  other.RunMixedLifecycle();
  ASSERT_TRUE(other.Run(Create("other-1", "B001", "X1", 1000'00)).ok());
  ASSERT_NE(other.engine()->head().hash, primary.engine()->head().hash);
  refused = follower.Apply(ReadReplicated(*other.store(), 15, 15));
  EXPECT_EQ(ReasonOf(refused), reason::kReplicaDiverged) << refused;

  // Entry 4 itself still applies.
  EXPECT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 4, 4)).ok());
  EXPECT_EQ(follower.engine().head().sequence, 4u);

  // Nothing of the refused batches was written.
  EXPECT_EQ(follower.store().last_sequence(), 4u);
  EXPECT_NE(Dump(follower.store(), Family::kProjections), before);  // only entry 4's rows
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 5, 14)).ok());
  EXPECT_EQ(follower.engine().head().hash, primary.engine()->head().hash);
  ExpectAuditOk(follower.store());
}

TEST(ReplicatedApplyTest, AFollowerRefusesCommandsUntilPromotedThenContinuesTheChain) {
  SampleLedger primary("promote-primary");
  primary.RunMixedLifecycle();
  Replica follower("promote-follower");
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 1, 14)).ok());

  absl::StatusOr<CommandOutcome> refused = follower.Submit(Create("new-1", "B001", "N1", 500'00));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), reason::kNotPrimary);
  EXPECT_EQ(follower.engine().head().sequence, 14u);

  follower.engine().Promote();
  follower.engine().Promote();  // idempotent
  EXPECT_FALSE(follower.engine().is_follower());
  absl::StatusOr<CommandOutcome> created = follower.Submit(Create("new-1", "B001", "N1", 500'00));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->result.sequence(), 15u);
  // The new entry chains the replicated head.
  absl::StatusOr<std::string> record = follower.store().Get(Family::kJournal, JournalKey(15));
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(DecodeEntry(*record)->prev_hash, primary.engine()->head().hash);

  // No longer a follower: replicated batches are refused.
  absl::Status not_follower = follower.engine().SubmitReplicated(
      ReadReplicated(*primary.store(), 14, 14), [](absl::Status) {});
  EXPECT_EQ(not_follower.code(), absl::StatusCode::kFailedPrecondition);
  ExpectAuditOk(follower.store());
}

TEST(ReplicatedApplyTest, ARedeliveredBatchIsANoOpAndAnOverlappingOneAppliesItsNewHalf) {
  SampleLedger primary("redeliver-primary");
  primary.RunMixedLifecycle();
  Replica follower("redeliver-follower");
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 1, 6)).ok());
  const std::map<std::string, std::string> journal = Dump(follower.store(), Family::kJournal);
  const std::map<std::string, std::string> projections =
      Dump(follower.store(), Family::kProjections);

  // The same batch again (the primary resends it after a reconnect): OK, nothing written.
  absl::Status again = follower.Apply(ReadReplicated(*primary.store(), 1, 6));
  EXPECT_TRUE(again.ok()) << again;
  EXPECT_EQ(follower.engine().head().sequence, 6u);
  EXPECT_EQ(follower.store().last_sequence(), 6u);
  EXPECT_EQ(Dump(follower.store(), Family::kJournal), journal);
  EXPECT_EQ(Dump(follower.store(), Family::kProjections), projections);

  // Half held, half new: the new half applies.
  absl::Status overlapping = follower.Apply(ReadReplicated(*primary.store(), 4, 9));
  ASSERT_TRUE(overlapping.ok()) << overlapping;
  EXPECT_EQ(follower.engine().head().sequence, 9u);
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 10, 14)).ok());
  EXPECT_EQ(follower.engine().head().hash, primary.engine()->head().hash);
  EXPECT_EQ(Dump(follower.store(), Family::kJournal), Dump(*primary.store(), Family::kJournal));
  EXPECT_EQ(Dump(follower.store(), Family::kRequests), Dump(*primary.store(), Family::kRequests));
  ExpectAuditOk(follower.store());
}

TEST(ReplicatedApplyTest, ADifferentRecordAtAHeldSequenceIsADivergence) {
  SampleLedger primary("held-primary");
  primary.RunMixedLifecycle();
  Replica follower("held-follower");
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 1, 4)).ok());

  // Entry 4 with one byte changed, then 5: the held entry differs.
  std::vector<v1::ReplicatedEntry> tampered = ReadReplicated(*primary.store(), 4, 5);
  std::string record = tampered[0].record();
  record[record.size() / 2] ^= 0x01;
  tampered[0].set_record(record);
  absl::Status refused = follower.Apply(tampered);
  EXPECT_EQ(refused.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReasonOf(refused), reason::kReplicaDiverged) << refused;

  // Another ledger's entries 3 and 4: well formed, but not the ones held here.
  SampleLedger other("held-other");
  ASSERT_TRUE(other.Run(Create("other-1", "B001", "X1", 1000'00)).ok());
  ASSERT_TRUE(other.Run(Create("other-2", "B001", "X2", 1000'00)).ok());
  ASSERT_TRUE(other.Run(Create("other-3", "B001", "X3", 1000'00)).ok());
  ASSERT_TRUE(other.Run(Create("other-4", "B001", "X4", 1000'00)).ok());
  refused = follower.Apply(ReadReplicated(*other.store(), 3, 4));
  EXPECT_EQ(ReasonOf(refused), reason::kReplicaDiverged) << refused;

  // Nothing of either was written; the primary's own continuation still applies.
  EXPECT_EQ(follower.store().last_sequence(), 4u);
  ASSERT_TRUE(follower.Apply(ReadReplicated(*primary.store(), 3, 14)).ok());
  EXPECT_EQ(follower.engine().head().hash, primary.engine()->head().hash);
  ExpectAuditOk(follower.store());
}

// Only an event that does not fit the follower's state is a divergence; a failed read of the
// follower's own store (UNAVAILABLE while it reopens after a storage failure, an I/O error,
// memory) is retryable and must not stop the follower for good.
TEST(ReplicatedApplyTest, OnlyErrorsAboutTheHistoryAreDivergence) {
  EXPECT_TRUE(IsDivergentApplyError(absl::DataLossError("x")));
  EXPECT_TRUE(IsDivergentApplyError(absl::InvalidArgumentError("x")));
  EXPECT_TRUE(IsDivergentApplyError(absl::FailedPreconditionError("x")));
  EXPECT_TRUE(IsDivergentApplyError(absl::AlreadyExistsError("x")));
  EXPECT_TRUE(IsDivergentApplyError(absl::NotFoundError("x")));
  EXPECT_FALSE(IsDivergentApplyError(absl::UnavailableError("store reopening")));
  EXPECT_FALSE(IsDivergentApplyError(absl::ResourceExhaustedError("x")));
  EXPECT_FALSE(IsDivergentApplyError(absl::InternalError("I/O error")));
  EXPECT_FALSE(IsDivergentApplyError(absl::DeadlineExceededError("x")));
}

TEST(ReplicatedApplyTest, ABatchQueuedBeforePromotionIsRefusedAndNothingWritten) {
  SampleLedger primary("queued-primary");
  primary.RunMixedLifecycle();
  Replica follower("queued-follower");

  // The first batch's callback holds the writer thread, so the second stays queued while the
  // engine is promoted (as a batch the follower gave up waiting for would).
  absl::Notification first_applied;
  absl::Notification release_writer;
  absl::Status first;
  ASSERT_TRUE(follower.engine()
                  .SubmitReplicated(ReadReplicated(*primary.store(), 1, 4),
                                    [&](absl::Status applied) {
                                      first = std::move(applied);
                                      first_applied.Notify();
                                      release_writer.WaitForNotificationWithTimeout(
                                          absl::Seconds(30));
                                    })
                  .ok());
  ASSERT_TRUE(first_applied.WaitForNotificationWithTimeout(absl::Seconds(30)));
  absl::Notification second_done;
  absl::Status second;
  ASSERT_TRUE(follower.engine()
                  .SubmitReplicated(ReadReplicated(*primary.store(), 5, 8),
                                    [&](absl::Status applied) {
                                      second = std::move(applied);
                                      second_done.Notify();
                                    })
                  .ok());
  follower.engine().Promote();
  release_writer.Notify();
  ASSERT_TRUE(second_done.WaitForNotificationWithTimeout(absl::Seconds(30)));

  EXPECT_TRUE(first.ok()) << first;
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition) << second;
  EXPECT_EQ(ReasonOf(second), reason::kNotPrimary) << second;
  EXPECT_EQ(follower.engine().head().sequence, 4u);
  EXPECT_EQ(follower.store().last_sequence(), 4u);
  // The promoted ledger continues from entry 4.
  absl::StatusOr<CommandOutcome> created = follower.Submit(Create("new-1", "B001", "N1", 500'00));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->result.sequence(), 5u);
  ExpectAuditOk(follower.store());
}

}  // namespace
}  // namespace ledger
