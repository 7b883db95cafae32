// Storage format of the journal (column family "journal") and of the head record.
//
//   journal_key   := sequence:be64                  8 bytes, big-endian: byte order = seq order
//   journal_value := canonical hash
//   canonical     := version:u8                     0x01
//                    sequence:le64                  equals the key's sequence
//                    commit_time_us:le64            signed µs since 1970-01-01T00:00:00Z
//                    prev_hash:32                   hash of entry sequence-1; 32 x 0x00 for 1
//                    body_length:le32               at most kMaxEntryBodyBytes
//                    body:body_length               internal.EntryBody, deterministic protobuf
//   hash          := SHA-256(canonical)             32 bytes
//
//   head_value    := version:u8 sequence:le64 hash:32    (key "meta/journal_head" in the
//                                                        "projections" family)
//
// The hash covers the stored bytes, never a re-encoding: a verifier hashes what it reads.
// Since the previous hash is inside the canonical bytes, each hash commits to the whole
// history before it.
#include "ledger/journal/entry_codec.h"

#include <cassert>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/base/deterministic.h"

namespace ledger {
namespace {

constexpr size_t kHeaderBytes = 1 + 8 + 8 + kSha256Bytes + 4;

void PutLe(std::string* out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t GetLe(const char* p, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return value;
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string* const kGenesis = new std::string(kSha256Bytes, '\0');
  return *kGenesis;
}

std::string SerializeEntryBody(const internal::EntryBody& body) { return DeterministicBytes(body); }

EncodedEntry EncodeEntry(uint64_t sequence, int64_t commit_time_us, absl::string_view prev_hash,
                         absl::string_view body, Sha256& hasher) {
  assert(sequence >= 1);
  assert(prev_hash.size() == kSha256Bytes);
  assert(body.size() <= kMaxEntryBodyBytes);
  EncodedEntry out;
  out.record.reserve(kHeaderBytes + body.size() + kSha256Bytes);
  out.record.push_back(static_cast<char>(kEntryFormatVersion));
  PutLe(&out.record, sequence, 8);
  PutLe(&out.record, static_cast<uint64_t>(commit_time_us), 8);
  out.record.append(prev_hash.data(), prev_hash.size());
  PutLe(&out.record, body.size(), 4);
  out.record.append(body.data(), body.size());
  out.hash = hasher.Digest(out.record);
  out.record.append(out.hash);
  return out;
}

absl::StatusOr<DecodedEntry> DecodeEntry(absl::string_view record) {
  if (record.size() < kHeaderBytes + kSha256Bytes) {
    return absl::DataLossError(absl::StrCat("record too short: ", record.size(), " bytes"));
  }
  const char* p = record.data();
  if (static_cast<uint8_t>(p[0]) != kEntryFormatVersion) {
    return absl::DataLossError(
        absl::StrCat("unknown record format ", static_cast<int>(static_cast<uint8_t>(p[0]))));
  }
  DecodedEntry entry;
  entry.sequence = GetLe(p + 1, 8);
  entry.commit_time_us = static_cast<int64_t>(GetLe(p + 9, 8));
  entry.prev_hash.assign(p + 17, kSha256Bytes);
  const uint64_t body_length = GetLe(p + 17 + kSha256Bytes, 4);
  if (body_length > kMaxEntryBodyBytes ||
      record.size() != kHeaderBytes + body_length + kSha256Bytes) {
    return absl::DataLossError(
        absl::StrCat("record length ", record.size(), " does not match body length ", body_length));
  }
  entry.body.assign(p + kHeaderBytes, body_length);
  entry.hash.assign(p + kHeaderBytes + body_length, kSha256Bytes);
  return entry;
}

absl::string_view CanonicalBytes(absl::string_view record) {
  assert(record.size() >= kHeaderBytes + kSha256Bytes);
  return record.substr(0, record.size() - kSha256Bytes);
}

absl::StatusOr<microloan::ledger::v1::JournalEntry> ToJournalEntry(const DecodedEntry& entry) {
  internal::EntryBody body;
  if (!body.ParseFromString(entry.body)) {
    return absl::DataLossError(absl::StrCat("entry ", entry.sequence, ": body does not parse"));
  }
  // Timestamp covers years 1..9999 only, and TimeUtil aborts the process outside it: a
  // damaged record must be refused, not crash the reader (found by fuzz/entry_decoder_fuzz).
  using google::protobuf::util::TimeUtil;
  constexpr int64_t kMinMicros = TimeUtil::kTimestampMinSeconds * 1'000'000;
  constexpr int64_t kMaxMicros = (TimeUtil::kTimestampMaxSeconds + 1) * 1'000'000 - 1;
  if (entry.commit_time_us < kMinMicros || entry.commit_time_us > kMaxMicros) {
    return absl::DataLossError(absl::StrCat("entry ", entry.sequence, ": commit time ",
                                            entry.commit_time_us, " us is out of range"));
  }
  microloan::ledger::v1::JournalEntry out;
  out.set_sequence(entry.sequence);
  *out.mutable_commit_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(entry.commit_time_us);
  out.set_principal(body.principal());
  out.set_request_id(body.request_id());
  *out.mutable_event() = std::move(*body.mutable_event());
  out.set_prev_hash(entry.prev_hash);
  out.set_hash(entry.hash);
  return out;
}

std::string JournalKey(uint64_t sequence) {
  std::string key(8, '\0');
  for (int i = 0; i < 8; ++i) key[i] = static_cast<char>((sequence >> (56 - 8 * i)) & 0xff);
  return key;
}

bool ParseJournalKey(absl::string_view key, uint64_t* sequence) {
  if (key.size() != 8) return false;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(key[i]);
  *sequence = value;
  return true;
}

std::string EncodeHead(const JournalHead& head) {
  assert(head.hash.size() == kSha256Bytes);
  std::string out;
  out.push_back(static_cast<char>(kEntryFormatVersion));
  PutLe(&out, head.sequence, 8);
  out.append(head.hash);
  return out;
}

absl::StatusOr<JournalHead> DecodeHead(absl::string_view bytes) {
  if (bytes.size() != 1 + 8 + kSha256Bytes ||
      static_cast<uint8_t>(bytes[0]) != kEntryFormatVersion) {
    return absl::DataLossError("journal head record is malformed");
  }
  JournalHead head;
  head.sequence = GetLe(bytes.data() + 1, 8);
  head.hash.assign(bytes.data() + 9, kSha256Bytes);
  return head;
}

}  // namespace ledger
