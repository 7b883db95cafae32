// The ledger's RocksDB database: an append-only journal family beside mutable projection and
// request-id families, written together in atomic, fsync'd batches.
//
// The store knows the journal's key format (sequence numbers) so that it can enforce
// append-only: a batch may only add entries that continue the journal without a gap, and
// there is no call that overwrites or deletes a journal key. It knows nothing of loans.
//
//   absl::StatusOr<std::unique_ptr<Store>> store = Store::Open("/var/lib/ledgerd", {});
//   WriteSet writes = (*store)->NewWriteSet();
//   writes.AppendEntry((*store)->last_sequence() + 1, record);
//   writes.Put(Family::kProjections, key, value);
//   absl::Status s = (*store)->Write(writes);      // durable (fsync'd WAL) when it returns OK
//   absl::StatusOr<std::string> v = (*store)->Get(Family::kProjections, key);
#ifndef LEDGER_STORE_STORE_H_
#define LEDGER_STORE_STORE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rocksdb {
struct ReadOptions;
class ColumnFamilyHandle;
class DB;
class Env;
class FileSystem;
class Snapshot;
class WriteBatch;
}  // namespace rocksdb

namespace ledger {

enum class Family {
  kJournal = 0,      // sequence -> record (ledger/journal/entry_codec.h); append-only
  kProjections = 1,  // derived state: loans, indexes, journal head; derived from the journal
  kRequests = 2,     // (principal, request_id) -> first answer
};
inline constexpr int kFamilyCount = 3;

// The file Store::Resume writes and fsyncs in the data directory to see whether the disk takes
// writes again (then deletes it).
inline constexpr char kResumeProbeFileName[] = "RESUME-PROBE";

// One atomic write, made by Store::NewWriteSet and handed back to Store::Write.
class WriteSet {
 public:
  ~WriteSet();
  WriteSet(WriteSet&&) noexcept;
  WriteSet& operator=(WriteSet&&) noexcept;

  // REQUIRES: sequence is one more than the previous AppendEntry of this set (if any).
  void AppendEntry(uint64_t sequence, absl::string_view record);
  // REQUIRES: family != kJournal (journal entries are only ever appended).
  void Put(Family family, absl::string_view key, absl::string_view value);
  void Delete(Family family, absl::string_view key);

  // One level of savepoint (a batch's linked chain): RollbackToSavePoint drops everything
  // added since SetSavePoint, journal entries included; PopSavePoint keeps it.
  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();

  bool empty() const;
  uint64_t first_sequence() const { return first_sequence_; }  // 0 when no entry
  uint64_t last_sequence() const { return last_sequence_; }
  size_t byte_size() const;

 private:
  friend class Store;
  explicit WriteSet(const std::vector<rocksdb::ColumnFamilyHandle*>* families);
  rocksdb::ColumnFamilyHandle* handle(Family family) const;

  const std::vector<rocksdb::ColumnFamilyHandle*>* families_;  // of the instance that made it
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  uint64_t first_sequence_ = 0;
  uint64_t last_sequence_ = 0;
  bool has_savepoint_ = false;
  uint64_t savepoint_first_sequence_ = 0;
  uint64_t savepoint_last_sequence_ = 0;
};

struct StoreOptions {
  bool create_if_missing = true;
  // Opens without the write lock, for tools reading a copy of a data directory.
  bool read_only = false;
  // The file system RocksDB writes through; null means the real one. Tests pass a wrapper
  // that injects faults (ledger/testing/faulty_file_system.h).
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // Whether Write fsyncs the WAL before it returns. Always true in ledgerd; false exists only
  // so the power-loss test can prove it catches a server that acknowledges before fsync.
  bool sync_writes = true;
  // The memtable size before a flush to an SST file; 0 keeps RocksDB's default (64 MiB).
  // Tests make it small so that flushes and manifest updates happen within a short run.
  size_t write_buffer_bytes = 0;
};

// A consistent point-in-time view for reads that must agree with each other (e.g. the journal
// head and the entries verified against it). Released when destroyed. It pins the RocksDB
// instance it was taken from, so a Store::Resume waits (boundedly) for it to go.
class ReadSnapshot {
 public:
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  friend class Store;
  struct Db;
  ReadSnapshot(std::shared_ptr<Db> db, const rocksdb::Snapshot* snapshot);
  std::shared_ptr<Db> db_;
  const rocksdb::Snapshot* snapshot_;
};

class Store {
 public:
  // Opens (or creates) the database at `path`. FAILED_PRECONDITION if another process holds
  // it; DATA_LOSS if RocksDB finds corruption.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path,
                                                     const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  WriteSet NewWriteSet() const;

