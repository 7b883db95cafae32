// Turns one queued command into the loan state it produces and the event the journal
// records, by dispatching to the pure rules (ledger/loan/loan_rules.h). The writer thread
// calls it; it reads loans through LoanLookup, which sees the writes earlier in the same
// batch.
//
//   absl::StatusOr<AppliedCommand> applied = ApplyCommand(command, lookup, today);
#ifndef LEDGER_ENGINE_APPLY_COMMAND_H_
#define LEDGER_ENGINE_APPLY_COMMAND_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/loan/loan_rules.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {

class LoanLookup {
 public:
  virtual ~LoanLookup() = default;
  // NOT_FOUND (LOAN_NOT_FOUND) if there is no such loan.
  virtual absl::StatusOr<v1::Loan> Find(absl::string_view bank_id, absl::string_view loan_id) = 0;
};

struct AppliedCommand {
  Transition transition;
  bool loan_is_new = false;
  v1::Loan before;  // valid when !loan_is_new
};

absl::StatusOr<AppliedCommand> ApplyCommand(const internal::LedgerCommand& command,
                                            LoanLookup& loans, absl::CivilDay today);

// The request_id carried inside the command ("" for an empty command).
absl::string_view RequestIdOf(const internal::LedgerCommand& command);

// SHA-256 of the command with its request_id cleared, deterministically serialized: two calls
// with the same request id are "the same request" exactly when their fingerprints match.
std::string Fingerprint(const internal::LedgerCommand& command);

}  // namespace ledger

#endif  // LEDGER_ENGINE_APPLY_COMMAND_H_
