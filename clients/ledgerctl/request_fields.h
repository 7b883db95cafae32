// Flags that many request builders read the same way, into the same fields: --loan into the
// request's name (named first), --value_date (named last by every mutation), the paging flags
// (last of a list), and the principal and interest of a repayment or an arrear. Each refusal
// is a usage error naming the flag, as in flag_values.h.
//
//   absl::StatusOr<v1::DisburseLoanRequest> request =
//       RequestForLoan<v1::DisburseLoanRequest>(flags);
//   if (!request.ok()) return request;
//   ...  // the command's own flags, in the order the help lists them
//   return WithValueDate(flags, *std::move(request));
#ifndef CLIENTS_LEDGERCTL_REQUEST_FIELDS_H_
#define CLIENTS_LEDGERCTL_REQUEST_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/cli_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// A new request whose `name` is --loan (required).
template <typename Request>
absl::StatusOr<Request> RequestForLoan(const ParsedFlags& flags) {
  absl::StatusOr<std::string> name = RequiredString(flags, "loan");
  if (!name.ok()) return name.status();
  Request request;
  request.set_name(*name);
  return request;
}

// `request` with its `value_date` from --value_date (required).
template <typename Request>
absl::StatusOr<Request> WithValueDate(const ParsedFlags& flags, Request request) {
  absl::StatusOr<microloan::ledger::v1::Date> value_date = RequiredDate(flags, "value_date");
  if (!value_date.ok()) return value_date.status();
  *request.mutable_value_date() = *value_date;
  return request;
}

// `request` with --page_size (0, when not given, lets the server choose; its own maximum is
// enforced, and explained, by the server) and --page_token.
template <typename Request>
absl::StatusOr<Request> WithPaging(const ParsedFlags& flags, Request request) {
  absl::StatusOr<uint64_t> page_size = UintFlagOr(flags, "page_size", kInt32Max, 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(static_cast<int32_t>(*page_size));
  request.set_page_token(OptionalString(flags, "page_token"));
  return request;
}

// --principal_amount and --interest (CNY), of which at least one must be given. An omitted
// one is nullopt: not sending an amount (rather than sending zero) is how the API says "none
// of this".
struct PrincipalAndInterest {
  std::optional<microloan::ledger::v1::Money> principal;
  std::optional<microloan::ledger::v1::Money> interest;
};
absl::StatusOr<PrincipalAndInterest> RequiredPrincipalOrInterest(const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_REQUEST_FIELDS_H_
