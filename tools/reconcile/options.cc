#include "tools/reconcile/options.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/server/transport_security.h"

namespace reconcile {
namespace {

constexpr int64_t kMaxToleranceFen = int64_t{1'000'000'000'000};
constexpr int64_t kMaxTimeoutMs = 86'400'000;

bool IsSwitch(const std::string& name) {
  return name == "dev_plaintext" || name == "from_ledger" || name == "progress" || name == "help";
}

bool IsValueFlag(const std::string& name) {
  for (const char* known :
       {"server", "principal", "ca", "cert", "key", "quarter", "period", "claims", "bank",
        "out_dir", "tolerance_fen", "chart_quarters", "timeout_ms"}) {
    if (name == known) return true;
  }
  return false;
}

absl::Status Bad(absl::string_view flag, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", why));
}

}  // namespace

std::string UsageText() {
  return R"(usage: reconcile --server=HOST:PORT (--dev_plaintext [--principal=finance] |
                 --ca=PEM --cert=PEM --key=PEM)
                 (--quarter=2026Q3 | --period=2026-06-21..2026-09-20)
                 (--claims=FILE.csv | --from_ledger [--bank=B001])
                 --out_dir=DIR [--tolerance_fen=0] [--chart_quarters=4] [--progress]

Checks a bank's subsidy claim against the subsidy the ledger computes per loan for the
period, and writes DIR/discrepancies.csv, DIR/summary_by_bank.csv, DIR/summary_by_county.csv
and DIR/report.html (docs/RECONCILE.md).

