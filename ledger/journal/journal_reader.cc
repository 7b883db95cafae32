#include "ledger/journal/journal_reader.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/journal/chain_verifier.h"

namespace ledger {

absl::StatusOr<v1::JournalEntry> ReadEntry(const Store& store, uint64_t sequence) {
  absl::StatusOr<std::string> record = store.Get(Family::kJournal, JournalKey(sequence));
  if (absl::IsNotFound(record.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kEntryNotFound, "sequence",
                  absl::StrCat("no journal entry ", sequence));
  }
  if (!record.ok()) return record.status();
  absl::StatusOr<DecodedEntry> decoded = DecodeEntry(*record);
  if (!decoded.ok()) return decoded.status();
  return ToJournalEntry(*decoded);
}

absl::Status ReadEntries(const Store& store, uint64_t from, int limit,
                         std::vector<v1::JournalEntry>* out) {
  absl::Status problem;
  int count = 0;
  absl::Status scan = store.Scan(
      Family::kJournal, JournalKey(from), "", [&](absl::string_view, absl::string_view record) {
        if (count >= limit) return false;
        absl::StatusOr<DecodedEntry> decoded = DecodeEntry(record);
        absl::StatusOr<v1::JournalEntry> entry =
            decoded.ok() ? ToJournalEntry(*decoded)
                         : absl::StatusOr<v1::JournalEntry>(decoded.status());
        if (!entry.ok()) {
          problem = entry.status();
          return false;
        }
        out->push_back(std::move(*entry));
        ++count;
        return true;
      });
  return scan.ok() ? problem : scan;
}

absl::StatusOr<JournalHead> ReadHead(const Store& store, const ReadSnapshot* at) {
  absl::StatusOr<std::string> bytes = store.Get(Family::kProjections, kJournalHeadKey, at);
  if (absl::IsNotFound(bytes.status())) return JournalHead{0, GenesisHash()};
  if (!bytes.ok()) return bytes.status();
  return DecodeHead(*bytes);
}

absl::StatusOr<v1::VerifyChainResponse> VerifyChainRange(const Store& store, uint64_t start,
                                                         uint64_t max_entries) {
  if (start == 0) start = 1;
  if (max_entries == 0) max_entries = kDefaultVerifyEntries;
  max_entries = std::min(max_entries, kMaxVerifyEntries);
  v1::VerifyChainResponse report;
  report.set_verified_from(start);
  auto fail = [&report](uint64_t sequence, absl::string_view problem) {
    report.set_ok(false);
    report.set_first_bad_sequence(sequence);
    report.set_problem(std::string(problem));
    return report;
  };

  const std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  absl::StatusOr<JournalHead> head = ReadHead(store, snapshot.get());
  if (!head.ok()) return fail(0, head.status().message());
  if (start > head->sequence + 1) {
    return Refuse(absl::StatusCode::kOutOfRange, reason::kOutOfRange, "start_sequence",
                  absl::StrCat("start_sequence ", start, " is past the head ", head->sequence));
  }
  report.set_head_sequence(head->sequence);
  report.set_head_hash(head->hash);

  std::string previous_hash = GenesisHash();
  if (start > 1) {
    absl::StatusOr<std::string> record =
        store.Get(Family::kJournal, JournalKey(start - 1), snapshot.get());
    if (!record.ok()) return fail(start - 1, "the entry before the range is missing");
    absl::StatusOr<DecodedEntry> decoded = DecodeEntry(*record);
    if (!decoded.ok()) return fail(start - 1, decoded.status().message());
    previous_hash = decoded->hash;
  }
  ChainVerifier verifier(start - 1, previous_hash);
  absl::Status problem;
  uint64_t checked = 0;
  bool more = false;
  absl::Status scan = store.Scan(
      Family::kJournal, JournalKey(start), "",
      [&](absl::string_view key, absl::string_view record) {
        if (checked >= max_entries) {
          more = true;
          return false;
        }
        ++checked;
        problem = verifier.Add(key, record);
        return problem.ok();
      },
      snapshot.get());
  if (!scan.ok()) return fail(verifier.last_sequence() + 1, scan.message());
  if (!problem.ok()) return fail(verifier.bad_sequence(), problem.message());
  report.set_verified_through(verifier.last_sequence());
  report.set_next_sequence(verifier.last_sequence() + 1);
  if (!more) {
    // The range reached the last stored entry: it must be the head.
    if (absl::Status s = verifier.CheckHead(*head); !s.ok()) {
      return fail(verifier.bad_sequence(), s.message());
    }
    report.set_complete(true);
  }
  report.set_ok(true);
  return report;
}

}  // namespace ledger
