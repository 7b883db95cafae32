#include "ledger/store/store.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ledger/base/invariant.h"
#include "ledger/journal/entry_codec.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/options.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"

namespace ledger {
namespace {

constexpr const char* kFamilyNames[kFamilyCount] = {"journal", "projections", "requests"};

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
absl::string_view ToView(const rocksdb::Slice& s) { return absl::string_view(s.data(), s.size()); }

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
    return absl::FailedPreconditionError(
        absl::StrCat(message, " (is another ledgerd using this data directory?)"));
  }
  if (s.IsNoSpace()) {
    return absl::ResourceExhaustedError(
        absl::StrCat(message, " (the disk is full: free space on it; nothing was lost)"));
  }
  return absl::UnavailableError(message);
}

}  // namespace

WriteSet::WriteSet(const std::vector<rocksdb::ColumnFamilyHandle*>* families)
    : families_(families), batch_(std::make_unique<rocksdb::WriteBatch>()) {}
WriteSet::~WriteSet() = default;
WriteSet::WriteSet(WriteSet&&) noexcept = default;
WriteSet& WriteSet::operator=(WriteSet&&) noexcept = default;

rocksdb::ColumnFamilyHandle* WriteSet::handle(Family family) const {
  return (*families_)[static_cast<int>(family)];
}

void WriteSet::AppendEntry(uint64_t sequence, absl::string_view record) {
  Invariant(sequence >= 1, "journal sequence starts at 1");
  Invariant(first_sequence_ == 0 || sequence == last_sequence_ + 1,
            "entries in one write continue each other");
  if (first_sequence_ == 0) first_sequence_ = sequence;
  last_sequence_ = sequence;
  batch_->Put(handle(Family::kJournal), ToSlice(JournalKey(sequence)), ToSlice(record));
}

void WriteSet::Put(Family family, absl::string_view key, absl::string_view value) {
  Invariant(family != Family::kJournal, "journal entries are only appended");
  batch_->Put(handle(family), ToSlice(key), ToSlice(value));
}

void WriteSet::Delete(Family family, absl::string_view key) {
  Invariant(family != Family::kJournal, "journal entries are never deleted");
  batch_->Delete(handle(family), ToSlice(key));
}

void WriteSet::SetSavePoint() {
  Invariant(!has_savepoint_, "one savepoint at a time");
  has_savepoint_ = true;
  savepoint_first_sequence_ = first_sequence_;
  savepoint_last_sequence_ = last_sequence_;
  batch_->SetSavePoint();
}

void WriteSet::RollbackToSavePoint() {
  Invariant(has_savepoint_, "a savepoint is set");
  const rocksdb::Status rolled_back = batch_->RollbackToSavePoint();
  Invariant(rolled_back.ok(), "the batch rolls back to its savepoint");
  has_savepoint_ = false;
  first_sequence_ = savepoint_first_sequence_;
  last_sequence_ = savepoint_last_sequence_;
}

void WriteSet::PopSavePoint() {
  Invariant(has_savepoint_, "a savepoint is set");
  const rocksdb::Status popped = batch_->PopSavePoint();
  Invariant(popped.ok(), "the batch drops its savepoint");
  has_savepoint_ = false;
}

bool WriteSet::empty() const { return batch_->Count() == 0; }
size_t WriteSet::byte_size() const { return batch_->GetDataSize(); }

// One open RocksDB instance and its family handles. Store swaps it on Resume; readers and
// snapshots hold it by shared_ptr, so the swap waits until they let go.
struct ReadSnapshot::Db {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> families;  // indexed by Family
  bool read_only = false;

  ~Db() {
    for (rocksdb::ColumnFamilyHandle* handle : families) {
      if (handle != nullptr) db->DestroyColumnFamilyHandle(handle);
    }
    if (db != nullptr) db->Close();
  }
  rocksdb::ColumnFamilyHandle* family(Family f) const { return families[static_cast<int>(f)]; }
};

