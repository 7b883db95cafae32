#include "ledger/journal/journal_reader.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/error.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

class JournalReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("journal_reader"), {});
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
  }

  // Appends `count` entries; `corrupt` (if non-zero) gets a wrong previous hash.
  void Append(int count, uint64_t corrupt = 0) {
    WriteSet writes = store_->NewWriteSet();
    for (int i = 0; i < count; ++i) {
      const uint64_t sequence = head_.sequence + 1;
      internal::EntryBody body;
      body.set_principal("bank:B001");
      body.set_request_id(absl::StrCat("r", sequence));
      body.mutable_event()->mutable_loan_created()->set_loan(absl::StrCat("L", sequence));
      const std::string prev = sequence == corrupt ? std::string(32, 'x') : head_.hash;
      EncodedEntry entry =
          EncodeEntry(sequence, 1000 * sequence, prev, SerializeEntryBody(body), hasher_);
      writes.AppendEntry(sequence, entry.record);
      head_ = {sequence, entry.hash};
    }
    writes.Put(Family::kProjections, kJournalHeadKey, EncodeHead(head_));
    ASSERT_TRUE(store_->Write(writes).ok());
  }

  std::unique_ptr<Store> store_;
  JournalHead head_{0, GenesisHash()};
  Sha256 hasher_;
};

TEST_F(JournalReaderTest, ReadsEntriesAndPages) {
  Append(25);
  absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*store_, 7);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->sequence(), 7u);
  EXPECT_EQ(entry->request_id(), "r7");
  absl::Status missing = ReadEntry(*store_, 26).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), reason::kEntryNotFound);

  std::vector<v1::JournalEntry> page;
  ASSERT_TRUE(ReadEntries(*store_, 20, 100, &page).ok());
  ASSERT_EQ(page.size(), 6u);
  EXPECT_EQ(page.front().sequence(), 20u);
  EXPECT_EQ(page.back().sequence(), 25u);
  page.clear();
  ASSERT_TRUE(ReadEntries(*store_, 1, 10, &page).ok());
  EXPECT_EQ(page.size(), 10u);
  EXPECT_EQ(ReadHead(*store_)->sequence, 25u);
}

TEST_F(JournalReaderTest, VerifiesWholeChainAndRanges) {
  v1::VerifyChainResponse empty = *VerifyChainRange(*store_, 0, 0);
  EXPECT_TRUE(empty.ok());
  EXPECT_TRUE(empty.complete());

  Append(30);
  v1::VerifyChainResponse all = *VerifyChainRange(*store_, 0, 0);
  EXPECT_TRUE(all.ok()) << all.problem();
  EXPECT_TRUE(all.complete());
  EXPECT_EQ(all.verified_through(), 30u);
  EXPECT_EQ(all.head_sequence(), 30u);

  v1::VerifyChainResponse first = *VerifyChainRange(*store_, 1, 12);
  EXPECT_TRUE(first.ok());
  EXPECT_FALSE(first.complete());
  EXPECT_EQ(first.next_sequence(), 13u);
  v1::VerifyChainResponse rest = *VerifyChainRange(*store_, first.next_sequence(), 100);
  EXPECT_TRUE(rest.ok()) << rest.problem();
  EXPECT_TRUE(rest.complete());
  EXPECT_EQ(rest.verified_from(), 13u);
}

TEST_F(JournalReaderTest, ReportsTheFirstBadEntry) {
  Append(10);
  Append(5, /*corrupt=*/13);
  v1::VerifyChainResponse report = *VerifyChainRange(*store_, 0, 0);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.first_bad_sequence(), 13u);
  EXPECT_FALSE(report.problem().empty());
}

TEST_F(JournalReaderTest, StartPastTheHeadIsOutOfRangeNotDamage) {
  Append(3);
  EXPECT_TRUE(VerifyChainRange(*store_, 4, 0)->complete());  // head + 1: nothing to verify
  absl::Status past = VerifyChainRange(*store_, 100, 0).status();
  EXPECT_EQ(past.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(FieldOf(past), "start_sequence");
}

TEST_F(JournalReaderTest, EntriesCommittedDuringVerificationAreNotMistakenForDamage) {
  Append(3);
  // What a concurrent commit looks like between reading the head and scanning: entries past
  // the head the verification started from. Verification reads one snapshot, so it stays ok
  // while the journal grows underneath it.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 200 && !stop; ++i) Append(1);
  });
  int runs = 0;
  for (; runs < 200; ++runs) {
    absl::StatusOr<v1::VerifyChainResponse> report = VerifyChainRange(*store_, 0, 0);
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << report->problem();
    ASSERT_TRUE(report->complete());
  }
  stop = true;
  writer.join();
}

TEST_F(JournalReaderTest, HeadRecordThatDisagreesIsReported) {
  Append(3);
  WriteSet writes = store_->NewWriteSet();
  writes.Put(Family::kProjections, kJournalHeadKey, EncodeHead({2, head_.hash}));
  ASSERT_TRUE(store_->Write(writes).ok());
  v1::VerifyChainResponse report = *VerifyChainRange(*store_, 0, 0);
  EXPECT_FALSE(report.ok());
}

}  // namespace
}  // namespace ledger
