// Command-line parsing for ledgerctl: finds the subcommand among global
// flags, then reads `--name=value`, `--name value` and boolean `--name` flags
// against a declared list.
//
// Every flag must be declared, because `--name value` cannot be read without
// knowing whether the flag takes a value, and because a typo such as
// `--ammount` must stop the program instead of being silently ignored on a
// money-moving call. A flag given twice is refused for the same reason. There
// are no positional arguments.
//
//   std::vector<std::string> rest;
//   absl::StatusOr<std::string> command =
//       SplitCommand(args, GlobalFlagSpecs(), &rest);
//   absl::StatusOr<ParsedFlags> flags = ParseFlags(rest, all_specs);
//   if (flags->GetBool("json")) ...
//   std::optional<std::string> loan = flags->Get("loan");
#ifndef CLIENTS_LEDGERCTL_CLI_FLAGS_H_
#define CLIENTS_LEDGERCTL_CLI_FLAGS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ledgerctl {

struct FlagSpec {
  std::string name;        // without the leading "--"
  bool takes_value;        // false: a boolean switch such as --json
  std::string value_name;  // for help text, e.g. "YYYY-MM-DD"
  std::string help;
};

// The flags found on a command line, by name. Boolean flags hold "true" or
// "false".
class ParsedFlags {
 public:
  bool Has(absl::string_view name) const;
  std::optional<std::string> Get(absl::string_view name) const;
  // True if the boolean flag was given (as --name or --name=true).
  bool GetBool(absl::string_view name) const;

  void Set(absl::string_view name, absl::string_view value);

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Finds the subcommand: the first argument that is not a flag or a global
// flag's value. Flags before the subcommand must be global ones. `*rest`
// receives every other argument in order. Returns "" if there is no subcommand
// (e.g. `ledgerctl --help`).
absl::StatusOr<std::string> SplitCommand(const std::vector<std::string>& args,
                                         const std::vector<FlagSpec>& global_specs,
                                         std::vector<std::string>* rest);

// Parses `args` (flags only) against `specs`. "-h" means "--help". Boolean
// flags accept "--x", "--x=true" and "--x=false"; they never consume the next
// argument. INVALID_ARGUMENT for an unknown flag, a repeated flag, a missing
// value or a stray argument.
absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<std::string>& args,
                                       const std::vector<FlagSpec>& specs);

// Help lines for `specs`, one per flag, with the help text in an aligned
// column:
//   "  --loan=NAME        banks/{bank}/loans/{loan}\n"
std::string FormatFlagHelp(const std::vector<FlagSpec>& specs);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLI_FLAGS_H_
