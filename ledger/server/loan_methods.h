// The full names of LoanService's command methods, as the authorisation table
// (ledger/auth/authorization.cc) knows them. LoanService's handlers authorise each call by its
// own name; BatchService authorises each command of a batch by the name of the unary method it
// stands for, so that both paths always ask the same table row.
//
//   absl::StatusOr<Caller> caller = callers.Resolve(*context, loan_methods::kRecordRepayment);
#ifndef LEDGER_SERVER_LOAN_METHODS_H_
#define LEDGER_SERVER_LOAN_METHODS_H_

namespace ledger::loan_methods {

inline constexpr char kCreateLoan[] = "microloan.ledger.v1.LoanService.CreateLoan";
inline constexpr char kDisburseLoan[] = "microloan.ledger.v1.LoanService.DisburseLoan";
inline constexpr char kRecordRepayment[] = "microloan.ledger.v1.LoanService.RecordRepayment";
inline constexpr char kMarkInstalmentOverdue[] =
    "microloan.ledger.v1.LoanService.MarkInstalmentOverdue";
inline constexpr char kCureArrear[] = "microloan.ledger.v1.LoanService.CureArrear";

}  // namespace ledger::loan_methods

#endif  // LEDGER_SERVER_LOAN_METHODS_H_
