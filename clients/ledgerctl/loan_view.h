// Human output for loans: a key/value block for one loan (with where a mutating
// call landed in the journal, or with its schedule, arrears and guarantees for
// `get`) and an aligned table for a list of loans.
//
//   std::cout << FormatLoan(loan);
//   std::cout << FormatLoanDetail(loan);
//   std::cout << FormatLoanWithCommit(response.loan(), response.commit());
//   std::cout << FormatLoanTable(loans);
#ifndef CLIENTS_LEDGERCTL_LOAN_VIEW_H_
#define CLIENTS_LEDGERCTL_LOAN_VIEW_H_

#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/loan.pb.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// Status and amounts, dates (maturity, extension), days past due with its bucket; the
// compensated, written-off and recovered figures only when non-zero.
std::string FormatLoan(const microloan::ledger::v1::Loan& loan);

// FormatLoan, then the schedule, arrears and guarantees tables (loan_detail_view.h).
std::string FormatLoanDetail(const microloan::ledger::v1::Loan& loan);

// The loan block followed by "sequence:", "commit_time:" and, when the server
// answered from its idempotency record instead of applying anything, "replayed:
// yes".
std::string FormatLoanWithCommit(const microloan::ledger::v1::Loan& loan,
                                 const microloan::ledger::v1::CommitInfo& commit);

// How every loan mutation answers, as RunMutation (unary_call.h) wants it: the loan and where
// the change landed in the journal (FormatLoanWithCommit), whatever the request and response.
struct LoanMutationAnswer {
  template <typename Request, typename Response>
  std::string operator()(const Request& /*request*/, const Response& response) const {
    return FormatLoanWithCommit(response.loan(), response.commit());
  }
};

// A loan per row: NAME STATUS COUNTY OUTSTANDING DISBURSED LAST_VALUE_DATE, and in CSV also
// BORROWER APPROVED REPAID_PRINCIPAL REPAID_INTEREST INTEREST_RECEIVABLE RATE_BPS TERM_MONTHS
// CONTRACT_DATE MATURITY_DATE DAYS_PAST_DUE (list, and get with --output=csv).
const Columns<microloan::ledger::v1::Loan>& LoanColumns();

// LoanColumns as a table.
std::string FormatLoanTable(const std::vector<microloan::ledger::v1::Loan>& loans);

// "ACTIVE", ...; the enum's own names, so people and --json agree.
std::string StatusName(microloan::ledger::v1::LoanStatus status);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_VIEW_H_
