#include "clients/ledgerctl/policy_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/paging.h"
#include "clients/ledgerctl/policy_requests.h"
#include "clients/ledgerctl/policy_view.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

FlagSpec EffectiveFromFlag(const std::string& what) {
  return {"effective_from", true, "YYYY-MM-DD",
          "the first day the " + what + " is in force; after the latest one's"};
}

int RunAddPolicyVersion(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildAddPolicyVersionRequest(ctx.flags), v1::PolicyService::NewStub(ctx.channel),
      &v1::PolicyService::Stub::AddSubsidyPolicyVersion,
      [](const v1::AddSubsidyPolicyVersionRequest&, const v1::PolicyVersionResponse& response) {
        return FormatPolicyVersionWithCommit(response.version(), response.commit());
      });
}

int RunRecordLpr(CommandContext& ctx) {
  return RunMutation(ctx, BuildRecordLprFixingRequest(ctx.flags),
                     v1::PolicyService::NewStub(ctx.channel),
                     &v1::PolicyService::Stub::RecordLprFixing,
                     [](const v1::RecordLprFixingRequest&, const v1::LprFixingResponse& response) {
                       return FormatLprFixingWithCommit(response.fixing(), response.commit());
                     });
}

int RunPolicyVersions(CommandContext& ctx) {
  return RunRead(
      ctx,
      absl::StatusOr<v1::ListSubsidyPolicyVersionsRequest>(v1::ListSubsidyPolicyVersionsRequest()),
      v1::PolicyService::NewStub(ctx.channel), &v1::PolicyService::Stub::ListSubsidyPolicyVersions,
      [](const v1::ListSubsidyPolicyVersionsRequest&,
         const v1::ListSubsidyPolicyVersionsResponse& response) {
        return FormatPolicyVersionTable(std::vector<v1::SubsidyPolicyVersion>(
            response.versions().begin(), response.versions().end()));
      },
      [](const v1::ListSubsidyPolicyVersionsResponse& response) {
        return RenderCsv(PolicyVersionColumns(), response.versions());
      });
}

int RunLprFixings(CommandContext& ctx) {
  return RunPagedList(
      ctx, BuildListLprFixingsRequest(ctx.flags), v1::PolicyService::NewStub(ctx.channel),
      &v1::PolicyService::Stub::ListLprFixings, "fixings",
      [](const v1::ListLprFixingsResponse& page) -> const auto& { return page.fixings(); },
      FormatLprFixingTable, LprFixingColumns());
}

}  // namespace

std::vector<CommandSpec> PolicyCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"add-policy-version", "Add a subsidy policy version (PolicyService.AddSubsidyPolicyVersion)",
       "--effective_from=YYYY-MM-DD --mode=borrower-pays|percent|full "
       "[--borrower_spread_bps=N] [--share_bps=N] [--rate_cap_spread_bps=N] "
       "[--principal_cap=YUAN] [--max_months=N] [--day_count=360|365] "
       "[--selection=contract|day] [--source=TEXT] [--request_id=ID]",
       "ledgerctl --principal=finance add-policy-version --effective_from=2021-01-01 \\\n"
       "      --mode=borrower-pays --borrower_spread_bps=150 --rate_cap_spread_bps=250 \\\n"
       "      --source='财金〔2020〕21号'",
       ConcatFlags(
           {{EffectiveFromFlag("version"),
             {"mode",
              true,
              "MODE",
              "borrower-pays (the borrower pays up to LPR - spread), percent (public finance "
              "pays a share of the interest) or full (public finance pays all of it)",
              false,
              {"borrower-pays", "percent", "full"}},
             {"borrower_spread_bps", true, "N",
              "borrower-pays: the borrower pays up to LPR minus N bps (0..10000)"},
             {"share_bps", true, "N", "percent: public finance pays N bps of it (1..10000)"},
             {"rate_cap_spread_bps", true, "N",
              "interest above LPR + N bps (may be negative) is not subsidised; default no cap"}},
            AmountFlagSpecs("principal_cap",
                            "only the balance up to this is subsidised; default no cap"),
            {{"max_months", true, "N",
              "no subsidy from N months after the first disbursement (1..120); default no "
              "limit"},
             {"day_count", true, "360|365", "the day count: ACTUAL/360 (default) or ACTUAL/365"},
             {"selection", true, "contract|day",
              "which version governs a loan: the one in force on its contract date (default) "
              "or, day by day, the one in force that day"},
             {"source", true, "TEXT",
              "where the version comes from, e.g. the policy document's number (at most 200 "
              "characters)"},
             RequestIdFlag()}}),
       RunAddPolicyVersion,
       "Finance staff only. Versions are append-only: each is in force from its date until "
       "the next one's, and none is ever changed, so a version must be later than the latest "
       "(POLICY_VERSION_NOT_LATER otherwise)."});
  commands.push_back({"record-lpr",
                      "Record a one-year LPR fixing (PolicyService.RecordLprFixing)",
                      "--effective_from=YYYY-MM-DD --lpr_bps=N [--request_id=ID]",
                      "ledgerctl --principal=finance record-lpr --effective_from=2024-07-22 "
                      "--lpr_bps=335",
                      {EffectiveFromFlag("fixing"),
                       {"lpr_bps", true, "N", "the one-year LPR in bps, 1..2000 (335 = 3.35%)"},
                       RequestIdFlag()},
                      RunRecordLpr,
                      "Finance staff only. A fixing must be later than the latest "
                      "(LPR_FIXING_NOT_LATER otherwise)."});
  commands.push_back(WithCsv({"policy-versions",
                              "List the subsidy policy versions, oldest first "
                              "(PolicyService.ListSubsidyPolicyVersions)",
                              "",
                              "ledgerctl policy-versions",
                              {},
                              RunPolicyVersions}));
  commands.push_back(WithCsv(
      {"lpr-fixings", "List the one-year LPR fixings, oldest first (PolicyService.ListLprFixings)",
       "[--page_size=N] [--page_token=T] [--all]", "ledgerctl lpr-fixings --all",
       PagingFlags("at most 1000"), RunLprFixings}));
  return commands;
}

}  // namespace ledgerctl
