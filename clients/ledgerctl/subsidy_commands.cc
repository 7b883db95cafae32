#include "clients/ledgerctl/subsidy_commands.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
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
    Table table({{"FROM"},
                 {"TO"},
                 {"DAYS", Align::kRight},
                 {"BALANCE", Align::kRight},
                 {"ELIGIBLE", Align::kRight},
                 {"RATE", Align::kRight},
                 {"SUBSIDY_RATE", Align::kRight},
                 {"LPR", Align::kRight},
                 {"POLICY"},
                 {"EXCLUDED"}});
    for (const v1::SubsidyLine& line : period.lines()) {
      table.AddRow({ledger::FormatDate(line.first_day()), ledger::FormatDate(line.last_day()),
                    absl::StrCat(line.days()), ledger::FormatMoney(line.balance()),
                    ledger::FormatMoney(line.eligible_balance()),
                    absl::StrCat(line.contract_rate_bps(), " bps"),
                    RateBpE4(line.subsidy_rate_bp_e4()),
                    line.lpr_bps() == 0 ? "-" : absl::StrCat(line.lpr_bps(), " bps"),
                    ledger::IsSet(line.policy_effective_from())
                        ? ledger::FormatDate(line.policy_effective_from())
                        : "-",
                    line.exclusion_reason().empty() ? "-" : line.exclusion_reason()});
    }
    absl::StrAppend(&out, table.Render());
  }
  return out;
}

int RunSubsidy(CommandContext& ctx) {
  return RunRead(ctx, BuildComputeSubsidyRequest(ctx.flags),
                 v1::SubsidyService::NewStub(ctx.channel),
                 &v1::SubsidyService::Stub::ComputeSubsidy,
                 [](const v1::ComputeSubsidyRequest&, const v1::ComputeSubsidyResponse& response) {
                   return FormatSubsidy(response);
                 });
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
       "Each line is a run of days with the same balance, rates and policy."});
  return commands;
}

}  // namespace ledgerctl
