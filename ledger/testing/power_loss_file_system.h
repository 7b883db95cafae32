// A RocksDB file system for tests that simulates a power failure: the real disk underneath,
// plus a record of what has not been made durable yet, so that a test can cut the power at a
// chosen sync and then make the directory look as it would after the machine came back.
//
// What it models (the POSIX rules a careful program relies on):
//   - file data is durable up to the size it had at its last successful Sync/Fsync; closing a
//     file does not make it durable, and RangeSync (writeback only) does not either;
//   - a new name (a created file, the target of a rename) is durable only after an fsync of
//     its directory: until then a created file vanishes and a rename is undone;
//   - once the power is cut, nothing more reaches the disk: every write, sync, rename, create
//     and delete fails with an I/O error, so RocksDB (and the ledger) see the failure.
// What it does not model (simplifications, each safe for how RocksDB writes):
//   - deletions are durable at once (a deleted file never comes back);
//   - data is lost only at whole unsynced tails: no torn or reordered sectors, no garbage;
//   - hard links pass through untracked (the store links files only for checkpoints);
//     ReuseWritableFile and random read-write files are refused (RocksDB uses them only for
//     WAL recycling and SST ingestion, which the store does not enable);
//   - a directory's own name in its parent is taken as durable.
//
//   auto fs = std::make_shared<PowerLossFileSystem>();
//   StoreOptions options;
//   options.file_system = fs;
//   fs->CutPowerAtSync(fs->syncs() + 40);  // the 40th sync from now fails: power is gone
//   ... run the store until writes fail; stop the engine, destroy the Store ...
//   absl::Status s = fs->DropUnsyncedData();  // the disk as after the power cut
//   Store::Open(dir, {});                     // reopen with the plain file system and check
#ifndef LEDGER_TESTING_POWER_LOSS_FILE_SYSTEM_H_
#define LEDGER_TESTING_POWER_LOSS_FILE_SYSTEM_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace ledger {

class PowerLossFileSystem : public rocksdb::FileSystemWrapper {
 public:
  // What a sync was for, by file name: RocksDB names its files by role.
  enum class SyncKind {
    kAny = 0,        // only as a filter: every kind
    kWal = 1,        // NNNNNN.log
    kSst = 2,        // NNNNNN.sst (a memtable flush or a compaction)
    kManifest = 3,   // MANIFEST-NNNNNN
    kDirectory = 4,  // an fsync of a directory (makes new names and renames durable)
    kOther = 5,      // *.dbtmp (CURRENT, OPTIONS before their rename), IDENTITY, ...
  };
  static constexpr int kSyncKindCount = 6;
  static const char* SyncKindName(SyncKind kind);

  // A file written through this file system, as far as durability is concerned.
  struct FileState {
    uint64_t size_bytes = 0;         // written so far (durable or not)
    uint64_t synced_size_bytes = 0;  // at the last successful Sync/Fsync
    bool ever_synced = false;
  };

