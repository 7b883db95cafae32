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

std::string FormatPostingTable(const std::vector<v1::AccountPosting>& postings) {
  Table table({{"SEQ", Align::kRight},
               {"COMMIT_TIME"},
               {"SIDE"},
               {"AMOUNT", Align::kRight},
               {"BALANCE_AFTER", Align::kRight}});
  for (const v1::AccountPosting& posting : postings) {
    table.AddRow({absl::StrCat(posting.sequence()), FormatTimestamp(posting.commit_time()),
                  EnumName(posting.side()), ledger::FormatMoney(posting.amount()),
                  ledger::FormatMoney(posting.balance_after())});
  }
  return table.Render();
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
  Table rows({{"ACCOUNT"},
              {"KIND"},
              {"DEBITS", Align::kRight},
              {"CREDITS", Align::kRight},
              {"BALANCE", Align::kRight},
              {"POSTINGS", Align::kRight},
              {"LAST_SEQ", Align::kRight}});
  for (const v1::AccountBalance& account : accounts) {
    rows.AddRow({account.account(), EnumName(account.kind()), ledger::FormatMoney(account.debits()),
                 ledger::FormatMoney(account.credits()), ledger::FormatMoney(account.balance()),
                 absl::StrCat(account.posting_count()), absl::StrCat(account.last_sequence())});
  }
  return absl::StrCat(kinds.Render(), "\n",
                      FormatKeyValues({
                          {"total_debits", ledger::FormatMoney(totals.total_debits())},
                          {"total_credits", ledger::FormatMoney(totals.total_credits())},
                          {"balanced", totals.balanced() ? "yes" : "no"},
                          {"as_of_sequence", absl::StrCat(totals.as_of_sequence())},
                      }),
                      "\n", rows.Render());
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
