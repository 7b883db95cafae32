// The parts of a loan that are lists, as aligned tables under a heading: its repayment
// schedule, the instalments marked overdue, and its guarantees. `get` prints them below the
// loan's key/value block; an empty list prints nothing.
//
//   std::cout << FormatSchedule(loan) << FormatArrears(loan) << FormatGuarantees(loan);
#ifndef CLIENTS_LEDGERCTL_LOAN_DETAIL_VIEW_H_
#define CLIENTS_LEDGERCTL_LOAN_DETAIL_VIEW_H_

#include <string>

#include "microloan/ledger/v1/loan.pb.h"

namespace ledgerctl {

// "\nschedule:\n" then INSTALMENT DUE_DATE PRINCIPAL_DUE.
std::string FormatSchedule(const microloan::ledger::v1::Loan& loan);

// "\narrears:\n" then INSTALMENT DUE_DATE PRINCIPAL_OVERDUE INTEREST_OVERDUE MARKED_ON
// CURED_ON ("-" while not cured).
std::string FormatArrears(const microloan::ledger::v1::Loan& loan);

// "\nguarantees:\n" then ID FORM FUND COVERAGE GUARANTEED STATE ISSUED_ON PARTIES ("-" where a
// non-fund form has nothing, and for the amount and date of a fund guarantee only requested).
std::string FormatGuarantees(const microloan::ledger::v1::Loan& loan);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_DETAIL_VIEW_H_
