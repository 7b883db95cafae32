// A RocksDB file system for tests: the real disk underneath, with the WAL's syncs counted and,
// on demand, held (to prove nothing is acknowledged before its fsync) or failed (to prove a
// failed fsync acknowledges nothing and the ledger stops writing).
//
//   auto fs = std::make_shared<FaultyFileSystem>();
//   StoreOptions options;
//   options.file_system = fs;
//   fs->HoldWalSyncs();          // the next WAL sync blocks...
//   fs->WaitUntilSyncHeld();     // ...once a writer is inside it
//   fs->ReleaseWalSyncs();
//   fs->FailWalSyncs(true);      // syncs return an I/O error
#ifndef LEDGER_TESTING_FAULTY_FILE_SYSTEM_H_
#define LEDGER_TESTING_FAULTY_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace ledger {

class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem();
  const char* Name() const override { return "FaultyFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;

  void HoldWalSyncs();
  void ReleaseWalSyncs();
  // Blocks until some WAL sync is waiting in HoldWalSyncs (at most 10 s; false on timeout).
  bool WaitUntilSyncHeld();
  void FailWalSyncs(bool fail);
  int wal_syncs() const;

  // Called by the WAL file wrapper around every Sync/Fsync.
  rocksdb::IOStatus BeforeWalSync();

 private:
  mutable absl::Mutex mu_;
  bool hold_ ABSL_GUARDED_BY(mu_) = false;
  bool fail_ ABSL_GUARDED_BY(mu_) = false;
  int held_ ABSL_GUARDED_BY(mu_) = 0;
  int syncs_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ledger

#endif  // LEDGER_TESTING_FAULTY_FILE_SYSTEM_H_
