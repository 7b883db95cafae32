#include "ledger/metrics/metrics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ledger {
namespace {

// A string_view: With() checks on every observation, and must not allocate to do so.
void Check(bool condition, absl::string_view what) {
  if (!condition) {
    std::fprintf(stderr, "FATAL: metrics: %.*s\n", static_cast<int>(what.size()), what.data());
    std::abort();
  }
}

bool IsName(const std::string& name, bool colon_allowed) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const bool ok = absl::ascii_isalpha(c) || c == '_' || (colon_allowed && c == ':') ||
                    (i > 0 && absl::ascii_isdigit(c));
    if (!ok) return false;
  }
  return true;
}

// HELP text escapes backslash and newline only.
std::string EscapeHelp(const std::string& help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// {a="x",b="y"} plus an optional extra label (a histogram's le); "" when there are none.
std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   const std::string& extra_name = "", const std::string& extra_value = "") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "{" : ",", names[i], "=\"", EscapeLabelValue(values[i]),
                    "\"");
  }
  if (!extra_name.empty()) {
    absl::StrAppend(&out, out.empty() ? "{" : ",", extra_name, "=\"", extra_value, "\"");
  }
  if (!out.empty()) out += "}";
  return out;
}

}  // namespace

std::string FormatScaled(int64_t value, int64_t divisor) {
  Check(divisor > 0, "divisor must be positive");
  if (divisor == 1) return absl::StrCat(value);
  const bool negative = value < 0;
  // Magnitude in unsigned arithmetic: -INT64_MIN does not fit an int64.
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const uint64_t d = static_cast<uint64_t>(divisor);
  uint64_t fraction = magnitude % d;
  std::string out = absl::StrCat(negative ? "-" : "", magnitude / d);
  if (fraction == 0) return out;
  std::string digits;
  for (uint64_t scale = d; scale > 1; scale /= 10) {
    // Only exact for powers of ten, which is all this registry is given (checked on Add).
    digits += static_cast<char>('0' + (fraction * 10 / d) % 10);
    fraction = fraction * 10 % d;
  }
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

Histogram::Histogram(const std::vector<int64_t>& upper_bounds)
    : upper_bounds_(upper_bounds), buckets_(new std::atomic<uint64_t>[upper_bounds.size() + 1]) {
  for (size_t i = 0; i < upper_bounds_.size(); ++i) {
    Check(i == 0 || upper_bounds_[i - 1] < upper_bounds_[i], "histogram bounds must increase");
  }
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(int64_t value) {
  value = std::max<int64_t>(value, 0);
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) - upper_bounds_.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  uint64_t running = 0;
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

template <typename Metric>
Metric* MetricFamily<Metric>::With(const std::vector<std::string>& label_values) {
  Check(label_values.size() == label_names_.size(), "wrong number of label values");
  absl::MutexLock lock(&mu_);
  auto it = series_.find(label_values);
  if (it != series_.end()) return it->second.get();
  std::vector<std::string> key = label_values;
  if (series_.size() >= kMaxSeriesPerFamily) {
    key.assign(label_names_.size(), kOverflowLabel);
    it = series_.find(key);
    if (it != series_.end()) return it->second.get();
  }
  return series_.emplace(std::move(key), make_()).first->second.get();
}

template <typename Metric>
std::vector<std::pair<std::vector<std::string>, const Metric*>> MetricFamily<Metric>::Series()
    const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<std::vector<std::string>, const Metric*>> out;
  out.reserve(series_.size());
  for (const auto& [labels, metric] : series_) out.emplace_back(labels, metric.get());
  return out;
}

template class MetricFamily<Counter>;
template class MetricFamily<Gauge>;
template class MetricFamily<Histogram>;

MetricsRegistry::Entry* MetricsRegistry::Add(const std::string& name, const std::string& help,
                                             const char* type,
                                             std::vector<std::string> label_names) {
  Check(IsName(name, /*colon_allowed=*/true), "bad metric name " + name);
  for (const std::string& label : label_names) {
    Check(IsName(label, /*colon_allowed=*/false) && label != "le", "bad label name " + label);
  }
  absl::MutexLock lock(&mu_);
  for (const auto& entry : entries_) Check(entry->name != name, "metric registered twice " + name);
  auto entry = std::make_unique<Entry>();
  entry->name = name;
  entry->help = help;
  entry->type = type;
  entry->label_names = std::move(label_names);
  entries_.push_back(std::move(entry));
  return entries_.back().get();
}

CounterFamily* MetricsRegistry::AddCounter(const std::string& name, const std::string& help,
                                           std::vector<std::string> label_names) {
  Entry* entry = Add(name, help, "counter", label_names);
  entry->counters.reset(
      new CounterFamily(std::move(label_names), [] { return std::make_unique<Counter>(); }));
  return entry->counters.get();
}

GaugeFamily* MetricsRegistry::AddGauge(const std::string& name, const std::string& help,
                                       std::vector<std::string> label_names) {
  Entry* entry = Add(name, help, "gauge", label_names);
  entry->gauges.reset(
      new GaugeFamily(std::move(label_names), [] { return std::make_unique<Gauge>(); }));
  return entry->gauges.get();
}

HistogramFamily* MetricsRegistry::AddHistogram(const std::string& name, const std::string& help,
                                               std::vector<std::string> label_names,
                                               std::vector<int64_t> upper_bounds, int64_t divisor) {
  bool power_of_ten = divisor > 0;
  for (int64_t d = divisor; power_of_ten && d > 1; d /= 10) power_of_ten = d % 10 == 0;
  Check(power_of_ten, "a histogram's divisor is a power of ten");
  Histogram probe(upper_bounds);  // checks the bounds now, not on first use
  Entry* entry = Add(name, help, "histogram", label_names);
  entry->divisor = divisor;
  entry->histograms.reset(new HistogramFamily(std::move(label_names), [upper_bounds] {
    return std::make_unique<Histogram>(upper_bounds);
  }));
  return entry->histograms.get();
}

void MetricsRegistry::AddGaugeCallback(const std::string& name, const std::string& help,
                                       std::function<std::optional<int64_t>()> read) {
  Entry* entry = Add(name, help, "gauge", {});
  entry->read = std::move(read);
}

std::string MetricsRegistry::Render() const {
  std::vector<const Entry*> entries;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& entry : entries_) entries.push_back(entry.get());
  }
  std::string out;
  for (const Entry* entry : entries) {
    absl::StrAppend(&out, "# HELP ", entry->name, " ", EscapeHelp(entry->help), "\n# TYPE ",
                    entry->name, " ", entry->type, "\n");
    if (entry->read) {
      if (std::optional<int64_t> value = entry->read()) {
        absl::StrAppend(&out, entry->name, " ", *value, "\n");
      }
    } else if (entry->counters) {
      for (const auto& [labels, counter] : entry->counters->Series()) {
        absl::StrAppend(&out, entry->name, Labels(entry->label_names, labels), " ",
                        counter->value(), "\n");
      }
    } else if (entry->gauges) {
      for (const auto& [labels, gauge] : entry->gauges->Series()) {
        absl::StrAppend(&out, entry->name, Labels(entry->label_names, labels), " ", gauge->value(),
                        "\n");
      }
    } else if (entry->histograms) {
      for (const auto& [labels, histogram] : entry->histograms->Series()) {
        const Histogram::Snapshot snapshot = histogram->Read();
        const std::vector<int64_t>& bounds = histogram->upper_bounds();
        for (size_t i = 0; i <= bounds.size(); ++i) {
          const std::string le =
              i < bounds.size() ? FormatScaled(bounds[i], entry->divisor) : "+Inf";
          absl::StrAppend(&out, entry->name, "_bucket",
                          Labels(entry->label_names, labels, "le", le), " ",
                          snapshot.cumulative_counts[i], "\n");
        }
        absl::StrAppend(&out, entry->name, "_sum", Labels(entry->label_names, labels), " ",
                        FormatScaled(snapshot.sum, entry->divisor), "\n", entry->name, "_count",
                        Labels(entry->label_names, labels), " ", snapshot.count, "\n");
      }
    }
  }
  return out;
}

}  // namespace ledger
