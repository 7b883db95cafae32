// Shared by the audit's tests (audit_test.cc, audit_accounts_test.cc, audit_reversal_test.cc): a
// data directory made by the real engine (ledger/testing/sample_ledger.h) is damaged behind the
// server's back by opening RocksDB directly with the ledger's column families, then audited
// read-only, as tools/audit does.
//
//   class MyAuditTest : public TamperedLedgerTest {
//     void SetUp() override { NewLedger(); ledger_->RunMixedLifecycle(); }
//   };
//   TEST_F(MyAuditTest, ...) {
//     AuditReport report = AuditAfter(
//         [](RawDb& db) { db.Delete(RawDb::kJournal, JournalKey(7)); }, AuditOptions());
//     EXPECT_EQ(report.first_bad_sequence(), 7u) << text_;
//   }
#ifndef LEDGER_AUDIT_AUDIT_TEST_SUPPORT_H_
#define LEDGER_AUDIT_AUDIT_TEST_SUPPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/testing/sample_ledger.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "rocksdb/db.h"

namespace ledger {

// The data directory as a tamperer sees it: plain RocksDB, no ledger code in the way. A read or
// write that fails is a gtest failure.
class RawDb {
 public:
  enum Family { kJournal = 1, kProjections = 2, kRequests = 3 };  // handles_[0] is "default"

  explicit RawDb(const std::string& path);
  ~RawDb();

  std::string Get(Family family, const std::string& key);
  void Put(Family family, const std::string& key, const std::string& value);
  void Delete(Family family, const std::string& key);

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

// Where the commit path keeps a request's first answer (docs/STORAGE.md).
std::string RequestKeyOf(const std::string& principal, const std::string& request_id);

// Rewrites entry `sequence`'s body with `change`, then re-chains every later entry up to `last`
// and the head record, and moves the entry's request record if its key changed, as a thorough
// forger who recomputes all hashes would.
void RewriteEntry(RawDb& db, uint64_t sequence, uint64_t last,
                  const std::function<void(internal::EntryBody*)>& change);
// RewriteEntry for the entry's event only.
void RewriteEvent(RawDb& db, uint64_t sequence, uint64_t last,
                  const std::function<void(v1::Event*)>& change);

// Replaces the whole projections family of `data_dir` (no engine or RawDb may have it open) with
// a replay of its journal, as a forger who rewrote entries and wants the stored state to agree
// with them would: the projections check then has nothing to find. The journal must replay.
void RebuildProjections(const std::string& data_dir);

// Audits a read-only open of `data_dir` (no engine may have it open), as tools/audit does. An
// error status when the store cannot be opened or read.
absl::StatusOr<AuditReport> AuditReadOnly(const std::string& data_dir, const AuditOptions& options);

// A fixture owning a SampleLedger, which its tests damage and then audit.
class TamperedLedgerTest : public ::testing::Test {
 protected:
  // A fresh ledger in a directory named after the running test; an earlier one is closed
  // first, so tests that audit several damaged copies may call it (or SetUp) again.
  void NewLedger();

  // Closes the ledger, lets `tamper` (if set) change the files through RocksDB, then audits a
  // read-only open with `options`. Sets text_ to the formatted report.
  AuditReport AuditAfter(const std::function<void(RawDb&)>& tamper, const AuditOptions& options);

  std::unique_ptr<SampleLedger> ledger_;
  std::string text_;  // the last report, formatted
};

}  // namespace ledger

#endif  // LEDGER_AUDIT_AUDIT_TEST_SUPPORT_H_
