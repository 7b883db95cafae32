#include "clients/ledgerctl/loan_view.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

using microloan::ledger::v1::Loan;

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// "-" rather than nothing, so an unset date reads as "not yet" and not as a
// glitch.
std::string DateOrDash(const microloan::ledger::v1::Date& date) {
  return ledger::IsSet(date) ? ledger::FormatDate(date) : "-";
}

KeyValues LoanFields(const Loan& loan) {
  return {
      {"name", loan.name()},
      {"status", StatusName(loan.status())},
      {"borrower", loan.borrower_id()},
      {"county", loan.county_code()},
      {"approved_principal", ledger::FormatMoney(loan.approved_principal())},
      {"disbursed_principal", ledger::FormatMoney(loan.disbursed_principal())},
      {"repaid_principal", ledger::FormatMoney(loan.repaid_principal())},
      {"outstanding_principal", ledger::FormatMoney(loan.outstanding_principal())},
      {"repaid_interest", ledger::FormatMoney(loan.repaid_interest())},
      {"annual_rate", FormatRateBps(loan.annual_rate_bps())},
      {"term", absl::StrCat(loan.term_months(), " months")},
      {"contract_date", DateOrDash(loan.contract_date())},
      {"first_disbursement_date", DateOrDash(loan.first_disbursement_date())},
      {"last_value_date", DateOrDash(loan.last_value_date())},
      {"closed_date", DateOrDash(loan.closed_date())},
      {"created_sequence", absl::StrCat(loan.created_sequence())},
      {"last_sequence", absl::StrCat(loan.last_sequence())},
      {"entry_count", absl::StrCat(loan.entry_count())},
  };
}

}  // namespace

std::string StatusName(microloan::ledger::v1::LoanStatus status) {
  const std::string& name = microloan::ledger::v1::LoanStatus_Name(status);
  return name.empty() ? absl::StrCat("STATUS_", static_cast<int>(status)) : name;
}

std::string FormatLoan(const Loan& loan) { return FormatKeyValues(LoanFields(loan)); }

std::string FormatLoanWithCommit(const Loan& loan,
                                 const microloan::ledger::v1::CommitInfo& commit) {
  KeyValues fields = LoanFields(loan);
  fields.emplace_back("sequence", absl::StrCat(commit.sequence()));
  fields.emplace_back("commit_time", FormatTimestamp(commit.commit_time()));
  if (commit.replayed()) fields.emplace_back("replayed", "yes");
  return FormatKeyValues(fields);
}

std::string FormatLoanTable(const std::vector<Loan>& loans) {
  Table table({{"NAME"},
               {"STATUS"},
               {"COUNTY"},
               {"OUTSTANDING", Align::kRight},
               {"DISBURSED", Align::kRight},
               {"LAST_VALUE_DATE"}});
  for (const Loan& loan : loans) {
    table.AddRow({loan.name(), StatusName(loan.status()), loan.county_code(),
                  ledger::FormatMoney(loan.outstanding_principal()),
                  ledger::FormatMoney(loan.disbursed_principal()),
                  DateOrDash(loan.last_value_date())});
  }
  return table.Render();
}

}  // namespace ledgerctl
