// Power cuts at many points of a running ledger, in process: the store runs over a file system
// that forgets everything not fsync'd (ledger/testing/power_loss_file_system.h). Each cycle
// writes from several threads until the power is cut at a seeded sync (a WAL sync, an SST or
// MANIFEST sync of a memtable flush, a directory fsync), drops what was not durable, reopens
// with the real file system and checks what the SIGKILL crash test checks: every acknowledged
// request id is in the journal exactly once, the engine starts (head agrees with the journal)
// and the offline audit passes. A second test runs a store that acknowledges before fsync and
// shows the same check catches it.
//
// More cycles or another seed:
//   bazel test //tests:power_loss_test --test_output=all
//       --test_env=POWER_LOSS_CYCLES=300 --test_env=POWER_LOSS_SEED=7   (one command line)
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/store/store.h"
#include "ledger/testing/power_loss_file_system.h"
#include "ledger/testing/sample_ledger.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

using SyncKind = PowerLossFileSystem::SyncKind;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 6, 30, 12, 0, 0), absl::FixedTimeZone(8 * 3600));
constexpr int kDefaultCycles = 20;
constexpr uint32_t kDefaultSeed = 20240630;
constexpr int kWriterThreads = 3;
// Bounds one writer's loans (three commands each) in a cycle; the cut comes long before.
constexpr int kMaxLoansPerWriter = 400;
// Small memtables so that flushes (SST, MANIFEST and directory syncs) happen within a cycle.
constexpr size_t kWriteBufferBytes = 64 << 10;
// Bounds the journal scan: far more entries than any run of this test writes.
constexpr int kMaxJournalPages = 10'000;
constexpr int kJournalPageEntries = 500;

int EnvInt(const char* name, int default_value) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : default_value;
}

EngineOptions PinnedEngineOptions() {
  EngineOptions options;
  options.now = [] { return kNow; };
  // After the cut nothing can recover; an hour keeps the writer from retrying meanwhile.
  options.recovery_interval = absl::Hours(1);
  return options;
}

// What one writer saw: the ids whose callback said OK, and the first failure that happened
// while the power was still on (a bug in the test or the ledger, never expected).
struct WriterLog {
  std::vector<std::string> acknowledged;
  std::string unexpected;
};

// Submits one command and waits for its answer. False when it was not acknowledged.
bool SubmitAndWait(LedgerEngine* engine, internal::LedgerCommand command,
                   const std::string& request_id, const PowerLossFileSystem* fs, WriterLog* log) {
  absl::Notification done;
  absl::StatusOr<CommandOutcome> outcome = absl::UnknownError("not answered");
  absl::Status queued =
      engine->Submit("bank:B001", std::move(command), [&](absl::StatusOr<CommandOutcome> o) {
        outcome = std::move(o);
        done.Notify();
      });
  if (queued.ok()) done.WaitForNotification();
  const absl::Status status = queued.ok() ? outcome.status() : queued;
  if (status.ok()) {
    log->acknowledged.push_back(request_id);
    return true;
  }
  // The power flag is set before the failing call returns, so a failure caused by the cut
  // always sees it.
  if ((fs == nullptr || !fs->power_cut()) && log->unexpected.empty()) {
    log->unexpected = absl::StrCat(request_id, ": ", status.ToString());
  }
  return false;
}

// Loans created, disbursed and part-repaid one after another (as the crash test's writers do)
// until a command is not acknowledged or `max_loans` are done.
void RunWriter(LedgerEngine* engine, const std::string& prefix, int max_loans,
               const PowerLossFileSystem* fs, WriterLog* log) {
  for (int n = 0; n < max_loans; ++n) {
    const std::string loan_id = absl::StrCat(prefix, "-", n);
    if (!SubmitAndWait(engine, Create(loan_id + ":create", "B001", loan_id, 10'000'00),
                       loan_id + ":create", fs, log) ||
        !SubmitAndWait(engine, Disburse(loan_id + ":disburse", "B001", loan_id, 10'000'00),
                       loan_id + ":disburse", fs, log) ||
        !SubmitAndWait(engine, Repay(loan_id + ":repay", "B001", loan_id, 1'000'00, 0),
                       loan_id + ":repay", fs, log)) {
      return;
    }
  }
}

