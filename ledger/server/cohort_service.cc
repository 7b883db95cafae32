#include "ledger/server/cohort_service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/server/cohort_views.h"
#include "ledger/server/handler_support.h"
#include "ledger/server/person_key.h"

namespace ledger {
namespace {

constexpr char kCreateCohort[] = "microloan.ledger.v1.CohortService.CreateCohort";
constexpr char kEnrolMentee[] = "microloan.ledger.v1.CohortService.EnrolMentee";
constexpr char kWithdrawMentee[] = "microloan.ledger.v1.CohortService.WithdrawMentee";
constexpr char kRecordSupport[] = "microloan.ledger.v1.CohortService.RecordSupport";
constexpr char kCloseCohort[] = "microloan.ledger.v1.CohortService.CloseCohort";
constexpr char kSetCohortRules[] = "microloan.ledger.v1.CohortService.SetCohortRules";
constexpr char kGetCohortCard[] = "microloan.ledger.v1.CohortService.GetCohortCard";
constexpr char kGetCountyCohorts[] = "microloan.ledger.v1.CohortService.GetCountyCohorts";
constexpr char kGetMentorHistory[] = "microloan.ledger.v1.CohortService.GetMentorHistory";

// A write to the cohort `name` (field "cohort") is for its county's officers only.
absl::Status CheckCohortWriteScope(const Caller& caller, absl::string_view name) {
  absl::StatusOr<CohortId> id = ParseCohortName(name, "cohort");
  if (!id.ok()) return id.status();
  return CheckCountyScope(caller, id->county_code, "cohort");
}

absl::StatusOr<absl::CivilDay> AsOf(const v1::Date& as_of_date) {
  if (!IsSet(as_of_date)) return LedgerToday();
  return ParseDate(as_of_date, "as_of_date");
}

}  // namespace

grpc::ServerUnaryReactor* CohortServiceImpl::CreateCohort(grpc::CallbackServerContext* context,
                                                          const v1::CreateCohortRequest* request,
                                                          v1::CohortResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_create_cohort() = *request;
  return SubmitCommand(engine_, context, *callers_, kCreateCohort, std::move(command), response,
                       [&](const Caller& caller) {
                         return CheckCountyScope(caller, request->county_code(), "county_code");
                       });
}

grpc::ServerUnaryReactor* CohortServiceImpl::EnrolMentee(grpc::CallbackServerContext* context,
                                                         const v1::EnrolMenteeRequest* request,
                                                         v1::CohortResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_enrol_mentee() = *request;
  // As CreateLoan: the plain ID is replaced before the command is fingerprinted or queued. A
  // mentee is always a person, so the number is required.
  absl::Status keyed =
      request->national_id().empty()
          ? Refuse(absl::StatusCode::kInvalidArgument, reason::kFieldRequired, "national_id",
                   "national_id is required: it links the mentee to their loans")
          : KeyNationalId(keyer_, request->national_id(), &command);
  command.mutable_enrol_mentee()->clear_national_id();
  return SubmitCommand(engine_, context, *callers_, kEnrolMentee, std::move(command), response,
                       [&](const Caller& caller) {
                         absl::Status scope = CheckCohortWriteScope(caller, request->cohort());
                         return scope.ok() ? keyed : scope;
                       });
}

grpc::ServerUnaryReactor* CohortServiceImpl::WithdrawMentee(
    grpc::CallbackServerContext* context, const v1::WithdrawMenteeRequest* request,
    v1::CohortResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_withdraw_mentee() = *request;
  return SubmitCommand(
      engine_, context, *callers_, kWithdrawMentee, std::move(command), response,
      [&](const Caller& caller) { return CheckCohortWriteScope(caller, request->cohort()); });
}

grpc::ServerUnaryReactor* CohortServiceImpl::RecordSupport(grpc::CallbackServerContext* context,
                                                           const v1::RecordSupportRequest* request,
                                                           v1::CohortResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_record_support() = *request;
  command.mutable_record_support()->mutable_support()->clear_sequence();  // output only
  return SubmitCommand(
      engine_, context, *callers_, kRecordSupport, std::move(command), response,
      [&](const Caller& caller) { return CheckCohortWriteScope(caller, request->cohort()); });
}

grpc::ServerUnaryReactor* CohortServiceImpl::CloseCohort(grpc::CallbackServerContext* context,
                                                         const v1::CloseCohortRequest* request,
                                                         v1::CohortResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_close_cohort() = *request;
  // loans_at_close is the server's to fill.
  for (auto& [mentee_id, outcome] : *command.mutable_close_cohort()->mutable_outcomes()) {
    outcome.clear_loans_at_close();
  }
  return SubmitCommand(
      engine_, context, *callers_, kCloseCohort, std::move(command), response,
      [&](const Caller& caller) { return CheckCohortWriteScope(caller, request->cohort()); });
}

grpc::ServerUnaryReactor* CohortServiceImpl::SetCohortRules(
    grpc::CallbackServerContext* context, const v1::SetCohortRulesRequest* request,
    v1::CohortRulesResponse* response) {
  internal::LedgerCommand command;
  *command.mutable_set_cohort_rules() = *request;
  return SubmitCommand(engine_, context, *callers_, kSetCohortRules, std::move(command), response,
                       [&](const Caller& caller) {
                         return CheckCountyScope(caller, request->county_code(), "county_code");
                       });
}

grpc::ServerUnaryReactor* CohortServiceImpl::GetCohortCard(grpc::CallbackServerContext* context,
                                                           const v1::GetCohortCardRequest* request,
                                                           v1::CohortCard* response) {
  return AnswerRead(context, *callers_, kGetCohortCard, [&](const Caller& caller) -> absl::Status {
    absl::StatusOr<CohortId> id = ParseCohortName(request->cohort(), "cohort");
    if (!id.ok()) return id.status();
    // Another county's cohort is NOT_FOUND, exactly as an absent one.
    if (absl::Status s = CheckCohortReadScope(caller, id->county_code, request->cohort(), "cohort");
        !s.ok()) {
      return s;
    }
    absl::StatusOr<absl::CivilDay> as_of = AsOf(request->as_of_date());
    if (!as_of.ok()) return as_of.status();
    absl::StatusOr<v1::CohortCard> card =
        ReadCohortCard(*store_, id->county_code, id->cohort_id, *as_of);
    if (!card.ok()) return card.status();
    *response = std::move(*card);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CohortServiceImpl::GetCountyCohorts(
    grpc::CallbackServerContext* context, const v1::GetCountyCohortsRequest* request,
    v1::CountyCohortsView* response) {
  return AnswerRead(
      context, *callers_, kGetCountyCohorts, [&](const Caller& caller) -> absl::Status {
        if (request->county_code().empty()) {
          return Refuse(absl::StatusCode::kInvalidArgument, reason::kFieldRequired, "county_code",
                        "county_code is required");
        }
        // Like ListLoans naming another county: refused, not hidden (county codes are public).
        if (absl::Status s = CheckCountyScope(caller, request->county_code(), "county_code");
            !s.ok()) {
          return s;
        }
        if (request->programme_year() < kMinProgrammeYear ||
            request->programme_year() > kMaxProgrammeYear) {
          return Refuse(
              absl::StatusCode::kInvalidArgument, reason::kInvalidProgrammeYear, "programme_year",
              absl::StrCat("programme_year must be ", kMinProgrammeYear, "..", kMaxProgrammeYear));
        }
        absl::StatusOr<absl::CivilDay> as_of = AsOf(request->as_of_date());
        if (!as_of.ok()) return as_of.status();
        absl::StatusOr<v1::CountyCohortsView> view =
            ReadCountyCohorts(*store_, request->county_code(), request->programme_year(), *as_of);
        if (!view.ok()) return view.status();
        *response = std::move(*view);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CohortServiceImpl::GetMentorHistory(
    grpc::CallbackServerContext* context, const v1::GetMentorHistoryRequest* request,
    v1::MentorHistory* response) {
  return AnswerRead(
      context, *callers_, kGetMentorHistory, [&](const Caller& caller) -> absl::Status {
        if (request->mentor_id().empty()) {
          return Refuse(absl::StatusCode::kInvalidArgument, reason::kFieldRequired, "mentor_id",
                        "mentor_id is required");
        }
        // An officer sees the mentor's cohorts in their county only; the others are left out.
        absl::StatusOr<v1::MentorHistory> history = ReadMentorHistory(
            *store_, request->mentor_id(), LedgerToday(),
            [&](absl::string_view county_code) { return InCountyScope(caller, county_code); });
        if (!history.ok()) return history.status();
        *response = std::move(*history);
        return absl::OkStatus();
      });
}

}  // namespace ledger
