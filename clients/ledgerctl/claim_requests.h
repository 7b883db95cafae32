// Request builders for the subsidy listing and the claims workflow (SubsidyService): flags in,
// an API request out, nothing called. Each refusal is a usage error naming the flag
// (flag_values.h); whether a claim is acceptable (its loans, its days, amounts against the
// policy) is the server's business.
//
//   absl::StatusOr<v1::DatePeriod> period = ParsePeriodText("period", "2026-06-21..2026-09-20");
//   absl::StatusOr<std::vector<v1::SubsidyClaimLine>> lines = ParseClaimLinesCsv(csv_text);
//   absl::StatusOr<v1::SubmitSubsidyClaimRequest> request =
//       BuildSubmitClaimRequest(ctx.flags, csv_text);   // --bank, --claim_id, --period
#ifndef CLIENTS_LEDGERCTL_CLAIM_REQUESTS_H_
#define CLIENTS_LEDGERCTL_CLAIM_REQUESTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledgerctl {

// "FIRST..LAST", two YYYY-MM-DD days (inclusive), as the flag `name`'s value.
absl::StatusOr<microloan::ledger::v1::DatePeriod> ParsePeriodText(absl::string_view name,
                                                                  absl::string_view text);

// A claim's lines from CSV text: one `loan,claimed` line per loan, claimed in yuan ("123.45",
// amount.h: exact, at most two decimals). An optional first line "loan,claimed" is a header;
// blank lines and spaces around fields are ignored. Refusals name the line number.
absl::StatusOr<std::vector<microloan::ledger::v1::SubsidyClaimLine>> ParseClaimLinesCsv(
    absl::string_view csv);

// loan-subsidies: --period (required), the optional --bank and --county filters, paging.
absl::StatusOr<microloan::ledger::v1::ListLoanSubsidiesRequest> BuildListLoanSubsidiesRequest(
    const ParsedFlags& flags);

// claim-submit: --bank, --claim_id, --period and the lines (`lines_csv`, the text of the
// --lines file, which the command reads).
absl::StatusOr<microloan::ledger::v1::SubmitSubsidyClaimRequest> BuildSubmitClaimRequest(
    const ParsedFlags& flags, absl::string_view lines_csv);

// claim-approve: --name and --as=claimed|computed.
absl::StatusOr<microloan::ledger::v1::ApproveSubsidyClaimRequest> BuildApproveClaimRequest(
    const ParsedFlags& flags);

// claim-reject: --name and --reason.
absl::StatusOr<microloan::ledger::v1::RejectSubsidyClaimRequest> BuildRejectClaimRequest(
    const ParsedFlags& flags);

// claim-pay: --name, --amount (yuan, or --amount_fen), --value_date and --reference.
absl::StatusOr<microloan::ledger::v1::RecordSubsidyPaymentRequest> BuildRecordPaymentRequest(
    const ParsedFlags& flags);

// claim-get: --name.
absl::StatusOr<microloan::ledger::v1::GetSubsidyClaimRequest> BuildGetClaimRequest(
    const ParsedFlags& flags);

// claim-list: the optional --bank and --state=submitted|approved|rejected|paid, paging.
absl::StatusOr<microloan::ledger::v1::ListSubsidyClaimsRequest> BuildListClaimsRequest(
    const ParsedFlags& flags);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CLAIM_REQUESTS_H_