// Checks a data directory after a power cut (or any stop) against the acknowledged request
// ids, with the real file system. Returns the violations found, empty if none: the same
// function judges the correct store and the one that acknowledges before fsync.
std::vector<std::string> CheckAfterPowerLoss(const std::string& data_dir,
                                             const std::vector<std::string>& acknowledged,
                                             uint64_t* journal_entries) {
  std::vector<std::string> violations;
  *journal_entries = 0;
  {
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, StoreOptions{});
    if (!store.ok()) {
      violations.push_back(absl::StrCat("the store does not open: ", store.status().ToString()));
      return violations;
    }
    // (a) Every acknowledged id is in the journal once; no id is in it twice.
    std::map<std::string, int> count;
    uint64_t from = 1;
    for (int page_number = 0; page_number < kMaxJournalPages; ++page_number) {
      std::vector<v1::JournalEntry> page;
      absl::Status s = ReadEntries(**store, from, kJournalPageEntries, &page);
      if (!s.ok()) {
        violations.push_back(absl::StrCat("reading the journal from ", from, ": ", s.ToString()));
        return violations;
      }
      if (page.empty()) break;
      for (const v1::JournalEntry& entry : page) {
        ++*journal_entries;
        if (entry.request_id().empty()) continue;
        if (++count[entry.request_id()] == 2) {
          violations.push_back(absl::StrCat("request id ", entry.request_id(),
                                            " is in the journal twice (again at sequence ",
                                            entry.sequence(), ")"));
        }
      }
      from = page.back().sequence() + 1;
    }
    for (const std::string& id : acknowledged) {
      if (count.find(id) == count.end()) {
        violations.push_back(
            absl::StrCat("acknowledged request id ", id, " is not in the journal (lost)"));
      }
    }
    // (b) The engine starts: the stored head agrees with the journal.
    absl::StatusOr<std::unique_ptr<LedgerEngine>> engine =
        LedgerEngine::Start(store->get(), PinnedEngineOptions());
    if (!engine.ok()) {
      violations.push_back(absl::StrCat("the engine does not start: ", engine.status().ToString()));
    }
  }
  // (c) The offline audit: chain, balance, projections equal to the replay, request records.
  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, read_only);
  if (!store.ok()) {
    violations.push_back(
        absl::StrCat("the store does not open read-only: ", store.status().ToString()));
    return violations;
  }
  absl::StatusOr<AuditReport> report = RunAudit(**store, AuditOptions{});
  if (!report.ok()) {
    violations.push_back(absl::StrCat("the audit cannot run: ", report.status().ToString()));
  } else if (!report->ok() || report->projections.outcome == CheckOutcome::kSkipped) {
    violations.push_back(absl::StrCat("the offline audit failed:\n", FormatReport(*report)));
  }
  return violations;
}

// Where a cycle cuts the power: at the n-th sync of `kind` after the store is open.
struct CutPlan {
  SyncKind kind = SyncKind::kAny;
  int syncs_after_open = 0;
};

struct CycleResult {
  SyncKind cut_kind = SyncKind::kAny;  // of the sync that failed; kAny for an explicit cut
  std::string cut_file;
  bool cut_by_test = false;  // the planned sync never came; the test cut the power itself
  int acknowledged = 0;
  uint64_t journal_entries = 0;
  std::vector<std::string> unexpected;  // failures while the power was on
  std::vector<std::string> violations;
  double write_seconds = 0;  // open, write, cut, drop (the rest of the cycle is the check)
};

