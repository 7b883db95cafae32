// Command-line parsing for ledgerctl: finds the subcommand among global
// flags, then reads `--name=value`, `--name value` and boolean `--name` flags
// against a declared list.
//
// Every flag must be declared, because `--name value` cannot be read without
// knowing whether the flag takes a value, and because a typo such as
// `--ammount` must stop the program instead of being silently ignored on a
// money-moving call. A flag given twice is refused for the same reason, unless
// it is declared repeatable (a list, such as --party). There are no positional
// arguments.
//
// Flag names are written with underscores (--value_date); a dash is read as an
// underscore (--value-date), so either habit works and both spellings are one
// flag (given twice if both are used).
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
  // May be given several times; each value is kept, in order (ParsedFlags::GetAll).
  bool repeatable = false;
  // The words the value may be, for shell completion (completion.h), e.g. {"table", "json",
  // "csv"}. Empty: any value, or those of a value_name such as "360|365".
  std::vector<std::string> values = {};
};

// The flags found on a command line, by name. Boolean flags hold "true" or
// "false".
class ParsedFlags {
 public:
  bool Has(absl::string_view name) const;
  // The value; for a repeatable flag the last one.
  std::optional<std::string> Get(absl::string_view name) const;
  // Every value of a repeatable flag in command-line order; empty if absent.
  std::vector<std::string> GetAll(absl::string_view name) const;
  // True if the boolean flag was given (as --name or --name=true).
  bool GetBool(absl::string_view name) const;

  // Set replaces any value; Add appends one (repeatable flags).
  void Set(absl::string_view name, absl::string_view value);
  void Add(absl::string_view name, absl::string_view value);

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
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
// argument. INVALID_ARGUMENT for an unknown flag, a repeated flag (unless
// declared repeatable), a missing value or a stray argument.
absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<std::string>& args,
                                       const std::vector<FlagSpec>& specs);

// Help lines for `specs`, one per flag, with the help text in an aligned
// column; a repeatable flag is shown with "...":
//   "  --loan=NAME        banks/{bank}/loans/{loan}\n"
//   "  --party=ID...      a guarantor (repeat for several)\n"
std::string FormatFlagHelp(const std::vector<FlagSpec>& specs);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLI_FLAGS_H_
