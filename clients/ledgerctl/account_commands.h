// The subcommands for double-entry accounts: account, postings, trial-balance and reverse
// (AccountService.GetAccount, ListAccountPostings, GetTrialBalance, ReverseEntry). postings
// and trial-balance page through results (--all follows next_page_token, see paging.h).
//
//   std::vector<CommandSpec> commands = AccountCommands();
#ifndef CLIENTS_LEDGERCTL_ACCOUNT_COMMANDS_H_
#define CLIENTS_LEDGERCTL_ACCOUNT_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> AccountCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_ACCOUNT_COMMANDS_H_
