#include "clients/ledgerctl/completion.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/ledgerctl/command_table.h"
#include "clients/ledgerctl/global_options.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Bash() { return BashCompletion(AllCommands(), GlobalFlagSpecs()); }

std::string TempFile(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(dir == nullptr ? "/tmp" : dir, "/", name);
  std::ofstream(path) << text;
  return path;
}

// Runs `script` with bash; returns what it printed (stdout and stderr) and sets *status.
std::string RunBash(const std::string& script, int* status) {
  const std::string path = TempFile("run.sh", script);
  FILE* pipe = popen(absl::StrCat("bash ", path, " 2>&1").c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  *status = pclose(pipe);
  return out;
}

// What the generated _ledgerctl offers for the words typed so far (the last one is being
// completed), as bash would call it: a line per COMPREPLY entry.
std::vector<std::string> Complete(const std::vector<std::string>& words) {
  const std::string completion = TempFile("ledgerctl.bash", Bash());
  std::string assign = "COMP_WORDS=(";
  for (const std::string& word : words) absl::StrAppend(&assign, "'", word, "' ");
  assign += ")";
  int status = 0;
  const std::string out =
      RunBash(absl::StrCat("source ", completion, "\n", assign, "\nCOMP_CWORD=", words.size() - 1,
                           "\n_ledgerctl\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"),
              &status);
  EXPECT_EQ(status, 0) << out;
  std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
  return lines;
}

TEST(FlagValueWords, ValuesThenValueNameThenFiles) {
  EXPECT_EQ(FlagValueWords({"output", true, "FORMAT", "", false, {"table", "json", "csv"}}),
            (std::vector<std::string>{"table", "json", "csv"}));
  EXPECT_EQ(FlagValueWords({"day_count", true, "360|365", ""}),
            (std::vector<std::string>{"360", "365"}));
  EXPECT_EQ(FlagValueWords({"ca", true, "FILE", ""}), (std::vector<std::string>{"@files"}));
  EXPECT_EQ(FlagValueWords({"lines", true, "FILE.csv", ""}), (std::vector<std::string>{"@files"}));
  EXPECT_TRUE(FlagValueWords({"loan", true, "NAME", ""}).empty());
  // Only plain words reach the scripts, which hold them unquoted.
  EXPECT_EQ(
      FlagValueWords({"x", true, "V", "", false, {"ok", "a\"b", "$(rm -rf x)", "c d", "`x`"}}),
      (std::vector<std::string>{"ok"}));
  EXPECT_EQ(FlagValueWords({"x", true, "a|b'c|d;e", ""}), (std::vector<std::string>{"a"}));
}

TEST(BashCompletion, NamesEveryCommandAndItsFlags) {
  const std::string script = Bash();
  for (const CommandSpec& spec : AllCommands()) {
    EXPECT_TRUE(Contains(script, absl::StrCat("    ", spec.name, ") echo \"$global ")))
        << spec.name;
    for (const FlagSpec& flag : spec.flags) {
      EXPECT_TRUE(Contains(script, absl::StrCat(" --", flag.name, flag.takes_value ? "=" : "")))
          << spec.name << " --" << flag.name;
    }
  }
  EXPECT_TRUE(Contains(script, "    *:output) echo \"table json csv\" ;;\n"));
  EXPECT_TRUE(Contains(script, "    list:status) echo \"approved active closed compensated"));
  EXPECT_TRUE(Contains(script, "complete -F _ledgerctl ledgerctl\n"));
}

TEST(BashCompletion, IsValidBash) {
  int status = 0;
  const std::string out =
      RunBash(absl::StrCat("bash -n ", TempFile("syntax.bash", Bash())), &status);
  EXPECT_EQ(status, 0) << out;
}

TEST(BashCompletion, CompletesCommandsFlagsAndValues) {
  EXPECT_EQ(Complete({"ledgerctl", "dis"}), (std::vector<std::string>{"disburse"}));
  EXPECT_EQ(Complete({"ledgerctl", "disburse", "--am"}),
            (std::vector<std::string>{"--amount=", "--amount_fen="}));
  EXPECT_EQ(Complete({"ledgerctl", "--output=json", "disburse", "--val"}),
            (std::vector<std::string>{"--value_date="}));
  // bash splits at '=': readline then replaces only what follows it.
  EXPECT_EQ(Complete({"ledgerctl", "list", "--output", "=", "c"}),
            (std::vector<std::string>{"csv"}));
  EXPECT_EQ(Complete({"ledgerctl", "list", "--output=c"}), (std::vector<std::string>{"csv"}));
  EXPECT_EQ(Complete({"ledgerctl", "list", "--status", "wr"}),
            (std::vector<std::string>{"written-off"}));
  EXPECT_EQ(Complete({"ledgerctl", "--server", "127.0.0.1", ":", "50051", "hea"}),
            (std::vector<std::string>{"head"}));
  EXPECT_EQ(Complete({"ledgerctl", "completion", ""}), (std::vector<std::string>{"bash", "zsh"}));
  EXPECT_TRUE(Complete({"ledgerctl", "list", "--bank=B"}).empty());
}

TEST(ZshCompletion, DescribesCommandsAndFlags) {
  const std::string script = ZshCompletion(AllCommands(), GlobalFlagSpecs());
  EXPECT_EQ(script.rfind("#compdef ledgerctl\n", 0), 0u);
  EXPECT_TRUE(Contains(script, "'disburse:")) << script;
  EXPECT_TRUE(Contains(script, "'--output=[table (default), json or csv")) << script;
  EXPECT_TRUE(Contains(script, ":FORMAT:(table json csv)'")) << script;
  EXPECT_TRUE(Contains(script, "'--ca=[")) << script;
  EXPECT_TRUE(Contains(script, ":FILE:_files'")) << script;
  EXPECT_TRUE(Contains(script, "'*--party=[")) << script;
  EXPECT_TRUE(Contains(script, "compdef _ledgerctl ledgerctl")) << script;
  // Every single quote opened is closed (an escaped \' inside '...'\''...' is a literal one).
  size_t quotes = 0;
  for (size_t i = 0; i < script.size(); ++i) {
    if (script[i] == '\'' && (i == 0 || script[i - 1] != '\\')) ++quotes;
  }
  EXPECT_EQ(quotes % 2, 0u);
  // Also checked with `bash -n` (same quoting); tests/ledgerctl_e2e_test loads it in a real zsh.
  int status = 0;
  const std::string out =
      RunBash(absl::StrCat("bash -n ", TempFile("syntax.zsh", script)), &status);
  EXPECT_EQ(status, 0) << out;
}

TEST(CompletionScript, RefusesOtherShells) {
  EXPECT_TRUE(CompletionScript("bash", AllCommands(), GlobalFlagSpecs()).ok());
  EXPECT_TRUE(CompletionScript("zsh", AllCommands(), GlobalFlagSpecs()).ok());
  absl::StatusOr<std::string> fish = CompletionScript("fish", AllCommands(), GlobalFlagSpecs());
  ASSERT_FALSE(fish.ok());
  EXPECT_EQ(fish.status().message(), "completion: give bash or zsh, not 'fish'");
}

}  // namespace
}  // namespace ledgerctl
