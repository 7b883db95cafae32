// Builds GuaranteeService requests from parsed flags: funds (create, deposit capital, get,
// list) and the guarantees on loans (request, issue, record, call, compensate, recover). Like
// loan_requests.h, nothing is called and request_id is left for the command to fill in.
//
// A fund is named on the command line by its id (--fund=F1); the API's resource name
// "guarantee_funds/F1" is accepted as well, and made from the id where the API wants it.
//
//   absl::StatusOr<v1::IssueFundGuaranteeRequest> request = BuildIssueFundGuaranteeRequest(flags);
#ifndef CLIENTS_LEDGERCTL_GUARANTEE_REQUESTS_H_
#define CLIENTS_LEDGERCTL_GUARANTEE_REQUESTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/guarantee_service.pb.h"

namespace ledgerctl {

// "F1" and "guarantee_funds/F1" -> "F1".
std::string FundIdOf(absl::string_view text);

absl::StatusOr<microloan::ledger::v1::CreateFundRequest> BuildCreateFundRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::DepositFundCapitalRequest> BuildDepositFundCapitalRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::GetFundRequest> BuildGetFundRequest(const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::ListFundsRequest> BuildListFundsRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::RequestFundGuaranteeRequest> BuildRequestFundGuaranteeRequest(
    const ParsedFlags& flags);
// Names the bank's request; the parties are the request's (there is no --party).
absl::StatusOr<microloan::ledger::v1::IssueFundGuaranteeRequest> BuildIssueFundGuaranteeRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::RecordGuaranteeRequest> BuildRecordGuaranteeRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::FileGuaranteeCallRequest> BuildFileGuaranteeCallRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::PayCompensationRequest> BuildPayCompensationRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::RecordRecoveryRequest> BuildRecordRecoveryRequest(
    const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_GUARANTEE_REQUESTS_H_
