// One crash cycle against a real ledgerd child process (issue 7): start the real binary on a
// data directory, drive concurrent CreateLoan / DisburseLoan / RecordRepayment calls while
// recording every acknowledged request id, SIGKILL the child after a seeded random delay,
// restart it on the same data directory and check that
//   (a) every request id ever acknowledged is in the journal, and no request id is in it twice,
//   (b) VerifyChain from sequence 1 is ok and complete,
//   (c) the trial balance sums to zero (double entry holds),
// then stop it with SIGTERM and
//   (d) run the offline audit (ledger/audit: chain, balance, projections equal a replay,
//       request records) on the closed data directory.
// Every child is started and stopped by its PID; servers bind 127.0.0.1 only.
//
//   absl::StatusOr<std::string> ledgerd = FindLedgerd(argv[0]);
//   CrashCycleOptions options;
//   options.ledgerd_path = *ledgerd;
//   options.data_dir = dir + "/data";
//   options.work_dir = dir;                 // port file and ledgerd.log
//   std::vector<std::string> acknowledged;  // grows over cycles; all are checked each cycle
//   for (int cycle = 0; cycle < 3; ++cycle) {
//     options.cycle = cycle;
//     absl::StatusOr<CrashCycleResult> result = RunCrashCycle(options, &acknowledged);
//     if (!result.ok()) ...;                // a violation, or the cycle could not run
//   }
//
// Used by tests/crash_test.cc (a few cycles in CI) and tools/crash_loop.cc (hundreds).
#ifndef TESTS_CRASH_CRASH_CYCLE_H_
#define TESTS_CRASH_CRASH_CYCLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ledger {

struct CrashCycleOptions {
  std::string ledgerd_path;  // the real //ledger/server:ledgerd binary
  std::string data_dir;      // kept across cycles
  std::string work_dir;      // port file and the children's output (ledgerd.log)
  int cycle = 0;             // part of every request and loan id, so cycles never collide
  int clients = 4;           // concurrent client threads, each on its own channel
  uint64_t seed = 1;         // with `cycle`, picks the kill delay
  int min_kill_ms = 50;      // the kill comes this long ...
  int max_kill_ms = 400;     // ... to this long after the clients start
};

struct CrashCycleResult {
  int64_t acknowledged = 0;  // writes acknowledged (OK) in this cycle
  int64_t attempted = 0;     // writes sent in this cycle (acknowledged or not)
  int64_t found = 0;         // acknowledged ids (all cycles so far) found in the journal
  int64_t journal_entries = 0;
  int kill_after_ms = 0;
};

// Runs one cycle. `acknowledged` holds the request ids acknowledged in earlier cycles; this
// cycle's are appended, and all of them must be in the journal exactly once. An error names
// the first violation (DATA_LOSS: a lost, duplicated or broken record) or why the cycle could
// not run (the server did not start, a call failed before the kill, ...).
absl::StatusOr<CrashCycleResult> RunCrashCycle(const CrashCycleOptions& options,
                                               std::vector<std::string>* acknowledged);

// The ledgerd binary in the runfiles: under `bazel test` ($TEST_SRCDIR), `bazel run`
// ($RUNFILES_DIR or ARGV0.runfiles). NOT_FOUND if none is there.
absl::StatusOr<std::string> FindLedgerd(const std::string& argv0);

}  // namespace ledger

#endif  // TESTS_CRASH_CRASH_CYCLE_H_
