#include "ledger/metrics/metrics.h"

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace ledger {
namespace {

TEST(FormatScaledTest, IntegerDecimals) {
  EXPECT_EQ(FormatScaled(730, 1000000), "0.00073");
  EXPECT_EQ(FormatScaled(2500000, 1000000), "2.5");
  EXPECT_EQ(FormatScaled(3000000, 1000000), "3");
  EXPECT_EQ(FormatScaled(0, 1000000), "0");
  EXPECT_EQ(FormatScaled(-1500, 1000), "-1.5");
  EXPECT_EQ(FormatScaled(42, 1), "42");
  EXPECT_EQ(FormatScaled(INT64_MIN, 1000000), "-9223372036854.775808");
  EXPECT_EQ(FormatScaled(INT64_MAX, 1000000), "9223372036854.775807");
}

TEST(EscapeLabelValueTest, EscapesWhatTheFormatRequires) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(EscapeLabelValue("microloan.ledger.v1.LoanService/GetLoan"),
            "microloan.ledger.v1.LoanService/GetLoan");
}

TEST(MetricsRegistryTest, RendersCountersGaugesAndCallbacks) {
  MetricsRegistry registry;
  CounterFamily* rpcs =
      registry.AddCounter("ledger_rpcs_total", "RPCs finished.\nBy code.", {"method", "code"});
  rpcs->With({"GetLoan", "OK"})->Increment();
  rpcs->With({"GetLoan", "OK"})->Increment(2);
  rpcs->With({"Get\"Loan", "NOT_FOUND"})->Increment();
  GaugeFamily* depth = registry.AddGauge("ledger_queue_depth", "Waiting commands.");
  depth->With({})->Set(7);
  depth->With({})->Add(-2);
  int64_t entries = 41;
  registry.AddGaugeCallback("ledger_journal_entries", "Entries.",
                            [&]() -> std::optional<int64_t> { return entries; });
  registry.AddGaugeCallback("ledger_unknown_now", "Unreadable.",
                            []() -> std::optional<int64_t> { return std::nullopt; });
  entries = 42;
  EXPECT_EQ(registry.Render(),
            "# HELP ledger_rpcs_total RPCs finished.\\nBy code.\n"
            "# TYPE ledger_rpcs_total counter\n"
            "ledger_rpcs_total{method=\"Get\\\"Loan\",code=\"NOT_FOUND\"} 1\n"
            "ledger_rpcs_total{method=\"GetLoan\",code=\"OK\"} 3\n"
            "# HELP ledger_queue_depth Waiting commands.\n"
            "# TYPE ledger_queue_depth gauge\n"
            "ledger_queue_depth 5\n"
            "# HELP ledger_journal_entries Entries.\n"
            "# TYPE ledger_journal_entries gauge\n"
            "ledger_journal_entries 42\n"
            "# HELP ledger_unknown_now Unreadable.\n"
            "# TYPE ledger_unknown_now gauge\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeAndInclusive) {
  MetricsRegistry registry;
  HistogramFamily* latency = registry.AddHistogram("ledger_rpc_seconds", "Latency.", {"method"},
                                                   {500, 1000, 5000}, 1000000);
  Histogram* h = latency->With({"GetLoan"});
  for (int64_t micros : {100, 500, 501, 1000, 4999, 70000, -5}) h->Observe(micros);
  EXPECT_EQ(registry.Render(),
            "# HELP ledger_rpc_seconds Latency.\n"
            "# TYPE ledger_rpc_seconds histogram\n"
            "ledger_rpc_seconds_bucket{method=\"GetLoan\",le=\"0.0005\"} 3\n"
            "ledger_rpc_seconds_bucket{method=\"GetLoan\",le=\"0.001\"} 5\n"
            "ledger_rpc_seconds_bucket{method=\"GetLoan\",le=\"0.005\"} 6\n"
            "ledger_rpc_seconds_bucket{method=\"GetLoan\",le=\"+Inf\"} 7\n"
            "ledger_rpc_seconds_sum{method=\"GetLoan\"} 0.0771\n"
            "ledger_rpc_seconds_count{method=\"GetLoan\"} 7\n");
}

TEST(MetricsRegistryTest, SeriesAreBounded) {
  MetricsRegistry registry;
  CounterFamily* family = registry.AddCounter("c_total", "c", {"k"});
  for (size_t i = 0; i < kMaxSeriesPerFamily + 10; ++i) {
    family->With({absl::StrCat("v", i)})->Increment();
  }
  std::vector<std::pair<std::vector<std::string>, const Counter*>> series = family->Series();
  ASSERT_EQ(series.size(), kMaxSeriesPerFamily + 1);
  uint64_t overflow = 0;
  for (const auto& [labels, counter] : series) {
    if (labels[0] == kOverflowLabel) overflow = counter->value();
  }
  EXPECT_EQ(overflow, 10u);
  // A series that existed before the bound keeps counting on its own.
  family->With({"v0"})->Increment();
  EXPECT_EQ(family->With({"v0"})->value(), 2u);
}

TEST(MetricsRegistryTest, ConcurrentObservationsAreAllCounted) {
  MetricsRegistry registry;
  CounterFamily* counter = registry.AddCounter("n_total", "n", {"t"});
  HistogramFamily* histogram = registry.AddHistogram("h", "h", {}, {10}, 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        counter->With({t % 2 == 0 ? "even" : "odd"})->Increment();
        histogram->With({})->Observe(i % 20);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter->With({"even"})->value(), 20000u);
  EXPECT_EQ(counter->With({"odd"})->value(), 20000u);
  const Histogram::Snapshot snapshot = histogram->With({})->Read();
  EXPECT_EQ(snapshot.count, 40000u);
  EXPECT_EQ(snapshot.cumulative_counts[0], 22000u);  // 0..10 of each 20
  EXPECT_EQ(snapshot.sum, 4 * 500 * 190);
}

TEST(MetricsRegistryDeathTest, BadNamesAndTwinsAbort) {
  EXPECT_DEATH(MetricsRegistry().AddCounter("1bad", "x"), "bad metric name");
  EXPECT_DEATH(MetricsRegistry().AddCounter("ok", "x", {"le"}), "bad label name");
  EXPECT_DEATH(
      {
        MetricsRegistry registry;
        registry.AddCounter("twice", "x");
        registry.AddGauge("twice", "x");
      },
      "registered twice");
  EXPECT_DEATH(MetricsRegistry().AddHistogram("h", "x", {}, {5, 5}, 1), "bounds must increase");
  EXPECT_DEATH(MetricsRegistry().AddHistogram("h", "x", {}, {5}, 3), "power of ten");
}

}  // namespace
}  // namespace ledger
