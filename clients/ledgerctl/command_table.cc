#include "clients/ledgerctl/command_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/account_commands.h"
#include "clients/ledgerctl/claim_commands.h"
#include "clients/ledgerctl/cli_flags.h"
#include "clients/ledgerctl/cohort_commands.h"
#include "clients/ledgerctl/fund_commands.h"
#include "clients/ledgerctl/global_options.h"
#include "clients/ledgerctl/guarantee_commands.h"
#include "clients/ledgerctl/journal_commands.h"
#include "clients/ledgerctl/loan_action_commands.h"
#include "clients/ledgerctl/loan_read_commands.h"
#include "clients/ledgerctl/loan_write_commands.h"
#include "clients/ledgerctl/policy_commands.h"
#include "clients/ledgerctl/subsidy_commands.h"
#include "clients/ledgerctl/verify_command.h"

namespace ledgerctl {
namespace {

constexpr char kExitCodes[] =
    "Exit codes: 0 ok, 1 the call failed, 2 usage error (nothing was sent),\n"
    "            3 an integrity failure (verify: the hash chain is broken; checkpoint\n"
    "            --public_key: the signature does not verify).\n";

std::vector<CommandSpec> BuildCommands() {
  std::vector<CommandSpec> commands;
  for (std::vector<CommandSpec> group :
       {LoanWriteCommands(), LoanActionCommands(), LoanReadCommands(), FundCommands(),
        GuaranteeCommands(), AccountCommands(), PolicyCommands(), SubsidyCommands(),
        ClaimCommands(), CohortCommands(), JournalCommands()}) {
    for (CommandSpec& spec : group) commands.push_back(std::move(spec));
  }
  commands.push_back(VerifyCommand());
  return commands;
}

}  // namespace

const std::vector<CommandSpec>& AllCommands() {
  static const auto* commands = new std::vector<CommandSpec>(BuildCommands());
  return *commands;
}

const CommandSpec* FindCommandSpec(absl::string_view name) {
  for (const CommandSpec& spec : AllCommands()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string CsvCommandList() {
  std::vector<std::string> names;
  for (const CommandSpec& spec : AllCommands()) {
    if (spec.csv) names.push_back(spec.name);
  }
  // Indented by two and wrapped for an 80-column terminal.
  std::string list = "  ";
  size_t line = 2;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string word = names[i] + (i + 1 < names.size() ? "," : "");
    if (i > 0) {
      if (line + 1 + word.size() > 78) {
        list += "\n  ";
        line = 2;
      } else {
        list += " ";
        ++line;
      }
    }
    list += word;
    line += word.size();
  }
  return list;
}

std::string TopLevelHelp() {
  std::string help =
      "ledgerctl: command-line client of the microloan ledger.\n\n"
      "Usage: ledgerctl [global flags] COMMAND [flags]\n\n"
      "Commands:\n";
  size_t width = 0;
  for (const CommandSpec& spec : AllCommands()) width = std::max(width, spec.name.size());
  for (const CommandSpec& spec : AllCommands()) {
    absl::StrAppend(&help, "  ", spec.name, std::string(width - spec.name.size() + 2, ' '),
                    spec.summary, "\n");
  }
  const std::string completion = "completion";
  absl::StrAppend(&help, "  ", completion,
                  std::string(width - std::min(width, completion.size()) + 2, ' '),
                  "Print a shell completion script (ledgerctl completion bash|zsh)\n");
  absl::StrAppend(
      &help, "\nGlobal flags (before or after the command):\n", FormatFlagHelp(GlobalFlagSpecs()),
      "\nWith --ca, --cert and --key the channel is mutual TLS and the server knows "
      "you by your\ncertificate; without them it is plaintext, which only a "
      "development server accepts.\n",
      "\nAmounts are yuan with at most two decimals (1234.56), or fen with the "
      "_fen flags.\nDates are YYYY-MM-DD. ",
      "Run 'ledgerctl COMMAND --help' for a command's flags.\n\n",
      "--output=csv (a header row, then a row per item; amounts as exact yuan) is\n"
      "printed by:\n",
      CsvCommandList(), ".\n\nShell completion: source <(ledgerctl completion bash)   (or zsh)\n\n",
      kExitCodes);
  return help;
}

std::string CommandHelp(const CommandSpec& spec) {
  std::string help = absl::StrCat("Usage: ledgerctl ", spec.name, spec.synopsis.empty() ? "" : " ",
                                  spec.synopsis, "\n\n", spec.summary, ".\n");
  if (!spec.details.empty()) absl::StrAppend(&help, spec.details, "\n");
  if (spec.csv) {
    absl::StrAppend(&help,
                    "With --output=csv: a header row, then a row per item (amounts as exact "
                    "yuan).\n");
  }
  if (!spec.flags.empty()) absl::StrAppend(&help, "\nFlags:\n", FormatFlagHelp(spec.flags));
  absl::StrAppend(&help, "\nGlobal flags:\n", FormatFlagHelp(GlobalFlagSpecs()), "\nExample:\n  ",
                  spec.example, "\n\n", kExitCodes);
  return help;
}

}  // namespace ledgerctl
