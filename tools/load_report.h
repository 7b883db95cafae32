// load_gen's figures and how they are shown: a table for people on stdout and, for the
// benchmark docs, the same figures as one JSON object.
//
//   RunFigures figures = ...;  // filled by load_gen
//   PrintTable(figures, stdout);
//   std::string json = JsonReport(figures);
#ifndef TOOLS_LOAD_REPORT_H_
#define TOOLS_LOAD_REPORT_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "tools/latency_stats.h"

namespace loadtool {

// One row: an RPC (or the deliberate retries, counted apart from the RPC they repeat).
struct RpcFigures {
  std::string name;
  int64_t calls = 0;       // every call made, answered or not
  int64_t errors = 0;      // calls that failed (their latency is not in `latency`)
  LatencySummary latency;  // over the successful calls
};

struct RunFigures {
  // The run's settings, as given.
  std::string server;
  bool tls = false;
  int64_t clients = 0;
  int64_t limit_operations = 0;
  int64_t limit_seconds = 0;
  int64_t read_percent = 0;
  int64_t retry_percent = 0;
  int64_t new_loan_percent = 0;
  int64_t loans_per_client = 0;
  // What happened.
  double elapsed_seconds = 0;
  std::vector<RpcFigures> rpcs;
  // "RPC CODE REASON" -> count, over the run (not the verification).
  std::map<std::string, int64_t> errors;
  int64_t resends = 0;  // writes sent again after an error that left their outcome unknown
  int64_t resends_found_applied = 0;  // ... and answered replayed: the failed call had applied
  // Verification.
  int64_t loans_checked = 0;
  int64_t writes_acknowledged = 0;
  int64_t repayments_acknowledged = 0;
  int64_t retries_replayed = 0;  // retries answered replayed with the original's sequence
  int64_t mismatch_count = 0;
  std::vector<std::string> mismatch_examples;  // the first few

  int64_t total_calls() const;
  double throughput_per_second() const;  // every call, over the elapsed time
};

void PrintTable(const RunFigures& figures, std::FILE* out);

// The figures as a JSON object (one line per field group, for diffs in the docs).
std::string JsonReport(const RunFigures& figures);

}  // namespace loadtool

#endif  // TOOLS_LOAD_REPORT_H_
