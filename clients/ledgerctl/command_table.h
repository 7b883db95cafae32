// The list of ledgerctl's subcommands and the help texts built from it, so
// that the help can never name a flag the parser does not know (both read the
// same CommandSpec).
//
//   const CommandSpec* spec = FindCommandSpec("disburse");  // null if unknown
//   std::cout << TopLevelHelp();
//   std::cout << CommandHelp(*spec);
#ifndef CLIENTS_LEDGERCTL_COMMAND_TABLE_H_
#define CLIENTS_LEDGERCTL_COMMAND_TABLE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/ledgerctl/command.h"

namespace ledgerctl {

// In the order the help lists them: loan writes, later loan actions, loan reads,
// funds, guarantees, accounts, journal.
const std::vector<CommandSpec>& AllCommands();

const CommandSpec* FindCommandSpec(absl::string_view name);

// `ledgerctl --help`: synopsis, commands, global flags, exit codes.
std::string TopLevelHelp();

// The commands that print --output=csv, comma-separated, indented by two and wrapped at 78
// columns.
std::string CsvCommandList();

// `ledgerctl COMMAND --help`: synopsis, summary, flags, global flags, example.
std::string CommandHelp(const CommandSpec& spec);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COMMAND_TABLE_H_
