// Rebuilding the loan projections from the journal alone: what the "projections" family must
// hold after the entries replayed so far. tools/audit compares it with what is stored.
//
// The replay applies each entry's event as recorded, computing exactly the loan fields the
// commit path writes (ledger/engine/ledger_engine.cc ApplyOne, ledger/engine/apply_command.cc,
// ledger/loan/loan_rules.cc). It
// does not re-run today's rules on old entries (rules only ever get stricter, and history is
// not re-judged); it does refuse an event the commit path could never have written: a loan
// created twice or used before it exists, amounts that break the loan's invariants, or a
// recorded outcome (outstanding principal after, loan closed) that differs from its own.
//
//   LoanReplay replay;
//   for (each stored entry, in sequence order) {
//     absl::Status s = replay.Apply(entry.sequence, entry.hash, body.event());
//     if (!s.ok()) { report s (names the entry); stop }
//   }
//   replay.ForEachRow([](const ProjectionRow& row, const v1::Loan* loan) { ... });
//
// Memory: every loan and the sequence numbers of its entries are held in memory (about
// 1 KiB per loan plus 8 bytes per entry). Fine for the programme's scale today; a journal
// of many millions of loans would need a replay that spills to disk.
#ifndef LEDGER_LOAN_LOAN_REPLAY_H_
#define LEDGER_LOAN_LOAN_REPLAY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

class LoanReplay {
 public:
  // Applies journal entry `sequence` (whose stored hash is `hash`). DATA_LOSS, naming the
  // entry and the loan, if the event cannot have come from the commit path; the replay is
  // then unchanged. FAILED_PRECONDITION if `sequence` is not head().sequence + 1.
  absl::Status Apply(uint64_t sequence, absl::string_view hash, const v1::Event& event);

  // The last entry applied (sequence 0 and the genesis hash before any).
  const JournalHead& head() const { return head_; }

  // Visits every row the projections family must hold: each loan's rows (LoanRows, loans in
  // name order) with the loan, then the journal head record with loan == nullptr (none for
  // an empty journal: the commit path writes the head with the first entry).
  void ForEachRow(
      const std::function<void(const ProjectionRow& row, const v1::Loan* loan)>& visit) const;

  // nullptr if no replayed entry created the loan `name` (banks/{bank_id}/loans/{loan_id}).
  const v1::Loan* FindLoan(absl::string_view name) const;
  // The loan the last applied entry created or changed, as that entry left it: what the
  // commit path stored as the entry's request result (the audit compares the two). Valid
  // until the next Apply; nullptr before any entry.
  const v1::Loan* LastTouchedLoan() const { return FindLoan(last_touched_); }
  size_t loan_count() const { return loans_.size(); }

 private:
  struct ReplayedLoan {
    v1::Loan loan;
    std::vector<uint64_t> history;  // sequences of the entries that touched it, ascending
  };

  absl::Status Create(uint64_t sequence, const v1::LoanCreated& event);
  absl::Status Disburse(uint64_t sequence, const v1::LoanDisbursed& event, v1::Loan* loan);
  absl::Status Repay(uint64_t sequence, const v1::RepaymentRecorded& event, v1::Loan* loan);
  absl::StatusOr<ReplayedLoan*> Existing(uint64_t sequence, const std::string& name);

  std::map<std::string, ReplayedLoan, std::less<>> loans_;  // by loan name
  JournalHead head_{0, GenesisHash()};
  std::string last_touched_;  // a name rather than a pointer, so that copies stay correct
};

// Replays the whole journal of `store` (stored hashes are taken as they are; checking them is
// ChainVerifier's job). For tests and for rebuilding projections.
absl::StatusOr<LoanReplay> ReplayJournal(const Store& store);

}  // namespace ledger

#endif  // LEDGER_LOAN_LOAN_REPLAY_H_
