#include "clients/ledgerctl/fund_view.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commit_view.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

// cash × leverage_multiple, as the API defines the limit (cash = capital + recoveries -
// compensation paid); "-" if it would not fit in int64 (only a corrupt answer could be that
// large).
std::string ExposureLimit(const v1::GuaranteeFund& fund) {
  int64_t limit_fen = 0;
  if (__builtin_mul_overflow(fund.cash().amount_fen(), int64_t{fund.leverage_multiple()},
                             &limit_fen)) {
    return "-";
  }
  return ledger::FormatMoney(ledger::Cny(limit_fen));
}

KeyValues FundFields(const v1::GuaranteeFund& fund) {
  return {
      {"name", fund.name()},
      {"display_name", fund.display_name()},
      {"scope", EnumName(fund.scope())},
      {"region", fund.region_code()},
      {"leverage", absl::StrCat(fund.leverage_multiple(), "x")},
      {"call_after_days", absl::StrCat(fund.call_after_days())},
      {"capital", ledger::FormatMoney(fund.capital())},
      {"cash", ledger::FormatMoney(fund.cash())},
      {"exposure", ledger::FormatMoney(fund.exposure())},
      {"exposure_limit", ExposureLimit(fund)},
      {"compensation_paid", ledger::FormatMoney(fund.compensation_paid())},
      {"recoveries", ledger::FormatMoney(fund.recoveries())},
      {"live_guarantees", absl::StrCat(fund.live_guarantees())},
      {"created_sequence", absl::StrCat(fund.created_sequence())},
      {"last_sequence", absl::StrCat(fund.last_sequence())},
  };
}

}  // namespace

std::string FormatFund(const v1::GuaranteeFund& fund) { return FormatKeyValues(FundFields(fund)); }

std::string FormatFundWithCommit(const v1::GuaranteeFund& fund, const v1::CommitInfo& commit) {
  KeyValues fields = FundFields(fund);
  AppendCommitFields(commit, &fields);
  return FormatKeyValues(fields);
}

const Columns<v1::GuaranteeFund>& FundColumns() {
  using Fund = v1::GuaranteeFund;
  static const auto* columns = new Columns<Fund>{
      {"NAME", Align::kLeft, [](const Fund& fund) -> Cell { return fund.name(); }},
      {"SCOPE", Align::kLeft, [](const Fund& fund) -> Cell { return EnumName(fund.scope()); }},
      {"REGION", Align::kLeft, [](const Fund& fund) -> Cell { return fund.region_code(); }},
      {"LEVERAGE", Align::kRight,
       [](const Fund& fund) {
         return Cell::Split(absl::StrCat(fund.leverage_multiple(), "x"),
                            absl::StrCat(fund.leverage_multiple()));
       }},
      {"CAPITAL", Align::kRight, [](const Fund& fund) { return MoneyCell(fund.capital()); }},
      {"CASH", Align::kRight, [](const Fund& fund) { return MoneyCell(fund.cash()); }},
      {"EXPOSURE", Align::kRight, [](const Fund& fund) { return MoneyCell(fund.exposure()); }},
      {"LIVE", Align::kRight,
       [](const Fund& fund) -> Cell { return absl::StrCat(fund.live_guarantees()); }},
  };
  return *columns;
}

std::string FormatFundTable(const std::vector<v1::GuaranteeFund>& funds) {
  return RenderTable(FundColumns(), funds);
}

}  // namespace ledgerctl
