// Human output for guarantee funds: a key/value block for one fund (with where a mutating call
// landed in the journal) and an aligned table for a list of funds.
//
//   std::cout << FormatFund(fund);
//   std::cout << FormatFundWithCommit(response.fund(), response.commit());
//   std::cout << FormatFundTable(funds);
#ifndef CLIENTS_LEDGERCTL_FUND_VIEW_H_
#define CLIENTS_LEDGERCTL_FUND_VIEW_H_

#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// Identity, scope and region, leverage, call-after days, capital, cash, exposure and the
// exposure limit (cash × leverage, the bound issue-guarantee is checked against: what the fund
// can still pay, not what was deposited), compensation paid, recoveries, live guarantees.
std::string FormatFund(const microloan::ledger::v1::GuaranteeFund& fund);

std::string FormatFundWithCommit(const microloan::ledger::v1::GuaranteeFund& fund,
                                 const microloan::ledger::v1::CommitInfo& commit);

// A fund per row: NAME SCOPE REGION LEVERAGE CAPITAL CASH EXPOSURE LIVE (list-funds, get-fund).
const Columns<microloan::ledger::v1::GuaranteeFund>& FundColumns();

// FundColumns as a table.
std::string FormatFundTable(const std::vector<microloan::ledger::v1::GuaranteeFund>& funds);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_FUND_VIEW_H_
