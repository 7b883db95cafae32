#include "clients/ledgerctl/cli_flags.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ledgerctl {
namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, absl::string_view name) {
  for (const FlagSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

bool IsFlag(absl::string_view arg) { return absl::StartsWith(arg, "-") && arg.size() > 1; }

// "--name=value" -> ("name", "value", true); "--name" -> ("name", "", false);
// "-h" -> help.
struct FlagToken {
  std::string name;
  std::string value;
  bool has_inline_value = false;
};

// "value-date" -> "value_date": the declared spelling.
std::string CanonicalName(absl::string_view name) {
  std::string canonical(name);
  std::replace(canonical.begin(), canonical.end(), '-', '_');
  return canonical;
}

absl::StatusOr<FlagToken> SplitFlagToken(absl::string_view arg) {
  if (arg == "-h") return FlagToken{"help", "", false};
  if (!absl::StartsWith(arg, "--") || arg.size() == 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", arg, "' (flags look like --name=value)"));
  }
  absl::string_view body = arg.substr(2);
  const size_t equals = body.find('=');
  if (equals == absl::string_view::npos) return FlagToken{CanonicalName(body), "", false};
  return FlagToken{CanonicalName(body.substr(0, equals)), std::string(body.substr(equals + 1)),
                   true};
}

}  // namespace

bool ParsedFlags::Has(absl::string_view name) const { return values_.count(name) > 0; }

std::optional<std::string> ParsedFlags::Get(absl::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedFlags::GetAll(absl::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return {};
  return it->second;
}

bool ParsedFlags::GetBool(absl::string_view name) const {
  std::optional<std::string> value = Get(name);
  return value.has_value() && *value == "true";
}

void ParsedFlags::Set(absl::string_view name, absl::string_view value) {
  values_[std::string(name)] = {std::string(value)};
}

void ParsedFlags::Add(absl::string_view name, absl::string_view value) {
  values_[std::string(name)].push_back(std::string(value));
}

absl::StatusOr<std::string> SplitCommand(const std::vector<std::string>& args,
                                         const std::vector<FlagSpec>& global_specs,
                                         std::vector<std::string>* rest) {
  rest->clear();
  std::string command;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!command.empty()) {
      rest->push_back(arg);
      continue;
    }
    if (!IsFlag(arg)) {
      command = arg;
      continue;
    }
    absl::StatusOr<FlagToken> token = SplitFlagToken(arg);
    if (!token.ok()) return token.status();
    const FlagSpec* spec = FindSpec(global_specs, token->name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown global flag --", token->name,
                                                     " (command flags go after the command)"));
    }
    rest->push_back(arg);
    // "--server host:port": the next argument is this flag's value, not the
    // command.
    if (spec->takes_value && !token->has_inline_value && i + 1 < args.size()) {
      rest->push_back(args[++i]);
    }
  }
  return command;
}

absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<std::string>& args,
                                       const std::vector<FlagSpec>& specs) {
  ParsedFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::StatusOr<FlagToken> token = SplitFlagToken(args[i]);
    if (!token.ok()) return token.status();
    const FlagSpec* spec = FindSpec(specs, token->name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", token->name));
    }
    if (flags.Has(spec->name) && !spec->repeatable) {
      // Last-one-wins would let "--amount=1 ... --amount=100" through
      // unnoticed.
      return absl::InvalidArgumentError(absl::StrCat("flag --", spec->name, " given twice"));
    }
    std::string value = token->value;
    if (!spec->takes_value) {
      if (!token->has_inline_value) {
        value = "true";
      } else if (value != "true" && value != "false") {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", spec->name, " takes no value (or =true / =false)"));
      }
    } else if (!token->has_inline_value) {
      // A following "--x" is another flag, not this one's value; "-5" is a
      // (bad) value that the flag's own parser reports better than "missing
      // value" would.
      if (i + 1 >= args.size() || absl::StartsWith(args[i + 1], "--")) {
        return absl::InvalidArgumentError(absl::StrCat("flag --", spec->name, " needs a value: --",
                                                       spec->name, "=", spec->value_name));
      }
      value = args[++i];
    }
    flags.Add(spec->name, value);
  }
  return flags;
}

std::string FormatFlagHelp(const std::vector<FlagSpec>& specs) {
  std::vector<std::string> left;
  size_t width = 0;
  for (const FlagSpec& spec : specs) {
    left.push_back(spec.takes_value ? absl::StrCat("--", spec.name, "=", spec.value_name,
                                                   spec.repeatable ? "..." : "")
                                    : absl::StrCat("--", spec.name));
    width = std::max(width, left.back().size());
  }
  std::string out;
  for (size_t i = 0; i < specs.size(); ++i) {
    absl::StrAppend(&out, "  ", left[i], std::string(width - left[i].size() + 2, ' '),
                    specs[i].help, "\n");
  }
  return out;
}

}  // namespace ledgerctl
