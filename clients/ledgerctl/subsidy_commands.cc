#include "clients/ledgerctl/subsidy_commands.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/columns.h"
#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/table.h"
#include "clients/ledgerctl/unary_call.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

// --loan, and --from/--to together (one period) or neither (the server's default periods).
absl::StatusOr<v1::ComputeSubsidyRequest> BuildComputeSubsidyRequest(const ParsedFlags& flags) {
  v1::ComputeSubsidyRequest request;
  absl::StatusOr<std::string> loan = RequiredString(flags, "loan");
  if (!loan.ok()) return loan.status();
  request.set_loan(*loan);
  absl::StatusOr<std::optional<v1::Date>> from = OptionalDate(flags, "from");
  if (!from.ok()) return from.status();
  absl::StatusOr<std::optional<v1::Date>> to = OptionalDate(flags, "to");
  if (!to.ok()) return to.status();
  if (from->has_value() != to->has_value()) {
    return absl::InvalidArgumentError(
        "--from and --to go together (or neither, for every "
        "quarterly settlement period so far)");
  }
  if (from->has_value()) {
    v1::DatePeriod* period = request.add_periods();
    *period->mutable_first_day() = **from;
    *period->mutable_last_day() = **to;
  }
  return request;
}

// The subsidy rate a year from 1/10000 bp: "217.5 bps".
std::string RateBpE4(int64_t bp_e4) {
  std::string text = absl::StrCat(bp_e4 / 10000);
  int64_t fraction = bp_e4 % 10000;
  if (fraction != 0) {
    std::string digits = absl::StrCat(10000 + fraction).substr(1);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&text, ".", digits);
  }
  return absl::StrCat(text, " bps");
}

// A day range of a period: a row of the period's table, and of the CSV of all periods.
struct LineRow {
  v1::DatePeriod period;
  v1::SubsidyLine line;
};

const Columns<LineRow>& LineColumns() {
  auto bps = [](int32_t bps) { return Cell::Split(absl::StrCat(bps, " bps"), absl::StrCat(bps)); };
  static const auto* columns = new Columns<LineRow>{
      {"PERIOD", Align::kLeft,
       [](const LineRow& r) -> Cell {
         return absl::StrCat(ledger::FormatDate(r.period.first_day()), "..",
                             ledger::FormatDate(r.period.last_day()));
       },
       ColumnUse::kCsvOnly},
      {"FROM", Align::kLeft, [](const LineRow& r) { return DateCell(r.line.first_day()); }},
      {"TO", Align::kLeft, [](const LineRow& r) { return DateCell(r.line.last_day()); }},
      {"DAYS", Align::kRight, [](const LineRow& r) -> Cell { return absl::StrCat(r.line.days()); }},
      {"BALANCE", Align::kRight, [](const LineRow& r) { return MoneyCell(r.line.balance()); }},
      {"ELIGIBLE", Align::kRight,
       [](const LineRow& r) { return MoneyCell(r.line.eligible_balance()); }},
      {"RATE", Align::kRight, [bps](const LineRow& r) { return bps(r.line.contract_rate_bps()); }},
      {"SUBSIDY_RATE", Align::kRight,
       [](const LineRow& r) {
         const std::string rate = RateBpE4(r.line.subsidy_rate_bp_e4());
         return Cell::Split(rate, rate.substr(0, rate.size() - 4));  // without " bps"
       }},
      {"LPR", Align::kRight,
       [bps](const LineRow& r) {
         return r.line.lpr_bps() == 0 ? Cell::Missing() : bps(r.line.lpr_bps());
       }},
      {"POLICY", Align::kLeft,
       [](const LineRow& r) { return DateCell(r.line.policy_effective_from()); }},
      {"EXCLUDED", Align::kLeft,
       [](const LineRow& r) {
         return r.line.exclusion_reason().empty() ? Cell::Missing()
                                                  : Cell(r.line.exclusion_reason());
       }},
  };
  return *columns;
}

std::vector<LineRow> LineRows(const v1::PeriodSubsidy& period) {
  std::vector<LineRow> rows;
  for (const v1::SubsidyLine& line : period.lines()) rows.push_back({period.period(), line});
  return rows;
}

// Every period's day ranges, a row each (the periods' totals are the JSON's and the text's).
std::string SubsidyCsv(const v1::ComputeSubsidyResponse& response) {
  std::string out = CsvHeader(LineColumns());
  for (const v1::PeriodSubsidy& period : response.periods()) {
    out += CsvRows(LineColumns(), LineRows(period));
  }
  return out;
}

std::string FormatSubsidy(const v1::ComputeSubsidyResponse& response) {
  std::string out = absl::StrCat("loan: ", response.loan(),
                                 "\nas_of_sequence: ", response.as_of_sequence(), "\n");
  if (response.periods().empty()) absl::StrAppend(&out, "(no periods)\n");
  for (const v1::PeriodSubsidy& period : response.periods()) {
    absl::StrAppend(&out, "\nperiod ", ledger::FormatDate(period.period().first_day()), " .. ",
                    ledger::FormatDate(period.period().last_day()), "\n",
                    FormatKeyValues({{"interest", ledger::FormatMoney(period.interest())},
                                     {"subsidy", ledger::FormatMoney(period.subsidy())},
                                     {"borrower", ledger::FormatMoney(period.borrower())}}));
    absl::StrAppend(&out, RenderTable(LineColumns(), LineRows(period)));
  }
  return out;
}

int RunSubsidy(CommandContext& ctx) {
  return RunRead(
      ctx, BuildComputeSubsidyRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::ComputeSubsidy,
      [](const v1::ComputeSubsidyRequest&, const v1::ComputeSubsidyResponse& response) {
        return FormatSubsidy(response);
      },
      SubsidyCsv);
}

}  // namespace

std::vector<CommandSpec> SubsidyCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"subsidy",
       "What a loan's interest, subsidy and borrower's share are per period, without writing "
       "anything (SubsidyService.ComputeSubsidy)",
       "--loan=NAME [--from=YYYY-MM-DD --to=YYYY-MM-DD]",
       "ledgerctl subsidy --loan=banks/B001/loans/L-1 --from=2025-11-15 --to=2025-12-14",
       {LoanNameFlag(),
        {"from", true, "YYYY-MM-DD", "the period's first day (with --to)"},
        {"to", true, "YYYY-MM-DD",
         "the period's last day, inclusive (default: each quarterly settlement period from the "
         "first disbursement to today, at most the last 40)"}},
       RunSubsidy,
       "Amounts are rounded half-up to the fen once per period; borrower = interest - subsidy. "
       "Each line is a run of days with the same balance, rates and policy. With --output=csv: "
       "a row per line, with its PERIOD."});
  commands.back().csv = true;
  return commands;
}

}  // namespace ledgerctl
