#include "ledger/journal/chain_verifier.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace ledger {

ChainVerifier::ChainVerifier() : ChainVerifier(0, GenesisHash()) {}

ChainVerifier::ChainVerifier(uint64_t last_sequence, std::string last_hash)
    : last_sequence_(last_sequence), last_hash_(std::move(last_hash)) {}

absl::Status ChainVerifier::Fail(uint64_t sequence, std::string problem) {
  bad_sequence_ = sequence;
  return absl::DataLossError(absl::StrCat("entry ", sequence, ": ", problem));
}

absl::Status ChainVerifier::Add(absl::string_view key, absl::string_view record) {
  const uint64_t expected = last_sequence_ + 1;
  uint64_t key_sequence = 0;
  if (!ParseJournalKey(key, &key_sequence)) {
    return Fail(expected, "journal key is not an 8-byte sequence number");
  }
  if (key_sequence != expected) {
    return Fail(expected, absl::StrCat("missing; the next stored entry is ", key_sequence));
  }
  absl::StatusOr<DecodedEntry> entry = DecodeEntry(record);
  if (!entry.ok()) return Fail(expected, std::string(entry.status().message()));
  if (entry->sequence != key_sequence) {
    return Fail(expected,
                absl::StrCat("stored under ", key_sequence, " but says it is ", entry->sequence));
  }
  if (entry->prev_hash != last_hash_) {
    return Fail(expected, "previous-hash does not match the hash of the entry before it");
  }
  if (hasher_.Digest(CanonicalBytes(record)) != entry->hash) {
    return Fail(expected, "hash does not match its contents (altered)");
  }
  last_sequence_ = expected;
  last_hash_ = std::move(entry->hash);
  return absl::OkStatus();
}

absl::Status ChainVerifier::CheckHead(const JournalHead& head) {
  if (head.sequence != last_sequence_) {
    return Fail(last_sequence_ + 1,
                absl::StrCat("the head record says the journal ends at ", head.sequence,
                             " but the entries end at ", last_sequence_));
  }
  if (head.hash != last_hash_) {
    return Fail(last_sequence_, "the head record's hash differs from the last entry's hash");
  }
  return absl::OkStatus();
}

}  // namespace ledger
