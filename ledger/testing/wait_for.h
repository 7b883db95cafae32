// Polling with a bound, for tests that wait on something another thread does (a recovery, a
// queue filling): never an unbounded wait, never a fixed sleep that hopes.
//
//   ASSERT_TRUE(WaitFor([&] { return !engine->failed(); })) << "never recovered";
#ifndef LEDGER_TESTING_WAIT_FOR_H_
#define LEDGER_TESTING_WAIT_FOR_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ledger {

// Calls `done` every `every` until it returns true (then true) or `limit` passes (false).
template <typename Predicate>
bool WaitFor(Predicate done, absl::Duration limit = absl::Seconds(10),
             absl::Duration every = absl::Milliseconds(5)) {
  const absl::Time give_up = absl::Now() + limit;
  while (!done()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(every);
  }
  return true;
}

}  // namespace ledger

#endif  // LEDGER_TESTING_WAIT_FOR_H_
