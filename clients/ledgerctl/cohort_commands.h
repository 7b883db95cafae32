// "One helps ten" (一帮十) cohorts (CohortService): `cohort-create`, `cohort-enrol`,
// `cohort-withdraw`, `cohort-support`, `cohort-close` (outcomes from a CSV file),
// `cohort-rules`, and the reads `cohort-card`, `county-cohorts`, `mentor-history`.
//
//   std::vector<CommandSpec> commands = CohortCommands();
#ifndef CLIENTS_LEDGERCTL_COHORT_COMMANDS_H_
#define CLIENTS_LEDGERCTL_COHORT_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> CohortCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COHORT_COMMANDS_H_
