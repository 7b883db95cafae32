// The subcommands that read the journal: entry, entries, head, watch and checkpoint
// (JournalService.GetEntry, ListEntries, GetHead, StreamEntries, GetCheckpoint; a checkpoint
// is verified with ledger/journal/checkpoint.h when --public_key is given), and the admin's
// backup (JournalService.CreateBackup). `verify` has its own file.
//
//   std::vector<CommandSpec> commands = JournalCommands();
#ifndef CLIENTS_LEDGERCTL_JOURNAL_COMMANDS_H_
#define CLIENTS_LEDGERCTL_JOURNAL_COMMANDS_H_

#include <vector>

#include "clients/ledgerctl/command.h"

namespace ledgerctl {

std::vector<CommandSpec> JournalCommands();

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_JOURNAL_COMMANDS_H_
