#include "tools/latency_stats.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace loadtool {
namespace {

TEST(LatencyStats, PercentilesFollowTheFloorRule) {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i);
  EXPECT_EQ(Percentile(sorted, 0.50), 51);  // element at floor(0.5 * 100)
  EXPECT_EQ(Percentile(sorted, 0.99), 100);
  EXPECT_EQ(Percentile(sorted, 1.0), 100);  // clamped to the last
  EXPECT_EQ(Percentile({}, 0.5), 0);
}

TEST(LatencyStats, SummarizeSortsAndKeepsTheExactMax) {
  std::vector<double> latencies = {5, 1, 4, 2, 3};
  LatencySummary summary = Summarize(&latencies);
  EXPECT_EQ(summary.count, 5);
  EXPECT_EQ(summary.p50_ms, 3);
  EXPECT_EQ(summary.max_ms, 5);
}

// Past the cap the recorder keeps a bounded sample, while count and max stay exact.
TEST(LatencyStats, RecorderIsBoundedAndExactOnCountAndMax) {
  LatencyRecorder recorder(/*max_samples=*/1000, /*seed=*/7);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&recorder, t] {
      for (int i = 0; i < 5000; ++i)
        recorder.Record(1.0 + (i % 10) + (t == 3 && i == 4999 ? 100 : 0));
    });
  }
  for (std::thread& thread : threads) thread.join();
  LatencySummary summary = recorder.Summarize();
  EXPECT_EQ(summary.count, 20000);
  EXPECT_EQ(summary.samples, 1000);
  EXPECT_EQ(summary.max_ms, 110);
  // A uniform sample of values 1..10: the median is near the middle.
  EXPECT_GE(summary.p50_ms, 4);
  EXPECT_LE(summary.p50_ms, 7);
}

}  // namespace
}  // namespace loadtool
