// The subcommands that read loans: get, list and history (LoanService's read
// calls). list and history page through results (--all follows
// next_page_token, see paging.h).
//
//   std::vector<CommandSpec> commands = LoanReadCommands();
#ifndef CLIENTS_LEDGERCTL_LOAN_READ_COMMANDS_H_
#define CLIENTS_LEDGERCTL_LOAN_READ_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> LoanReadCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_READ_COMMANDS_H_
