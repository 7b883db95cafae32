#include "ledger/server/server_metrics.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"

namespace ledger {
namespace {

// Powers of two up to the largest commit (a whole client batch of 8,000 commands).
std::vector<int64_t> CommitSizeBounds() {
  std::vector<int64_t> bounds;
  for (int64_t n = 1; n <= 8192; n *= 2) bounds.push_back(n);
  return bounds;
}

// Microseconds: an fsync on a good SSD takes 0.1-2 ms, on a busy disk tens of ms.
std::vector<int64_t> WriteTimeBoundsMicros() {
  return {50, 100, 250, 500, 1000, 2000, 5000, 10000, 25000, 50000, 100000, 250000, 1000000};
}

}  // namespace

ServerMetrics::ServerMetrics() : rpc_(RpcMetrics::Register(&registry_)) {
  commit_commands_ =
      registry_
          .AddHistogram("ledger_commit_commands",
                        "Commands decided in each commit (one WriteBatch, one fsync).", {},
                        CommitSizeBounds(), 1)
          ->With({});
  commit_entries_ =
      registry_
          .AddHistogram("ledger_commit_entries", "Journal entries appended by each commit.", {},
                        CommitSizeBounds(), 1)
          ->With({});
  commit_write_micros_ =
      registry_
          .AddHistogram("ledger_commit_write_duration_seconds",
                        "Time of each commit's durable write: RocksDB's WriteBatch and the "
                        "WAL's fsync.",
                        {}, WriteTimeBoundsMicros(), 1000000)
          ->With({});
  commit_failures_ =
      registry_
          .AddCounter("ledger_commit_failures_total",
                      "Durable writes that failed (each makes the ledger read-only until the "
                      "store recovers).")
          ->With({});
  const int64_t started = absl::ToUnixSeconds(absl::Now());
  registry_.AddGaugeCallback("ledger_start_time_seconds", "When this server started (Unix time).",
                             [started]() -> std::optional<int64_t> { return started; });
}

void ServerMetrics::OnCommit(const CommitStats& stats) {
  if (!stats.ok) {
    commit_failures_->Increment();
    return;
  }
  commit_commands_->Observe(static_cast<int64_t>(stats.commands));
  commit_entries_->Observe(static_cast<int64_t>(stats.entries));
  commit_write_micros_->Observe(absl::ToInt64Microseconds(stats.write_time));
}

void ServerMetrics::WatchLedger(const LedgerEngine* engine, const Store* store) {
  registry_.AddGaugeCallback(
      "ledger_journal_entries", "Entries in the journal (its last sequence).",
      [store]() -> std::optional<int64_t> { return static_cast<int64_t>(store->last_sequence()); });
  registry_.AddGaugeCallback("ledger_commit_queue_commands",
                             "Commands waiting for the writer (a client's batch counts each).",
                             [engine]() -> std::optional<int64_t> {
                               return static_cast<int64_t>(engine->queued_commands());
                             });
  registry_.AddGaugeCallback(
      "ledger_writable",
      "1 while commands are accepted, 0 while the ledger is read-only after a storage failure "
      "(or is a follower).",
      [engine]() -> std::optional<int64_t> {
        return engine->failed() || engine->is_follower() ? 0 : 1;
      });
  struct Size {
    const char* metric;
    const char* property;
    const char* help;
  };
  for (const Size& size : {
           Size{"ledger_rocksdb_sst_bytes", "rocksdb.total-sst-files-size",
                "Bytes of RocksDB's table files, all column families."},
           Size{"ledger_rocksdb_live_data_bytes", "rocksdb.estimate-live-data-size",
                "RocksDB's estimate of the live data's bytes, all column families."},
           Size{"ledger_rocksdb_memtable_bytes", "rocksdb.cur-size-all-mem-tables",
                "Bytes in RocksDB's memtables (not yet in table files), all column families."},
       }) {
    const std::string property = size.property;
    registry_.AddGaugeCallback(size.metric, size.help,
                               [store, property]() -> std::optional<int64_t> {
                                 absl::StatusOr<uint64_t> value = store->IntProperty(property);
                                 if (!value.ok()) return std::nullopt;
                                 return static_cast<int64_t>(*value);
                               });
  }
}

}  // namespace ledger
