#include "clients/ledgerctl/policy_view.h"

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commit_view.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::string Bps(int32_t bps) { return absl::StrCat(bps, " bps"); }

// "150 bps" in a table, "150" in CSV.
Cell BpsCell(int32_t bps) { return Cell::Split(Bps(bps), absl::StrCat(bps)); }

// A signed spread over LPR: "LPR+250 bps", "LPR-50 bps"; "none" when unset.
std::string RateCap(const v1::SubsidyPolicyVersion& version) {
  if (!version.has_rate_cap_spread_bps()) return "none";
  const int32_t spread = version.rate_cap_spread_bps();
  return absl::StrCat("LPR", spread < 0 ? "" : "+", spread, " bps");
}

std::string PrincipalCap(const v1::SubsidyPolicyVersion& version) {
  return version.has_principal_cap() ? ledger::FormatMoney(version.principal_cap()) : "none";
}

std::string MaxMonths(const v1::SubsidyPolicyVersion& version) {
  return version.has_max_subsidised_months() ? absl::StrCat(version.max_subsidised_months())
                                             : "none";
}

// The defaults by the name they stand for, so nobody reads UNSPECIFIED as "none".
std::string DayCount(v1::DayCount day_count) {
  return EnumName(day_count == v1::DAY_COUNT_UNSPECIFIED ? v1::ACTUAL_360 : day_count);
}

std::string Selection(v1::VersionSelection selection) {
  return EnumName(selection == v1::VERSION_SELECTION_UNSPECIFIED ? v1::BY_CONTRACT_DATE
                                                                 : selection);
}

std::string DateOrDash(const v1::Date& date) {
  return ledger::IsSet(date) ? ledger::FormatDate(date) : "-";
}

}  // namespace

std::string FormatPolicyVersionWithCommit(const v1::SubsidyPolicyVersion& version,
                                          const v1::CommitInfo& commit) {
  KeyValues fields = {
      {"effective_from", DateOrDash(version.effective_from())},
      {"mode", EnumName(version.mode())},
  };
  if (version.mode() == v1::BORROWER_PAYS_UP_TO_LPR_MINUS) {
    fields.push_back({"borrower_spread", Bps(version.borrower_spread_bps())});
  }
  if (version.mode() == v1::PERCENT_OF_INTEREST) {
    fields.push_back({"subsidy_share", Bps(version.subsidy_share_bps())});
  }
  fields.push_back({"rate_cap", RateCap(version)});
  fields.push_back({"principal_cap", PrincipalCap(version)});
  fields.push_back({"max_months", MaxMonths(version)});
  fields.push_back({"day_count", DayCount(version.day_count())});
  fields.push_back({"selection", Selection(version.version_selection())});
  fields.push_back({"source", version.source().empty() ? "-" : version.source()});
  AppendCommitFields(commit, &fields);
  return FormatKeyValues(fields);
}

const Columns<v1::SubsidyPolicyVersion>& PolicyVersionColumns() {
  using Version = v1::SubsidyPolicyVersion;
  static const auto* columns = new Columns<Version>{
      {"EFFECTIVE_FROM", Align::kLeft,
       [](const Version& v) { return DateCell(v.effective_from()); }},
      {"MODE", Align::kLeft, [](const Version& v) -> Cell { return EnumName(v.mode()); }},
      {"SPREAD", Align::kRight,
       [](const Version& v) {
         return v.mode() == v1::BORROWER_PAYS_UP_TO_LPR_MINUS ? BpsCell(v.borrower_spread_bps())
                                                              : Cell::Missing();
       }},
      {"SHARE", Align::kRight,
       [](const Version& v) {
         return v.mode() == v1::PERCENT_OF_INTEREST ? BpsCell(v.subsidy_share_bps())
                                                    : Cell::Missing();
       }},
      {"RATE_CAP", Align::kLeft, [](const Version& v) -> Cell { return RateCap(v); }},
      {"PRINCIPAL_CAP", Align::kRight,
       [](const Version& v) {
         return v.has_principal_cap() ? MoneyCell(v.principal_cap()) : Cell("none");
       }},
      {"MAX_MONTHS", Align::kRight, [](const Version& v) -> Cell { return MaxMonths(v); }},
      {"DAY_COUNT", Align::kLeft, [](const Version& v) -> Cell { return DayCount(v.day_count()); }},
      {"SELECTION", Align::kLeft,
       [](const Version& v) -> Cell { return Selection(v.version_selection()); }},
      {"SEQUENCE", Align::kRight,
       [](const Version& v) -> Cell { return absl::StrCat(v.sequence()); }},
      {"SOURCE", Align::kLeft,
       [](const Version& v) { return v.source().empty() ? Cell::Missing() : Cell(v.source()); }},
  };
  return *columns;
}

const Columns<v1::LprFixing>& LprFixingColumns() {
  using Fixing = v1::LprFixing;
  static const auto* columns = new Columns<Fixing>{
      {"EFFECTIVE_FROM", Align::kLeft,
       [](const Fixing& f) { return DateCell(f.effective_from()); }},
      {"LPR", Align::kRight,
       [](const Fixing& f) {
         return Cell::Split(FormatRateBps(f.lpr_bps()), absl::StrCat(f.lpr_bps()));
       }},
      {"SEQUENCE", Align::kRight,
       [](const Fixing& f) -> Cell { return absl::StrCat(f.sequence()); }},
  };
  return *columns;
}

std::string FormatPolicyVersionTable(const std::vector<v1::SubsidyPolicyVersion>& versions) {
  return RenderTable(PolicyVersionColumns(), versions);
}

std::string FormatLprFixingWithCommit(const v1::LprFixing& fixing, const v1::CommitInfo& commit) {
  KeyValues fields = {
      {"effective_from", DateOrDash(fixing.effective_from())},
      {"lpr", FormatRateBps(fixing.lpr_bps())},
  };
  AppendCommitFields(commit, &fields);
  return FormatKeyValues(fields);
}

std::string FormatLprFixingTable(const std::vector<v1::LprFixing>& fixings) {
  return RenderTable(LprFixingColumns(), fixings);
}

}  // namespace ledgerctl
