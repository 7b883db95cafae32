// The subsidy listing and the claims workflow (SubsidyService): `loan-subsidies` (every loan's
// subsidy for a period, what a claim is checked against), and `claim-submit`, `claim-approve`,
// `claim-reject`, `claim-pay`, `claim-get`, `claim-list`.
//
//   std::vector<CommandSpec> commands = ClaimCommands();
#ifndef CLIENTS_LEDGERCTL_CLAIM_COMMANDS_H_
#define CLIENTS_LEDGERCTL_CLAIM_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> ClaimCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLAIM_COMMANDS_H_
