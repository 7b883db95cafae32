// The subcommands that enter a loan and move its money: create, disburse and
// repay (loan_action_commands.h has the rest of LoanService's mutating calls).
// Each is idempotent by request_id (unary_call.h): ledgerctl
// generates and announces one when none is given, and after an uncertain
// failure tells the user how to retry safely.
//
//   std::vector<CommandSpec> commands = LoanWriteCommands();
#ifndef CLIENTS_LEDGERCTL_LOAN_WRITE_COMMANDS_H_
#define CLIENTS_LEDGERCTL_LOAN_WRITE_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> LoanWriteCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_WRITE_COMMANDS_H_
