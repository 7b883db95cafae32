// The subcommands for guarantees on loans: request-guarantee, issue-guarantee,
// record-guarantee, file-call, pay-compensation and record-recovery
// (GuaranteeService.RequestFundGuarantee, IssueFundGuarantee, RecordGuarantee,
// FileGuaranteeCall, PayCompensation, RecordRecovery). Each answers with the loan.
//
//   std::vector<CommandSpec> commands = GuaranteeCommands();
#ifndef CLIENTS_LEDGERCTL_GUARANTEE_COMMANDS_H_
#define CLIENTS_LEDGERCTL_GUARANTEE_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> GuaranteeCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_GUARANTEE_COMMANDS_H_
