// The chart of accounts: the one place that names accounts and tells an account's kind from
// its name. docs/ACCOUNTS.md explains each account and which entries post to it.
//
//   banks/{bank_id}/accounts/{funding|repayments|interest_income|write_offs|subsidy_receivable}
//   banks/{bank_id}/loans/{loan_id}/accounts/{principal|interest}
//   guarantee_funds/{fund_id}/accounts/{cash|capital|exposure|commitments|compensation|recoveries}
//   programme/accounts/{subsidy_payable|subsidy_expense}
//   counties/{county_code}/accounts/{support_fund|mentorship_support}
//
//   std::string account = LoanPrincipalAccount("B001", "L1");
//   absl::StatusOr<v1::AccountKind> kind = KindOfAccount(account);   // LOAN_PRINCIPAL
#ifndef LEDGER_ACCOUNTS_CHART_H_
#define LEDGER_ACCOUNTS_CHART_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/account.pb.h"

namespace ledger {

std::string BankFundingAccount(absl::string_view bank_id);
std::string BankRepaymentsAccount(absl::string_view bank_id);
std::string BankInterestIncomeAccount(absl::string_view bank_id);
std::string BankWriteOffsAccount(absl::string_view bank_id);
// Approved interest subsidy the treasury owes the bank (debit until paid).
std::string BankSubsidyReceivableAccount(absl::string_view bank_id);
std::string LoanPrincipalAccount(absl::string_view bank_id, absl::string_view loan_id);
std::string LoanInterestAccount(absl::string_view bank_id, absl::string_view loan_id);
std::string FundCashAccount(absl::string_view fund_id);
std::string FundCapitalAccount(absl::string_view fund_id);
std::string FundExposureAccount(absl::string_view fund_id);
std::string FundCommitmentsAccount(absl::string_view fund_id);
std::string FundCompensationAccount(absl::string_view fund_id);
std::string FundRecoveriesAccount(absl::string_view fund_id);
// The programme's side of approved subsidies: what it owes banks (credit until paid) and the
// public money spent (debit).
std::string SubsidyPayableAccount();
std::string SubsidyExpenseAccount();
// A county league's money for "one helps ten" funding (credited as it is paid out) and the
// funding paid out to its cohorts (debit).
std::string CountySupportFundAccount(absl::string_view county_code);
std::string CountySupportPaidAccount(absl::string_view county_code);

// What an account name says about itself.
struct AccountName {
  v1::AccountKind kind = v1::ACCOUNT_KIND_UNSPECIFIED;
  std::string bank_id;      // bank and loan accounts
  std::string loan_id;      // loan accounts
  std::string fund_id;      // fund accounts
  std::string county_code;  // county accounts
};

// INVALID_ARGUMENT (INVALID_ACCOUNT, field `field`) unless `account` is a name the chart
// above produces, with valid ids.
absl::StatusOr<AccountName> ParseAccountName(absl::string_view account, absl::string_view field);

// Memorandum accounts (exposure and its contra) record commitments, not money; they balance
// each other, so they never disturb the trial balance, and reversals recompute rather than
// swap them.
bool IsMemorandumKind(v1::AccountKind kind);

// "BANK_FUNDING", ... for people and tools.
const char* AccountKindName(v1::AccountKind kind);

}  // namespace ledger

#endif  // LEDGER_ACCOUNTS_CHART_H_
