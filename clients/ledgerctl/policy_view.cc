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

std::string FormatPolicyVersionTable(const std::vector<v1::SubsidyPolicyVersion>& versions) {
  Table table({{"EFFECTIVE_FROM"},
               {"MODE"},
               {"SPREAD", Align::kRight},
               {"SHARE", Align::kRight},
               {"RATE_CAP"},
               {"PRINCIPAL_CAP", Align::kRight},
               {"MAX_MONTHS", Align::kRight},
               {"DAY_COUNT"},
               {"SELECTION"},
               {"SEQUENCE", Align::kRight},
               {"SOURCE"}});
  for (const v1::SubsidyPolicyVersion& version : versions) {
    table.AddRow(
        {DateOrDash(version.effective_from()), EnumName(version.mode()),
         version.mode() == v1::BORROWER_PAYS_UP_TO_LPR_MINUS ? Bps(version.borrower_spread_bps())
                                                             : "-",
         version.mode() == v1::PERCENT_OF_INTEREST ? Bps(version.subsidy_share_bps()) : "-",
         RateCap(version), PrincipalCap(version), MaxMonths(version), DayCount(version.day_count()),
         Selection(version.version_selection()), absl::StrCat(version.sequence()),
         version.source().empty() ? "-" : version.source()});
  }
  return table.Render();
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
  Table table({{"EFFECTIVE_FROM"}, {"LPR", Align::kRight}, {"SEQUENCE", Align::kRight}});
  for (const v1::LprFixing& fixing : fixings) {
    table.AddRow({DateOrDash(fixing.effective_from()), FormatRateBps(fixing.lpr_bps()),
                  absl::StrCat(fixing.sequence())});
  }
  return table.Render();
}

}  // namespace ledgerctl