  // Over the real (default) file system. Files that exist already are taken as durable.
  PowerLossFileSystem();
  const char* Name() const override { return "PowerLossFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* debug) override;
  // Refused (NOT_SUPPORTED): renaming and reopening in one call would bypass the rename
  // tracking. RocksDB only uses it with recycle_log_file_num > 0, which the store never sets.
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* debug) override;
  // Refused (NOT_SUPPORTED): writes at arbitrary offsets cannot be rolled back by truncation.
  // RocksDB opens such files only to ingest external SST files, which the store never does.
  rocksdb::IOStatus NewRandomRWFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>* result,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus NewDirectory(const std::string& name, const rocksdb::IOOptions& options,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus DeleteFile(const std::string& name, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus Truncate(const std::string& name, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus RenameFile(const std::string& source, const std::string& target,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus LinkFile(const std::string& source, const std::string& target,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus CreateDir(const std::string& name, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus CreateDirIfMissing(const std::string& name, const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* debug) override;

  // Cuts the power now: from here on every mutating call fails with an I/O error.
  void CutPower();
  // Cuts the power when the n-th sync of `kind` (counted since this object was made, from 1)
  // begins; that sync fails and what it would have made durable is not. n <= syncs(kind)
  // means it never fires.
  void CutPowerAtSync(int n, SyncKind kind = SyncKind::kAny);
  bool power_cut() const;
  // Syncs begun so far (the failed one at the cut included).
  int syncs(SyncKind kind = SyncKind::kAny) const;
  // The kind and file of the sync at which the power was cut (kAny and "" after CutPower()).
  SyncKind cut_kind() const;
  std::string cut_file() const;

  // Makes the disk look as after the power failure: every tracked file is truncated to its
  // last synced size, names created since their directory's last fsync are removed and
  // renames since then undone (newest first), then tracking starts afresh with the power on
  // and no cut planned (the sync counts go on).
  // Call it after the DB using this file system is closed: an open file would keep writing.
  absl::Status DropUnsyncedData();

  // The tracked state of `name` (for tests of this class); false if not tracked.
  bool GetFileState(const std::string& name, FileState* state) const;

 private:
  class TrackedFile;       // wraps a writable file: counts, tracks and fails its writes
  class TrackedDirectory;  // wraps a directory: an fsync makes its name changes durable

  // A change to a directory's names not yet made durable by an fsync of that directory.
  struct NameChange {
    std::string directory;
    std::string source;  // empty for a create
    std::string target;  // the created name, or the rename's target
    // A rename over an existing file: that file's durable contents, restored on undo.
    bool replaced = false;
    std::string replaced_contents;
  };

  static SyncKind KindOf(const std::string& name);
  // Runs `operation` (an I/O call that changes the disk) under mu_ unless the power is cut.
  rocksdb::IOStatus Mutate(const std::function<rocksdb::IOStatus()>& operation);
  // A write to a tracked file; `new_size` maps its size before to its size after.
  rocksdb::IOStatus WriteFile(FileState* state, const std::function<rocksdb::IOStatus()>& write,
                              const std::function<uint64_t(uint64_t)>& new_size);
  // A Sync/Fsync of a tracked file: a sync point; on success its data so far is durable.
  rocksdb::IOStatus SyncFile(const std::string& name, FileState* state,
                             const std::function<rocksdb::IOStatus()>& sync);
  // An fsync of directory `name`: a sync point; on success its name changes are durable.
  rocksdb::IOStatus SyncDirectory(const std::string& name,
                                  const std::function<rocksdb::IOStatus()>& sync);
  // Counts a sync of `kind` on `name` and cuts the power if it is the chosen one.
  bool CountSyncAndMaybeCut(SyncKind kind, const std::string& name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  rocksdb::IOStatus OpenTracked(const std::string& name, bool reopen,
                                const rocksdb::FileOptions& options,
                                std::unique_ptr<rocksdb::FSWritableFile>* result,
                                rocksdb::IODebugContext* debug);

  // One lock for everything. Mutating calls hold it across their I/O so that the power cut
  // is atomic with respect to them: an operation either happened entirely before the cut or
  // fails. The ledger's writes are small; serializing them costs little in a test.
  mutable absl::Mutex mu_;
  bool power_cut_ ABSL_GUARDED_BY(mu_) = false;
  int syncs_[kSyncKindCount] ABSL_GUARDED_BY(mu_) = {};
  int cut_at_sync_ ABSL_GUARDED_BY(mu_) = 0;  // 0: no cut planned
  SyncKind cut_at_kind_ ABSL_GUARDED_BY(mu_) = SyncKind::kAny;
  SyncKind cut_kind_ ABSL_GUARDED_BY(mu_) = SyncKind::kAny;
  std::string cut_file_ ABSL_GUARDED_BY(mu_);
  // By current path: files written through this file system since the last drop.
  std::map<std::string, std::shared_ptr<FileState>> files_ ABSL_GUARDED_BY(mu_);
  // Oldest first.
  std::vector<NameChange> name_changes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ledger

#endif  // LEDGER_TESTING_POWER_LOSS_FILE_SYSTEM_H_
