#include "ledger/testing/faulty_file_system.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/time/clock.h"

namespace ledger {
namespace {

class WalFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  WalFile(std::unique_ptr<rocksdb::FSWritableFile> file, FaultyFileSystem* fs)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs) {}

  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->BeforeWalSync();
    return s.ok() ? FSWritableFileOwnerWrapper::Sync(options, debug) : s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->BeforeWalSync();
    return s.ok() ? FSWritableFileOwnerWrapper::Fsync(options, debug) : s;
  }

 private:
  FaultyFileSystem* fs_;
};

}  // namespace

FaultyFileSystem::FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

rocksdb::IOStatus FaultyFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* debug) {
  rocksdb::IOStatus s = target()->NewWritableFile(name, options, result, debug);
  if (s.ok() && absl::EndsWith(name, ".log")) {
    *result = std::make_unique<WalFile>(std::move(*result), this);
  }
  return s;
}

void FaultyFileSystem::HoldWalSyncs() {
  absl::MutexLock lock(&mu_);
  hold_ = true;
}

void FaultyFileSystem::ReleaseWalSyncs() {
  absl::MutexLock lock(&mu_);
  hold_ = false;
}

bool FaultyFileSystem::WaitUntilSyncHeld() {
  absl::MutexLock lock(&mu_);
  auto held = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return held_ > 0; };
  return mu_.AwaitWithTimeout(absl::Condition(&held), absl::Seconds(10));
}

void FaultyFileSystem::FailWalSyncs(bool fail) {
  absl::MutexLock lock(&mu_);
  fail_ = fail;
}

int FaultyFileSystem::wal_syncs() const {
  absl::MutexLock lock(&mu_);
  return syncs_;
}

rocksdb::IOStatus FaultyFileSystem::BeforeWalSync() {
  absl::MutexLock lock(&mu_);
  ++held_;
  auto released = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !hold_; };
  mu_.Await(absl::Condition(&released));
  --held_;
  ++syncs_;
  if (fail_) return rocksdb::IOStatus::IOError("injected WAL sync failure");
  return rocksdb::IOStatus::OK();
}

}  // namespace ledger
