#include "ledger/testing/faulty_file_system.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "ledger/store/store.h"

namespace ledger {
namespace {

rocksdb::IOStatus NoSpace() { return rocksdb::IOStatus::NoSpace("injected: disk full"); }

// Every writable file: appends go through the disk-full check; a WAL's syncs also go through
// the hold / fail switches, the store's recovery probe's through the fail switch.
class FaultyFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultyFile(std::unique_ptr<rocksdb::FSWritableFile> file, FaultyFileSystem* fs, bool wal,
             bool probe)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs), wal_(wal), probe_(probe) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->BeforeAppend();
    if (!s.ok()) return Torn(data, options, debug, s);
    return FSWritableFileOwnerWrapper::Append(data, options, debug);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->BeforeAppend();
    if (!s.ok()) return Torn(data, options, debug, s);
    return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->BeforeAppend();
    return s.ok() ? FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, debug) : s;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = fs_->BeforeAppend();
    return s.ok() ? FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, info, debug)
                  : s;
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = BeforeSync();
    return s.ok() ? FSWritableFileOwnerWrapper::Sync(options, debug) : s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = BeforeSync();
    return s.ok() ? FSWritableFileOwnerWrapper::Fsync(options, debug) : s;
  }

 private:
  rocksdb::IOStatus BeforeSync() {
    if (wal_) return fs_->BeforeWalSync();
    if (probe_) return fs_->BeforeProbeSync();
    return rocksdb::IOStatus::OK();
  }

  // A WAL append on a full disk lands partly (a torn record), then fails; other files get
  // nothing, which keeps RocksDB's own metadata files readable for the reopen.
  rocksdb::IOStatus Torn(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* debug, rocksdb::IOStatus refusal) {
    if (wal_ && data.size() > 1) {
      rocksdb::IOStatus partial = FSWritableFileOwnerWrapper::Append(
          rocksdb::Slice(data.data(), data.size() / 2), options, debug);
      if (!partial.ok()) return partial;
    }
    return refusal;
  }

  FaultyFileSystem* fs_;
  const bool wal_;
  const bool probe_;
};

}  // namespace

FaultyFileSystem::FaultyFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(std::move(base)) {}

rocksdb::IOStatus FaultyFileSystem::Wrap(const std::string& name, rocksdb::IOStatus opened,
                                         std::unique_ptr<rocksdb::FSWritableFile>* result) {
  if (opened.ok()) {
    *result = std::make_unique<FaultyFile>(std::move(*result), this, absl::EndsWith(name, ".log"),
                                           absl::EndsWith(name, kResumeProbeFileName));
  }
  return opened;
}

rocksdb::IOStatus FaultyFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* debug) {
  if (disk_full()) return NoSpace();
  return Wrap(name, target()->NewWritableFile(name, options, result, debug), result);
}

rocksdb::IOStatus FaultyFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* debug) {
  if (disk_full()) return NoSpace();
  return Wrap(name, target()->ReopenWritableFile(name, options, result, debug), result);
}

rocksdb::IOStatus FaultyFileSystem::ReuseWritableFile(
    const std::string& name, const std::string& old_name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* debug) {
  if (disk_full()) return NoSpace();
  return Wrap(name, target()->ReuseWritableFile(name, old_name, options, result, debug), result);
}

rocksdb::IOStatus FaultyFileSystem::GetFreeSpace(const std::string& path,
                                                 const rocksdb::IOOptions& options,
                                                 uint64_t* free_space,
                                                 rocksdb::IODebugContext* debug) {
  if (disk_full()) {
    *free_space = 0;
    return rocksdb::IOStatus::OK();
  }
  return target()->GetFreeSpace(path, options, free_space, debug);
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

void FaultyFileSystem::SetDiskFull(bool full) {
  absl::MutexLock lock(&mu_);
  full_ = full;
}

bool FaultyFileSystem::disk_full() const {
  absl::MutexLock lock(&mu_);
  return full_;
}

int FaultyFileSystem::refused_appends() const {
  absl::MutexLock lock(&mu_);
  return refused_appends_;
}

rocksdb::IOStatus FaultyFileSystem::BeforeProbeSync() {
  absl::MutexLock lock(&mu_);
  if (fail_) return rocksdb::IOStatus::IOError("injected sync failure (recovery probe)");
  return rocksdb::IOStatus::OK();
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

rocksdb::IOStatus FaultyFileSystem::BeforeAppend() {
  absl::MutexLock lock(&mu_);
  if (!full_) return rocksdb::IOStatus::OK();
  ++refused_appends_;
  return NoSpace();
}

}  // namespace ledger
