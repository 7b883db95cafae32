#include "clients/ledgerctl/cohort_commands.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/cohort_requests.h"
#include "clients/ledgerctl/cohort_view.h"
#include "clients/ledgerctl/common_flags.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/unary_call.h"
#include "microloan/ledger/v1/cohort.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

FlagSpec CohortFlag() {
  return {"cohort", true, "NAME",
          "the cohort, counties/{county}/cohorts/{cohort_id} (or give --county and --cohort_id)"};
}
FlagSpec CountyFlag(const std::string& help) { return {"county", true, "CODE", help}; }
FlagSpec CohortIdFlag() { return {"cohort_id", true, "ID", "with --county, instead of --cohort"}; }
FlagSpec AsOfFlag() {
  return {"as_of", true, "YYYY-MM-DD", "days past due and figures as of this day (default today)"};
}

absl::StatusOr<v1::CloseCohortRequest> CloseRequest(const ParsedFlags& flags) {
  absl::StatusOr<std::string> path = RequiredString(flags, "outcomes");
  if (!path.ok()) return path.status();
  std::ifstream in(*path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("--outcomes: cannot read ", *path));
  std::ostringstream text;
  text << in.rdbuf();
  return BuildCloseCohortRequest(flags, text.str());
}

template <typename Request>
int RunCohortMutation(CommandContext& ctx, absl::StatusOr<Request> request,
                      grpc::Status (v1::CohortService::Stub::*rpc)(grpc::ClientContext*,
                                                                   const Request&,
                                                                   v1::CohortResponse*)) {
  return RunMutation(ctx, std::move(request), v1::CohortService::NewStub(ctx.channel), rpc,
                     [](const auto&, const v1::CohortResponse& r) {
                       return FormatCohortWithCommit(r.cohort(), r.commit());
                     });
}

int RunCreate(CommandContext& ctx) {
  return RunCohortMutation(ctx, BuildCreateCohortRequest(ctx.flags),
                           &v1::CohortService::Stub::CreateCohort);
}
int RunEnrol(CommandContext& ctx) {
  return RunCohortMutation(ctx, BuildEnrolMenteeRequest(ctx.flags),
                           &v1::CohortService::Stub::EnrolMentee);
}
int RunWithdraw(CommandContext& ctx) {
  return RunCohortMutation(ctx, BuildWithdrawMenteeRequest(ctx.flags),
                           &v1::CohortService::Stub::WithdrawMentee);
}
int RunSupport(CommandContext& ctx) {
  return RunCohortMutation(ctx, BuildRecordSupportRequest(ctx.flags),
                           &v1::CohortService::Stub::RecordSupport);
}
int RunClose(CommandContext& ctx) {
  return RunCohortMutation(ctx, CloseRequest(ctx.flags), &v1::CohortService::Stub::CloseCohort);
}
int RunRules(CommandContext& ctx) {
  return RunMutation(
      ctx, BuildSetCohortRulesRequest(ctx.flags), v1::CohortService::NewStub(ctx.channel),
      &v1::CohortService::Stub::SetCohortRules,
      [](const auto&, const v1::CohortRulesResponse& r) { return FormatCohortRules(r); });
}
int RunCard(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetCohortCardRequest(ctx.flags), v1::CohortService::NewStub(ctx.channel),
      &v1::CohortService::Stub::GetCohortCard,
      [](const auto&, const v1::CohortCard& card) { return FormatCohortCard(card); },
      [](const v1::CohortCard& card) {
        return RenderCsv(MenteeLoanColumns(), MenteeLoanRows(card));
      });
}
int RunCounty(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetCountyCohortsRequest(ctx.flags), v1::CohortService::NewStub(ctx.channel),
      &v1::CohortService::Stub::GetCountyCohorts,
      [](const auto&, const v1::CountyCohortsView& view) { return FormatCountyCohorts(view); },
      [](const v1::CountyCohortsView& view) {
        return RenderCsv(CohortSummaryColumns(ColumnUse::kBoth), view.cohorts());
      });
}
int RunMentor(CommandContext& ctx) {
  return RunRead(
      ctx, BuildGetMentorHistoryRequest(ctx.flags), v1::CohortService::NewStub(ctx.channel),
      &v1::CohortService::Stub::GetMentorHistory,
      [](const auto&, const v1::MentorHistory& history) { return FormatMentorHistory(history); },
      [](const v1::MentorHistory& history) {
        return RenderCsv(CohortSummaryColumns(ColumnUse::kCsvOnly), history.cohorts());
      });
}

}  // namespace