  std::unique_ptr<ReadSnapshot> NewSnapshot() const;

  // NOT_FOUND when the key is absent. Reads the latest state, or `at` if given.
  absl::StatusOr<std::string> Get(Family family, absl::string_view key,
                                  const ReadSnapshot* at = nullptr) const;

  // Calls visit(key, value) for keys >= start that begin with prefix, in key order, until
  // visit returns false or the keys run out. Callers bound the walk through visit.
  absl::Status Scan(
      Family family, absl::string_view start, absl::string_view prefix,
      const std::function<bool(absl::string_view key, absl::string_view value)>& visit,
      const ReadSnapshot* at = nullptr) const;

  // Writes atomically and returns only after the WAL is fsync'd. Its entries must continue
  // the journal: first_sequence() == last_sequence() + 1. On error nothing is visible.
  // REQUIRES: one writer at a time (the ledger's single commit thread).
  absl::Status Write(const WriteSet& writes);

  // After a Write failed (a failed fsync, a full disk), RocksDB refuses every write for good
  // (a WAL error is fatal to the open instance). Resume does what a restart would, in place:
  // it first checks that the data directory takes a synced write again, then closes RocksDB
  // and opens it anew, which recovers the WAL exactly as a restart does. The failed batch is
  // then either wholly in the store (its WAL record was complete) or not at all; the caller
  // re-reads where the journal ends (last_sequence()). OK when writes work again; an error
  // (e.g. RESOURCE_EXHAUSTED while the disk is full) otherwise. Reads work throughout, except
  // that they wait while the instance is swapped: Resume waits (at most 2 s) for reads on the
  // old instance, open ReadSnapshots included, to finish, and gives up (UNAVAILABLE, the old
  // instance stays) if they do not. If the read-write open fails, a read-only instance serves
  // reads until the next Resume. REQUIRES: no concurrent Write (the commit thread calls it).
  absl::Status Resume();

  // Writes every memtable to SST files and waits (a no-op when read-only). A clean shutdown
  // calls it so that the next start opens the store instead of replaying the WAL of up to
  // three 64 MiB memtables (seconds at a million entries; docs/BENCHMARKS.md). Durability
  // never depends on it: the WAL is synced on every Write.
  absl::Status Flush();

  // An online backup: an openable copy of the whole database as of one point in time, made
  // while writes go on (RocksDB's Checkpoint: memtables are flushed first, SST files are hard
  // linked when on the same file system and copied otherwise, the live WAL is copied). `dir`
  // must not exist (FAILED_PRECONDITION if it does); its parent must. Open the copy with
  // Store::Open like any data directory.
  absl::Status Checkpoint(const std::string& dir) const;

  // A RocksDB integer property summed over the column families, e.g.
  // "rocksdb.total-sst-files-size", "rocksdb.cur-size-all-mem-tables" or
  // "rocksdb.estimate-live-data-size" (for the metrics page). NOT_FOUND if RocksDB does not
  // know it; UNAVAILABLE while Resume swaps the instance.
  absl::StatusOr<uint64_t> IntProperty(const std::string& name) const;

  // The highest journal sequence stored (0 for an empty journal).
  uint64_t last_sequence() const { return last_sequence_.load(std::memory_order_acquire); }

  const std::string& path() const { return path_; }

 private:
  using Db = ReadSnapshot::Db;
  Store(std::string path, StoreOptions options);
  static absl::StatusOr<std::shared_ptr<Db>> OpenDb(const std::string& path,
                                                    const StoreOptions& options, rocksdb::Env* env,
                                                    bool read_only);
  // The open instance; waits while Resume swaps it, at most `wait`. UNAVAILABLE if none.
  absl::StatusOr<std::shared_ptr<Db>> Current(absl::Duration wait) const;
  // The snapshot's instance, or the current one (waiting as reads do).
  absl::StatusOr<std::shared_ptr<Db>> InstanceFor(const ReadSnapshot* at) const;
  absl::Status ReadLastSequence(const Db& db);
  static rocksdb::ReadOptions ReadAt(const ReadSnapshot* at);

  std::string path_;
  StoreOptions options_;
  std::unique_ptr<rocksdb::Env> env_;  // only with StoreOptions::file_system
  mutable absl::Mutex mu_;
  // Null only while Resume swaps it (or if no reopen worked at all, until one does).
  std::shared_ptr<Db> db_ ABSL_GUARDED_BY(mu_);
  std::atomic<uint64_t> last_sequence_{0};
};

}  // namespace ledger

#endif  // LEDGER_STORE_STORE_H_
