// reconcile: finance staff's subsidy reconciliation (docs/RECONCILE.md). Wires the pieces
// together: options.h parses the command line, claim_csv.h or ledger_source.h reads the
// claims, ledger_source.h the ledger's expected subsidy, reconcile.h compares, report_csv.h
// and report_html.h write DIR/discrepancies.csv, DIR/summary_by_bank.csv,
// DIR/summary_by_county.csv and DIR/report.html.
//
//   reconcile --server=127.0.0.1:50051 --dev_plaintext --principal=finance
//       --quarter=2026Q3 --claims=claims.csv --out_dir=out
//
// Exit status: 0 clean, 3 discrepancies or malformed rows, 2 usage error, 1 other failure.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <system_error>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tools/reconcile/claim_csv.h"
#include "tools/reconcile/cny.h"
#include "tools/reconcile/ledger_source.h"
#include "tools/reconcile/options.h"
#include "tools/reconcile/quarter.h"
#include "tools/reconcile/reconcile.h"
#include "tools/reconcile/report_csv.h"
#include "tools/reconcile/report_html.h"

namespace reconcile {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDiscrepancies = 3;

// At most four progress lines a second, on stderr, when enabled.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}

  Progress For(std::string what) {
    if (!enabled_) return nullptr;
    return [this, what](int64_t count) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_ < std::chrono::milliseconds(250)) return;
      last_ = now;
      std::fprintf(stderr, "%s %lld\n", what.c_str(), static_cast<long long>(count));
    };
  }

  void Done(const std::string& what, int64_t count) {
    if (enabled_)
      std::fprintf(stderr, "%s %lld (done)\n", what.c_str(), static_cast<long long>(count));
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point last_{};
};

absl::Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return absl::FailedPreconditionError(absl::StrCat("cannot write ", partial.string()));
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot rename ", partial.string(), ": ", error.message()));
  }
  return absl::OkStatus();
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "reconcile: %s\n", std::string(status.message()).c_str());
  return kExitFailure;
}

// Expected subsidy per county per quarter, from one listing per quarter.
absl::StatusOr<std::vector<CountySeries>> ChartSeries(
    const std::vector<std::vector<ExpectedLoan>>& per_quarter) {
  std::map<std::string, std::vector<absl::int128>> sums;
  for (size_t q = 0; q < per_quarter.size(); ++q) {
    for (const ExpectedLoan& loan : per_quarter[q]) {
      std::vector<absl::int128>& row = sums[loan.county_code];
      row.resize(per_quarter.size());
      row[q] += loan.expected_fen;
    }
  }
  std::vector<CountySeries> out;
  for (const auto& [county, row] : sums) {
    CountySeries series{county, {}};
    for (absl::int128 v : row) {
      if (v > std::numeric_limits<int64_t>::max() || v < std::numeric_limits<int64_t>::min()) {
        return absl::OutOfRangeError(absl::StrCat("county ", county, ": sum does not fit int64"));
      }
      series.expected_fen.push_back(static_cast<int64_t>(v));
    }
    out.push_back(std::move(series));
  }
  return out;
}

