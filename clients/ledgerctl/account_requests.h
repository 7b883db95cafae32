// Builds AccountService requests from parsed flags: an account's balance and postings, the
// trial balance, and the reversal of a journal entry. Like loan_requests.h, nothing is called
// and request_id is left for the command to fill in.
//
//   absl::StatusOr<v1::ReverseEntryRequest> request = BuildReverseEntryRequest(flags);
#ifndef CLIENTS_LEDGERCTL_ACCOUNT_REQUESTS_H_
#define CLIENTS_LEDGERCTL_ACCOUNT_REQUESTS_H_

#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/account.pb.h"

namespace ledgerctl {

absl::StatusOr<microloan::ledger::v1::GetAccountRequest> BuildGetAccountRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::ListAccountPostingsRequest> BuildListAccountPostingsRequest(
    const ParsedFlags& flags);
absl::StatusOr<microloan::ledger::v1::GetTrialBalanceRequest> BuildGetTrialBalanceRequest(
    const ParsedFlags& flags);
// --sequence from 1 and a non-empty --reason (its length is the server's rule).
absl::StatusOr<microloan::ledger::v1::ReverseEntryRequest> BuildReverseEntryRequest(
    const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_ACCOUNT_REQUESTS_H_