namespace {
// How long a read waits for Resume to swap the instance before it answers UNAVAILABLE, and how
// long Resume waits for reads of the old instance to finish before it gives up (and tries
// again later). A snapshot waits without a bound: it has no way to answer an error, and the
// swap is bounded by the drain wait plus one open.
constexpr absl::Duration kSwapWait = absl::Seconds(5);
constexpr absl::Duration kDrainWait = absl::Seconds(2);
constexpr size_t kProbeBytes = 64 << 10;
}  // namespace

Store::Store(std::string path, StoreOptions options)
    : path_(std::move(path)), options_(std::move(options)) {}

Store::~Store() {
  absl::MutexLock lock(&mu_);
  db_.reset();
}

absl::StatusOr<std::shared_ptr<ReadSnapshot::Db>> Store::OpenDb(const std::string& path,
                                                                const StoreOptions& options,
                                                                rocksdb::Env* env, bool read_only) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.paranoid_checks = true;
  // The WAL is the durability point. A crash can leave a torn, unsynced record at the very
  // end, which is dropped (it was never acknowledged); corruption anywhere before the tail
  // refuses the open instead of silently dropping acknowledged writes after it.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.max_background_jobs = 2;
  // Recovery from a failed write is Resume's (a reopen), not RocksDB's own retries, which
  // would race the commit thread's view of what is durable.
  db_options.max_bgerror_resume_count = 0;
  // At open, what the WAL recovered is flushed to SST files and synced before the old WAL is
  // dropped. Resume relies on it: a batch whose fsync failed but whose bytes were recovered
  // from the page cache becomes durable here, before any retry of it is acknowledged.
  db_options.avoid_flush_during_recovery = false;
  if (env != nullptr) db_options.env = env;

  rocksdb::ColumnFamilyOptions family_options;
  if (options.write_buffer_bytes > 0) family_options.write_buffer_size = options.write_buffer_bytes;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (const char* name : kFamilyNames) descriptors.emplace_back(name, family_options);

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &handles, &raw)
                : rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("opening ", path));
  auto db = std::make_shared<Db>();
  db->db.reset(raw);
  db->read_only = read_only;
  // handles[0] is the unused default family.
  raw->DestroyColumnFamilyHandle(handles[0]);
  db->families.assign(handles.begin() + 1, handles.end());
  Invariant(db->families.size() == kFamilyCount, "every family opened");
  return db;
}

absl::Status Store::ReadLastSequence(const Db& db) {
  std::unique_ptr<rocksdb::Iterator> it(
      db.db->NewIterator(rocksdb::ReadOptions(), db.family(Family::kJournal)));
  it->SeekToLast();
  uint64_t last = 0;
  if (it->Valid() && !ParseJournalKey(ToView(it->key()), &last)) {
    return absl::DataLossError("journal family holds a key that is not a sequence number");
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading the journal's end");
  last_sequence_.store(last, std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                                   const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store(path, options));
  if (options.file_system != nullptr) store->env_ = rocksdb::NewCompositeEnv(options.file_system);
  absl::StatusOr<std::shared_ptr<Db>> db =
      OpenDb(path, options, store->env_.get(), options.read_only);
  if (!db.ok()) return db.status();
  if (absl::Status s = store->ReadLastSequence(**db); !s.ok()) return s;
  absl::MutexLock lock(&store->mu_);
  store->db_ = std::move(*db);
  return store;
}

absl::StatusOr<std::shared_ptr<ReadSnapshot::Db>> Store::Current(absl::Duration wait) const {
  absl::ReaderMutexLock lock(&mu_);
  auto present = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return db_ != nullptr; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&present), wait)) {
    return absl::UnavailableError("the store is being reopened after a storage failure");
  }
  return db_;
}

WriteSet Store::NewWriteSet() const {
  absl::StatusOr<std::shared_ptr<Db>> db = Current(absl::ZeroDuration());
  // Only the commit thread writes, and it alone swaps the instance (Resume), so the instance
  // it makes a write set for is the one it writes to.
  Invariant(db.ok(), "the commit thread's store instance is present");
  return WriteSet(&(*db)->families);
}

ReadSnapshot::ReadSnapshot(std::shared_ptr<Db> db, const rocksdb::Snapshot* snapshot)
    : db_(std::move(db)), snapshot_(snapshot) {}

ReadSnapshot::~ReadSnapshot() { db_->db->ReleaseSnapshot(snapshot_); }

