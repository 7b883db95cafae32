#include "ledger/journal/chain_verifier.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace ledger {
namespace {

// An in-memory journal: key -> record, in key order like the RocksDB family.
struct Journal {
  std::map<std::string, std::string> records;
  JournalHead head{0, GenesisHash()};
};

Journal MakeJournal(int count) {
  Journal journal;
  Sha256 hasher;
  for (int i = 1; i <= count; ++i) {
    EncodedEntry e =
        EncodeEntry(i, 1000 * i, journal.head.hash, absl::StrCat("body of entry ", i), hasher);
    journal.records[JournalKey(i)] = e.record;
    journal.head = {static_cast<uint64_t>(i), e.hash};
  }
  return journal;
}

// Returns the first bad sequence, or 0 when the whole chain and head verify.
uint64_t Verify(const Journal& journal) {
  ChainVerifier verifier;
  for (const auto& [key, record] : journal.records) {
    if (!verifier.Add(key, record).ok()) return verifier.bad_sequence();
  }
  if (!verifier.CheckHead(journal.head).ok()) return verifier.bad_sequence();
  return 0;
}

TEST(ChainVerifier, IntactChainVerifies) {
  EXPECT_EQ(Verify(MakeJournal(0)), 0u);
  EXPECT_EQ(Verify(MakeJournal(10)), 0u);
}

TEST(ChainVerifier, DetectsAFlippedByteAnywhere) {
  const Journal intact = MakeJournal(5);
  const std::string& record = intact.records.at(JournalKey(3));
  for (size_t i = 0; i < record.size(); ++i) {
    Journal tampered = intact;
    tampered.records[JournalKey(3)][i] ^= 0x01;
    // A flip in entry 3's own hash is only visible as entry 4's broken link.
    const uint64_t bad = Verify(tampered);
    EXPECT_TRUE(bad == 3 || bad == 4) << "byte " << i << " reported at " << bad;
  }
}

TEST(ChainVerifier, DetectsARemovedEntry) {
  Journal tampered = MakeJournal(5);
  tampered.records.erase(JournalKey(3));
  EXPECT_EQ(Verify(tampered), 3u);
}

TEST(ChainVerifier, DetectsARemovedTailThroughTheHead) {
  Journal tampered = MakeJournal(5);
  tampered.records.erase(JournalKey(5));
  EXPECT_EQ(Verify(tampered), 5u);
}

TEST(ChainVerifier, DetectsARemovedAndRenumberedEntry) {
  // Drop entry 3 and move 4 and 5 down, rewriting their sequence and keys but not their
  // hashes (which the remover cannot recompute without breaking the rest).
  Journal original = MakeJournal(5);
  Journal tampered = original;
  tampered.records.erase(JournalKey(5));
  tampered.records[JournalKey(3)] = original.records[JournalKey(4)];
  tampered.records[JournalKey(4)] = original.records[JournalKey(5)];
  EXPECT_EQ(Verify(tampered), 3u);
}

TEST(ChainVerifier, DetectsAReorderedPair) {
  Journal tampered = MakeJournal(5);
  std::swap(tampered.records[JournalKey(2)], tampered.records[JournalKey(3)]);
  EXPECT_EQ(Verify(tampered), 2u);
}

TEST(ChainVerifier, DetectsARewrittenEntryWithRecomputedHash) {
  // Someone re-encodes entry 2 with new contents and a correct hash of its own: entry 3's
  // previous-hash no longer matches.
  Journal tampered = MakeJournal(4);
  Sha256 hasher;
  absl::StatusOr<DecodedEntry> one = DecodeEntry(tampered.records[JournalKey(1)]);
  ASSERT_TRUE(one.ok());
  tampered.records[JournalKey(2)] =
      EncodeEntry(2, 2000, one->hash, "a different body", hasher).record;
  EXPECT_EQ(Verify(tampered), 3u);
}

TEST(ChainVerifier, VerifiesARangeFromATrustedEntry) {
  Journal journal = MakeJournal(6);
  absl::StatusOr<DecodedEntry> three = DecodeEntry(journal.records[JournalKey(3)]);
  ASSERT_TRUE(three.ok());
  ChainVerifier verifier(3, three->hash);
  for (uint64_t s = 4; s <= 6; ++s) {
    ASSERT_TRUE(verifier.Add(JournalKey(s), journal.records[JournalKey(s)]).ok());
  }
  EXPECT_TRUE(verifier.CheckHead(journal.head).ok());
}

}  // namespace
}  // namespace ledger
