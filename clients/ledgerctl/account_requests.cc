#include "clients/ledgerctl/account_requests.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/request_fields.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

absl::StatusOr<v1::GetAccountRequest> BuildGetAccountRequest(const ParsedFlags& flags) {
  v1::GetAccountRequest request;
  absl::StatusOr<std::string> account = RequiredString(flags, "account");
  if (!account.ok()) return account.status();
  request.set_account(*account);
  return request;
}

absl::StatusOr<v1::ListAccountPostingsRequest> BuildListAccountPostingsRequest(
    const ParsedFlags& flags) {
  v1::ListAccountPostingsRequest request;
  absl::StatusOr<std::string> account = RequiredString(flags, "account");
  if (!account.ok()) return account.status();
  request.set_account(*account);
  return WithPaging(flags, std::move(request));
}

absl::StatusOr<v1::GetTrialBalanceRequest> BuildGetTrialBalanceRequest(const ParsedFlags& flags) {
  return WithPaging(flags, v1::GetTrialBalanceRequest());
}

absl::StatusOr<v1::ReverseEntryRequest> BuildReverseEntryRequest(const ParsedFlags& flags) {
  v1::ReverseEntryRequest request;
  absl::StatusOr<uint64_t> sequence = RequiredUint(flags, "sequence", UINT64_MAX);
  if (!sequence.ok()) return sequence.status();
  if (*sequence == 0) {
    return absl::InvalidArgumentError("--sequence: entries are numbered from 1");
  }
  request.set_sequence(*sequence);
  absl::StatusOr<std::string> reason = RequiredString(flags, "reason");
  if (!reason.ok()) return reason.status();
  request.set_reason(*reason);
  return request;
}

}  // namespace ledgerctl
