// A RocksDB file system for tests: the real disk underneath, with the WAL's syncs counted and,
// on demand, held (to prove nothing is acknowledged before its fsync) or failed (to prove a
// failed fsync acknowledges nothing and the ledger stops writing), and a "disk full" mode in
// which every write to any file fails with NoSpace, as a full disk does.
//
//   auto fs = std::make_shared<FaultyFileSystem>();
//   StoreOptions options;
//   options.file_system = fs;
//   fs->HoldWalSyncs();          // the next WAL sync blocks...
//   fs->WaitUntilSyncHeld();     // ...once a writer is inside it
//   fs->ReleaseWalSyncs();
//   fs->FailWalSyncs(true);      // syncs return an I/O error
//   fs->SetDiskFull(true);       // appends and new files fail with IOStatus::NoSpace
//   fs->SetDiskFull(false);      // space is back
#ifndef LEDGER_TESTING_FAULTY_FILE_SYSTEM_H_
#define LEDGER_TESTING_FAULTY_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace ledger {

class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  // Over `base` (the real disk by default; tests may stack it on PowerLossFileSystem).
  explicit FaultyFileSystem(
      std::shared_ptr<rocksdb::FileSystem> base = rocksdb::FileSystem::Default());
  const char* Name() const override { return "FaultyFileSystem"; }

  // Every writable file (WAL, SST, MANIFEST, ...) is wrapped so that the disk-full mode
  // reaches all of them; creating one fails while the disk is full.
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* debug) override;

  // 0 bytes free while the disk is full (RocksDB's SstFileManager asks before it retries).
  rocksdb::IOStatus GetFreeSpace(const std::string& path, const rocksdb::IOOptions& options,
                                 uint64_t* free_space, rocksdb::IODebugContext* debug) override;

  void HoldWalSyncs();
  void ReleaseWalSyncs();
  // Blocks until some WAL sync is waiting in HoldWalSyncs (at most 10 s; false on timeout).
  bool WaitUntilSyncHeld();
  // Fails WAL syncs and the store's recovery probe (kResumeProbeFileName): a disk whose
  // syncs fail fails both, so the ledger cannot resume while this is set.
  void FailWalSyncs(bool fail);
  int wal_syncs() const;

  // While full, Append/PositionedAppend to any file and creating a file fail with
  // IOStatus::NoSpace. A WAL append writes the first half of its data before failing, as a
  // write(2) that runs out of space part way does, so a torn record is left behind for the
  // recovery to cope with.
  void SetDiskFull(bool full);
  bool disk_full() const;
  // Appends refused because the disk was full.
  int refused_appends() const;

  // Called by the WAL file wrapper around every Sync/Fsync.
  rocksdb::IOStatus BeforeWalSync();
  rocksdb::IOStatus BeforeProbeSync();
  // Called by every file wrapper before an append: OK, or NoSpace while the disk is full.
  rocksdb::IOStatus BeforeAppend();

 private:
  rocksdb::IOStatus Wrap(const std::string& name, rocksdb::IOStatus opened,
                         std::unique_ptr<rocksdb::FSWritableFile>* result);

  mutable absl::Mutex mu_;
  bool hold_ ABSL_GUARDED_BY(mu_) = false;
  bool fail_ ABSL_GUARDED_BY(mu_) = false;
  bool full_ ABSL_GUARDED_BY(mu_) = false;
  int held_ ABSL_GUARDED_BY(mu_) = 0;
  int syncs_ ABSL_GUARDED_BY(mu_) = 0;
  int refused_appends_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ledger

#endif  // LEDGER_TESTING_FAULTY_FILE_SYSTEM_H_