// One cycle on `data_dir`: open over a power-loss file system, write from `writers` threads
// until the power is cut (at `plan`; or by the test once every writer has done `max_loans`
// loans, as when sync_writes is false and no WAL sync ever comes), drop what was not durable,
// and check.
// `acknowledged` collects the acknowledged ids of every cycle so far.
absl::Status RunCycle(const std::string& data_dir, const std::string& prefix, const CutPlan& plan,
                      bool sync_writes, int writers, int max_loans,
                      std::vector<std::string>* acknowledged, CycleResult* result) {
  const absl::Time start = absl::Now();
  auto fs = std::make_shared<PowerLossFileSystem>();
  {
    StoreOptions options;
    options.file_system = fs;
    options.sync_writes = sync_writes;
    // With sync_writes off the memtables must never flush: a flush would make the writes
    // durable after all, and the test of the unsynced store would depend on timing.
    options.write_buffer_bytes = sync_writes ? kWriteBufferBytes : 0;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, options);
    if (!store.ok()) return store.status();
    absl::StatusOr<std::unique_ptr<LedgerEngine>> engine =
        LedgerEngine::Start(store->get(), PinnedEngineOptions());
    if (!engine.ok()) return engine.status();
    if (plan.syncs_after_open > 0) {
      fs->CutPowerAtSync(fs->syncs(plan.kind) + plan.syncs_after_open, plan.kind);
    }

    std::vector<WriterLog> logs(writers);
    std::vector<std::thread> threads;
    threads.reserve(writers);
    for (int t = 0; t < writers; ++t) {
      threads.emplace_back(RunWriter, engine->get(), absl::StrCat(prefix, "t", t), max_loans,
                           fs.get(), &logs[t]);
    }
    for (std::thread& thread : threads) thread.join();
    if (!fs->power_cut()) {
      result->cut_by_test = true;
      fs->CutPower();
    }
    result->cut_kind = fs->cut_kind();
    result->cut_file = fs->cut_file();
    for (const WriterLog& log : logs) {
      result->acknowledged += static_cast<int>(log.acknowledged.size());
      acknowledged->insert(acknowledged->end(), log.acknowledged.begin(), log.acknowledged.end());
      if (!log.unexpected.empty()) result->unexpected.push_back(log.unexpected);
    }
    (*engine)->Stop();
  }  // the engine, then the store: RocksDB closes, its last writes failing (no power)
  if (absl::Status s = fs->DropUnsyncedData(); !s.ok()) return s;
  result->write_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result->violations = CheckAfterPowerLoss(data_dir, *acknowledged, &result->journal_entries);
  return absl::OkStatus();
}

// Cycles rotate over what the cut hits: a WAL sync (the commit path's durability point), any
// sync at all, and a memtable flush's MANIFEST or SST sync or a directory fsync (which makes
// new files and the CURRENT rename durable). The ranges keep each cycle short: a flush comes
// within the first few dozen commits with 64 KiB memtables.
CutPlan PlanFor(int cycle, std::mt19937* random) {
  auto pick = [random](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(*random);
  };
  CutPlan plan;
  switch (cycle % 5) {
    case 0:
      plan.kind = SyncKind::kWal;
      plan.syncs_after_open = pick(1, 100);
      break;
    case 1:
      plan.kind = SyncKind::kAny;
      plan.syncs_after_open = pick(1, 100);
      break;
    case 2:
      plan.kind = SyncKind::kManifest;
      plan.syncs_after_open = pick(1, 3);
      break;
    case 3:
      plan.kind = SyncKind::kSst;
      plan.syncs_after_open = pick(1, 3);
      break;
    default:
      plan.kind = SyncKind::kDirectory;
      plan.syncs_after_open = pick(1, 3);
      break;
  }
  return plan;
}

