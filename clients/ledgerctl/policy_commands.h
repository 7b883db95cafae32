// The subcommands for subsidy policy versions and one-year LPR fixings: add-policy-version,
// record-lpr, policy-versions and lpr-fixings (PolicyService.AddSubsidyPolicyVersion,
// RecordLprFixing, ListSubsidyPolicyVersions, ListLprFixings). Finance staff write; every role
// but admin reads.
//
//   std::vector<CommandSpec> commands = PolicyCommands();
#ifndef CLIENTS_LEDGERCTL_POLICY_COMMANDS_H_
#define CLIENTS_LEDGERCTL_POLICY_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> PolicyCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_POLICY_COMMANDS_H_
