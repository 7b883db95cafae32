// Encoding of journal records and the journal head, and the hash that chains records.
//
// The journal is the source of truth: every record is written once, under its sequence
// number, and never changed (ledger/store enforces append-only). The grammar of the bytes is
// at the top of entry_codec.cc and in docs/STORAGE.md.
//
//   Sha256 hasher;
//   EncodedEntry e = EncodeEntry(seq, commit_time_us, prev_hash, body_bytes, hasher);
//   batch.AppendEntry(seq, e.record);          // e.hash chains the next entry
//   ...
//   absl::StatusOr<DecodedEntry> d = DecodeEntry(stored_record);
//   absl::StatusOr<JournalEntry> api = ToJournalEntry(*d);
#ifndef LEDGER_JOURNAL_ENTRY_CODEC_H_
#define LEDGER_JOURNAL_ENTRY_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/base/sha256.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

inline constexpr uint8_t kEntryFormatVersion = 1;
// Where the head record lives, in the "projections" family.
inline constexpr char kJournalHeadKey[] = "meta/journal_head";
// A journal record's body is bounded so that one record can never exhaust memory.
inline constexpr size_t kMaxEntryBodyBytes = 1 << 20;

// The hash that precedes entry 1.
const std::string& GenesisHash();

struct EncodedEntry {
  std::string record;  // canonical bytes followed by the hash
  std::string hash;    // SHA-256 of the canonical bytes
};

struct DecodedEntry {
  uint64_t sequence = 0;
  int64_t commit_time_us = 0;
  std::string prev_hash;
  std::string body;  // serialized internal::EntryBody, exactly as hashed
  std::string hash;  // as stored (not recomputed)
};

struct JournalHead {
  uint64_t sequence = 0;  // 0: empty journal
  std::string hash;       // GenesisHash() when empty
};

// Serializes the body deterministically (the bytes are hashed, so they must not depend on
// map order or unknown fields).
std::string SerializeEntryBody(const internal::EntryBody& body);

// REQUIRES: sequence >= 1, prev_hash is 32 bytes, body.size() <= kMaxEntryBodyBytes.
EncodedEntry EncodeEntry(uint64_t sequence, int64_t commit_time_us, absl::string_view prev_hash,
                         absl::string_view body, Sha256& hasher);

// Checks the structure only; hash verification is ChainVerifier's job.
absl::StatusOr<DecodedEntry> DecodeEntry(absl::string_view record);

// The bytes covered by the hash: the record without its trailing hash.
// REQUIRES: record was accepted by DecodeEntry.
absl::string_view CanonicalBytes(absl::string_view record);

// The API view of a stored entry (parses the body).
absl::StatusOr<microloan::ledger::v1::JournalEntry> ToJournalEntry(const DecodedEntry& entry);

// Journal keys: big-endian so that RocksDB's byte order is sequence order.
std::string JournalKey(uint64_t sequence);
bool ParseJournalKey(absl::string_view key, uint64_t* sequence);

std::string EncodeHead(const JournalHead& head);
absl::StatusOr<JournalHead> DecodeHead(absl::string_view bytes);

}  // namespace ledger

#endif  // LEDGER_JOURNAL_ENTRY_CODEC_H_
