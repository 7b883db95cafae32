#include "ledger/store/store.h"

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

TEST(Store, ReopenKeepsEveryFamily) {
  const std::string dir = FreshTempDir("reopen");
  {
    auto store = Store::Open(dir, {});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->last_sequence(), 0u);
    WriteSet writes = (*store)->NewWriteSet();
    writes.AppendEntry(1, "first");
    writes.AppendEntry(2, "second");
    writes.Put(Family::kProjections, "p", "projection");
    writes.Put(Family::kRequests, "r", "request");
    ASSERT_TRUE((*store)->Write(writes).ok());
    EXPECT_EQ((*store)->last_sequence(), 2u);
  }
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->last_sequence(), 2u);
  EXPECT_EQ(*(*store)->Get(Family::kJournal, JournalKey(2)), "second");
  EXPECT_EQ(*(*store)->Get(Family::kProjections, "p"), "projection");
  EXPECT_EQ(*(*store)->Get(Family::kRequests, "r"), "request");
  EXPECT_TRUE(absl::IsNotFound((*store)->Get(Family::kRequests, "p").status()));
}

int CountFiles(const std::string& dir, const std::string& extension) {
  int count = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() == extension) ++count;
  }
  return count;
}

TEST(Store, FlushWritesMemtablesToTablesSoTheNextOpenNeedsNoWalReplay) {
  const std::string dir = FreshTempDir("flush");
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteSet writes = (*store)->NewWriteSet();
  writes.AppendEntry(1, "first");
  writes.Put(Family::kProjections, "p", "projection");
  writes.Put(Family::kRequests, "r", "request");
  ASSERT_TRUE((*store)->Write(writes).ok());
  EXPECT_EQ(CountFiles(dir, ".sst"), 0);  // only in the memtables and the WAL so far
  ASSERT_TRUE((*store)->Flush().ok());
  EXPECT_EQ(CountFiles(dir, ".sst"), 3);  // one table per family
  store->reset();
  auto reopened = Store::Open(dir, {});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*(*reopened)->Get(Family::kJournal, JournalKey(1)), "first");
  // A read-only store has nothing to flush.
  reopened->reset();
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = Store::Open(dir, read_only);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_TRUE((*reader)->Flush().ok());
}

