// Rebuilding the projections from the journal alone: what the "projections" family must hold
// after the entries replayed so far. tools/audit compares it with what is stored.
//
// Each entry is applied with ApplyEntry (entry_apply.h), the same code the commit path runs,
// into rows held in memory. An entry the commit path could never have written (a loan or fund
// used before it exists or created twice, amounts that break an invariant, postings that do
// not balance, an entry reversed twice) stops the replay with DATA_LOSS naming it.
//
//   LedgerReplay replay;
//   for (each stored entry, in sequence order) {
//     absl::Status s = replay.Apply(entry.sequence, entry.hash, entry.commit_time_us, event);
//     if (!s.ok()) { report s (names the entry); stop }
//   }
//   replay.ForEachRow([](const ProjectionRow& row) { ... });
//
// Memory: every projection row is held in memory (about 1 KiB per loan, 100 bytes per
// posting). Fine for the programme's scale today; a journal of many millions of entries would
// need a replay that spills to disk.
#ifndef LEDGER_MODEL_LEDGER_REPLAY_H_
#define LEDGER_MODEL_LEDGER_REPLAY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

class LedgerReplay {
 public:
  // Applies journal entry `sequence` (stored hash `hash`, committed at `commit_time_us`).
  // DATA_LOSS naming the entry if it cannot have come from the commit path; the replay is then
  // unchanged. FAILED_PRECONDITION if `sequence` is not head().sequence + 1.
  absl::Status Apply(uint64_t sequence, absl::string_view hash, int64_t commit_time_us,
                     const v1::Event& event);

  // The last entry applied (sequence 0 and the genesis hash before any).
  const JournalHead& head() const { return head_; }

  // Every row the projections family must hold, in key order, then the journal head record
  // (none for an empty journal: the commit path writes the head with the first entry).
  void ForEachRow(const std::function<void(const ProjectionRow& row)>& visit) const;

  // The rows whose keys start with `prefix`, in key order (the head record is not among them).
  void ForEachRowWithPrefix(absl::string_view prefix,
                            const std::function<void(const ProjectionRow& row)>& visit) const;

  // The loan `name` (banks/{bank_id}/loans/{loan_id}) as replayed; nullopt if no entry
  // created it.
  std::optional<v1::Loan> FindLoan(absl::string_view name) const;

  // What the last applied entry's request record must hold as its result (apart from
  // sequence and commit time), as ApplyEntry returned it.
  const internal::CommandResult& last_result() const { return last_result_; }

  uint64_t loan_count() const { return loan_count_; }
  uint64_t fund_count() const { return fund_count_; }
  uint64_t row_count() const { return rows_.rows().size(); }

 private:
  MapProjectionState rows_;
  JournalHead head_{0, GenesisHash()};
  internal::CommandResult last_result_;
  uint64_t loan_count_ = 0;
  uint64_t fund_count_ = 0;
};

// Replays the whole journal of `store` (stored hashes are taken as they are; checking them is
// ChainVerifier's job). For tests and for rebuilding projections.
absl::StatusOr<LedgerReplay> ReplayJournal(const Store& store);

}  // namespace ledger

#endif  // LEDGER_MODEL_LEDGER_REPLAY_H_
