#include "clients/ledgerctl/progress.h"

#include <sstream>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

// A clock the test moves by hand.
class FakeClock {
 public:
  Progress::Clock AsClock() {
    return [this] { return now_; };
  }
  void Advance(absl::Duration by) { now_ += by; }

 private:
  absl::Time now_ = absl::UnixEpoch();
};

TEST(Progress, RewritesOneLineThenLeavesTheFinalCount) {
  std::ostringstream out;
  FakeClock clock;
  {
    Progress progress(&out, "loans", clock.AsClock(), absl::Milliseconds(100));
    progress.Update(1, 1000);
    clock.Advance(absl::Milliseconds(150));
    progress.Update(2, 2000);
    clock.Advance(absl::Milliseconds(150));
    progress.Update(3, 3000);
    progress.Finish();
  }
  EXPECT_EQ(out.str(),
            "\rfetched 1,000 loans (1 page)..."
            "\rfetched 2,000 loans (2 pages)..."
            "\rfetched 3,000 loans (3 pages)..."
            "\rfetched 3,000 loans (3 pages)   \n");
}

TEST(Progress, UpdatesWithinTheIntervalAreNotWrittenButCounted) {
  std::ostringstream out;
  FakeClock clock;
  Progress progress(&out, "entries", clock.AsClock(), absl::Milliseconds(100));
  progress.Update(1, 1);
  clock.Advance(absl::Milliseconds(10));
  progress.Update(2, 2);
  clock.Advance(absl::Milliseconds(10));
  progress.Update(3, 1234567);
  EXPECT_EQ(out.str(), "\rfetched 1 entry (1 page)...");
  progress.Finish();
  progress.Finish();  // once
  EXPECT_EQ(out.str(), "\rfetched 1 entry (1 page)...\rfetched 1,234,567 entries (3 pages)   \n");
}

TEST(Progress, NothingWithoutAnUpdate) {
  std::ostringstream out;
  { Progress progress(&out, "loans"); }
  EXPECT_EQ(out.str(), "");
}

TEST(GroupThousands, Groups) {
  EXPECT_EQ(GroupThousands(0), "0");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(GroupThousands(1000), "1,000");
  EXPECT_EQ(GroupThousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace ledgerctl
