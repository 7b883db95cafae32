// crash_loop: the crash test of issue 7 at length. Each cycle starts the real ledgerd on one
// data directory, has concurrent clients write loans, disbursements and repayments while it
// records every acknowledged request id, SIGKILLs ledgerd at a random moment, restarts it and
// checks that every acknowledged write is in the journal exactly once, the chain verifies,
// the trial balance sums to zero and the offline audit passes (tests/crash/crash_cycle.h).
//
//   bazel run -c opt //tools:crash_loop -- --cycles=200
//   bazel run -c opt //tools:crash_loop -- --cycles=50 --seed=42 --clients=8 \
//       --data_dir=/tmp/crash-data
//
// Prints a line per cycle and a summary; exits 0 if every cycle passed, 1 on the first
// violation (the data directory is kept for inspection), 2 on bad flags.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tests/crash/crash_cycle.h"

namespace {

constexpr char kUsage[] = R"(crash_loop: SIGKILL ledgerd mid-write, restart, check; N times

Usage: crash_loop --cycles=N [--seed=S] [--data_dir=DIR] [--clients=C] [flags]

  --cycles=N       crash cycles to run (default 10)
  --seed=S         picks the kill moments (default 1)
  --data_dir=DIR   ledger data directory, kept across cycles; must be new or empty
                   (default: a fresh directory under $TMPDIR or /tmp)
  --clients=C      concurrent writers (default 4)
  --min_kill_ms=A  the kill comes A .. B ms after the writers start (default 50)
  --max_kill_ms=B  (default 400)
  --ledgerd=PATH   the ledgerd binary (default: the one in the runfiles)
)";

struct Flags {
  int cycles = 10;
  uint64_t seed = 1;
  std::string data_dir;
  int clients = 4;
  int min_kill_ms = 50;
  int max_kill_ms = 400;
  std::string ledgerd;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value_of = [&](const char* name, std::string* out) {
      const std::string prefix = absl::StrCat("--", name, "=");
      if (!absl::StartsWith(arg, prefix)) return false;
      *out = arg.substr(prefix.size());
      return true;
    };
    std::string value;
    bool ok = true;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (value_of("cycles", &value)) {
      ok = absl::SimpleAtoi(value, &flags->cycles) && flags->cycles > 0;
    } else if (value_of("seed", &value)) {
      ok = absl::SimpleAtoi(value, &flags->seed);
    } else if (value_of("clients", &value)) {
      ok = absl::SimpleAtoi(value, &flags->clients) && flags->clients > 0;
    } else if (value_of("min_kill_ms", &value)) {
      ok = absl::SimpleAtoi(value, &flags->min_kill_ms) && flags->min_kill_ms >= 0;
    } else if (value_of("max_kill_ms", &value)) {
      ok = absl::SimpleAtoi(value, &flags->max_kill_ms) && flags->max_kill_ms >= 0;
    } else if (value_of("data_dir", &flags->data_dir) || value_of("ledgerd", &flags->ledgerd)) {
    } else {
      std::fprintf(stderr, "crash_loop: unknown flag %s (see --help)\n", arg.c_str());
      return false;
    }
    if (!ok) {
      std::fprintf(stderr, "crash_loop: bad value in %s (see --help)\n", arg.c_str());
      return false;
    }
  }
  if (flags->max_kill_ms < flags->min_kill_ms) {
    std::fprintf(stderr, "crash_loop: --max_kill_ms must be >= --min_kill_ms\n");
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;

  std::string ledgerd = flags.ledgerd;
  if (ledgerd.empty()) {
    absl::StatusOr<std::string> found = ledger::FindLedgerd(argv[0]);
    if (!found.ok()) {
      std::fprintf(stderr, "crash_loop: %s\n", found.status().ToString().c_str());
      return 2;
    }
    ledgerd = *found;
  }
  std::string data_dir = flags.data_dir;
  if (data_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    data_dir = absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/crash_loop.", getpid(),
                            "/data");
  }
  std::error_code error;
  if (std::filesystem::exists(data_dir) && !std::filesystem::is_empty(data_dir, error)) {
    std::fprintf(stderr, "crash_loop: --data_dir=%s is not empty; give a new directory\n",
                 data_dir.c_str());
    return 2;
  }
  std::filesystem::create_directories(data_dir);

  ledger::CrashCycleOptions options;
  options.ledgerd_path = ledgerd;
  options.data_dir = data_dir;
  options.work_dir = std::filesystem::path(data_dir).parent_path().string() + "/crash_loop_work";
  options.clients = flags.clients;
  options.seed = flags.seed;
  options.min_kill_ms = flags.min_kill_ms;
  options.max_kill_ms = flags.max_kill_ms;
  std::printf("crash_loop: %d cycles, %d clients, seed %llu, data %s, ledgerd output %s\n",
              flags.cycles, flags.clients, static_cast<unsigned long long>(flags.seed),
              data_dir.c_str(), (options.work_dir + "/ledgerd.log").c_str());
  std::fflush(stdout);

  std::vector<std::string> acknowledged;
  for (int cycle = 0; cycle < flags.cycles; ++cycle) {
    options.cycle = cycle;
    absl::StatusOr<ledger::CrashCycleResult> result = ledger::RunCrashCycle(options, &acknowledged);
    if (!result.ok()) {
      std::printf("cycle %d: FAILED: %s\n", cycle, result.status().ToString().c_str());
      std::printf("crash_loop: FAILED after %d of %d cycles; data directory kept: %s\n", cycle,
                  flags.cycles, data_dir.c_str());
      return 1;
    }
    std::printf(
        "cycle %d: killed after %d ms; %lld acknowledged (%lld sent); %lld of %zu acknowledged "
        "found; %lld journal entries\n",
        cycle, result->kill_after_ms, static_cast<long long>(result->acknowledged),
        static_cast<long long>(result->attempted), static_cast<long long>(result->found),
        acknowledged.size(), static_cast<long long>(result->journal_entries));
    std::fflush(stdout);
  }
  std::printf("%d cycles, %zu acknowledged writes, 0 lost, 0 duplicated\n", flags.cycles,
              acknowledged.size());
  return 0;
}
