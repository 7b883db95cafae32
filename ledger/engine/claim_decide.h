// The decide step of the four subsidy-claim commands (part of apply_command): loads what each
// concerns through the DecideContext's state (the claim, the claimed loans and their claimed
// days, the policy and LPR tails) and calls the pure rules (ledger/subsidy/claim_rules.h).
//
//   if (IsClaimCommand(command)) return DecideClaimCommand(command, context);
#ifndef LEDGER_ENGINE_CLAIM_DECIDE_H_
#define LEDGER_ENGINE_CLAIM_DECIDE_H_

#include "absl/status/statusor.h"
#include "ledger/base/namespaces.h"
#include "ledger/engine/apply_command.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// submit_claim, approve_claim, reject_claim or pay_claim.
bool IsClaimCommand(const internal::LedgerCommand& command);

// REQUIRES: IsClaimCommand(command). A decision names its claim by `name` (INVALID_CLAIM_NAME;
// NOT_FOUND, CLAIM_NOT_FOUND if there is none). A submission and an approval use
// command.claim_basis() (the engine replays a recorded request id before it gets here, so a
// retry queued without a basis never reaches the rules).
absl::StatusOr<v1::Event> DecideClaimCommand(const internal::LedgerCommand& command,
                                             const DecideContext& context);

}  // namespace ledger

#endif  // LEDGER_ENGINE_CLAIM_DECIDE_H_
