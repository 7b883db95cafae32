// Human output for the subsidy listing and subsidy claims: a table of loans' subsidies for a
// period (with totals), a key/value block for one claim followed by its lines, and a table of
// claims.
//
//   std::cout << FormatLoanSubsidyTable(loans);
//   std::cout << FormatClaim(claim);                       // claim-get
//   std::cout << FormatClaimWithCommit(response.claim(), response.commit());
//   std::cout << FormatClaimTable(claims);                 // claim-list
#ifndef CLIENTS_LEDGERCTL_CLAIM_VIEW_H_
#define CLIENTS_LEDGERCTL_CLAIM_VIEW_H_

#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/subsidy.pb.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// A loan's subsidy per row: LOAN COUNTY INTEREST SUBSIDY BORROWER NOTE.
const Columns<microloan::ledger::v1::LoanSubsidy>& LoanSubsidyColumns();

// A claim per row: NAME STATE PERIOD LINES CLAIMED EXPECTED APPROVED PAID (claim-list,
// claim-get).
const Columns<microloan::ledger::v1::SubsidyClaim>& ClaimColumns();

// LoanSubsidyColumns as a table, then a TOTAL row of the three amounts (not in CSV, whose
// rows are all loans).
std::string FormatLoanSubsidyTable(const std::vector<microloan::ledger::v1::LoanSubsidy>& loans);

// name, state, period, line count, the totals, the decision and payment fields that are set,
// and the sequences; then, if the claim has them, its lines (LOAN COUNTY CLAIMED EXPECTED
// INTEREST APPROVED NOTE).
std::string FormatClaim(const microloan::ledger::v1::SubsidyClaim& claim);

// FormatClaim's block with where the call landed in the journal.
std::string FormatClaimWithCommit(const microloan::ledger::v1::SubsidyClaim& claim,
                                  const microloan::ledger::v1::CommitInfo& commit);

// ClaimColumns as a table.
std::string FormatClaimTable(const std::vector<microloan::ledger::v1::SubsidyClaim>& claims);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLAIM_VIEW_H_
