// Builds LoanService requests from parsed flags, without calling anything, so
// that what each command line sends can be tested on its own.
//
// All refusals are usage errors (INVALID_ARGUMENT naming the flag). request_id
// is left empty: the command fills it in once the flags are known to be good,
// so a bad command line never consumes (or announces) an idempotency key.
//
//   absl::StatusOr<v1::DisburseLoanRequest> request =
//       BuildDisburseLoanRequest(flags);
//   request->set_request_id(id);
#ifndef CLIENTS_LEDGERCTL_LOAN_REQUESTS_H_
#define CLIENTS_LEDGERCTL_LOAN_REQUESTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledgerctl {

absl::StatusOr<microloan::ledger::v1::CreateLoanRequest> BuildCreateLoanRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::DisburseLoanRequest> BuildDisburseLoanRequest(
    const ParsedFlags& flags);
// At least one of --principal_amount and --interest; an omitted one is not
// sent.
absl::StatusOr<microloan::ledger::v1::RecordRepaymentRequest> BuildRecordRepaymentRequest(
    const ParsedFlags& flags);
// --as_of, when given, asks for days past due as of that date.
absl::StatusOr<microloan::ledger::v1::GetLoanRequest> BuildGetLoanRequest(const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::ListLoansRequest> BuildListLoansRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::ListLoanHistoryRequest> BuildListLoanHistoryRequest(
    const ParsedFlags& flags);

// "approved", "active", "closed", "compensated", "written-off" (any case) -> the
// enum.
absl::StatusOr<microloan::ledger::v1::LoanStatus> ParseLoanStatus(absl::string_view text);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_REQUESTS_H_
