#include "clients/ledgerctl/claim_view.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commit_view.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

std::string Period(const v1::DatePeriod& period) {
  return absl::StrCat(ledger::FormatDate(period.first_day()), "..",
                      ledger::FormatDate(period.last_day()));
}

// A money field that may be unset ("-" then).
std::string MaybeMoney(bool set, const v1::Money& money) {
  return set ? ledger::FormatMoney(money) : "-";
}

KeyValues ClaimFields(const v1::SubsidyClaim& claim) {
  KeyValues fields = {
      {"name", claim.name()},
      {"state", EnumName(claim.state())},
      {"period", Period(claim.period())},
      {"lines", absl::StrCat(claim.line_count())},
      {"claimed_total", ledger::FormatMoney(claim.claimed_total())},
      {"expected_total", ledger::FormatMoney(claim.expected_total())},
  };
  if (claim.approval() != v1::CLAIM_APPROVAL_UNSPECIFIED) {
    fields.push_back({"approval", EnumName(claim.approval())});
    fields.push_back({"approved_total", ledger::FormatMoney(claim.approved_total())});
  }
  if (!claim.rejection_reason().empty()) {
    fields.push_back({"rejection_reason", claim.rejection_reason()});
  }
  if (claim.has_paid_total())
    fields.push_back({"paid_total", ledger::FormatMoney(claim.paid_total())});
  if (!claim.payment_reference().empty()) {
    fields.push_back({"payment_reference", claim.payment_reference()});
  }
  if (ledger::IsSet(claim.payment_date())) {
    fields.push_back({"payment_date", ledger::FormatDate(claim.payment_date())});
  }
  fields.push_back({"basis_sequence", absl::StrCat(claim.basis_sequence())});
  fields.push_back({"submitted_sequence", absl::StrCat(claim.submitted_sequence())});
  if (claim.decided_sequence() != 0) {
    fields.push_back({"decided_sequence", absl::StrCat(claim.decided_sequence())});
  }
  if (claim.paid_sequence() != 0) {
    fields.push_back({"paid_sequence", absl::StrCat(claim.paid_sequence())});
  }
  return fields;
}

std::string LinesTable(const v1::SubsidyClaim& claim) {
  Table table({{"LOAN"},
               {"COUNTY"},
               {"CLAIMED", Align::kRight},
               {"EXPECTED", Align::kRight},
               {"INTEREST", Align::kRight},
               {"APPROVED", Align::kRight},
               {"NOTE"}});
  for (const v1::SubsidyClaimLine& line : claim.lines()) {
    table.AddRow({line.loan(), line.county_code().empty() ? "-" : line.county_code(),
                  ledger::FormatMoney(line.claimed()), ledger::FormatMoney(line.expected()),
                  ledger::FormatMoney(line.interest()),
                  MaybeMoney(line.has_approved(), line.approved()),
                  line.note().empty() ? "-" : line.note()});
  }
  return table.Render();
}

}  // namespace

std::string FormatLoanSubsidyTable(const std::vector<v1::LoanSubsidy>& loans) {
  Table table({{"LOAN"},
               {"COUNTY"},
               {"INTEREST", Align::kRight},
               {"SUBSIDY", Align::kRight},
               {"BORROWER", Align::kRight},
               {"NOTE"}});
  int64_t interest = 0, subsidy = 0, borrower = 0;
  for (const v1::LoanSubsidy& loan : loans) {
    table.AddRow({loan.loan(), loan.county_code(), ledger::FormatMoney(loan.interest()),
                  ledger::FormatMoney(loan.subsidy()), ledger::FormatMoney(loan.borrower()),
                  loan.note().empty() ? "-" : loan.note()});
    interest += loan.interest().amount_fen();
    subsidy += loan.subsidy().amount_fen();
    borrower += loan.borrower().amount_fen();
  }
  table.AddRow({absl::StrCat("TOTAL (", loans.size(), " loans)"), "",
                ledger::FormatMoney(ledger::Cny(interest)),
                ledger::FormatMoney(ledger::Cny(subsidy)),
                ledger::FormatMoney(ledger::Cny(borrower)), ""});
  return table.Render();
}

std::string FormatClaim(const v1::SubsidyClaim& claim) {
  std::string out = FormatKeyValues(ClaimFields(claim));
  if (claim.lines_size() > 0) absl::StrAppend(&out, "\n", LinesTable(claim));
  return out;
}

std::string FormatClaimWithCommit(const v1::SubsidyClaim& claim, const v1::CommitInfo& commit) {
  KeyValues fields = ClaimFields(claim);
  AppendCommitFields(commit, &fields);
  std::string out = FormatKeyValues(fields);
  if (claim.lines_size() > 0) absl::StrAppend(&out, "\n", LinesTable(claim));
  return out;
}

std::string FormatClaimTable(const std::vector<v1::SubsidyClaim>& claims) {
  Table table({{"NAME"},
               {"STATE"},
               {"PERIOD"},
               {"LINES", Align::kRight},
               {"CLAIMED", Align::kRight},
               {"EXPECTED", Align::kRight},
               {"APPROVED", Align::kRight},
               {"PAID", Align::kRight}});
  for (const v1::SubsidyClaim& claim : claims) {
    table.AddRow({claim.name(), EnumName(claim.state()), Period(claim.period()),
                  absl::StrCat(claim.line_count()), ledger::FormatMoney(claim.claimed_total()),
                  ledger::FormatMoney(claim.expected_total()),
                  MaybeMoney(claim.has_approved_total(), claim.approved_total()),
                  MaybeMoney(claim.has_paid_total(), claim.paid_total())});
  }
  return table.Render();
}

}  // namespace ledgerctl