TEST(PowerLossTest, NothingAcknowledgedIsLostAtAnyCutPoint) {
  const int cycles = EnvInt("POWER_LOSS_CYCLES", kDefaultCycles);
  const uint32_t seed = static_cast<uint32_t>(EnvInt("POWER_LOSS_SEED", kDefaultSeed));
  const std::string data_dir = FreshTempDir("power_loss");
  std::mt19937 random(seed);
  std::vector<std::string> acknowledged;
  std::map<std::string, int> cuts_by_kind;
  const absl::Time start = absl::Now();
  for (int cycle = 0; cycle < cycles; ++cycle) {
    const CutPlan plan = PlanFor(cycle, &random);
    CycleResult result;
    absl::Status s = RunCycle(data_dir, absl::StrCat("c", cycle), plan, /*sync_writes=*/true,
                              kWriterThreads, kMaxLoansPerWriter, &acknowledged, &result);
    ASSERT_TRUE(s.ok()) << "seed " << seed << " cycle " << cycle << ": " << s;
    const std::string hit =
        result.cut_by_test ? "test" : PowerLossFileSystem::SyncKindName(result.cut_kind);
    ++cuts_by_kind[hit];
    std::printf(
        "cycle %2d: cut at %s sync #%d after open -> %-9s %-24s acknowledged %4d, journal %6llu "
        "entries, %zu violations (%.2f s writing)\n",
        cycle, PowerLossFileSystem::SyncKindName(plan.kind), plan.syncs_after_open, hit.c_str(),
        result.cut_file.substr(result.cut_file.rfind('/') + 1).c_str(), result.acknowledged,
        static_cast<unsigned long long>(result.journal_entries), result.violations.size(),
        result.write_seconds);
    EXPECT_TRUE(result.unexpected.empty())
        << "seed " << seed << " cycle " << cycle << ": " << result.unexpected[0];
    ASSERT_TRUE(result.violations.empty())
        << "seed " << seed << " cycle " << cycle << " (cut at " << hit << " " << result.cut_file
        << "): " << result.violations.size() << " violations, first: " << result.violations[0];
  }
  std::printf("%d cycles (seed %u) in %.1f s: %zu acknowledged, all present once; cuts at:", cycles,
              seed, absl::ToDoubleSeconds(absl::Now() - start), acknowledged.size());
  for (const auto& [kind, count] : cuts_by_kind) std::printf(" %s %d", kind.c_str(), count);
  std::printf("\n");
  // The rotation must have hit flush-time syncs, not only WAL syncs.
  EXPECT_GT(cuts_by_kind["wal"], 0);
  EXPECT_GT(cuts_by_kind["sst"] + cuts_by_kind["manifest"], 0);
}

// The proof that the check catches a server that acknowledges before fsync: the same cycle
// and the same check over a store with sync_writes off must report lost acknowledged ids.
TEST(PowerLossTest, CatchesAcknowledgementBeforeFsync) {
  const std::string data_dir = FreshTempDir("power_loss_unsynced");
  std::vector<std::string> acknowledged;
  // First a correct store, cleanly stopped: what it acknowledged must survive the later cut.
  {
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<std::unique_ptr<LedgerEngine>> engine =
        LedgerEngine::Start(store->get(), PinnedEngineOptions());
    ASSERT_TRUE(engine.ok()) << engine.status();
    WriterLog log;
    RunWriter(engine->get(), "synced", 5, nullptr, &log);
    ASSERT_EQ(log.unexpected, "");
    ASSERT_EQ(log.acknowledged.size(), 15u);
    acknowledged = log.acknowledged;
  }
  uint64_t entries = 0;
  ASSERT_TRUE(CheckAfterPowerLoss(data_dir, acknowledged, &entries).empty());
  ASSERT_EQ(entries, 15u);

  // Then the buggy build: every answer is OK, none was fsync'd; the power goes after them.
  CycleResult result;
  ASSERT_TRUE(RunCycle(data_dir, "unsynced", CutPlan{}, /*sync_writes=*/false, /*writers=*/1,
                       /*max_loans=*/5, &acknowledged, &result)
                  .ok());
  EXPECT_TRUE(result.cut_by_test);
  EXPECT_TRUE(result.unexpected.empty());
  ASSERT_EQ(result.acknowledged, 15);
  std::printf(
      "acknowledged before fsync: %d; after the cut the journal has %llu entries; "
      "%zu violations, e.g. %s\n",
      result.acknowledged, static_cast<unsigned long long>(result.journal_entries),
      result.violations.size(), result.violations.empty() ? "-" : result.violations[0].c_str());
  // Every id the unsynced store acknowledged is reported lost; the synced ones are not.
  ASSERT_FALSE(result.violations.empty());
  int lost = 0;
  for (const std::string& violation : result.violations) {
    EXPECT_EQ(violation.find("synced-"), std::string::npos) << violation;
    if (violation.find(" is not in the journal (lost)") != std::string::npos) ++lost;
  }
  EXPECT_EQ(lost, 15);
  EXPECT_EQ(result.journal_entries, 15u);
}

}  // namespace
}  // namespace ledger
