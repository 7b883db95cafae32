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

const Columns<v1::LoanSubsidy>& LoanSubsidyColumns() {
  using Subsidy = v1::LoanSubsidy;
  static const auto* columns = new Columns<Subsidy>{
      {"LOAN", Align::kLeft, [](const Subsidy& s) -> Cell { return s.loan(); }},
      {"COUNTY", Align::kLeft, [](const Subsidy& s) -> Cell { return s.county_code(); }},
      {"INTEREST", Align::kRight, [](const Subsidy& s) { return MoneyCell(s.interest()); }},
      {"SUBSIDY", Align::kRight, [](const Subsidy& s) { return MoneyCell(s.subsidy()); }},
      {"BORROWER", Align::kRight, [](const Subsidy& s) { return MoneyCell(s.borrower()); }},
      {"NOTE", Align::kLeft,
       [](const Subsidy& s) { return s.note().empty() ? Cell::Missing() : Cell(s.note()); }},
  };
  return *columns;
}

const Columns<v1::SubsidyClaim>& ClaimColumns() {
  using Claim = v1::SubsidyClaim;
  static const auto* columns = new Columns<Claim>{
      {"NAME", Align::kLeft, [](const Claim& c) -> Cell { return c.name(); }},
      {"STATE", Align::kLeft, [](const Claim& c) -> Cell { return EnumName(c.state()); }},
      {"PERIOD", Align::kLeft, [](const Claim& c) -> Cell { return Period(c.period()); }},
      {"LINES", Align::kRight, [](const Claim& c) -> Cell { return absl::StrCat(c.line_count()); }},
      {"CLAIMED", Align::kRight, [](const Claim& c) { return MoneyCell(c.claimed_total()); }},
      {"EXPECTED", Align::kRight, [](const Claim& c) { return MoneyCell(c.expected_total()); }},
      {"APPROVED", Align::kRight,
       [](const Claim& c) { return MaybeMoneyCell(c.has_approved_total(), c.approved_total()); }},
      {"PAID", Align::kRight,
       [](const Claim& c) { return MaybeMoneyCell(c.has_paid_total(), c.paid_total()); }},
  };
  return *columns;
}

std::string FormatLoanSubsidyTable(const std::vector<v1::LoanSubsidy>& loans) {
  Table table = MakeTable(LoanSubsidyColumns(), loans);
  int64_t interest = 0, subsidy = 0, borrower = 0;
  for (const v1::LoanSubsidy& loan : loans) {
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
  return RenderTable(ClaimColumns(), claims);
}

}  // namespace ledgerctl
