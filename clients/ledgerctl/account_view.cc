#include "clients/ledgerctl/account_view.h"

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/commit_view.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/loan_view.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

std::string FormatAccount(const v1::AccountBalance& balance) {
  return FormatKeyValues({
      {"account", balance.account()},
      {"kind", EnumName(balance.kind())},
      {"debits", ledger::FormatMoney(balance.debits())},
      {"credits", ledger::FormatMoney(balance.credits())},
      {"balance", ledger::FormatMoney(balance.balance())},
      {"posting_count", absl::StrCat(balance.posting_count())},
      {"last_sequence", absl::StrCat(balance.last_sequence())},
  });
}

const Columns<v1::AccountPosting>& PostingColumns() {
  using Posting = v1::AccountPosting;
  static const auto* columns = new Columns<Posting>{
      {"SEQ", Align::kRight, [](const Posting& p) -> Cell { return absl::StrCat(p.sequence()); }},
      {"COMMIT_TIME", Align::kLeft,
       [](const Posting& p) -> Cell { return FormatTimestamp(p.commit_time()); }},
      {"SIDE", Align::kLeft, [](const Posting& p) -> Cell { return EnumName(p.side()); }},
      {"AMOUNT", Align::kRight, [](const Posting& p) { return MoneyCell(p.amount()); }},
      {"BALANCE_AFTER", Align::kRight,
       [](const Posting& p) { return MoneyCell(p.balance_after()); }},
  };
  return *columns;
}

const Columns<v1::AccountBalance>& AccountColumns() {
  using Account = v1::AccountBalance;
  static const auto* columns = new Columns<Account>{
      {"ACCOUNT", Align::kLeft, [](const Account& a) -> Cell { return a.account(); }},
      {"KIND", Align::kLeft, [](const Account& a) -> Cell { return EnumName(a.kind()); }},
      {"DEBITS", Align::kRight, [](const Account& a) { return MoneyCell(a.debits()); }},
      {"CREDITS", Align::kRight, [](const Account& a) { return MoneyCell(a.credits()); }},
      {"BALANCE", Align::kRight, [](const Account& a) { return MoneyCell(a.balance()); }},
      {"POSTINGS", Align::kRight,
       [](const Account& a) -> Cell { return absl::StrCat(a.posting_count()); }},
      {"LAST_SEQ", Align::kRight,
       [](const Account& a) -> Cell { return absl::StrCat(a.last_sequence()); }},
  };
  return *columns;
}

std::string FormatPostingTable(const std::vector<v1::AccountPosting>& postings) {
  return RenderTable(PostingColumns(), postings);
}

std::string FormatTrialBalance(const v1::TrialBalance& totals,
                               const std::vector<v1::AccountBalance>& accounts) {
  Table kinds({{"KIND"},
               {"ACCOUNTS", Align::kRight},
               {"DEBITS", Align::kRight},
               {"CREDITS", Align::kRight},
               {"BALANCE", Align::kRight}});
  for (const v1::KindTotal& total : totals.totals()) {
    kinds.AddRow({EnumName(total.kind()), absl::StrCat(total.account_count()),
                  ledger::FormatMoney(total.debits()), ledger::FormatMoney(total.credits()),
                  ledger::FormatMoney(total.balance())});
  }
  return absl::StrCat(kinds.Render(), "\n",
                      FormatKeyValues({
                          {"total_debits", ledger::FormatMoney(totals.total_debits())},
                          {"total_credits", ledger::FormatMoney(totals.total_credits())},
                          {"balanced", totals.balanced() ? "yes" : "no"},
                          {"as_of_sequence", absl::StrCat(totals.as_of_sequence())},
                      }),
                      "\n", RenderTable(AccountColumns(), accounts));
}

std::string FormatReversal(uint64_t reversed_sequence, const v1::ReverseEntryResponse& response) {
  KeyValues fields = {{"reversed", absl::StrCat("entry ", reversed_sequence)}};
  AppendCommitFields(response.commit(), &fields);
  if (response.has_loan()) {
    const v1::Loan& loan = response.loan();
    fields.emplace_back("loan",
                        absl::StrCat(loan.name(), " ", StatusName(loan.status()), ", outstanding ",
                                     ledger::FormatMoney(loan.outstanding_principal())));
  }
  if (response.has_fund()) {
    const v1::GuaranteeFund& fund = response.fund();
    fields.emplace_back(
        "fund", absl::StrCat(fund.name(), " cash ", ledger::FormatMoney(fund.cash()), ", exposure ",
                             ledger::FormatMoney(fund.exposure())));
  }
  return FormatKeyValues(fields);
}

}  // namespace ledgerctl
