// Checks the "requests" family (docs/STORAGE.md) against the journal and its replay. The server
// answers a retried request id from these records instead of applying the command again, so
// "nothing is applied twice" rests on them: each journal entry must have the record its commit
// wrote in the same batch, under (principal, request_id), holding the entry's sequence and
// commit time and the loan and fund as the entry left them; and no record may exist that no entry made.
// The record's fingerprint hashes the original request, which the journal does not keep, so
// it cannot be recomputed offline; only its length is checked. Problems name the entry and
// the request, e.g.
//
//   missing: request record of entry 7 (bank:B001, request p1)
//   request record of entry 13 (bank:B001, request p6) differs (stored -> expected from the
//       journal and the replay): modified: result.loan.repaid_interest.amount_fen: 1 -> 109250
//   extra: request record (bank:B009, request x) that no journal entry made; it names entry 3
//
//   RequestsCheck requests(store, snapshot, /*max_problems=*/20);
//   for (each verified entry, in order, after replay.Apply succeeded) {
//     absl::Status s = requests.CheckEntry(entry.sequence, entry.commit_time_us, body,
//                                          replay.last_result());          // one Get
//   }
//   absl::Status s = requests.FindExtra(last_sequence, &std::cerr, 100'000);  // one scan
//   if (!requests.result().ok()) { for (auto& p : requests.result().problems) ... }
//
// Memory: nothing per intact record. The keys of records that an entry found under its key
// but that name another entry (or do not parse) are kept, so that FindExtra does not report
// them a second time: memory grows only with the damage.
#ifndef LEDGER_AUDIT_REQUESTS_CHECK_H_
#define LEDGER_AUDIT_REQUESTS_CHECK_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/request_key.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

struct RequestsComparison {
  uint64_t entries_checked = 0;
  uint64_t records_stored = 0;  // counted by FindExtra
  uint64_t missing = 0;
  uint64_t extra = 0;
  uint64_t differing = 0;
  uint64_t first_bad_sequence = 0;    // the first entry whose record is missing or differs
  std::vector<std::string> problems;  // the first max_problems of them
  bool ok() const { return missing == 0 && extra == 0 && differing == 0; }
};

class RequestsCheck {
 public:
  // Reads at `at` (may be null: the latest state).
  RequestsCheck(const Store& store, const ReadSnapshot* at, size_t max_problems)
      : store_(store), at_(at), max_problems_(max_problems) {}

  // Checks the record of journal entry `sequence` (committed at `commit_time_us`, with `body`),
  // which left the loan and fund in `after` as the replay computed them
  // (LedgerReplay::last_result). An error status only if reading fails.
  absl::Status CheckEntry(uint64_t sequence, int64_t commit_time_us,
                          const internal::EntryBody& body, const internal::CommandResult& after);

  // One scan of the family: records that no entry accounts for are extra. REQUIRES: every
  // entry 1..last_sequence went through CheckEntry. An error status only if reading fails.
  absl::Status FindExtra(uint64_t last_sequence, std::ostream* progress, uint64_t progress_every);

  const RequestsComparison& result() const { return result_; }

 private:
  void Add(uint64_t* counter, uint64_t sequence, std::string problem);

  const Store& store_;
  const ReadSnapshot* const at_;
  const size_t max_problems_;
  RequestsComparison result_;
  absl::flat_hash_set<std::string> misplaced_;  // keys already reported, see above
};

}  // namespace ledger

#endif  // LEDGER_AUDIT_REQUESTS_CHECK_H_
