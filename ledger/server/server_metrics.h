// What ledgerd's /metrics page shows, in one place: every RPC by method and code (counted and
// timed by the RPC observer), each commit's size and write+fsync time (from the engine's
// on_commit), and gauges read at scrape time: journal length, commit queue, whether writes
// work, RocksDB's table, memtable and live-data sizes. docs/OPERATIONS.md lists them.
//
//   ServerMetrics metrics;
//   engine_options.on_commit = [&](const CommitStats& s) { metrics.OnCommit(s); };
//   ... start the engine ...
//   metrics.WatchLedger(engine.get(), store.get());
//   std::string page = metrics.registry().Render();
#ifndef LEDGER_SERVER_SERVER_METRICS_H_
#define LEDGER_SERVER_SERVER_METRICS_H_

#include "absl/time/time.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/metrics/metrics.h"
#include "ledger/server/rpc_observer.h"
#include "ledger/store/store.h"

namespace ledger {

class ServerMetrics {
 public:
  ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  MetricsRegistry& registry() { return registry_; }
  const RpcMetrics& rpc() const { return rpc_; }

  // EngineOptions::on_commit: on the writer thread, lock-free.
  void OnCommit(const CommitStats& stats);

  // Registers the gauges read from the engine and store at scrape time. Call once; both must
  // outlive every Render().
  void WatchLedger(const LedgerEngine* engine, const Store* store);

 private:
  MetricsRegistry registry_;
  RpcMetrics rpc_;
  Histogram* commit_commands_;
  Histogram* commit_entries_;
  Histogram* commit_write_micros_;
  Counter* commit_failures_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_SERVER_METRICS_H_
