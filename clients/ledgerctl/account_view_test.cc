#include "clients/ledgerctl/account_view.h"

#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

v1::AccountBalance Balance(const std::string& account, v1::AccountKind kind, int64_t debits_fen,
                           int64_t credits_fen) {
  v1::AccountBalance balance;
  balance.set_account(account);
  balance.set_kind(kind);
  *balance.mutable_debits() = ledger::Cny(debits_fen);
  *balance.mutable_credits() = ledger::Cny(credits_fen);
  *balance.mutable_balance() = ledger::Cny(debits_fen - credits_fen);
  balance.set_posting_count(1);
  balance.set_last_sequence(3);
  return balance;
}

TEST(FormatAccount, ReadableBlock) {
  EXPECT_EQ(FormatAccount(Balance("banks/B001/accounts/funding", v1::BANK_FUNDING, 0, 6'000'000)),
            "account:       banks/B001/accounts/funding\n"
            "kind:          BANK_FUNDING\n"
            "debits:        0.00 CNY\n"
            "credits:       60,000.00 CNY\n"
            "balance:       -60,000.00 CNY\n"
            "posting_count: 1\n"
            "last_sequence: 3\n");
}

TEST(FormatPostingTable, OnePostingPerLine) {
  v1::AccountPosting posting;
  posting.set_sequence(3);
  posting.mutable_commit_time()->set_seconds(1705284184);
  posting.set_side(v1::CREDIT);
  *posting.mutable_amount() = ledger::Cny(6'000'000);
  *posting.mutable_balance_after() = ledger::Cny(-6'000'000);
  EXPECT_EQ(FormatPostingTable({posting}),
            "SEQ  COMMIT_TIME               SIDE           AMOUNT   BALANCE_AFTER\n"
            "  3  2024-01-15T02:03:04.000Z  CREDIT  60,000.00 CNY  -60,000.00 CNY\n");
}

TEST(FormatTrialBalance, KindsThenTotalsThenAccounts) {
  v1::TrialBalance totals;
  totals.set_as_of_sequence(3);
  v1::KindTotal* funding = totals.add_totals();
  funding->set_kind(v1::BANK_FUNDING);
  *funding->mutable_credits() = ledger::Cny(6'000'000);
  *funding->mutable_balance() = ledger::Cny(-6'000'000);
  funding->set_account_count(1);
  v1::KindTotal* principal = totals.add_totals();
  principal->set_kind(v1::LOAN_PRINCIPAL);
  *principal->mutable_debits() = ledger::Cny(6'000'000);
  *principal->mutable_balance() = ledger::Cny(6'000'000);
  principal->set_account_count(1);
  *totals.mutable_total_debits() = ledger::Cny(6'000'000);
  *totals.mutable_total_credits() = ledger::Cny(6'000'000);
  totals.set_balanced(true);
  EXPECT_EQ(FormatTrialBalance(
                totals, {Balance("banks/B001/accounts/funding", v1::BANK_FUNDING, 0, 6'000'000)}),
            "KIND            ACCOUNTS         DEBITS        CREDITS         BALANCE\n"
            "BANK_FUNDING           1       0.00 CNY  60,000.00 CNY  -60,000.00 CNY\n"
            "LOAN_PRINCIPAL         1  60,000.00 CNY       0.00 CNY   60,000.00 CNY\n"
            "\n"
            "total_debits:   60,000.00 CNY\n"
            "total_credits:  60,000.00 CNY\n"
            "balanced:       yes\n"
            "as_of_sequence: 3\n"
            "\n"
            "ACCOUNT                      KIND            DEBITS        CREDITS         BALANCE"
            "  POSTINGS  LAST_SEQ\n"
            "banks/B001/accounts/funding  BANK_FUNDING  0.00 CNY  60,000.00 CNY  -60,000.00 CNY"
            "         1         3\n");
  totals.set_balanced(false);
  EXPECT_NE(FormatTrialBalance(totals, {}).find("\nbalanced:       no\n"), std::string::npos);
}

TEST(FormatReversal, SaysWhatWasReversedAndWhatChanged) {
  v1::ReverseEntryResponse response;
  response.mutable_commit()->set_sequence(9);
  v1::GuaranteeFund* fund = response.mutable_fund();
  fund->set_name("guarantee_funds/F1");
  *fund->mutable_cash() = ledger::Cny(50'000'000);
  *fund->mutable_exposure() = ledger::Cny(8'000'000);
  EXPECT_EQ(FormatReversal(4, response),
            "reversed:    entry 4\n"
            "sequence:    9\n"
            "commit_time:\n"
            "fund:        guarantee_funds/F1 cash 500,000.00 CNY, exposure 80,000.00 CNY\n");
  response.clear_fund();
  response.mutable_loan()->set_name("banks/B001/loans/L-1");
  response.mutable_loan()->set_status(v1::APPROVED);
  EXPECT_NE(FormatReversal(4, response)
                .find("\nloan:        banks/B001/loans/L-1 APPROVED, outstanding 0.00 CNY\n"),
            std::string::npos);
}

}  // namespace
}  // namespace ledgerctl