std::vector<CommandSpec> CohortCommands() {
  std::vector<CommandSpec> commands;
  commands.push_back(
      {"cohort-create",
       "Create a \"one helps ten\" cohort with its mentor (CohortService.CreateCohort)",
       "--county=CODE --cohort_id=ID --year=YYYY --mentor_id=ID --mentor_kind=person|firm "
       "--mentor_name=TEXT [--mentor_profile=TEXT] [--request_id=ID]",
       "ledgerctl --principal=officer-370281 cohort-create --county=370281 --cohort_id=C2024-1 "
       "\\\n      --year=2024 --mentor_id=WL-01 --mentor_kind=person --mentor_name='Wang Li'",
       {CountyFlag("your county"),
        {"cohort_id", true, "ID", "chosen by the county (1-64 of A-Za-z0-9._-)"},
        {"year", true, "YYYY", "the programme year, 2016..2199"},
        {"mentor_id", true, "ID", "the mentor's id, the same across years and counties"},
        {"mentor_kind", true, "person|firm", "who mentors"},
        {"mentor_name", true, "TEXT", "1..100 characters"},
        {"mentor_profile", true, "TEXT", "trade, experience, what they offer (at most 500)"},
        RequestIdFlag()},
       RunCreate,
       "County officers only, for their own county. A mentor leads one cohort a year in a county "
       "unless the county's rules (cohort-rules) allow more."});
  commands.push_back(
      {"cohort-enrol",
       "Enrol a mentee into an open cohort (CohortService.EnrolMentee)",
       "--cohort=NAME --mentee_id=ID --national_id=ID --name=TEXT [--borrower] "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=officer-370281 cohort-enrol --cohort=counties/370281/cohorts/C2024-1 "
       "\\\n      --mentee_id=M01 --national_id=370281199506150018 --name='Li Na' --borrower "
       "--value_date=2024-03-01",
       {CohortFlag(),
        CountyFlag("with --cohort_id, instead of --cohort"),
        CohortIdFlag(),
        {"mentee_id", true, "ID", "unique within the cohort"},
        {"national_id", true, "ID",
         "the 18-character resident ID; the server keeps only a keyed hash and a masked form"},
        {"name", true, "TEXT", "the mentee's display name, 1..100 characters"},
        {"borrower", false, "",
         "the person already has a loan in the cohort's county (created with this resident ID)"},
        ValueDateFlag(),
        RequestIdFlag()},
       RunEnrol,
       "At most 10 active mentees a cohort, a person an active mentee of one cohort a programme "
       "year (withdrawing releases it); refused with COHORT_FULL, MENTEE_IN_OTHER_COHORT, "
       "UNKNOWN_BORROWER or COHORT_CLOSED."});
  commands.push_back(
      {"cohort-withdraw",
       "Withdraw a mentee (CohortService.WithdrawMentee)",
       "--cohort=NAME --mentee_id=ID --reason=TEXT --value_date=YYYY-MM-DD "
       "[--request_id=ID]",
       "ledgerctl --principal=officer-370281 cohort-withdraw "
       "--cohort=counties/370281/cohorts/C2024-1 \\\n      --mentee_id=M04 "
       "--reason='moved to the city' --value_date=2024-07-01",
       {CohortFlag(),
        CountyFlag("with --cohort_id, instead of --cohort"),
        CohortIdFlag(),
        {"mentee_id", true, "ID", "the mentee"},
        {"reason", true, "TEXT", "why, 1..200 characters"},
        ValueDateFlag(),
        RequestIdFlag()},
       RunWithdraw,
       "The mentee stays on the card, without loans and out of the cohort's figures; the "
       "person's programme year is released (they may be enrolled again)."});
  commands.push_back(
      {"cohort-support",
       "Record support given to a cohort or a mentee (CohortService.RecordSupport)",
       "--cohort=NAME --kind=policy|funding|project|training|market-access [--mentee_id=ID] "
       "--given_by=TEXT [--description=TEXT] [--amount=YUAN [--paid_out]] "
       "--value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=officer-370281 cohort-support "
       "--cohort=counties/370281/cohorts/C2024-1 \\\n      --kind=funding --mentee_id=M01 "
       "--given_by='county league' --amount=5000 --paid_out --value_date=2024-06-01",
       ConcatFlags(
           {{CohortFlag(),
             CountyFlag("with --cohort_id, instead of --cohort"),
             CohortIdFlag(),
             {"kind",
              true,
              "KIND",
              "policy, funding, project, training or market-access",
              false,
              {"policy", "funding", "project", "training", "market-access"}},
             {"mentee_id", true, "ID", "the active mentee it went to (default: the whole cohort)"},
             {"given_by", true, "TEXT", "who gave it, 1..100 characters"},
             {"description", true, "TEXT", "at most 500 characters"}},
            AmountFlagSpecs("amount", "funding only: the amount (required with --paid_out)"),
            {{"paid_out", false, "",
              "funding only: real money paid out; posts Dr the county's mentorship "
              "support paid / Cr its support fund"},
             ValueDateFlag(),
             RequestIdFlag()}}),
       RunSupport});
  commands.push_back(
      {"cohort-close",
       "Close a cohort at year end with every active mentee's outcome (CohortService.CloseCohort)",
       "--cohort=NAME --outcomes=FILE.csv --value_date=YYYY-MM-DD [--request_id=ID]",
       "ledgerctl --principal=officer-370281 cohort-close "
       "--cohort=counties/370281/cohorts/C2024-1 \\\n      --outcomes=outcomes.csv "
       "--value_date=2024-12-15",
       {CohortFlag(),
        CountyFlag("with --cohort_id, instead of --cohort"),
        CohortIdFlag(),
        {"outcomes", true, "FILE.csv",
         "one 'mentee_id,started_business,jobs_created,income_change' line per active mentee "
         "(yes/no, a count, yuan with '-' for a fall); an optional header line"},
        ValueDateFlag(),
        RequestIdFlag()},
       RunClose,
       "Once, on or after December 1 of the programme year. The server records each mentee's "
       "loans at close."});
  commands.push_back(
      {"cohort-rules",
       "Set the county's cohort rules (CohortService.SetCohortRules)",
       "--county=CODE --max_cohorts_per_mentor=N [--request_id=ID]",
       "ledgerctl --principal=officer-370281 cohort-rules --county=370281 "
       "--max_cohorts_per_mentor=2",
       {CountyFlag("your county"),
        {"max_cohorts_per_mentor", true, "N", "cohorts one mentor may lead a year, 1..10"},
        RequestIdFlag()},
       RunRules});
  commands.push_back(
      {"cohort-card",
       "Show a cohort: mentees, active ones' loans in the county, support and performance "
       "(CohortService.GetCohortCard)",
       "--cohort=NAME [--as_of=YYYY-MM-DD]",
       "ledgerctl cohort-card --cohort=counties/370281/cohorts/C2024-1 --as_of=2024-11-05",
       {CohortFlag(), CountyFlag("with --cohort_id, instead of --cohort"), CohortIdFlag(),
        AsOfFlag()},
       RunCard,
       "ON_TIME is the share of due instalments never marked overdue, PAR30 the share of "
       "outstanding principal in loans more than 30 days past due (docs/COHORTS.md). "
       "With --output=csv: a row per mentee loan."});
  commands.back().csv = true;
  commands.push_back(
      {"county-cohorts",
       "A county's cohorts of a year beside its other loans (CohortService.GetCountyCohorts)",
       "--county=CODE --year=YYYY [--as_of=YYYY-MM-DD]",
       "ledgerctl county-cohorts --county=370281 --year=2024",
       {CountyFlag("the county (an officer: its own)"),
        {"year", true, "YYYY", "the programme year"},
        AsOfFlag()},
       RunCounty,
       "With --output=csv: a row per cohort, without the ALL COHORTS and OUTSIDE COHORTS rows."});
  commands.back().csv = true;
  commands.push_back({"mentor-history",
                      "Every cohort a mentor led, by year (CohortService.GetMentorHistory)",
                      "--mentor_id=ID",
                      "ledgerctl mentor-history --mentor_id=WL-01",
                      {{"mentor_id", true, "ID", "the mentor"}},
                      RunMentor,
                      "A county officer sees the cohorts of their own county only."});
  commands.back().csv = true;
  return commands;
}

}  // namespace ledgerctl
