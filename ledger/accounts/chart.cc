#include "ledger/accounts/chart.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"

namespace ledger {
namespace {

struct Leaf {
  absl::string_view name;
  v1::AccountKind kind;
};
constexpr Leaf kBankLeaves[] = {{"funding", v1::BANK_FUNDING},
                                {"repayments", v1::BANK_REPAYMENTS},
                                {"interest_income", v1::BANK_INTEREST_INCOME},
                                {"write_offs", v1::BANK_WRITE_OFFS},
                                {"subsidy_receivable", v1::SUBSIDY_RECEIVABLE}};
constexpr Leaf kLoanLeaves[] = {{"principal", v1::LOAN_PRINCIPAL}, {"interest", v1::LOAN_INTEREST}};
constexpr Leaf kFundLeaves[] = {{"cash", v1::FUND_CASH},
                                {"capital", v1::FUND_CAPITAL},
                                {"exposure", v1::FUND_EXPOSURE},
                                {"commitments", v1::FUND_COMMITMENTS},
                                {"compensation", v1::FUND_COMPENSATION},
                                {"recoveries", v1::FUND_RECOVERIES}};
constexpr Leaf kProgrammeLeaves[] = {{"subsidy_payable", v1::SUBSIDY_PAYABLE},
                                     {"subsidy_expense", v1::SUBSIDY_EXPENSE}};
constexpr Leaf kCountyLeaves[] = {{"support_fund", v1::COHORT_SUPPORT_FUND},
                                  {"mentorship_support", v1::COHORT_SUPPORT_PAID}};

template <size_t N>
v1::AccountKind FindLeaf(const Leaf (&leaves)[N], absl::string_view name) {
  for (const Leaf& leaf : leaves) {
    if (leaf.name == name) return leaf.kind;
  }
  return v1::ACCOUNT_KIND_UNSPECIFIED;
}

std::string Bank(absl::string_view bank_id, absl::string_view leaf) {
  return absl::StrCat("banks/", bank_id, "/accounts/", leaf);
}
std::string Loan(absl::string_view bank_id, absl::string_view loan_id, absl::string_view leaf) {
  return absl::StrCat("banks/", bank_id, "/loans/", loan_id, "/accounts/", leaf);
}
std::string Fund(absl::string_view fund_id, absl::string_view leaf) {
  return absl::StrCat("guarantee_funds/", fund_id, "/accounts/", leaf);
}

}  // namespace

std::string BankFundingAccount(absl::string_view b) { return Bank(b, "funding"); }
std::string BankRepaymentsAccount(absl::string_view b) { return Bank(b, "repayments"); }
std::string BankInterestIncomeAccount(absl::string_view b) { return Bank(b, "interest_income"); }
std::string BankWriteOffsAccount(absl::string_view b) { return Bank(b, "write_offs"); }
std::string BankSubsidyReceivableAccount(absl::string_view b) {
  return Bank(b, "subsidy_receivable");
}
std::string LoanPrincipalAccount(absl::string_view b, absl::string_view l) {
  return Loan(b, l, "principal");
}
std::string LoanInterestAccount(absl::string_view b, absl::string_view l) {
  return Loan(b, l, "interest");
}
std::string FundCashAccount(absl::string_view f) { return Fund(f, "cash"); }
std::string FundCapitalAccount(absl::string_view f) { return Fund(f, "capital"); }
std::string FundExposureAccount(absl::string_view f) { return Fund(f, "exposure"); }
std::string FundCommitmentsAccount(absl::string_view f) { return Fund(f, "commitments"); }
std::string FundCompensationAccount(absl::string_view f) { return Fund(f, "compensation"); }
std::string FundRecoveriesAccount(absl::string_view f) { return Fund(f, "recoveries"); }
std::string SubsidyPayableAccount() { return "programme/accounts/subsidy_payable"; }
std::string SubsidyExpenseAccount() { return "programme/accounts/subsidy_expense"; }
std::string CountySupportFundAccount(absl::string_view c) {
  return absl::StrCat("counties/", c, "/accounts/support_fund");
}
std::string CountySupportPaidAccount(absl::string_view c) {
  return absl::StrCat("counties/", c, "/accounts/mentorship_support");
}

absl::StatusOr<AccountName> ParseAccountName(absl::string_view account, absl::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(account, '/');
  AccountName name;
  if (parts.size() == 4 && parts[0] == "banks" && parts[2] == "accounts") {
    name.kind = FindLeaf(kBankLeaves, parts[3]);
    name.bank_id = std::string(parts[1]);
  } else if (parts.size() == 6 && parts[0] == "banks" && parts[2] == "loans" &&
             parts[4] == "accounts") {
    name.kind = FindLeaf(kLoanLeaves, parts[5]);
    name.bank_id = std::string(parts[1]);
    name.loan_id = std::string(parts[3]);
  } else if (parts.size() == 4 && parts[0] == "guarantee_funds" && parts[2] == "accounts") {
    name.kind = FindLeaf(kFundLeaves, parts[3]);
    name.fund_id = std::string(parts[1]);
  } else if (parts.size() == 3 && parts[0] == "programme" && parts[1] == "accounts") {
    name.kind = FindLeaf(kProgrammeLeaves, parts[2]);
  } else if (parts.size() == 4 && parts[0] == "counties" && parts[2] == "accounts") {
    name.kind = FindLeaf(kCountyLeaves, parts[3]);
    name.county_code = std::string(parts[1]);
  }
  // Each form needs exactly its ids; an empty one is missing, not absent.
  const bool bank_form = parts[0] == "banks";
  const bool loan_form = bank_form && parts.size() == 6;
  const bool fund_form = parts[0] == "guarantee_funds";
  const bool ids_ok = (!bank_form || ValidateId(name.bank_id, field).ok()) &&
                      (!loan_form || ValidateId(name.loan_id, field).ok()) &&
                      (!fund_form || ValidateId(name.fund_id, field).ok()) &&
                      (parts[0] != "counties" || ValidateCountyCode(name.county_code, field).ok());
  if (name.kind == v1::ACCOUNT_KIND_UNSPECIFIED || !ids_ok) {
    return InvalidArgument(reason::kInvalidAccount, field,
                           absl::StrCat("\"", account,
                                        "\" is not an account name (docs/ACCOUNTS.md has the "
                                        "chart)"));
  }
  return name;
}

bool IsMemorandumKind(v1::AccountKind kind) {
  return kind == v1::FUND_EXPOSURE || kind == v1::FUND_COMMITMENTS;
}

const char* AccountKindName(v1::AccountKind kind) { return v1::AccountKind_Name(kind).c_str(); }

}  // namespace ledger
