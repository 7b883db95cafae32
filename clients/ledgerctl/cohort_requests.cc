#include "clients/ledgerctl/cohort_requests.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/ledgerctl/amount.h"
#include "clients/ledgerctl/flag_values.h"
#include "clients/ledgerctl/request_fields.h"
#include "ledger/base/money.h"

namespace ledgerctl {

namespace v1 = microloan::ledger::v1;

namespace {

// A mentee's figures are bounded by the server; a file longer than a cohort's enrolments can
// ever be is refused here.
constexpr int kMaxOutcomeLines = 40;
constexpr int kMaxJobsCreated = 10000;

absl::StatusOr<bool> ParseYesNo(absl::string_view text) {
  const std::string word = absl::AsciiStrToLower(text);
  if (word == "yes" || word == "y" || word == "true" || word == "1") return true;
  if (word == "no" || word == "n" || word == "false" || word == "0") return false;
  return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not yes or no"));
}

absl::StatusOr<int> RequiredYear(const ParsedFlags& flags) {
  absl::StatusOr<uint64_t> year = RequiredUint(flags, "year", 9999);
  if (!year.ok()) return year.status();
  return static_cast<int>(*year);
}

template <typename Request>
absl::StatusOr<Request> WithAsOf(const ParsedFlags& flags, Request request) {
  absl::StatusOr<std::optional<v1::Date>> as_of = OptionalDate(flags, "as_of");
  if (!as_of.ok()) return as_of.status();
  if (as_of->has_value()) *request.mutable_as_of_date() = **as_of;
  return request;
}

}  // namespace

absl::StatusOr<std::string> CohortNameFromFlags(const ParsedFlags& flags) {
  const std::string cohort = OptionalString(flags, "cohort");
  if (!cohort.empty()) return cohort;
  const std::string county = OptionalString(flags, "county");
  const std::string cohort_id = OptionalString(flags, "cohort_id");
  if (county.empty() || cohort_id.empty()) {
    return absl::InvalidArgumentError(
        "missing required flag --cohort (or --county and --cohort_id)");
  }
  return absl::StrCat("counties/", county, "/cohorts/", cohort_id);
}

absl::StatusOr<int64_t> ParseSignedYuanToFen(absl::string_view text) {
  const bool negative = absl::ConsumePrefix(&text, "-");
  absl::StatusOr<int64_t> fen = ParseYuanToFen(text);
  if (!fen.ok()) return fen.status();
  return negative ? -*fen : *fen;
}

absl::StatusOr<std::map<std::string, v1::MenteeOutcome>> ParseOutcomesCsv(absl::string_view csv) {
  std::map<std::string, v1::MenteeOutcome> outcomes;
  int number = 0;
  bool first = true;
  for (absl::string_view raw : absl::StrSplit(csv, '\n')) {
    ++number;
    absl::string_view text = absl::StripAsciiWhitespace(raw);
    if (text.empty()) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(text, ',');
    for (absl::string_view& field : fields) field = absl::StripAsciiWhitespace(field);
    if (fields.size() != 4) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--outcomes: line ", number,
          " is not 'mentee_id,started_business,jobs_created,income_change': '", text, "'"));
    }
    if (first && absl::AsciiStrToLower(fields[0]) == "mentee_id") {
      first = false;
      continue;  // the header
    }
    first = false;
    const std::string where = absl::StrCat("--outcomes: line ", number, ": ");
    if (fields[0].empty()) return absl::InvalidArgumentError(where + "no mentee_id");
    absl::StatusOr<bool> started = ParseYesNo(fields[1]);
    if (!started.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "started_business ", started.status().message()));
    }
    int jobs = 0;
    if (!absl::SimpleAtoi(fields[2], &jobs) || jobs < 0 || jobs > kMaxJobsCreated) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "jobs_created '", fields[2], "' is not a count 0..10000"));
    }
    absl::StatusOr<int64_t> income = ParseSignedYuanToFen(fields[3]);
    if (!income.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "income_change '", fields[3], "' is not an amount in yuan"));
    }
    if (static_cast<int>(outcomes.size()) >= kMaxOutcomeLines) {
      return absl::InvalidArgumentError(
          absl::StrCat("--outcomes: more than ", kMaxOutcomeLines, " mentees"));
    }
    v1::MenteeOutcome outcome;
    outcome.set_started_business(*started);
    outcome.set_jobs_created(jobs);
    *outcome.mutable_income_change() = ledger::Cny(*income);
    if (!outcomes.emplace(std::string(fields[0]), std::move(outcome)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "mentee ", fields[0], " is listed twice"));
    }
  }
  if (outcomes.empty()) return absl::InvalidArgumentError("--outcomes: the file has no lines");
  return outcomes;
}

