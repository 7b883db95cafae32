#include "tools/load_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace loadtool {
namespace {

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

double PerSecond(int64_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0.0;
}

}  // namespace

int64_t RunFigures::total_calls() const {
  int64_t total = 0;
  for (const RpcFigures& rpc : rpcs) total += rpc.calls;
  return total;
}

double RunFigures::throughput_per_second() const {
  return PerSecond(total_calls(), elapsed_seconds);
}

void PrintTable(const RunFigures& f, std::FILE* out) {
  absl::FPrintF(out,
                "load_gen: server=%s %s clients=%d limits: %d operations / %d s; mix: "
                "read=%d%% retry=%d%% new_loan=%d%% of writes, %d loans per client to start\n",
                f.server, f.tls ? "mutual-TLS" : "plaintext", f.clients, f.limit_operations,
                f.limit_seconds, f.read_percent, f.retry_percent, f.new_loan_percent,
                f.loans_per_client);
  absl::FPrintF(out,
                "calls=%d elapsed=%.2f s throughput=%.0f/s resends_after_error=%d "
                "(of which replayed, i.e. applied before the error: %d)\n\n",
                f.total_calls(), f.elapsed_seconds, f.throughput_per_second(), f.resends,
                f.resends_found_applied);
  absl::FPrintF(out, "%-16s %9s %7s %11s %9s %9s %9s %9s\n", "rpc", "calls", "errors", "throughput",
                "p50 ms", "p90 ms", "p99 ms", "max ms");
  for (const RpcFigures& rpc : f.rpcs) {
    absl::FPrintF(out, "%-16s %9d %7d %9.0f/s %9.2f %9.2f %9.2f %9.2f%s\n", rpc.name, rpc.calls,
                  rpc.errors, PerSecond(rpc.calls - rpc.errors, f.elapsed_seconds),
                  rpc.latency.p50_ms, rpc.latency.p90_ms, rpc.latency.p99_ms, rpc.latency.max_ms,
                  rpc.latency.samples < rpc.latency.count ? " (percentiles from a sample)" : "");
  }
  if (!f.errors.empty()) {
    absl::FPrintF(out, "\nerrors (rpc code reason: count)\n");
    for (const auto& [key, count] : f.errors) absl::FPrintF(out, "  %s: %d\n", key, count);
  }
  absl::FPrintF(out,
                "\nverification: loans=%d acknowledged_writes=%d acknowledged_repayments=%d "
                "retries_replayed=%d\n",
                f.loans_checked, f.writes_acknowledged, f.repayments_acknowledged,
                f.retries_replayed);
  for (const std::string& m : f.mismatch_examples) absl::FPrintF(out, "  mismatch: %s\n", m);
  if (f.mismatch_count > static_cast<int64_t>(f.mismatch_examples.size())) {
    absl::FPrintF(out, "  ... %d mismatches in all\n", f.mismatch_count);
  }
  absl::FPrintF(out, "ledger_check=%s\n", f.mismatch_count == 0 ? "ok" : "MISMATCH");
}

std::string JsonReport(const RunFigures& f) {
  std::string json = "{\n";
  absl::StrAppendFormat(
      &json,
      "  \"config\": {\"server\": %s, \"tls\": %s, \"clients\": %d, \"limit_operations\": %d, "
      "\"limit_seconds\": %d, \"read_percent\": %d, \"retry_percent\": %d, "
      "\"new_loan_percent\": %d, \"loans_per_client\": %d},\n",
      JsonString(f.server), f.tls ? "true" : "false", f.clients, f.limit_operations,
      f.limit_seconds, f.read_percent, f.retry_percent, f.new_loan_percent, f.loans_per_client);
  absl::StrAppendFormat(&json,
                        "  \"calls\": %d, \"elapsed_seconds\": %.3f, "
                        "\"throughput_per_second\": %.1f, \"resends_after_error\": %d, "
                        "\"resends_found_applied\": %d,\n",
                        f.total_calls(), f.elapsed_seconds, f.throughput_per_second(), f.resends,
                        f.resends_found_applied);
  json += "  \"rpcs\": [\n";
  for (size_t i = 0; i < f.rpcs.size(); ++i) {
    const RpcFigures& rpc = f.rpcs[i];
    absl::StrAppendFormat(
        &json,
        "    {\"rpc\": %s, \"calls\": %d, \"errors\": %d, \"throughput_per_second\": %.1f, "
        "\"latency_samples\": %d, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
        "\"max_ms\": %.3f}%s\n",
        JsonString(rpc.name), rpc.calls, rpc.errors,
        PerSecond(rpc.calls - rpc.errors, f.elapsed_seconds), rpc.latency.samples,
        rpc.latency.p50_ms, rpc.latency.p90_ms, rpc.latency.p99_ms, rpc.latency.max_ms,
        i + 1 < f.rpcs.size() ? "," : "");
  }
  json += "  ],\n  \"errors\": {";
  const char* separator = "";
  for (const auto& [key, count] : f.errors) {
    absl::StrAppend(&json, separator, JsonString(key), ": ", count);
    separator = ", ";
  }
  json += "},\n";
  absl::StrAppendFormat(&json,
                        "  \"verification\": {\"loans\": %d, \"acknowledged_writes\": %d, "
                        "\"acknowledged_repayments\": %d, \"retries_replayed\": %d, "
                        "\"mismatches\": %d, \"examples\": [",
                        f.loans_checked, f.writes_acknowledged, f.repayments_acknowledged,
                        f.retries_replayed, f.mismatch_count);
  separator = "";
  for (const std::string& m : f.mismatch_examples) {
    absl::StrAppend(&json, separator, JsonString(m));
    separator = ", ";
  }
  absl::StrAppend(&json, "], \"ledger_check\": ", f.mismatch_count == 0 ? "\"ok\"" : "\"MISMATCH\"",
                  "}\n}\n");
  return json;
}

}  // namespace loadtool
