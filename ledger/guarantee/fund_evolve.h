// What a journal event does to a guarantee fund: the one function that changes fund state,
// used by the commit path and the audit's replay alike (ledger/model/entry_apply.cc).
//
//   v1::GuaranteeFund fund;                                  // empty before FundCreated
//   absl::Status s = EvolveFund(sequence, event, &fund);     // DATA_LOSS: unchanged
//   s = ApplyExposureChange(+guaranteed_fen, +1, &fund);     // a guarantee became live
#ifndef LEDGER_GUARANTEE_FUND_EVOLVE_H_
#define LEDGER_GUARANTEE_FUND_EVOLVE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// Applies a fund event (FundCreated on an empty fund, FundCapitalDeposited, CompensationPaid,
// RecoveryRecorded, or EntryReversed of one of those, with the opposite sign) to `fund`, and
// sets last_sequence. DATA_LOSS if it does not fit or leaves an amount negative; `fund` is then
// unchanged. Exposure is not changed here: see ApplyExposureChange.
absl::Status EvolveFund(uint64_t sequence, const v1::Event& event, v1::GuaranteeFund* fund);

// Adds a change in live guaranteed principal (and in the number of live guarantees) to the
// fund. DATA_LOSS if either would go negative.
absl::Status ApplyExposureChange(int64_t delta_fen, int delta_guarantees, v1::GuaranteeFund* fund);

}  // namespace ledger

#endif  // LEDGER_GUARANTEE_FUND_EVOLVE_H_
