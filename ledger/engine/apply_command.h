// The commit path's decide step: turns one queued command into the journal event that records
// it (with its double-entry postings), by loading what the command concerns and calling the
// pure rules (ledger/loan/loan_rules.h, ledger/guarantee/guarantee_rules.h). The writer thread
// then applies the event with ApplyEntry (ledger/model/entry_apply.h).
//
// Two things are decided here rather than in the rules, because they span rules:
//   - the memorandum postings of fund exposure (Dr fund exposure / Cr fund commitments, or the
//     reverse), for any event that changes a loan's live fund exposure: issuing a guarantee,
//     the repayment that closes a loan (releasing it), compensation, a reversal that reopens;
//   - reversals (EntryReversed): which entries may be reversed and when later entries depend
//     on them.
//
//   DecideContext context{&state, entry_lookup, today, head.sequence + 1};
//   absl::StatusOr<v1::Event> event = DecideCommand(command, context);
#ifndef LEDGER_ENGINE_APPLY_COMMAND_H_
#define LEDGER_ENGINE_APPLY_COMMAND_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

inline constexpr int kMaxReversalReasonChars = 200;

struct DecideContext {
  // Loans, funds and reversal marks as of this point of the batch being built.
  ProjectionState* state = nullptr;
  // The event of a committed entry, or of one earlier in this batch. NOT_FOUND past the head.
  std::function<absl::StatusOr<v1::Event>(uint64_t sequence)> entry_event;
  absl::CivilDay today;
  uint64_t next_sequence = 0;  // the sequence the event will get
};

absl::StatusOr<v1::Event> DecideCommand(const internal::LedgerCommand& command,
                                        const DecideContext& context);

// The request_id carried inside the command ("" for an empty command).
std::string RequestIdOf(const internal::LedgerCommand& command);

// SHA-256 of the command with its request_id and claim_basis (computed by the server, not
// sent) cleared, deterministically serialized: two calls with the same request id are "the
// same request" exactly when their fingerprints match.
std::string Fingerprint(const internal::LedgerCommand& command);

}  // namespace ledger

#endif  // LEDGER_ENGINE_APPLY_COMMAND_H_