std::unique_ptr<ReadSnapshot> Store::NewSnapshot() const {
  absl::StatusOr<std::shared_ptr<Db>> db = Current(absl::InfiniteDuration());
  Invariant(db.ok(), "an unbounded wait ends with an instance");
  const rocksdb::Snapshot* snapshot = (*db)->db->GetSnapshot();
  return std::unique_ptr<ReadSnapshot>(new ReadSnapshot(std::move(*db), snapshot));
}

rocksdb::ReadOptions Store::ReadAt(const ReadSnapshot* at) {
  rocksdb::ReadOptions options;
  if (at != nullptr) options.snapshot = at->snapshot_;
  return options;
}

absl::StatusOr<std::shared_ptr<ReadSnapshot::Db>> Store::InstanceFor(const ReadSnapshot* at) const {
  // A snapshot reads the instance it was taken from, even while Resume waits to swap it.
  if (at != nullptr) return at->db_;
  return Current(kSwapWait);
}

absl::StatusOr<std::string> Store::Get(Family family, absl::string_view key,
                                       const ReadSnapshot* at) const {
  absl::StatusOr<std::shared_ptr<Db>> db = InstanceFor(at);
  if (!db.ok()) return db.status();
  std::string value;
  rocksdb::Status s = (*db)->db->Get(ReadAt(at), (*db)->family(family), ToSlice(key), &value);
  if (s.IsNotFound()) return absl::NotFoundError("not found");
  if (!s.ok()) return FromRocks(s, "reading");
  return value;
}

absl::Status Store::Scan(Family family, absl::string_view start, absl::string_view prefix,
                         const std::function<bool(absl::string_view, absl::string_view)>& visit,
                         const ReadSnapshot* at) const {
  absl::StatusOr<std::shared_ptr<Db>> db = InstanceFor(at);
  if (!db.ok()) return db.status();
  std::unique_ptr<rocksdb::Iterator> it((*db)->db->NewIterator(ReadAt(at), (*db)->family(family)));
  for (it->Seek(ToSlice(start.empty() ? prefix : start)); it->Valid(); it->Next()) {
    const absl::string_view key = ToView(it->key());
    if (!absl::StartsWith(key, prefix)) break;
    if (!visit(key, ToView(it->value()))) break;
  }
  return FromRocks(it->status(), "scanning");
}

absl::Status Store::Write(const WriteSet& writes) {
  if (options_.read_only) return absl::FailedPreconditionError("store is open read-only");
  if (writes.empty()) return absl::OkStatus();
  absl::StatusOr<std::shared_ptr<Db>> db = Current(kSwapWait);
  if (!db.ok()) return db.status();
  if ((*db)->read_only) {
    return absl::UnavailableError("the store reopened read-only after a storage failure");
  }
  const uint64_t last = last_sequence();
  if (writes.first_sequence() != 0) {
    Invariant(writes.first_sequence() == last + 1, "journal is appended without gaps");
  }
  Invariant(writes.families_ == &(*db)->families, "write set made by this store instance");
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;  // acknowledged means fsync'd
  rocksdb::Status s = (*db)->db->Write(write_options, writes.batch_.get());
  if (!s.ok()) return FromRocks(s, "writing");
  if (writes.last_sequence() != 0) {
    last_sequence_.store(writes.last_sequence(), std::memory_order_release);
  }
  return absl::OkStatus();
}