TEST(Store, IntPropertySumsTheFamiliesForTheMetricsPage) {
  const std::string dir = FreshTempDir("property");
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*(*store)->IntProperty("rocksdb.total-sst-files-size"), 0u);
  WriteSet writes = (*store)->NewWriteSet();
  writes.AppendEntry(1, std::string(4096, 'e'));
  writes.Put(Family::kProjections, "p", std::string(4096, 'p'));
  ASSERT_TRUE((*store)->Write(writes).ok());
  EXPECT_GT(*(*store)->IntProperty("rocksdb.cur-size-all-mem-tables"), 8192u);
  ASSERT_TRUE((*store)->Flush().ok());
  EXPECT_GT(*(*store)->IntProperty("rocksdb.total-sst-files-size"), 0u);
  EXPECT_EQ((*store)->IntProperty("rocksdb.no-such-thing").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Store, ScanStopsAtPrefixAndWhenTold) {
  auto store = Store::Open(FreshTempDir("scan"), {});
  ASSERT_TRUE(store.ok());
  WriteSet writes = (*store)->NewWriteSet();
  for (const char* key : {"a/1", "a/2", "a/3", "b/1"}) {
    writes.Put(Family::kProjections, key, "v");
  }
  ASSERT_TRUE((*store)->Write(writes).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE((*store)
                  ->Scan(Family::kProjections, "a/2", "a/",
                         [&](absl::string_view key, absl::string_view) {
                           seen.emplace_back(key);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/2", "a/3"}));
  seen.clear();
  ASSERT_TRUE((*store)
                  ->Scan(Family::kProjections, "", "a/",
                         [&](absl::string_view key, absl::string_view) {
                           seen.emplace_back(key);
                           return seen.size() < 2;
                         })
                  .ok());
  EXPECT_EQ(seen.size(), 2u);
}

TEST(Store, SecondWriterIsRefusedWhileOpen) {
  const std::string dir = FreshTempDir("lock");
  auto first = Store::Open(dir, {});
  ASSERT_TRUE(first.ok());
  auto second = Store::Open(dir, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = Store::Open(dir, read_only);
  ASSERT_TRUE(reader.ok()) << reader.status();
  WriteSet writes = (*reader)->NewWriteSet();
  writes.Put(Family::kProjections, "k", "v");
  EXPECT_FALSE((*reader)->Write(writes).ok());
}

TEST(StoreDeathTest, JournalIsAppendOnly) {
  auto store = Store::Open(FreshTempDir("append_only"), {});
  ASSERT_TRUE(store.ok());
  WriteSet writes = (*store)->NewWriteSet();
  writes.AppendEntry(1, "one");
  ASSERT_TRUE((*store)->Write(writes).ok());

  EXPECT_DEATH(
      {
        WriteSet w = (*store)->NewWriteSet();
        w.Delete(Family::kJournal, JournalKey(1));
      },
      "never deleted");
  EXPECT_DEATH(
      {
        WriteSet w = (*store)->NewWriteSet();
        w.Put(Family::kJournal, JournalKey(1), "rewritten");
      },
      "only appended");
  EXPECT_DEATH(
      {
        WriteSet w = (*store)->NewWriteSet();
        w.AppendEntry(1, "overwrite of entry 1");
        (void)(*store)->Write(w);
      },
      "without gaps");
  EXPECT_DEATH(
      {
        WriteSet w = (*store)->NewWriteSet();
        w.AppendEntry(3, "a gap");
        (void)(*store)->Write(w);
      },
      "without gaps");
  EXPECT_EQ(*(*store)->Get(Family::kJournal, JournalKey(1)), "one");
}

TEST(Store, CheckpointIsAnOpenableCopyAsOfItsCreation) {
  const std::string base = FreshTempDir("checkpoint");
  const std::string copy = FreshTempDir("checkpoint_copy");
  auto store = Store::Open(base, {});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteSet writes = (*store)->NewWriteSet();
  writes.AppendEntry(1, "first");
  writes.AppendEntry(2, "second");
  writes.Put(Family::kProjections, "p", "projection");
  writes.Put(Family::kRequests, "r", "request");
  ASSERT_TRUE((*store)->Write(writes).ok());
  ASSERT_TRUE((*store)->Checkpoint(copy).ok());
  // Later writes stay out of the copy.
  WriteSet later = (*store)->NewWriteSet();
  later.AppendEntry(3, "third");
  later.Put(Family::kProjections, "p", "changed");
  ASSERT_TRUE((*store)->Write(later).ok());

  // The live store is still open: the copy is a database of its own.
  auto opened = Store::Open(copy, {});
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ((*opened)->last_sequence(), 2u);
  EXPECT_EQ(*(*opened)->Get(Family::kJournal, JournalKey(1)), "first");
  EXPECT_EQ(*(*opened)->Get(Family::kJournal, JournalKey(2)), "second");
  EXPECT_TRUE(absl::IsNotFound((*opened)->Get(Family::kJournal, JournalKey(3)).status()));
  EXPECT_EQ(*(*opened)->Get(Family::kProjections, "p"), "projection");
  EXPECT_EQ(*(*opened)->Get(Family::kRequests, "r"), "request");
}

TEST(Store, CheckpointRefusesAnExistingDirectory) {
  const std::string base = FreshTempDir("checkpoint_exists");
  auto store = Store::Open(base, {});
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string copy = FreshTempDir("checkpoint_exists_copy");
  ASSERT_TRUE((*store)->Checkpoint(copy).ok());
  absl::Status again = (*store)->Checkpoint(copy);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
  EXPECT_EQ((*store)->Checkpoint(base).code(), absl::StatusCode::kFailedPrecondition);
}

// Resume reopens RocksDB in place: what was written stays readable and writable, and a
// snapshot taken before keeps reading the old instance until it is released.
TEST(Store, ResumeReopensInPlaceAndWaitsForSnapshots) {
  auto store = Store::Open(FreshTempDir("resume"), {});
  ASSERT_TRUE(store.ok()) << store.status();
  WriteSet first = (*store)->NewWriteSet();
  first.AppendEntry(1, "first");
  ASSERT_TRUE((*store)->Write(first).ok());

  {
    std::unique_ptr<ReadSnapshot> held = (*store)->NewSnapshot();
    const absl::Time start = absl::Now();
    absl::Status busy = (*store)->Resume();
    // The held snapshot keeps the old instance: Resume gives up after its bound, and the
    // store goes on as it was (the snapshot and plain reads still work).
    EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;
    EXPECT_GE(absl::Now() - start, absl::Seconds(1));
    EXPECT_EQ(*(*store)->Get(Family::kJournal, JournalKey(1), held.get()), "first");
    EXPECT_EQ(*(*store)->Get(Family::kJournal, JournalKey(1)), "first");
  }
  ASSERT_TRUE((*store)->Resume().ok());
  EXPECT_EQ((*store)->last_sequence(), 1u);
  EXPECT_EQ(*(*store)->Get(Family::kJournal, JournalKey(1)), "first");
  WriteSet second = (*store)->NewWriteSet();
  second.AppendEntry(2, "second");
  ASSERT_TRUE((*store)->Write(second).ok());
  EXPECT_EQ((*store)->last_sequence(), 2u);
}

}  // namespace
}  // namespace ledger
