#include "clients/ledgerctl/claim_commands.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/claim_requests.h"
#include "clients/ledgerctl/claim_view.h"
#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/paging.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

FlagSpec ClaimNameFlag() {
  return {"name", true, "NAME", "the claim, banks/{bank}/subsidy_claims/{claim_id}"};
}

FlagSpec PeriodFlag(const std::string& help) { return {"period", true, "FIRST..LAST", help}; }

// The --lines file's text.
absl::StatusOr<std::string> ReadLinesFile(const ParsedFlags& flags) {
  absl::StatusOr<std::string> path = RequiredString(flags, "lines");
  if (!path.ok()) return path.status();
  std::ifstream in(*path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("--lines: cannot read ", *path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<v1::SubmitSubsidyClaimRequest> SubmitRequest(const ParsedFlags& flags) {
  absl::StatusOr<std::string> csv = ReadLinesFile(flags);
  if (!csv.ok()) return csv.status();
  return BuildSubmitClaimRequest(flags, *csv);
}

std::string ClaimWithCommit(const v1::SubsidyClaimResponse& response) {
  return FormatClaimWithCommit(response.claim(), response.commit());
}

int RunLoanSubsidies(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListLoanSubsidiesRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::ListLoanSubsidies, "loans",
      [](const v1::ListLoanSubsidiesResponse& page) -> const auto& { return page.loans(); },
      FormatLoanSubsidyTable, LoanSubsidyColumns());
}

int RunClaimSubmit(CommandContext& ctx) {
  return RunMutation(
      ctx, SubmitRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::SubmitSubsidyClaim,
      [](const auto&, const v1::SubsidyClaimResponse& r) { return ClaimWithCommit(r); });
}

int RunClaimApprove(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildApproveClaimRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::ApproveSubsidyClaim,
      [](const auto&, const v1::SubsidyClaimResponse& r) { return ClaimWithCommit(r); });
}

int RunClaimReject(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildRejectClaimRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::RejectSubsidyClaim,
      [](const auto&, const v1::SubsidyClaimResponse& r) { return ClaimWithCommit(r); });
}

int RunClaimPay(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildRecordPaymentRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::RecordSubsidyPayment,
      [](const auto&, const v1::SubsidyClaimResponse& r) { return ClaimWithCommit(r); });
}

int RunClaimGet(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetClaimRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::GetSubsidyClaim,
      [](const auto&, const v1::SubsidyClaim& claim) { return FormatClaim(claim); },
      [](const v1::SubsidyClaim& claim) {
        return RenderCsv(ClaimColumns(), std::vector<v1::SubsidyClaim>{claim});
      });
}

int RunClaimList(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListClaimsRequest(ctx.flags), v1::SubsidyService::NewStub(ctx.channel),
      &v1::SubsidyService::Stub::ListSubsidyClaims, "claims",
      [](const v1::ListSubsidyClaimsResponse& page) -> const auto& { return page.claims(); },
      FormatClaimTable, ClaimColumns());
}

}  // namespace

