// The single authorisation table: for every RPC, what each role may do (nothing, within its
// scope, or everything), and the scope checks that "within its scope" means. Handlers call
// these and nothing else decides access.
//
// Refusals never confirm that another bank's, county's or fund's data exists: asking for such
// a loan, fund, account or journal entry is NOT_FOUND exactly as if it did not exist. A role
// that may not call an RPC at all gets PERMISSION_DENIED.
//
//   absl::StatusOr<Caller> caller = AuthorizeMethod(kLoanServiceGetLoan, principal, grant);
//   if (!caller.ok()) return caller.status();
//   ...load the loan...
//   if (!CanSeeLoan(*caller, loan)) return LoanNotFound(name);
//
// authorization_test.cc walks every method of every service in the API and fails if one has
// no row here, so a new RPC cannot ship without a decision.
#ifndef LEDGER_AUTH_AUTHORIZATION_H_
#define LEDGER_AUTH_AUTHORIZATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/accounts/chart.h"
#include "ledger/auth/policy.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

enum class Access { kDenied, kScoped, kAll };

struct MethodRule {
  const char* method;                    // full name, "microloan.ledger.v1.LoanService.GetLoan"
  std::array<Access, kRoleCount> roles;  // indexed by Role
};

// Every row. Fixed at compile time.
const std::vector<MethodRule>& AuthorizationTable();
// nullptr if the method has no row (callers then refuse: fail closed).
const MethodRule* FindRule(absl::string_view method);

struct Caller {
  std::string principal;
  Grant grant;
  Access access = Access::kDenied;
};

// PERMISSION_DENIED (reason PERMISSION_DENIED) if the role may not call `method`, or the
// method has no row.
absl::StatusOr<Caller> AuthorizeMethod(absl::string_view method, std::string principal,
                                       const Grant& grant);

// Scope checks, for callers whose access is kScoped (they pass kAll callers through).
// A bank creates loans only for itself: PERMISSION_DENIED, field bank_id.
absl::Status CheckCreateScope(const Caller& caller, const v1::CreateLoanRequest& request);
// A bank acts only on names under banks/{its bank}: NOT_FOUND (LOAN_NOT_FOUND, `field`)
// otherwise. Other scoped roles are checked on the loaded loan with CanSeeLoan.
absl::Status CheckLoanNameScope(const Caller& caller, absl::string_view name,
                                absl::string_view field = "name");
// A bank sees its loans, a county officer its county's, a guarantee fund the loans that carry
// a fund guarantee of its fund in any state: requested by the bank (so that the fund can
// decide), live, called, compensated (it follows them through compensation and recovery) or
// released. A guarantee fund also acts (issue, compensation, recoveries) only on loans this
// says it sees.
bool CanSeeLoan(const Caller& caller, const v1::Loan& loan);
// `loaded` (a loan read for `caller` by its name) as the caller may have it: absent or out of
// scope are the same LOAN_NOT_FOUND on `field`; other read errors pass through.
absl::StatusOr<v1::Loan> LoanIfVisible(const Caller& caller, absl::StatusOr<v1::Loan> loaded,
                                       absl::string_view name, absl::string_view field = "name");
// Narrows a listing to the caller's scope: an empty filter becomes theirs; someone else's is
// PERMISSION_DENIED (field bank_id, county_code or fund_id).
absl::Status ScopeListLoans(const Caller& caller, v1::ListLoansRequest* request);

// "One helps ten" cohorts: a county officer acts on and reads its own county's only (unscoped
// callers pass). InCountyScope is the one decision; CheckCountyScope refuses a write for
// another county with PERMISSION_DENIED on `field`, CheckCohortReadScope a read of another
// county's cohort `cohort_name` with NOT_FOUND (COHORT_NOT_FOUND, `field`), as if absent.
bool InCountyScope(const Caller& caller, absl::string_view county_code);
absl::Status CheckCountyScope(const Caller& caller, absl::string_view county_code,
                              absl::string_view field);
absl::Status CheckCohortReadScope(const Caller& caller, absl::string_view county_code,
                                  absl::string_view cohort_name, absl::string_view field);

// A guarantee fund sees and acts on guarantee_funds/{its fund} only: NOT_FOUND
// (FUND_NOT_FOUND, `field`) for any other, as if it did not exist; INVALID_ARGUMENT
// (INVALID_FUND_NAME) for a malformed name.
absl::Status CheckFundNameScope(const Caller& caller, absl::string_view name,
                                absl::string_view field = "name");
bool CanSeeFund(const Caller& caller, absl::string_view fund_id);

// Whose an account is: a bank's are those named under banks/{its bank} (its own and its
// loans'), a guarantee fund's those under guarantee_funds/{its fund}, a county officer's those
// of its county's loans and its county's cohort support accounts (counties/{its county}/...).
// `loan` is the account's loan as the handler loaded it (nullptr if the
// account is not a loan's or the loan does not exist); only officers need it. Programme
// accounts are for unscoped roles only.
bool CanSeeAccount(const Caller& caller, const AccountName& account, const v1::Loan* loan);

// A bank sees the journal entries about its own loans only.
bool CanSeeEntry(const Caller& caller, const v1::JournalEntry& entry);
// Who may undo a money entry: a bank the disbursements, repayments, arrears and write-offs of
// its own loans; a guarantee fund its own capital deposits, compensation and recoveries; no one
// else, whatever their access (finance staff do not reverse banks' or funds' entries). An
// EntryReversed is judged by the entry it reversed (the engine then refuses it as a reversal
// of a reversal). Handlers answer NOT_FOUND (EntryNotFound) otherwise.
bool CanReverseEntry(const Caller& caller, const v1::JournalEntry& entry);

// What of a visible entry the caller may read: the keyed hash of a borrower's ID links one
// person across banks, so only finance staff and auditors get it.
void RedactEntry(const Caller& caller, v1::JournalEntry* entry);

// The refusals for something out of scope, worded exactly as for something that is absent.
absl::Status LoanNotFound(absl::string_view name, absl::string_view field = "name");
absl::Status FundNotFound(absl::string_view fund_id, absl::string_view field = "name");
absl::Status AccountNotFound(absl::string_view account);
absl::Status EntryNotFound(uint64_t sequence);

}  // namespace ledger

#endif  // LEDGER_AUTH_AUTHORIZATION_H_
