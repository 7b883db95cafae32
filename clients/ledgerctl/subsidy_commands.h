// The `subsidy` subcommand: what a loan's contract interest, subsidy and the borrower's share
// are for a period, or for each quarterly settlement period so far (SubsidyService.
// ComputeSubsidy, a what-if that writes nothing).
//
//   std::vector<CommandSpec> commands = SubsidyCommands();
#ifndef CLIENTS_LEDGERCTL_SUBSIDY_COMMANDS_H_
#define CLIENTS_LEDGERCTL_SUBSIDY_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> SubsidyCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_SUBSIDY_COMMANDS_H_