std::vector<CommandSpec> ClaimCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"loan-subsidies",
       "Every loan's interest, subsidy and borrower's share for a period "
       "(SubsidyService.ListLoanSubsidies)",
       "--period=FIRST..LAST [--bank=ID] [--county=CODE] [--page_size=N] [--page_token=T] "
       "[--all]",
       "ledgerctl loan-subsidies --period=2026-06-21..2026-09-20 --bank=B001 --all",
       ConcatFlags({{PeriodFlag("the period, YYYY-MM-DD..YYYY-MM-DD inclusive, at most 400 days"),
                     {"bank", true, "ID", "only this bank's loans"},
                     {"county", true, "CODE", "only loans in this county"}},
                    PagingFlags("default 200, at most 1000")}),
       RunLoanSubsidies,
       "Loans you may see, in loan name order; a loan with nothing disbursed by the period's "
       "end shows 0 and the note 'not disbursed'. The TOTAL row sums the loans shown (not in "
       "--output=csv)."});
  commands.back().csv = true;
  commands.push_back(
      {"claim-submit",
       "Claim the subsidy of a period for a bank's loans (SubsidyService.SubmitSubsidyClaim)",
       "--bank=ID --claim_id=ID --period=FIRST..LAST --lines=FILE.csv [--request_id=ID]",
       "ledgerctl --principal=bank-B001 claim-submit --bank=B001 --claim_id=2026Q3 \\\n"
       "      --period=2026-06-21..2026-09-20 --lines=claim.csv",
       {{"bank", true, "ID", "the claiming bank (your own)"},
        {"claim_id", true, "ID", "the claim's id, chosen by the bank (1-64 of A-Za-z0-9._-)"},
        PeriodFlag("the claimed days, YYYY-MM-DD..YYYY-MM-DD inclusive, not after today"),
        {"lines", true, "FILE.csv",
         "one 'loan,claimed' line per loan (claimed in yuan, e.g. 123.45); an optional "
         "'loan,claimed' header; 1..1000 lines"},
        RequestIdFlag()},
       RunClaimSubmit,
       "The server computes each loan's expected subsidy and stores it beside the claimed "
       "amount. Refused with DAYS_ALREADY_CLAIMED if a day of the period is already claimed "
       "for a loan; ABORTED/CLAIM_BASIS_STALE means a loan or the policy changed while the "
       "amounts were computed; ledgerctl repeats it up to 3 times with the same request id."});
  commands.push_back(
      {"claim-approve",
       "Approve a submitted subsidy claim (SubsidyService.ApproveSubsidyClaim)",
       "--name=NAME --as=claimed|computed [--request_id=ID]",
       "ledgerctl --principal=finance claim-approve --name=banks/B001/subsidy_claims/2026Q3 "
       "--as=computed",
       {ClaimNameFlag(),
        {"as", true, "claimed|computed",
         "claimed: every line as claimed; computed: every line at min(claimed, expected)"},
        RequestIdFlag()},
       RunClaimApprove,
       "Finance staff only. Posts the approved total: the bank's subsidy receivable against its "
       "interest income, the programme's subsidy expense against its subsidy payable."});
  commands.push_back({"claim-reject",
                      "Reject a submitted subsidy claim (SubsidyService.RejectSubsidyClaim)",
                      "--name=NAME --reason=TEXT [--request_id=ID]",
                      "ledgerctl --principal=finance claim-reject "
                      "--name=banks/B001/subsidy_claims/2026Q3 --reason='amounts do not match'",
                      {ClaimNameFlag(),
                       {"reason", true, "TEXT", "why (1..200 characters), for the bank"},
                       RequestIdFlag()},
                      RunClaimReject,
                      "Finance staff only. The claim's days may be claimed again."});
  commands.push_back(
      {"claim-pay",
       "Record the treasury's payment of an approved claim (SubsidyService.RecordSubsidyPayment)",
       "--name=NAME --amount=YUAN --value_date=YYYY-MM-DD --reference=TEXT [--request_id=ID]",
       "ledgerctl --principal=finance claim-pay --name=banks/B001/subsidy_claims/2026Q3 \\\n"
       "      --amount=1234.56 --value_date=2026-10-15 --reference=T-2026-0042",
       ConcatFlags({{ClaimNameFlag()},
                    AmountFlagSpecs("amount", "paid: the claim's whole approved total"),
                    {ValueDateFlag(),
                     {"reference", true, "TEXT", "the treasury's transfer reference (1..64)"},
                     RequestIdFlag()}}),
       RunClaimPay, "Finance staff only."});
  commands.push_back({"claim-get",
                      "Show a subsidy claim and its lines (SubsidyService.GetSubsidyClaim)",
                      "--name=NAME",
                      "ledgerctl claim-get --name=banks/B001/subsidy_claims/2026Q3",
                      {ClaimNameFlag()},
                      RunClaimGet});
  commands.back().csv = true;  // the claim's row, without its lines
  commands.push_back(
      {"claim-list", "List subsidy claims without their lines (SubsidyService.ListSubsidyClaims)",
       "[--bank=ID] [--state=submitted|approved|rejected|paid] [--page_size=N] [--page_token=T] "
       "[--all]",
       "ledgerctl --principal=finance claim-list --state=submitted --all",
       ConcatFlags({{{"bank", true, "ID", "only this bank's claims (a bank: its own)"},
                     {"state",
                      true,
                      "STATE",
                      "submitted, approved, rejected or paid",
                      false,
                      {"submitted", "approved", "rejected", "paid"}}},
                    PagingFlags("default 50, at most 500")}),
       RunClaimList});
  commands.back().csv = true;
  return commands;
}

}  // namespace ledgerctl
