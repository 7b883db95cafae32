#include "ledger/store/store.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/base/invariant.h"
#include "ledger/journal/entry_codec.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/options.h"
#include "rocksdb/transaction_log.h"
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
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(message);
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

bool WriteSet::empty() const { return batch_->Count() == 0; }
size_t WriteSet::byte_size() const { return batch_->GetDataSize(); }

Store::Store(std::string path, bool read_only, bool sync_writes)
    : path_(std::move(path)), read_only_(read_only), sync_writes_(sync_writes) {}

Store::~Store() {
  for (rocksdb::ColumnFamilyHandle* handle : families_) {
    if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle);
  }
  if (db_ != nullptr) db_->Close();
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                                   const StoreOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.paranoid_checks = true;
  // The WAL is the durability point. A crash can leave a torn, unsynced record at the very
  // end, which is dropped (it was never acknowledged); corruption anywhere before the tail
  // refuses the open instead of silently dropping acknowledged writes after it.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.max_background_jobs = 2;
  // A failed write leaves the store refusing writes until Resume (not RocksDB's own retries,
  // which would race the commit thread's view of what is durable).
  db_options.max_bgerror_resume_count = 0;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  rocksdb::ColumnFamilyOptions family_options;
  if (options.write_buffer_bytes > 0) family_options.write_buffer_size = options.write_buffer_bytes;
  for (const char* name : kFamilyNames) {
    descriptors.emplace_back(name, family_options);
  }

  std::unique_ptr<Store> store(new Store(path, options.read_only, options.sync_writes));
  if (options.file_system != nullptr) {
    store->env_ = rocksdb::NewCompositeEnv(options.file_system);
    db_options.env = store->env_.get();
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s =
      options.read_only ? rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &handles, &db)
                        : rocksdb::DB::Open(db_options, path, descriptors, &handles, &db);
  if (!s.ok()) return FromRocks(s, absl::StrCat("opening ", path));
  store->db_.reset(db);
  // handles[0] is the unused default family.
  db->DestroyColumnFamilyHandle(handles[0]);
  store->families_.assign(handles.begin() + 1, handles.end());
  Invariant(store->families_.size() == kFamilyCount, "every family opened");

  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), store->families_[0]));
  it->SeekToLast();
  if (it->Valid()) {
    uint64_t last = 0;
    if (!ParseJournalKey(ToView(it->key()), &last)) {
      return absl::DataLossError("journal family holds a key that is not a sequence number");
    }
    store->last_sequence_.store(last, std::memory_order_release);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading the journal's end");
  return store;
}

ReadSnapshot::~ReadSnapshot() { db_->ReleaseSnapshot(snapshot_); }

std::unique_ptr<ReadSnapshot> Store::NewSnapshot() const {
  return std::unique_ptr<ReadSnapshot>(new ReadSnapshot(db_.get(), db_->GetSnapshot()));
}

rocksdb::ReadOptions Store::ReadAt(const ReadSnapshot* at) {
  rocksdb::ReadOptions options;
  if (at != nullptr) options.snapshot = at->snapshot_;
  return options;
}

absl::StatusOr<std::string> Store::Get(Family family, absl::string_view key,
                                       const ReadSnapshot* at) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(ReadAt(at), families_[static_cast<int>(family)], ToSlice(key), &value);
  if (s.IsNotFound()) return absl::NotFoundError("not found");
  if (!s.ok()) return FromRocks(s, "reading");
  return value;
}

absl::Status Store::Scan(Family family, absl::string_view start, absl::string_view prefix,
                         const std::function<bool(absl::string_view, absl::string_view)>& visit,
                         const ReadSnapshot* at) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(ReadAt(at), families_[static_cast<int>(family)]));
  for (it->Seek(ToSlice(start.empty() ? prefix : start)); it->Valid(); it->Next()) {
    const absl::string_view key = ToView(it->key());
    if (!absl::StartsWith(key, prefix)) break;
    if (!visit(key, ToView(it->value()))) break;
  }
  return FromRocks(it->status(), "scanning");
}

absl::Status Store::Write(const WriteSet& writes) {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  if (writes.empty()) return absl::OkStatus();
  const uint64_t last = last_sequence();
  if (writes.first_sequence() != 0) {
    Invariant(writes.first_sequence() == last + 1, "journal is appended without gaps");
  }
  Invariant(writes.families_ == &families_, "write set made by this store");
  rocksdb::WriteOptions write_options;
  write_options.sync = sync_writes_;  // acknowledged means fsync'd
  rocksdb::Status s = db_->Write(write_options, writes.batch_.get());
  if (!s.ok()) {
    // The batch may be (partly) in the current WAL; Resume must retire that WAL.
    std::unique_ptr<rocksdb::LogFile> wal;
    if (db_->GetCurrentWalFile(&wal).ok() && wal != nullptr) {
      failed_wal_.store(wal->LogNumber(), std::memory_order_release);
    } else {
      failed_wal_.store(std::numeric_limits<uint64_t>::max() - 1, std::memory_order_release);
    }
    return FromRocks(s, "writing");
  }
  if (writes.last_sequence() != 0) {
    last_sequence_.store(writes.last_sequence(), std::memory_order_release);
  }
  return absl::OkStatus();
}

absl::Status Store::Resume() {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  if (absl::Status s = FromRocks(db_->Resume(), "resuming writes"); !s.ok()) return s;
  // RocksDB's Resume flushes only memtables that hold data; when they are all empty (a failure
  // right after a flush) the WAL holding the failed batch stays live, and a later restart
  // would replay that batch under sequence numbers reused since. So force a WAL switch: a
  // WAL-less marker in the unused default family makes a memtable to flush.
  rocksdb::WriteOptions no_wal;
  no_wal.disableWAL = true;
  if (absl::Status s = FromRocks(db_->Put(no_wal, db_->DefaultColumnFamily(), "resumed", ""),
                                 "resuming writes");
      !s.ok()) {
    return s;
  }
  std::vector<rocksdb::ColumnFamilyHandle*> all = families_;
  all.push_back(db_->DefaultColumnFamily());
  rocksdb::FlushOptions flush;
  flush.allow_write_stall = true;
  if (absl::Status s = FromRocks(db_->Flush(flush, all), "flushing to resume writes"); !s.ok()) {
    return s;
  }
  // A WAL below this number is never replayed at the next open.
  uint64_t min_wal_kept = 0;
  if (!db_->GetIntProperty(rocksdb::DB::Properties::kMinLogNumberToKeep, &min_wal_kept)) {
    return absl::UnavailableError("cannot read which WAL files a restart would replay");
  }
  const uint64_t failed_wal = failed_wal_.load(std::memory_order_acquire);
  if (failed_wal != 0 && min_wal_kept <= failed_wal) {
    return absl::UnavailableError(absl::StrCat(
        "the WAL of the failed write (", failed_wal, ") would still be replayed at a restart (",
        min_wal_kept, " is the oldest kept); still read-only"));
  }
  failed_wal_.store(0, std::memory_order_release);
  return absl::OkStatus();
}

absl::Status Store::Checkpoint(const std::string& dir) const {
  if (read_only_) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot checkpoint ", path_, ": the store is open read-only"));
  }
  std::error_code error;
  if (std::filesystem::exists(dir, error) || error) {
    return absl::FailedPreconditionError(
        error ? absl::StrCat("cannot check ", dir, ": ", error.message())
              : absl::StrCat(dir, " already exists; a checkpoint goes into a new directory"));
  }
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
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