  --server=HOST:PORT     the ledger (default 127.0.0.1:50051)
  --dev_plaintext        a development server on loopback: plaintext, caller named by
                         --principal
  --principal=ID         who you act as on a development server (default finance)
  --ca, --cert, --key    mutual TLS: the server's CA, your certificate and key (PEM)
  --quarter=YYYYQn       a settlement quarter: they end on the 20th of Mar/Jun/Sep/Dec,
                         so 2026Q3 is 2026-06-21..2026-09-20
  --period=FROM..TO      an explicit period (inclusive, at most 400 days)
  --claims=FILE          a claim file: bank_id,loan_id,county_code,claimed (CNY)
  --from_ledger          the claims stored in the ledger for exactly this period (not
                         rejected) instead of a file; --bank limits them to one bank
  --out_dir=DIR          where the reports go (created if missing)
  --tolerance_fen=N      a difference of at most N fen per loan is no discrepancy (default 0)
  --chart_quarters=N     the chart's quarters, ending with this one (1..12, default 4)
  --progress             progress on stderr even when it is not a terminal
  --timeout_ms=N         deadline of each call (default 60000)
  --help                 this text

Exit status: 0 no discrepancy and no malformed row; 3 discrepancies or malformed rows;
2 usage error; 1 anything else (server unreachable, unreadable claim file, ...).
)";
}

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  absl::flat_hash_map<std::string, std::string> values;
  Options o;
  for (const std::string& arg : args) {
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", arg, "\""));
    }
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (IsSwitch(name)) {
      if (eq != std::string::npos) return Bad(name, "takes no value");
      if (name == "help") o.help = true;
      if (name == "dev_plaintext") o.dev_plaintext = true;
      if (name == "from_ledger") o.from_ledger = true;
      if (name == "progress") o.progress = true;
      continue;
    }
    if (!IsValueFlag(name)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    if (eq == std::string::npos) return Bad(name, "give a value: --" + name + "=...");
    if (!values.emplace(name, arg.substr(eq + 1)).second) return Bad(name, "given twice");
  }
  if (o.help) return o;
  auto get = [&](const char* name) -> std::string {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  };
  auto has = [&](const char* name) { return values.contains(name); };

  if (has("server")) o.server = get("server");
  if (o.server.empty()) return Bad("server", "give HOST:PORT");
  o.ca_file = get("ca");
  o.cert_file = get("cert");
  o.key_file = get("key");
  const int tls_files = !o.ca_file.empty() + !o.cert_file.empty() + !o.key_file.empty();
  if (tls_files != 0 && tls_files != 3) {
    return Bad("ca", "give --ca, --cert and --key together for mutual TLS");
  }
  if (tls_files == 3 && o.dev_plaintext) {
    return Bad("dev_plaintext", "choose mutual TLS (--ca, --cert, --key) or --dev_plaintext");
  }
  if (tls_files == 0 && !o.dev_plaintext) {
    return Bad("dev_plaintext",
               "choose the transport: --ca, --cert and --key for mutual TLS, or --dev_plaintext "
               "for a development server");
  }
  // Plaintext carries the unauthenticated principal header: to this machine only, like the
  // development server itself listens (one check: ledger::IsLoopbackAddress).
  if (o.dev_plaintext && !ledger::IsLoopbackAddress(o.server)) {
    return Bad("server",
               absl::StrCat("--dev_plaintext connects only to a loopback address (127.0.0.0/8, "
                            "localhost, [::1], with a port); ",
                            o.server, " is not one. Use --ca, --cert and --key for any other"));
  }
  if (has("principal")) {
    o.principal = get("principal");
    if (!o.dev_plaintext) return Bad("principal", "only with --dev_plaintext");
  }
  if (o.principal.empty()) return Bad("principal", "give an id such as finance");
  for (char c : o.principal) {
    if (c < 0x21 || c > 0x7e) return Bad("principal", "printable ASCII only");
  }

  if (has("quarter") == has("period")) {
    return Bad("quarter", "give exactly one of --quarter=2026Q3 and --period=FROM..TO");
  }
  if (has("quarter")) {
    absl::StatusOr<Quarter> q = ParseQuarter(get("quarter"));
    if (!q.ok()) return Bad("quarter", q.status().message());
    o.period = QuarterPeriod(*q);
    o.period_name = absl::StrCat(QuarterName(*q), " (", PeriodText(o.period), ")");
    o.chart_last_quarter = *q;
  } else {
    absl::StatusOr<Period> p = ParsePeriod(get("period"));
    if (!p.ok()) return Bad("period", p.status().message());
    o.period = *p;
    o.period_name = PeriodText(o.period);
    o.chart_last_quarter = QuarterOf(p->last_day);
  }

  if (has("claims") == o.from_ledger) {
    return Bad("claims", "give exactly one of --claims=FILE.csv and --from_ledger");
  }
  o.claims_file = get("claims");
  if (has("claims") && o.claims_file.empty()) return Bad("claims", "give a file");
  if (has("bank")) {
    if (!o.from_ledger)
      return Bad("bank", "only with --from_ledger (a claim file names its banks)");
    o.bank_id = get("bank");
    if (o.bank_id.empty()) return Bad("bank", "give a bank id");
  }
  o.out_dir = get("out_dir");
  if (o.out_dir.empty()) return Bad("out_dir", "required: the directory the reports go to");
  if (has("tolerance_fen") && (!absl::SimpleAtoi(get("tolerance_fen"), &o.tolerance_fen) ||
                               o.tolerance_fen < 0 || o.tolerance_fen > kMaxToleranceFen)) {
    return Bad("tolerance_fen", "give a whole number of fen, 0 or more");
  }
  if (has("chart_quarters") && (!absl::SimpleAtoi(get("chart_quarters"), &o.chart_quarters) ||
                                o.chart_quarters < 1 || o.chart_quarters > kMaxChartQuarters)) {
    return Bad("chart_quarters", absl::StrCat("give 1..", kMaxChartQuarters));
  }
  if (has("timeout_ms") && (!absl::SimpleAtoi(get("timeout_ms"), &o.timeout_ms) ||
                            o.timeout_ms < 1 || o.timeout_ms > kMaxTimeoutMs)) {
    return Bad("timeout_ms", "give 1..86400000");
  }
  return o;
}

}  // namespace reconcile