absl::Status Store::Resume() {
  if (options_.read_only) return absl::FailedPreconditionError("store is open read-only");
  // Reopening onto a disk that still fails would leave only a read-only instance; a synced
  // probe write through the same file system says whether it is worth trying.
  rocksdb::FileSystem* fs = options_.file_system != nullptr ? options_.file_system.get()
                                                            : rocksdb::FileSystem::Default().get();
  const std::string probe = absl::StrCat(path_, "/", kResumeProbeFileName);
  {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    rocksdb::IOOptions io;
    rocksdb::IOStatus s = fs->NewWritableFile(probe, rocksdb::FileOptions(), &file, nullptr);
    if (s.ok()) s = file->Append(rocksdb::Slice(std::string(kProbeBytes, '\0')), io, nullptr);
    if (s.ok()) s = file->Sync(io, nullptr);
    if (file != nullptr) file->Close(io, nullptr).PermitUncheckedError();
    fs->DeleteFile(probe, io, nullptr).PermitUncheckedError();
    if (!s.ok()) return FromRocks(s, "probing the data directory");
  }

  std::shared_ptr<Db> old;
  {
    absl::MutexLock lock(&mu_);
    old = std::move(db_);  // new reads now wait in Current()
  }
  // Reads that took the old instance before the swap finish with it first; RocksDB allows one
  // open instance per directory. (Null if no reopen has worked since an earlier failure.)
  const absl::Time drain_deadline = absl::Now() + kDrainWait;
  while (old != nullptr && old.use_count() > 1 && absl::Now() < drain_deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  if (old != nullptr && old.use_count() > 1) {
    absl::MutexLock lock(&mu_);
    db_ = std::move(old);
    return absl::UnavailableError("reads still hold the store; reopening later");
  }
  old.reset();  // closes it

  absl::StatusOr<std::shared_ptr<Db>> reopened =
      OpenDb(path_, options_, env_.get(), /*read_only=*/false);
  absl::Status result = reopened.ok() ? ReadLastSequence(**reopened) : reopened.status();
  if (!result.ok()) {
    // Reads must go on: a read-only instance serves them until the next Resume. If even that
    // cannot be opened, reads wait or answer UNAVAILABLE until a later Resume opens one.
    absl::StatusOr<std::shared_ptr<Db>> fallback =
        OpenDb(path_, options_, env_.get(), /*read_only=*/true);
    if (fallback.ok() && ReadLastSequence(**fallback).ok()) {
      absl::MutexLock lock(&mu_);
      db_ = std::move(*fallback);
    }
    return result;
  }
  absl::MutexLock lock(&mu_);
  db_ = std::move(*reopened);
  return absl::OkStatus();
}

absl::Status Store::Flush() {
  if (options_.read_only) return absl::OkStatus();
  absl::StatusOr<std::shared_ptr<Db>> db = Current(kSwapWait);
  if (!db.ok()) return db.status();
  rocksdb::FlushOptions flush_options;
  flush_options.wait = true;
  return FromRocks((*db)->db->Flush(flush_options, (*db)->families),
                   absl::StrCat("flushing ", path_));
}

absl::StatusOr<uint64_t> Store::IntProperty(const std::string& name) const {
  // A scrape must not wait out a swap: it reports nothing this time instead.
  absl::StatusOr<std::shared_ptr<Db>> db = Current(absl::ZeroDuration());
  if (!db.ok()) return db.status();
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* family : (*db)->families) {
    uint64_t value = 0;
    if (!(*db)->db->GetIntProperty(family, name, &value)) {
      return absl::NotFoundError(absl::StrCat("no RocksDB property ", name));
    }
    total += value;
  }
  return total;
}

absl::Status Store::Checkpoint(const std::string& dir) const {
  if (options_.read_only) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot checkpoint ", path_, ": the store is open read-only"));
  }
  std::error_code error;
  if (std::filesystem::exists(dir, error) || error) {
    return absl::FailedPreconditionError(
        error ? absl::StrCat("cannot check ", dir, ": ", error.message())
              : absl::StrCat(dir, " already exists; a checkpoint goes into a new directory"));
  }
  absl::StatusOr<std::shared_ptr<Db>> db = Current(kSwapWait);
  if (!db.ok()) return db.status();
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create((*db)->db.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("checkpointing ", path_));
  // log_size_for_flush = 0: always flush the memtables first, so the copy's SST files hold
  // everything written so far; the WAL written meanwhile is copied too. Each Write is one
  // batch, so the copy holds whole batches only: a consistent journal and projections.
  s = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0);
  if (!s.ok()) {
    if (std::filesystem::exists(dir, error)) {
      return absl::FailedPreconditionError(
          absl::StrCat(dir, " already exists; a checkpoint goes into a new directory"));
    }
    return FromRocks(s, absl::StrCat("checkpointing ", path_, " to ", dir));
  }
  return absl::OkStatus();
}

}  // namespace ledger
