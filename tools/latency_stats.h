// Latency figures for the load tools (repay_load, load_gen): exact percentiles over recorded
// call latencies, with memory bounded by a reservoir sample once a run records more calls than
// the cap (then the percentiles are those of a uniform sample; count and max stay exact).
//
//   LatencyRecorder recorder(/*max_samples=*/1'000'000, /*seed=*/1);
//   recorder.Record(0.84);  // from any thread
//   LatencySummary summary = recorder.Summarize();  // summary.p99_ms ...
#ifndef TOOLS_LATENCY_STATS_H_
#define TOOLS_LATENCY_STATS_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <random>
#include <vector>

namespace loadtool {

struct LatencySummary {
  int64_t count = 0;    // every call recorded
  int64_t samples = 0;  // how many of them the percentiles are computed from (<= the cap)
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;  // exact, over every call
};

// The value at fraction `p` (0..1) of `sorted` (ascending): the element at floor(p * n),
// clamped to the last; 0 when empty. The same rule repay_load's published figures used.
double Percentile(const std::vector<double>& sorted, double p);

// Summarises `latencies_ms` (any order; sorted in place).
LatencySummary Summarize(std::vector<double>* latencies_ms);

// Thread-safe recorder: keeps every latency up to `max_samples`, then a uniform reservoir
// sample (Vitter's algorithm R) of that size. Calls are milliseconds apart, so one mutex is
// far below the noise of what is measured.
class LatencyRecorder {
 public:
  explicit LatencyRecorder(size_t max_samples = 1'000'000, uint64_t seed = 1);

  void Record(double latency_ms);
  LatencySummary Summarize() const;

 private:
  const size_t max_samples_;
  mutable std::mutex mu_;
  std::mt19937_64 random_;       // guarded by mu_
  std::vector<double> samples_;  // guarded by mu_
  int64_t count_ = 0;            // guarded by mu_
  double max_ms_ = 0;            // guarded by mu_
};

}  // namespace loadtool

#endif  // TOOLS_LATENCY_STATS_H_
