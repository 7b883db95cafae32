#include "ledger/audit/audit_test_support.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/store/store.h"

namespace ledger {

RawDb::RawDb(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {"default", "journal", "projections", "requests"}) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles_, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  db_.reset(db);
}

RawDb::~RawDb() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
}

std::string RawDb::Get(Family family, const std::string& key) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[family], key, &value);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return value;
}

void RawDb::Put(Family family, const std::string& key, const std::string& value) {
  EXPECT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[family], key, value).ok());
}

void RawDb::Delete(Family family, const std::string& key) {
  EXPECT_TRUE(db_->Delete(rocksdb::WriteOptions(), handles_[family], key).ok());
}

std::string RequestKeyOf(const std::string& principal, const std::string& request_id) {
  return absl::StrCat(principal, std::string(1, '\0'), request_id);
}

void RewriteEntry(RawDb& db, uint64_t sequence, uint64_t last,
                  const std::function<void(internal::EntryBody*)>& change) {
  Sha256 hasher;
  std::string prev_hash;
  for (uint64_t s = sequence; s <= last; ++s) {
    absl::StatusOr<DecodedEntry> entry = DecodeEntry(db.Get(RawDb::kJournal, JournalKey(s)));
    ASSERT_TRUE(entry.ok());
    std::string body = entry->body;
    if (s == sequence) {
      internal::EntryBody parsed;
      ASSERT_TRUE(parsed.ParseFromString(body));
      const std::string old_key = RequestKeyOf(parsed.principal(), parsed.request_id());
      change(&parsed);
      body = SerializeEntryBody(parsed);
      prev_hash = entry->prev_hash;
      const std::string new_key = RequestKeyOf(parsed.principal(), parsed.request_id());
      if (new_key != old_key) {
        db.Put(RawDb::kRequests, new_key, db.Get(RawDb::kRequests, old_key));
        db.Delete(RawDb::kRequests, old_key);
      }
    }
    EncodedEntry encoded = EncodeEntry(s, entry->commit_time_us, prev_hash, body, hasher);
    db.Put(RawDb::kJournal, JournalKey(s), encoded.record);
    prev_hash = encoded.hash;
  }
  db.Put(RawDb::kProjections, kJournalHeadKey, EncodeHead({last, prev_hash}));
}

void RewriteEvent(RawDb& db, uint64_t sequence, uint64_t last,
                  const std::function<void(v1::Event*)>& change) {
  RewriteEntry(db, sequence, last,
               [&change](internal::EntryBody* body) { change(body->mutable_event()); });
}

void RebuildProjections(const std::string& data_dir) {
  StoreOptions options;
  options.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, options);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<LedgerReplay> replay = ReplayJournal(**store);
  ASSERT_TRUE(replay.ok()) << replay.status();
  // One batch: every stored row deleted, then the replayed ones put (a later put wins).
  WriteSet writes = (*store)->NewWriteSet();
  absl::Status scan = (*store)->Scan(Family::kProjections, "", "",
                                     [&writes](absl::string_view key, absl::string_view) {
                                       writes.Delete(Family::kProjections, key);
                                       return true;
                                     });
  ASSERT_TRUE(scan.ok()) << scan;
  replay->ForEachRow([&writes](const ProjectionRow& row) {
    writes.Put(Family::kProjections, row.key, row.value);
  });
  absl::Status written = (*store)->Write(writes);
  ASSERT_TRUE(written.ok()) << written;
}

absl::StatusOr<AuditReport> AuditReadOnly(const std::string& data_dir,
                                          const AuditOptions& options) {
  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(data_dir, read_only);
  if (!store.ok()) return store.status();
  return RunAudit(**store, options);
}

void TamperedLedgerTest::NewLedger() {
  ledger_.reset();
  ledger_ = std::make_unique<SampleLedger>(
      ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

AuditReport TamperedLedgerTest::AuditAfter(const std::function<void(RawDb&)>& tamper,
                                           const AuditOptions& options) {
  ledger_->Close();
  if (tamper) {
    RawDb db(ledger_->data_dir());
    tamper(db);
  }
  absl::StatusOr<AuditReport> report = AuditReadOnly(ledger_->data_dir(), options);
  EXPECT_TRUE(report.ok()) << report.status();
  if (!report.ok()) {
    text_ = report.status().ToString();
    return AuditReport();
  }
  text_ = FormatReport(*report);
  return *std::move(report);
}

}  // namespace ledger