int Run(const Options& o) {
  ProgressLine progress(o.progress || isatty(STDERR_FILENO));

  ClaimFile claims;
  std::string source_text;
  if (!o.from_ledger) {
    absl::StatusOr<ClaimFile> file = ReadClaimFile(o.claims_file);
    if (!file.ok()) return Fail(file.status());
    claims = *std::move(file);
    source_text = absl::StrCat("claim file ", o.claims_file);
    progress.Done("claim rows read", claims.data_rows);
  }

  ConnectionOptions connection;
  connection.server = o.server;
  connection.dev_plaintext = o.dev_plaintext;
  connection.principal = o.principal;
  connection.ca_file = o.ca_file;
  connection.cert_file = o.cert_file;
  connection.key_file = o.key_file;
  connection.timeout_ms = o.timeout_ms;
  absl::StatusOr<std::unique_ptr<LedgerSource>> source = LedgerSource::Connect(connection);
  if (!source.ok()) return Fail(source.status());

  if (o.from_ledger) {
    const std::string what = "stored claims read";
    absl::StatusOr<std::vector<ClaimedLoan>> stored =
        (*source)->ListStoredClaims(o.period, o.bank_id, progress.For(what));
    if (!stored.ok()) return Fail(stored.status());
    progress.Done(what, static_cast<int64_t>(stored->size()));
    claims.rows = *std::move(stored);
    source_text = o.bank_id.empty()
                      ? "the claims stored in the ledger"
                      : absl::StrCat("the claims of ", o.bank_id, " stored in the ledger");
  }

  // One listing per chart quarter; the reconciled period's is the last one when it is that
  // quarter, else one more.
  const std::vector<Quarter> quarters = QuartersEndingWith(o.chart_last_quarter, o.chart_quarters);
  std::vector<std::vector<ExpectedLoan>> per_quarter;
  std::vector<std::string> quarter_names;
  for (const Quarter& q : quarters) {
    const std::string what = absl::StrCat(QuarterName(q), ": loans listed");
    absl::StatusOr<std::vector<ExpectedLoan>> listed =
        (*source)->ListExpected(QuarterPeriod(q), o.bank_id, "", progress.For(what));
    if (!listed.ok()) return Fail(listed.status());
    progress.Done(what, static_cast<int64_t>(listed->size()));
    per_quarter.push_back(*std::move(listed));
    quarter_names.push_back(QuarterName(q));
  }
  const Period last_quarter = QuarterPeriod(quarters.back());
  std::vector<ExpectedLoan> expected;
  if (last_quarter.first_day == o.period.first_day && last_quarter.last_day == o.period.last_day) {
    expected = per_quarter.back();
  } else {
    const std::string what = absl::StrCat(PeriodText(o.period), ": loans listed");
    absl::StatusOr<std::vector<ExpectedLoan>> listed =
        (*source)->ListExpected(o.period, o.bank_id, "", progress.For(what));
    if (!listed.ok()) return Fail(listed.status());
    progress.Done(what, static_cast<int64_t>(listed->size()));
    expected = *std::move(listed);
  }

  ReconcileInput input{std::move(claims.rows), std::move(claims.errors), std::move(expected),
                       o.tolerance_fen};
  absl::StatusOr<Reconciliation> result = Reconcile(input);
  if (!result.ok()) return Fail(result.status());
  absl::StatusOr<std::vector<CountySeries>> chart = ChartSeries(per_quarter);
  if (!chart.ok()) return Fail(chart.status());

  HtmlReport report;
  report.period_text = o.period_name;
  report.source_text = source_text;
  report.tolerance_fen = o.tolerance_fen;
  report.result = &*result;
  report.chart_quarters = quarter_names;
  report.chart = *std::move(chart);

  std::error_code error;
  std::filesystem::create_directories(o.out_dir, error);
  if (error) {
    return Fail(absl::FailedPreconditionError(
        absl::StrCat("--out_dir: cannot create ", o.out_dir, ": ", error.message())));
  }
  const std::filesystem::path dir(o.out_dir);
  for (const auto& [name, text] : std::vector<std::pair<const char*, std::string>>{
           {"discrepancies.csv", DiscrepanciesCsv(result->discrepancies)},
           {"summary_by_bank.csv", SummaryCsv(result->by_bank, "bank_id")},
           {"summary_by_county.csv", SummaryCsv(result->by_county, "county_code")},
           {"report.html", RenderHtml(report)}}) {
    if (absl::Status s = WriteFile(dir / name, text); !s.ok()) return Fail(s);
  }
  const Totals& t = result->totals;
  std::printf(
      "%s: %lld loans claimed, %s CNY claimed, %s CNY expected; %lld discrepancies "
      "(%lld over-claimed, %lld under-claimed, %lld unknown loans, %lld not claimed, %lld "
      "malformed rows); reports in %s\n",
      o.period_name.c_str(), static_cast<long long>(t.loans_claimed),
      FormatCny(t.claimed_fen).c_str(), FormatCny(t.expected_fen).c_str(),
      static_cast<long long>(t.discrepancies), static_cast<long long>(t.over_claimed),
      static_cast<long long>(t.under_claimed), static_cast<long long>(t.unknown_loans),
      static_cast<long long>(t.not_claimed), static_cast<long long>(t.malformed_rows),
      o.out_dir.c_str());
  return t.discrepancies == 0 ? kExitClean : kExitDiscrepancies;
}

}  // namespace
}  // namespace reconcile

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<reconcile::Options> options = reconcile::ParseOptions(args);
  if (!options.ok()) {
    std::fprintf(stderr, "reconcile: %s\n%s", std::string(options.status().message()).c_str(),
                 reconcile::UsageText().c_str());
    return reconcile::kExitUsage;
  }
  if (options->help) {
    std::fputs(reconcile::UsageText().c_str(), stdout);
    return reconcile::kExitClean;
  }
  return reconcile::Run(*options);
}
