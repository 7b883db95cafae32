// Builds the LoanService requests of a loan's later life from parsed flags: marking an
// instalment overdue and curing it, extending the maturity (展期) and writing the loan off.
// Like loan_requests.h, nothing is called and request_id is left for the command to fill in.
//
//   absl::StatusOr<v1::MarkInstalmentOverdueRequest> request =
//       BuildMarkInstalmentOverdueRequest(flags);
#ifndef CLIENTS_LEDGERCTL_LOAN_ACTION_REQUESTS_H_
#define CLIENTS_LEDGERCTL_LOAN_ACTION_REQUESTS_H_

#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledgerctl {

// At least one of --principal_amount and --interest; an omitted one is not sent (the server
// reads it as zero), as with repay.
absl::StatusOr<microloan::ledger::v1::MarkInstalmentOverdueRequest>
BuildMarkInstalmentOverdueRequest(const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::CureArrearRequest> BuildCureArrearRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::ExtendLoanRequest> BuildExtendLoanRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::WriteOffLoanRequest> BuildWriteOffLoanRequest(
    const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_LOAN_ACTION_REQUESTS_H_
