// Human output for subsidy policy versions and LPR fixings: a key/value block for one (with
// where the call landed in the journal) and an aligned table for a list.
//
//   std::cout << FormatPolicyVersionWithCommit(response.version(), response.commit());
//   std::cout << FormatPolicyVersionTable(versions);
//   std::cout << FormatLprFixingTable(fixings);
#ifndef CLIENTS_LEDGERCTL_POLICY_VIEW_H_
#define CLIENTS_LEDGERCTL_POLICY_VIEW_H_

#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/policy.pb.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// effective_from, mode, the mode's figure (borrower spread or share), the caps ("none" when
// unset), day count, version selection, source and sequence.
std::string FormatPolicyVersionWithCommit(
    const microloan::ledger::v1::SubsidyPolicyVersion& version,
    const microloan::ledger::v1::CommitInfo& commit);

// A version per row: EFFECTIVE_FROM MODE SPREAD SHARE RATE_CAP PRINCIPAL_CAP MAX_MONTHS
// DAY_COUNT SELECTION SEQUENCE SOURCE (bps figures without " bps" in CSV).
const Columns<microloan::ledger::v1::SubsidyPolicyVersion>& PolicyVersionColumns();

// A fixing per row: EFFECTIVE_FROM LPR SEQUENCE (LPR in bps in CSV).
const Columns<microloan::ledger::v1::LprFixing>& LprFixingColumns();

// PolicyVersionColumns as a table.
std::string FormatPolicyVersionTable(
    const std::vector<microloan::ledger::v1::SubsidyPolicyVersion>& versions);

// effective_from, the LPR and sequence.
std::string FormatLprFixingWithCommit(const microloan::ledger::v1::LprFixing& fixing,
                                      const microloan::ledger::v1::CommitInfo& commit);

// LprFixingColumns as a table.
std::string FormatLprFixingTable(const std::vector<microloan::ledger::v1::LprFixing>& fixings);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_POLICY_VIEW_H_