absl::StatusOr<v1::CreateCohortRequest> BuildCreateCohortRequest(const ParsedFlags& flags) {
  v1::CreateCohortRequest request;
  absl::StatusOr<std::string> county = RequiredString(flags, "county");
  if (!county.ok()) return county.status();
  request.set_county_code(*county);
  absl::StatusOr<std::string> cohort_id = RequiredString(flags, "cohort_id");
  if (!cohort_id.ok()) return cohort_id.status();
  request.set_cohort_id(*cohort_id);
  absl::StatusOr<int> year = RequiredYear(flags);
  if (!year.ok()) return year.status();
  request.set_programme_year(*year);
  v1::Mentor* mentor = request.mutable_mentor();
  absl::StatusOr<std::string> mentor_id = RequiredString(flags, "mentor_id");
  if (!mentor_id.ok()) return mentor_id.status();
  mentor->set_mentor_id(*mentor_id);
  absl::StatusOr<int> kind = RequiredChoice(
      flags, "mentor_kind", {{"person", v1::MENTOR_PERSON}, {"firm", v1::MENTOR_FIRM}});
  if (!kind.ok()) return kind.status();
  mentor->set_kind(static_cast<v1::MentorKind>(*kind));
  absl::StatusOr<std::string> name = RequiredString(flags, "mentor_name");
  if (!name.ok()) return name.status();
  mentor->set_display_name(*name);
  mentor->set_profile(OptionalString(flags, "mentor_profile"));
  return request;
}

