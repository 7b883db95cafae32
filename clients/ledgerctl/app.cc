#include "clients/ledgerctl/app.h"

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/cli_flags.h"
#include "clients/ledgerctl/command.h"
#include "clients/ledgerctl/command_table.h"
#include "clients/ledgerctl/completion.h"

namespace ledgerctl {
namespace {

int TopLevelUsageError(const AppEnvironment& app, absl::string_view message) {
  *app.err << "error: " << message << " (see 'ledgerctl --help')\n";
  return kExitUsage;
}

constexpr char kCompletionHelp[] =
    "Usage: ledgerctl completion bash|zsh\n\n"
    "Prints a completion script for the shell: commands, their flags, and the values of\n"
    "flags such as --output. Load it with\n\n"
    "  source <(ledgerctl completion bash)     # e.g. in ~/.bashrc\n"
    "  source <(ledgerctl completion zsh)      # e.g. in ~/.zshrc, after compinit\n";

// `ledgerctl completion SHELL`: a word, not flags, so not in the command table.
int RunCompletion(const std::vector<std::string>& rest, const AppEnvironment& app) {
  if (rest.size() == 1 && (rest[0] == "--help" || rest[0] == "-h")) {
    *app.out << kCompletionHelp;
    return kExitOk;
  }
  if (rest.size() != 1) {
    *app.err << "error: completion: give bash or zsh (see 'ledgerctl completion --help')\n";
    return kExitUsage;
  }
  absl::StatusOr<std::string> script = CompletionScript(rest[0], AllCommands(), GlobalFlagSpecs());
  if (!script.ok()) {
    *app.err << "error: " << script.status().message() << " (see 'ledgerctl completion --help')\n";
    return kExitUsage;
  }
  *app.out << *script;
  return kExitOk;
}

}  // namespace

int RunLedgerctl(const std::vector<std::string>& args, const AppEnvironment& app) {
  std::vector<std::string> rest;
  absl::StatusOr<std::string> command = SplitCommand(args, GlobalFlagSpecs(), &rest);
  if (!command.ok()) return TopLevelUsageError(app, command.status().message());

  if (command->empty()) {
    absl::StatusOr<ParsedFlags> flags = ParseFlags(rest, GlobalFlagSpecs());
    if (!flags.ok()) return TopLevelUsageError(app, flags.status().message());
    if (flags->GetBool("help")) {
      *app.out << TopLevelHelp();
      return kExitOk;
    }
    return TopLevelUsageError(app, "no command given");
  }

  if (*command == kCompletionCommand) return RunCompletion(rest, app);
  const CommandSpec* spec = FindCommandSpec(*command);
  if (spec == nullptr) {
    return TopLevelUsageError(app, "unknown command '" + *command + "'");
  }
  CommandContext ctx;
  ctx.command_name = spec->name;
  ctx.out = app.out;
  ctx.err = app.err;
  ctx.err_is_tty = app.err_is_tty;
  ctx.new_request_id = app.new_request_id;

  std::vector<FlagSpec> specs = GlobalFlagSpecs();
  specs.insert(specs.end(), spec->flags.begin(), spec->flags.end());
  absl::StatusOr<ParsedFlags> flags = ParseFlags(rest, specs);
  if (!flags.ok()) return UsageError(ctx, flags.status());
  ctx.flags = *std::move(flags);
  if (ctx.flags.GetBool("help")) {
    *app.out << CommandHelp(*spec);
    return kExitOk;
  }
  absl::StatusOr<GlobalOptions> options = ResolveGlobalOptions(ctx.flags, app.env);
  if (!options.ok()) return UsageError(ctx, options.status());
  ctx.options = *std::move(options);
  if (ctx.options.csv() && !spec->csv) {
    // Asked for on this command line: say so before anything is sent. From LEDGER_OUTPUT (a
    // profile's default for listings): the command prints its table.
    if (ctx.flags.Has("output")) {
      return UsageError(ctx, absl::InvalidArgumentError(absl::StrCat(
                                 "--output=csv: ", spec->name,
                                 " prints no CSV; give --output=table or --output=json")));
    }
    ctx.options.output = OutputFormat::kTable;
  }
  // Creating a channel does not connect; a server that is down shows up as
  // UNAVAILABLE on the first call, after the command line was checked.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = app.make_channel(ctx.options);
  if (!channel.ok()) return LocalFailure(ctx, channel.status());
  ctx.channel = *std::move(channel);
  const int exit_code = spec->run(ctx);
  ctx.out->flush();
  return exit_code;
}

}  // namespace ledgerctl
