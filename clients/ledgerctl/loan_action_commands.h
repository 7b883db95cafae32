// The subcommands a bank uses later in a loan's life: mark-overdue, cure-arrear, extend and
// write-off (LoanService.MarkInstalmentOverdue, CureArrear, ExtendLoan, WriteOffLoan). Like
// the other mutations they are idempotent by request_id.
//
//   std::vector<CommandSpec> commands = LoanActionCommands();
#ifndef CLIENTS_LEDGERCTL_LOAN_ACTION_COMMANDS_H_
#define CLIENTS_LEDGERCTL_LOAN_ACTION_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> LoanActionCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_ACTION_COMMANDS_H_