absl::StatusOr<v1::EnrolMenteeRequest> BuildEnrolMenteeRequest(const ParsedFlags& flags) {
  v1::EnrolMenteeRequest request;
  absl::StatusOr<std::string> cohort = CohortNameFromFlags(flags);
  if (!cohort.ok()) return cohort.status();
  request.set_cohort(*cohort);
  absl::StatusOr<std::string> mentee_id = RequiredString(flags, "mentee_id");
  if (!mentee_id.ok()) return mentee_id.status();
  request.set_mentee_id(*mentee_id);
  absl::StatusOr<std::string> national_id = RequiredString(flags, "national_id");
  if (!national_id.ok()) return national_id.status();
  request.set_national_id(*national_id);
  absl::StatusOr<std::string> name = RequiredString(flags, "name");
  if (!name.ok()) return name.status();
  request.set_display_name(*name);
  request.set_borrower(flags.GetBool("borrower"));
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::WithdrawMenteeRequest> BuildWithdrawMenteeRequest(const ParsedFlags& flags) {
  v1::WithdrawMenteeRequest request;
  absl::StatusOr<std::string> cohort = CohortNameFromFlags(flags);
  if (!cohort.ok()) return cohort.status();
  request.set_cohort(*cohort);
  absl::StatusOr<std::string> mentee_id = RequiredString(flags, "mentee_id");
  if (!mentee_id.ok()) return mentee_id.status();
  request.set_mentee_id(*mentee_id);
  absl::StatusOr<std::string> reason = RequiredString(flags, "reason");
  if (!reason.ok()) return reason.status();
  request.set_reason(*reason);
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::RecordSupportRequest> BuildRecordSupportRequest(const ParsedFlags& flags) {
  v1::RecordSupportRequest request;
  absl::StatusOr<std::string> cohort = CohortNameFromFlags(flags);
  if (!cohort.ok()) return cohort.status();
  request.set_cohort(*cohort);
  v1::SupportRecord* support = request.mutable_support();
  absl::StatusOr<int> kind = RequiredChoice(flags, "kind",
                                            {{"policy", v1::SUPPORT_POLICY},
                                             {"funding", v1::SUPPORT_FUNDING},
                                             {"project", v1::SUPPORT_PROJECT},
                                             {"training", v1::SUPPORT_TRAINING},
                                             {"market-access", v1::SUPPORT_MARKET_ACCESS}});
  if (!kind.ok()) return kind.status();
  support->set_kind(static_cast<v1::SupportKind>(*kind));
  support->set_mentee_id(OptionalString(flags, "mentee_id"));
  absl::StatusOr<std::string> given_by = RequiredString(flags, "given_by");
  if (!given_by.ok()) return given_by.status();
  support->set_given_by(*given_by);
  support->set_description(OptionalString(flags, "description"));
  absl::StatusOr<std::optional<int64_t>> amount = OptionalAmount(flags, "amount");
  if (!amount.ok()) return amount.status();
  const bool funding = *kind == v1::SUPPORT_FUNDING;
  // Unpaid funding (a pledge, a grant not yet paid) may go without an amount; paid-out funding
  // needs one.
  if (funding && flags.GetBool("paid_out") && !amount->has_value()) {
    return absl::InvalidArgumentError("--kind=funding --paid_out needs --amount (or --amount_fen)");
  }
  if (!funding && (amount->has_value() || flags.GetBool("paid_out"))) {
    return absl::InvalidArgumentError("--amount and --paid_out are for --kind=funding only");
  }
  if (amount->has_value()) *support->mutable_amount() = ledger::Cny(**amount);
  support->set_paid_out(flags.GetBool("paid_out"));
  absl::StatusOr<v1::Date> value_date = RequiredDate(flags, "value_date");
  if (!value_date.ok()) return value_date.status();
  *support->mutable_value_date() = *value_date;
  return request;
}

absl::StatusOr<v1::CloseCohortRequest> BuildCloseCohortRequest(const ParsedFlags& flags,
                                                               absl::string_view outcomes_csv) {
  v1::CloseCohortRequest request;
  absl::StatusOr<std::string> cohort = CohortNameFromFlags(flags);
  if (!cohort.ok()) return cohort.status();
  request.set_cohort(*cohort);
  absl::StatusOr<std::map<std::string, v1::MenteeOutcome>> outcomes =
      ParseOutcomesCsv(outcomes_csv);
  if (!outcomes.ok()) return outcomes.status();
  for (auto& [mentee_id, outcome] : *outcomes) {
    (*request.mutable_outcomes())[mentee_id] = std::move(outcome);
  }
  return WithValueDate(flags, std::move(request));
}

absl::StatusOr<v1::SetCohortRulesRequest> BuildSetCohortRulesRequest(const ParsedFlags& flags) {
  v1::SetCohortRulesRequest request;
  absl::StatusOr<std::string> county = RequiredString(flags, "county");
  if (!county.ok()) return county.status();
  request.set_county_code(*county);
  absl::StatusOr<uint64_t> max = RequiredUint(flags, "max_cohorts_per_mentor", kInt32Max);
  if (!max.ok()) return max.status();
  request.set_max_cohorts_per_mentor(static_cast<int32_t>(*max));
  return request;
}

absl::StatusOr<v1::GetCohortCardRequest> BuildGetCohortCardRequest(const ParsedFlags& flags) {
  v1::GetCohortCardRequest request;
  absl::StatusOr<std::string> cohort = CohortNameFromFlags(flags);
  if (!cohort.ok()) return cohort.status();
  request.set_cohort(*cohort);
  return WithAsOf(flags, std::move(request));
}

absl::StatusOr<v1::GetCountyCohortsRequest> BuildGetCountyCohortsRequest(const ParsedFlags& flags) {
  v1::GetCountyCohortsRequest request;
  absl::StatusOr<std::string> county = RequiredString(flags, "county");
  if (!county.ok()) return county.status();
  request.set_county_code(*county);
  absl::StatusOr<int> year = RequiredYear(flags);
  if (!year.ok()) return year.status();
  request.set_programme_year(*year);
  return WithAsOf(flags, std::move(request));
}

absl::StatusOr<v1::GetMentorHistoryRequest> BuildGetMentorHistoryRequest(const ParsedFlags& flags) {
  v1::GetMentorHistoryRequest request;
  absl::StatusOr<std::string> mentor_id = RequiredString(flags, "mentor_id");
  if (!mentor_id.ok()) return mentor_id.status();
  request.set_mentor_id(*mentor_id);
  return request;
}

}  // namespace ledgerctl
