#include "clients/ledgerctl/loan_detail_view.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::string DateOrDash(const v1::Date& date) {
  return ledger::IsSet(date) ? ledger::FormatDate(date) : "-";
}

std::string Section(const char* heading, const Table& table) {
  return absl::StrCat("\n", heading, ":\n", table.Render());
}

}  // namespace

std::string FormatSchedule(const v1::Loan& loan) {
  if (loan.schedule().empty()) return "";
  Table table({{"INSTALMENT", Align::kRight}, {"DUE_DATE"}, {"PRINCIPAL_DUE", Align::kRight}});
  for (const v1::Instalment& instalment : loan.schedule()) {
    table.AddRow({absl::StrCat(instalment.number()), DateOrDash(instalment.due_date()),
                  ledger::FormatMoney(instalment.principal_due())});
  }
  return Section("schedule", table);
}

std::string FormatArrears(const v1::Loan& loan) {
  if (loan.arrears().empty()) return "";
  Table table({{"INSTALMENT", Align::kRight},
               {"DUE_DATE"},
               {"PRINCIPAL_OVERDUE", Align::kRight},
               {"INTEREST_OVERDUE", Align::kRight},
               {"MARKED_ON"},
               {"CURED_ON"}});
  for (const v1::Arrear& arrear : loan.arrears()) {
    table.AddRow({absl::StrCat(arrear.instalment()), DateOrDash(arrear.due_date()),
                  ledger::FormatMoney(arrear.principal_overdue()),
                  ledger::FormatMoney(arrear.interest_overdue()), DateOrDash(arrear.marked_date()),
                  arrear.cured() ? DateOrDash(arrear.cured_date()) : "-"});
  }
  return Section("arrears", table);
}

std::string FormatGuarantees(const v1::Loan& loan) {
  if (loan.guarantees().empty()) return "";
  Table table({{"ID"},
               {"FORM"},
               {"FUND"},
               {"COVERAGE", Align::kRight},
               {"GUARANTEED", Align::kRight},
               {"STATE"},
               {"ISSUED_ON"},
               {"PARTIES"}});
  for (const v1::Guarantee& guarantee : loan.guarantees()) {
    // Only a fund guarantee has a fund, a share and a guaranteed amount (once the fund issued
    // what the bank requested).
    const bool fund = guarantee.form() == v1::FUND_GUARANTEE;
    const bool issued = fund && guarantee.state() != v1::GUARANTEE_REQUESTED;
    table.AddRow({guarantee.guarantee_id(), EnumName(guarantee.form()),
                  fund ? guarantee.fund_id() : "-",
                  fund ? FormatRateBps(guarantee.coverage_bps()) : "-",
                  issued ? ledger::FormatMoney(guarantee.guaranteed_principal()) : "-",
                  EnumName(guarantee.state()), DateOrDash(guarantee.issued_date()),
                  guarantee.party_ids().empty() ? "-" : absl::StrJoin(guarantee.party_ids(), ",")});
  }
  return Section("guarantees", table);
}

}  // namespace ledgerctl
