#include "clients/ledgerctl/loan_view.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commit_view.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/loan_detail_view.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;
using v1::Loan;

// "-" rather than nothing, so an unset date reads as "not yet" and not as a
// glitch.
std::string DateOrDash(const microloan::ledger::v1::Date& date) {
  return ledger::IsSet(date) ? ledger::FormatDate(date) : "-";
}

// "12 (DPD_1_30) as of 2024-05-01": the server computes it when the loan is read.
std::string DaysPastDue(const Loan& loan) {
  std::string text = absl::StrCat(loan.days_past_due());
  if (loan.delinquency_bucket() != v1::DELINQUENCY_BUCKET_UNSPECIFIED) {
    absl::StrAppend(&text, " (", EnumName(loan.delinquency_bucket()), ")");
  }
  if (ledger::IsSet(loan.as_of_date())) {
    absl::StrAppend(&text, " as of ", ledger::FormatDate(loan.as_of_date()));
  }
  return text;
}

// Figures of a loan gone bad: most loans never have them, so they appear once non-zero.
void AddIfNonZero(const char* key, const v1::Money& money, KeyValues* fields) {
  if (money.amount_fen() != 0) fields->emplace_back(key, ledger::FormatMoney(money));
}

KeyValues LoanFields(const Loan& loan) {
  // Keys stay within the width of "first_disbursement_date", so the block keeps the value
  // column scripts and people are used to.
  KeyValues fields = {
      {"name", loan.name()},
      {"status", StatusName(loan.status())},
      {"borrower", loan.borrower_id()},
      {"county", loan.county_code()},
      {"approved_principal", ledger::FormatMoney(loan.approved_principal())},
      {"disbursed_principal", ledger::FormatMoney(loan.disbursed_principal())},
      {"repaid_principal", ledger::FormatMoney(loan.repaid_principal())},
      {"outstanding_principal", ledger::FormatMoney(loan.outstanding_principal())},
      {"repaid_interest", ledger::FormatMoney(loan.repaid_interest())},
      {"interest_receivable", ledger::FormatMoney(loan.interest_receivable())},
  };
  AddIfNonZero("compensated_principal", loan.compensated_principal(), &fields);
  AddIfNonZero("compensated_interest", loan.compensated_interest(), &fields);
  AddIfNonZero("written_off_principal", loan.written_off_principal(), &fields);
  AddIfNonZero("written_off_interest", loan.written_off_interest(), &fields);
  AddIfNonZero("recovered_to_fund", loan.recovered_to_fund(), &fields);
  AddIfNonZero("recovered_to_bank", loan.recovered_to_bank(), &fields);
  AddIfNonZero("recovered_written_off", loan.recovered_written_off(), &fields);
  const KeyValues rest = {
      {"annual_rate", FormatRateBps(loan.annual_rate_bps())},
      {"term", absl::StrCat(loan.term_months(), " months")},
      {"repayment",
       absl::StrCat(EnumName(loan.repayment_method()), ", ", EnumName(loan.payment_frequency()))},
      {"contract_date", DateOrDash(loan.contract_date())},
      {"maturity_date", DateOrDash(loan.maturity_date())},
  };
  fields.insert(fields.end(), rest.begin(), rest.end());
  if (loan.has_extension()) {
    const v1::Extension& extension = loan.extension();
    fields.emplace_back("extended", absl::StrCat("from ", DateOrDash(extension.from_maturity()),
                                                 " on ", DateOrDash(extension.granted_date()),
                                                 " (entry ", extension.sequence(), ")"));
  }
  const KeyValues tail = {
      {"first_disbursement_date", DateOrDash(loan.first_disbursement_date())},
      {"last_value_date", DateOrDash(loan.last_value_date())},
      {"closed_date", DateOrDash(loan.closed_date())},
      {"days_past_due", DaysPastDue(loan)},
      {"created_sequence", absl::StrCat(loan.created_sequence())},
      {"last_sequence", absl::StrCat(loan.last_sequence())},
      {"entry_count", absl::StrCat(loan.entry_count())},
  };
  fields.insert(fields.end(), tail.begin(), tail.end());
  return fields;
}

}  // namespace

std::string StatusName(microloan::ledger::v1::LoanStatus status) {
  const std::string& name = microloan::ledger::v1::LoanStatus_Name(status);
  return name.empty() ? absl::StrCat("STATUS_", static_cast<int>(status)) : name;
}

std::string FormatLoan(const Loan& loan) { return FormatKeyValues(LoanFields(loan)); }

std::string FormatLoanDetail(const Loan& loan) {
  return absl::StrCat(FormatLoan(loan), FormatSchedule(loan), FormatArrears(loan),
                      FormatGuarantees(loan));
}

std::string FormatLoanWithCommit(const Loan& loan,
                                 const microloan::ledger::v1::CommitInfo& commit) {
  KeyValues fields = LoanFields(loan);
  AppendCommitFields(commit, &fields);
  return FormatKeyValues(fields);
}

const Columns<Loan>& LoanColumns() {
  constexpr ColumnUse kCsvOnly = ColumnUse::kCsvOnly;
  static const auto* columns = new Columns<Loan>{
      {"NAME", Align::kLeft, [](const Loan& loan) -> Cell { return loan.name(); }},
      {"STATUS", Align::kLeft, [](const Loan& loan) -> Cell { return StatusName(loan.status()); }},
      {"COUNTY", Align::kLeft, [](const Loan& loan) -> Cell { return loan.county_code(); }},
      {"OUTSTANDING", Align::kRight,
       [](const Loan& loan) { return MoneyCell(loan.outstanding_principal()); }},
      {"DISBURSED", Align::kRight,
       [](const Loan& loan) { return MoneyCell(loan.disbursed_principal()); }},
      {"LAST_VALUE_DATE", Align::kLeft,
       [](const Loan& loan) { return DateCell(loan.last_value_date()); }},
      {"BORROWER", Align::kLeft, [](const Loan& loan) -> Cell { return loan.borrower_id(); },
       kCsvOnly},
      {"APPROVED", Align::kRight,
       [](const Loan& loan) { return MoneyCell(loan.approved_principal()); }, kCsvOnly},
      {"REPAID_PRINCIPAL", Align::kRight,
       [](const Loan& loan) { return MoneyCell(loan.repaid_principal()); }, kCsvOnly},
      {"REPAID_INTEREST", Align::kRight,
       [](const Loan& loan) { return MoneyCell(loan.repaid_interest()); }, kCsvOnly},
      {"INTEREST_RECEIVABLE", Align::kRight,
       [](const Loan& loan) { return MoneyCell(loan.interest_receivable()); }, kCsvOnly},
      {"RATE_BPS", Align::kRight,
       [](const Loan& loan) -> Cell { return absl::StrCat(loan.annual_rate_bps()); }, kCsvOnly},
      {"TERM_MONTHS", Align::kRight,
       [](const Loan& loan) -> Cell { return absl::StrCat(loan.term_months()); }, kCsvOnly},
      {"CONTRACT_DATE", Align::kLeft,
       [](const Loan& loan) { return DateCell(loan.contract_date()); }, kCsvOnly},
      {"MATURITY_DATE", Align::kLeft,
       [](const Loan& loan) { return DateCell(loan.maturity_date()); }, kCsvOnly},
      {"DAYS_PAST_DUE", Align::kRight,
       [](const Loan& loan) -> Cell { return absl::StrCat(loan.days_past_due()); }, kCsvOnly},
  };
  return *columns;
}

std::string FormatLoanTable(const std::vector<Loan>& loans) {
  return RenderTable(LoanColumns(), loans);
}

}  // namespace ledgerctl
