// Human output for double-entry accounts: one account's balance, an account's postings, the
// trial balance, and what a reversal did.
//
//   std::cout << FormatAccount(balance);
//   std::cout << FormatPostingTable(postings);
//   std::cout << FormatTrialBalance(first_page, accounts_of_all_pages);
//   std::cout << FormatReversal(42, response);
#ifndef CLIENTS_LEDGERCTL_ACCOUNT_VIEW_H_
#define CLIENTS_LEDGERCTL_ACCOUNT_VIEW_H_

#include <cstdint>
#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/account.pb.h"

namespace ledgerctl {

// account, kind, debits, credits, balance (debits - credits), posting_count, last_sequence.
std::string FormatAccount(const microloan::ledger::v1::AccountBalance& balance);

// A posting per row: SEQ COMMIT_TIME SIDE AMOUNT BALANCE_AFTER.
const Columns<microloan::ledger::v1::AccountPosting>& PostingColumns();

// An account per row: ACCOUNT KIND DEBITS CREDITS BALANCE POSTINGS LAST_SEQ (trial-balance's
// accounts; account).
const Columns<microloan::ledger::v1::AccountBalance>& AccountColumns();

// PostingColumns as a table.
std::string FormatPostingTable(const std::vector<microloan::ledger::v1::AccountPosting>& postings);

// The per-kind totals of `totals` (KIND ACCOUNTS DEBITS CREDITS BALANCE), then total_debits,
// total_credits, "balanced: yes|no" and as_of_sequence, then `accounts` (ACCOUNT KIND DEBITS
// CREDITS BALANCE POSTINGS LAST_SEQ). The totals cover the whole ledger on every page, so one
// page's are the ledger's; `accounts` may gather several pages.
std::string FormatTrialBalance(const microloan::ledger::v1::TrialBalance& totals,
                               const std::vector<microloan::ledger::v1::AccountBalance>& accounts);

// "reversed: entry N", where the reversal landed, and the loan and/or fund it changed, in one
// line each (get or get-fund show them whole).
std::string FormatReversal(uint64_t reversed_sequence,
                           const microloan::ledger::v1::ReverseEntryResponse& response);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_ACCOUNT_VIEW_H_
