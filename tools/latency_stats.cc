#include "tools/latency_stats.h"

#include <algorithm>

namespace loadtool {

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size()));
  return sorted[std::min(sorted.size() - 1, index)];
}

LatencySummary Summarize(std::vector<double>* latencies_ms) {
  std::sort(latencies_ms->begin(), latencies_ms->end());
  LatencySummary summary;
  summary.count = static_cast<int64_t>(latencies_ms->size());
  summary.samples = summary.count;
  summary.p50_ms = Percentile(*latencies_ms, 0.50);
  summary.p90_ms = Percentile(*latencies_ms, 0.90);
  summary.p99_ms = Percentile(*latencies_ms, 0.99);
  summary.max_ms = latencies_ms->empty() ? 0.0 : latencies_ms->back();
  return summary;
}

LatencyRecorder::LatencyRecorder(size_t max_samples, uint64_t seed)
    : max_samples_(std::max<size_t>(1, max_samples)), random_(seed) {}

void LatencyRecorder::Record(double latency_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  ++count_;
  max_ms_ = std::max(max_ms_, latency_ms);
  if (samples_.size() < max_samples_) {
    samples_.push_back(latency_ms);
    return;
  }
  // Algorithm R: the count_-th value replaces a random slot with probability cap / count_.
  std::uniform_int_distribution<int64_t> slot(0, count_ - 1);
  const int64_t j = slot(random_);
  if (j < static_cast<int64_t>(max_samples_)) samples_[static_cast<size_t>(j)] = latency_ms;
}

LatencySummary LatencyRecorder::Summarize() const {
  std::vector<double> copy;
  int64_t count;
  double max_ms;
  {
    std::lock_guard<std::mutex> lock(mu_);
    copy = samples_;
    count = count_;
    max_ms = max_ms_;
  }
  LatencySummary summary = loadtool::Summarize(&copy);
  summary.count = count;
  summary.max_ms = max_ms;
  return summary;
}

}  // namespace loadtool
