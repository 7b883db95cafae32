// Reading the journal back out of the store: single entries, pages, and a bounded
// verification of the hash chain. Shared by the JournalService RPCs and the offline tools.
//
//   absl::StatusOr<v1::JournalEntry> entry = ReadEntry(store, 42);
//   std::vector<v1::JournalEntry> page;
//   absl::Status s = ReadEntries(store, /*from=*/1, /*limit=*/100, &page);
//   absl::StatusOr<v1::VerifyChainResponse> report = VerifyChainRange(store, 1, 0);
#ifndef LEDGER_JOURNAL_JOURNAL_READER_H_
#define LEDGER_JOURNAL_JOURNAL_READER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/base/namespaces.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// One verification call hashes at most this many entries, so that it holds a server thread
// for well under a second; callers continue from next_sequence.
inline constexpr uint64_t kDefaultVerifyEntries = 10'000;
inline constexpr uint64_t kMaxVerifyEntries = 100'000;

// NOT_FOUND (reason ENTRY_NOT_FOUND, field "sequence") if there is no such entry.
absl::StatusOr<v1::JournalEntry> ReadEntry(const Store& store, uint64_t sequence);

// Appends up to `limit` entries from `from` on, in order.
absl::Status ReadEntries(const Store& store, uint64_t from, int limit,
                         std::vector<v1::JournalEntry>* out);

// The stored head record (sequence 0 and the genesis hash for an empty journal).
absl::StatusOr<JournalHead> ReadHead(const Store& store, const ReadSnapshot* at = nullptr);

// Verifies entries [start, start + max_entries) (0 means 1 and kDefaultVerifyEntries; the
// count is capped at kMaxVerifyEntries), chaining from the stored hash of entry start - 1.
// When the range reaches the end of the journal the head record is checked too. Reads one
// snapshot, so entries committed meanwhile are neither seen nor mistaken for damage.
// OUT_OF_RANGE (field start_sequence) if start is past the head + 1; a broken chain is not an
// error status but a report with ok = false.
absl::StatusOr<v1::VerifyChainResponse> VerifyChainRange(const Store& store, uint64_t start,
                                                         uint64_t max_entries);

}  // namespace ledger

#endif  // LEDGER_JOURNAL_JOURNAL_READER_H_
