// Counters, gauges and histograms for ledgerd's Prometheus page (/metrics on the HTTP port),
// rendered in Prometheus's text exposition format 0.0.4.
//
// Why our own and not prometheus-cpp: Debian 12 does not package prometheus-cpp, and the
// ledger needs only three metric kinds, fixed buckets and one text format: about 300 lines
// with integer-only hot paths: an observation on a Counter, Gauge or Histogram is a relaxed
// atomic add. Finding a labelled series (MetricFamily::With) takes the family's lock and a
// map lookup, so hot paths hold on to unlabelled series (With({}) once) where they can.
//
// Values are integers in the metric's base unit (microseconds, commands, bytes); a histogram
// declares a divisor that renders them in Prometheus's base unit (seconds), as decimals
// written with integer arithmetic. No floating point anywhere.
//
//   MetricsRegistry registry;
//   CounterFamily* rpcs = registry.AddCounter("ledger_rpcs_total", "RPCs finished.",
//                                             {"method", "code"});
//   rpcs->With({"GetLoan", "OK"})->Increment();
//   HistogramFamily* latency = registry.AddHistogram(
//       "ledger_rpc_seconds", "RPC latency.", {"method"}, {500, 1000, 5000}, /*divisor=*/1000000);
//   latency->With({"GetLoan"})->Observe(730);          // 730 µs
//   registry.AddGaugeCallback("ledger_journal_entries", "Entries.",
//                             [&]() -> std::optional<int64_t> { return head; });
//   std::string page = registry.Render();
#ifndef LEDGER_METRICS_METRICS_H_
#define LEDGER_METRICS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace ledger {

// A family holds at most this many labelled series. Labels come from a fixed set (method
// names, status codes), so the bound only guards against a bug; beyond it observations go to
// one series whose every label is "_overflow".
inline constexpr size_t kMaxSeriesPerFamily = 1024;
inline constexpr char kOverflowLabel[] = "_overflow";

class Counter {
 public:
  void Increment(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(int64_t value) { value_.store(value, std::memory_order_relaxed); }
  void Add(int64_t by) { value_.fetch_add(by, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

class Histogram {
 public:
  // `upper_bounds` are strictly increasing, inclusive (Prometheus's `le`); +Inf is implicit.
  explicit Histogram(const std::vector<int64_t>& upper_bounds);

  // Negative values count as 0 (durations measured on a clock that stepped back).
  void Observe(int64_t value);

  struct Snapshot {
    std::vector<uint64_t> cumulative_counts;  // one per bound, then +Inf
    uint64_t count = 0;
    int64_t sum = 0;
  };
  // Counts read one by one while others observe: each is exact, and cumulative_counts are
  // made monotonic and their +Inf equal to count, as Prometheus requires.
  Snapshot Read() const;
  const std::vector<int64_t>& upper_bounds() const { return upper_bounds_; }

 private:
  const std::vector<int64_t> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // upper_bounds_.size() + 1
  std::atomic<int64_t> sum_{0};
};

// Series of one metric, by label values (in the order of the family's label names).
template <typename Metric>
class MetricFamily {
 public:
  // The series for these label values, created on first use; never null. REQUIRES: as many
  // values as the family has label names.
  Metric* With(const std::vector<std::string>& label_values);

  // Each series with its label values, in label order (for rendering).
  std::vector<std::pair<std::vector<std::string>, const Metric*>> Series() const;

 private:
  friend class MetricsRegistry;
  MetricFamily(std::vector<std::string> label_names, std::function<std::unique_ptr<Metric>()> make)
      : label_names_(std::move(label_names)), make_(std::move(make)) {}

  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> series_ ABSL_GUARDED_BY(mu_);
};

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Names are [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*, each metric name
  // registered once (checked: a bad or repeated name is a programming error and aborts).
  // The families live as long as the registry.
  CounterFamily* AddCounter(const std::string& name, const std::string& help,
                            std::vector<std::string> label_names = {});
  GaugeFamily* AddGauge(const std::string& name, const std::string& help,
                        std::vector<std::string> label_names = {});
  // Values and bounds in the base unit; rendered divided by `divisor` (1 renders integers,
  // 1000000 renders microseconds as seconds).
  HistogramFamily* AddHistogram(const std::string& name, const std::string& help,
                                std::vector<std::string> label_names,
                                std::vector<int64_t> upper_bounds, int64_t divisor);
  // A gauge read when the page is rendered (journal length, database sizes). `read` runs on
  // the scraping thread and must be cheap and thread-safe; nullopt leaves the sample out
  // (a value that cannot be read right now), as Prometheus expects rather than a made-up 0.
  void AddGaugeCallback(const std::string& name, const std::string& help,
                        std::function<std::optional<int64_t>()> read);

  // The text exposition format 0.0.4, metrics in registration order.
  std::string Render() const;

 private:
  struct Entry {
    std::string name;
    std::string help;
    std::string type;  // counter, gauge, histogram
    std::vector<std::string> label_names;
    std::unique_ptr<CounterFamily> counters;
    std::unique_ptr<GaugeFamily> gauges;
    std::unique_ptr<HistogramFamily> histograms;
    int64_t divisor = 1;
    std::function<std::optional<int64_t>()> read;
  };
  Entry* Add(const std::string& name, const std::string& help, const char* type,
             std::vector<std::string> label_names);
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
};

// `value` / `divisor` as a decimal without trailing zeros ("0.00073", "12", "-1.5").
std::string FormatScaled(int64_t value, int64_t divisor);

// A label value escaped for the text format (backslash, double quote, newline).
std::string EscapeLabelValue(const std::string& value);

}  // namespace ledger

#endif  // LEDGER_METRICS_METRICS_H_
