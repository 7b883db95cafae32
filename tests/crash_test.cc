// The crash test of issue 7, CI size: the real ledgerd binary as a child process, SIGKILLed
// at a seeded random moment while 4 clients write, then restarted on the same data directory,
// 3 times. Every acknowledged request id must be in the journal exactly once, the chain must
// verify, the trial balance must sum to zero and the offline audit (projections equal a
// replay) must pass. tools/crash_loop runs the same cycle hundreds of times.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/testing/temp_dir.h"
#include "tests/crash/crash_cycle.h"

namespace ledger {
namespace {

TEST(Crash, AcknowledgedWritesSurviveSigkill) {
  absl::StatusOr<std::string> ledgerd = FindLedgerd("");
  ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
  const std::string dir = FreshTempDir("crash");
  CrashCycleOptions options;
  options.ledgerd_path = *ledgerd;
  options.data_dir = dir + "/data";
  options.work_dir = dir;
  options.clients = 4;
  options.seed = 7;
  options.min_kill_ms = 100;
  options.max_kill_ms = 400;
  std::vector<std::string> acknowledged;
  int cycles_with_writes = 0;
  for (int cycle = 0; cycle < 3; ++cycle) {
    options.cycle = cycle;
    absl::StatusOr<CrashCycleResult> result = RunCrashCycle(options, &acknowledged);
    ASSERT_TRUE(result.ok()) << "cycle " << cycle << ": " << result.status()
                             << " (ledgerd output: " << dir << "/ledgerd.log)";
    EXPECT_EQ(result->found, static_cast<int64_t>(acknowledged.size()));
    EXPECT_GE(result->journal_entries, static_cast<int64_t>(acknowledged.size()));
    if (result->acknowledged > 0) ++cycles_with_writes;
    std::printf("cycle %d: killed after %d ms; %lld acknowledged of %lld sent; %lld found\n", cycle,
                result->kill_after_ms, static_cast<long long>(result->acknowledged),
                static_cast<long long>(result->attempted), static_cast<long long>(result->found));
  }
  EXPECT_GE(cycles_with_writes, 1) << "no cycle acknowledged a write before its kill";
}

}  // namespace
}  // namespace ledger
