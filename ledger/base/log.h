// ledgerd's log: one JSON object per line on stderr, so that log shippers and `jq` read it
// without a parser of our own format. Every line has "ts" (UTC, milliseconds), "level" and
// "event"; the rest are the caller's fields, in the order given. A line is written with a
// single write(2), so lines from different threads never interleave.
//
//   LogLine(LogLevel::kInfo, "rpc")
//       .Str("method", "microloan.ledger.v1.LoanService/GetLoan")
//       .Str("principal", "county_officer:370281")
//       .Int("latency_us", 412)
//       .Write();
//   // {"ts":"2026-11-30T16:20:01.123Z","level":"info","event":"rpc","method":...}
#ifndef LEDGER_BASE_LOG_H_
#define LEDGER_BASE_LOG_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace ledger {

enum class LogLevel { kInfo, kWarning, kError };

class LogLine {
 public:
  LogLine(LogLevel level, absl::string_view event);
  // For tests: a fixed time instead of now.
  LogLine(LogLevel level, absl::string_view event, absl::Time at);

  // Strings are escaped as JSON requires; bytes that are not UTF-8 become U+FFFD. A field
  // with an empty value is still written (an empty request id says there was none).
  LogLine& Str(absl::string_view key, absl::string_view value);
  LogLine& Int(absl::string_view key, int64_t value);
  LogLine& Bool(absl::string_view key, bool value);

  // The line, with its closing brace and newline.
  std::string Finish() const;
  // Writes the line to the log (stderr, or the sink a test set).
  void Write() const;

 private:
  std::string text_;
};

// `value` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view value);

// Tests capture lines instead of writing to stderr; an empty function restores stderr. Not
// for use while other threads log.
void SetLogSinkForTesting(std::function<void(absl::string_view line)> sink);

}  // namespace ledger

#endif  // LEDGER_BASE_LOG_H_
