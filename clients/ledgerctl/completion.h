// Shell completion for ledgerctl, generated from the command table, so it completes exactly
// the commands and flags the parser knows:
//
//   source <(ledgerctl completion bash)     # e.g. in ~/.bashrc
//   source <(ledgerctl completion zsh)      # e.g. in ~/.zshrc, after compinit
//
// It completes command names, each command's flags and the global ones ("--amount=" for a
// flag with a value, "--all" for a switch), the words a flag's value may be where they are
// known (--output=table|json|csv, list --status=..., FILE flags as file names), and the shell
// after `ledgerctl completion`.
//
//   std::cout << BashCompletion(AllCommands(), GlobalFlagSpecs());
#ifndef CLIENTS_LEDGERCTL_COMPLETION_H_
#define CLIENTS_LEDGERCTL_COMPLETION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"
#include "clients/ledgerctl/command.h"

namespace ledgerctl {

// `ledgerctl completion SHELL` is handled before the command table (it takes a word, not
// flags).
inline constexpr char kCompletionCommand[] = "completion";

// The words a flag's value may be: spec.values, else the value_name's if it lists them
// ("360|365", "contract|day"); "@files" for a FILE, PEM or FILE.csv value; else none.
std::vector<std::string> FlagValueWords(const FlagSpec& spec);

// A bash script defining _ledgerctl and registering it with `complete` for ledgerctl. Works
// with plain bash (bash-completion is not needed).
std::string BashCompletion(const std::vector<CommandSpec>& commands,
                           const std::vector<FlagSpec>& global_flags);

// A zsh script (#compdef ledgerctl) using _arguments, with each command's summary and each
// flag's help.
std::string ZshCompletion(const std::vector<CommandSpec>& commands,
                          const std::vector<FlagSpec>& global_flags);

// The script for `shell` ("bash" or "zsh"); INVALID_ARGUMENT naming both otherwise.
absl::StatusOr<std::string> CompletionScript(absl::string_view shell,
                                             const std::vector<CommandSpec>& commands,
                                             const std::vector<FlagSpec>& global_flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COMPLETION_H_
