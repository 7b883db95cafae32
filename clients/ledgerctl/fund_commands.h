// The subcommands for guarantee funds: create-fund, deposit-capital, get-fund and list-funds
// (GuaranteeService.CreateFund, DepositFundCapital, GetFund, ListFunds). Finance staff set a
// fund up; its operator deposits capital.
//
//   std::vector<CommandSpec> commands = FundCommands();
#ifndef CLIENTS_LEDGERCTL_FUND_COMMANDS_H_
#define CLIENTS_LEDGERCTL_FUND_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> FundCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_FUND_COMMANDS_H_
