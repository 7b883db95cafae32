// The reconcile command line, parsed by hand like the other tools' (no flags library is
// linked): flags are --name=value or, for switches, --name. Pure: no files read, nothing
// connected.
//
//   absl::StatusOr<Options> options = ParseOptions({"--dev_plaintext", "--quarter=2026Q3",
//                                                   "--claims=c.csv", "--out_dir=out"});
//   if (!options.ok()) { print options.status().message() and UsageText(); exit 2; }
#ifndef TOOLS_RECONCILE_OPTIONS_H_
#define TOOLS_RECONCILE_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/reconcile/quarter.h"

namespace reconcile {

struct Options {
  std::string server = "127.0.0.1:50051";
  bool dev_plaintext = false;
  std::string principal = "finance";         // x-ledger-principal, sent in dev_plaintext mode only
  std::string ca_file, cert_file, key_file;  // mutual TLS: all three
  Period period;
  std::string period_name;  // "2026Q3", or the period's text
  // The quarter whose end the chart ends with: the given quarter, or the one holding the
  // --period's last day.
  Quarter chart_last_quarter;
  std::string claims_file;  // --claims, or empty with --from_ledger
  bool from_ledger = false;
  std::string bank_id;  // --bank, with --from_ledger only
  std::string out_dir;
  int64_t tolerance_fen = 0;
  int chart_quarters = 4;
  bool progress = false;
  int64_t timeout_ms = 60000;  // each call's deadline
  bool help = false;
};

inline constexpr int kMaxChartQuarters = 12;

// INVALID_ARGUMENT naming the flag for anything wrong. With --help, the other flags are not
// checked.
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args);

std::string UsageText();

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_OPTIONS_H_
