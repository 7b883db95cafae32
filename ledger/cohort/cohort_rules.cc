#include "ledger/cohort/cohort_rules.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/loan/delinquency.h"

namespace ledger {
namespace {

absl::Status Precondition(absl::string_view reason, absl::string_view field,
                          absl::string_view message) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason, field, message);
}

// 1..max characters (FIELD_REQUIRED / TEXT_TOO_LONG), or 0..max when !required.
absl::Status CheckText(absl::string_view text, absl::string_view field, size_t max_chars,
                       bool required) {
  if (required && text.empty()) {
    return InvalidArgument(reason::kFieldRequired, field, absl::StrCat(field, " is required"));
  }
  if (CountCodePoints(text) > max_chars) {
    return InvalidArgument(reason::kTextTooLong, field,
                           absl::StrCat(field, " has at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

// A valid date not after today.
absl::StatusOr<absl::CivilDay> PastDate(const v1::Date& date, absl::string_view field,
                                        absl::CivilDay today) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(date, field);
  if (!day.ok()) return day.status();
  if (*day > today) {
    return InvalidArgument(reason::kDateInFuture, field,
                           absl::StrCat(field, " ", FormatDate(date), " is after today"));
  }
  return day;
}

absl::Status CheckOpen(const v1::Cohort& cohort) {
  if (cohort.state() != v1::COHORT_OPEN) {
    return Precondition(reason::kCohortClosed, "cohort", absl::StrCat(cohort.name(), " is closed"));
  }
  return absl::OkStatus();
}

// A Money of either sign: CNY and at most kMaxAmountFen in size (ParseMoney takes no negative).
absl::Status CheckSignedMoney(const v1::Money& money, const std::string& field) {
  if (money.amount_fen() < -kMaxAmountFen) {
    return InvalidArgument(
        reason::kAmountTooLarge, absl::StrCat(field, ".amount_fen"),
        absl::StrCat(field, " exceeds the ledger's bound of ", kMaxAmountFen, " fen either way"));
  }
  v1::Money size = money;
  size.set_amount_fen(money.amount_fen() < 0 ? -money.amount_fen() : money.amount_fen());
  return ParseMoney(size, field, Sign::kNonNegative).status();
}

}  // namespace

v1::MenteeLoan MenteeLoanOf(const PersonLoan& loan, absl::CivilDay as_of) {
  v1::MenteeLoan out;
  out.set_loan(loan.loan.name());
  out.set_status(loan.loan.status());
  out.set_days_past_due(DaysPastDue(loan.loan, as_of));
  *out.mutable_outstanding_principal() = Cny(loan.loan.outstanding_principal().amount_fen());
  *out.mutable_subsidy_received() = Cny(loan.subsidy_received_fen);
  return out;
}

absl::StatusOr<v1::Event> DecideCreateCohort(const v1::CreateCohortRequest& request,
                                             const CohortCreateInputs& inputs,
                                             absl::CivilDay today) {
  if (absl::Status s = ValidateCountyCode(request.county_code(), "county_code"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateId(request.cohort_id(), "cohort_id"); !s.ok()) return s;
  const int year = request.programme_year();
  if (year < kMinProgrammeYear || year > kMaxProgrammeYear ||
      year > static_cast<int>(today.year()) + 1) {
    return InvalidArgument(reason::kInvalidProgrammeYear, "programme_year",
                           absl::StrCat("programme_year must be ", kMinProgrammeYear, "..",
                                        kMaxProgrammeYear, " and not after next year"));
  }
  const v1::Mentor& mentor = request.mentor();
  if (absl::Status s = ValidateId(mentor.mentor_id(), "mentor.mentor_id"); !s.ok()) return s;
  if (mentor.kind() != v1::MENTOR_PERSON && mentor.kind() != v1::MENTOR_FIRM) {
    return InvalidArgument(reason::kInvalidMentorKind, "mentor.kind",
                           "mentor.kind must be MENTOR_PERSON or MENTOR_FIRM");
  }
  if (absl::Status s =
          CheckText(mentor.display_name(), "mentor.display_name", kMaxCohortNameChars, true);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckText(mentor.profile(), "mentor.profile", kMaxMentorProfileChars, false);
      !s.ok()) {
    return s;
  }
  const std::string name = CohortName(request.county_code(), request.cohort_id());
  if (inputs.cohort_exists) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kCohortAlreadyExists, "cohort_id",
                  absl::StrCat(name, " already exists"));
  }
  if (inputs.mentor_cohorts >= inputs.max_cohorts_per_mentor) {
    return Precondition(reason::kMentorLimit, "mentor.mentor_id",
                        absl::StrCat("mentor ", mentor.mentor_id(), " already leads ",
                                     inputs.mentor_cohorts, " cohort(s) in ", year, " in county ",
                                     request.county_code(), ", the county's limit"));
  }
  v1::Event event;
  v1::Cohort* cohort = event.mutable_cohort_created()->mutable_cohort();
  cohort->set_name(name);
  cohort->set_county_code(request.county_code());
  cohort->set_cohort_id(request.cohort_id());
  cohort->set_programme_year(year);
  *cohort->mutable_mentor() = mentor;
  cohort->set_state(v1::COHORT_OPEN);
  return event;
}

absl::StatusOr<v1::Event> DecideEnrolMentee(const v1::EnrolMenteeRequest& request,
                                            const v1::Cohort& cohort, const EnrolInputs& inputs,
                                            absl::CivilDay today) {
  if (absl::Status s = CheckOpen(cohort); !s.ok()) return s;
  if (absl::Status s = ValidateId(request.mentee_id(), "mentee_id"); !s.ok()) return s;
  if (inputs.person_key.empty()) {
    return InvalidArgument(reason::kFieldRequired, "national_id",
                           "a mentee is enrolled with their resident ID");
  }
  if (absl::Status s = CheckText(request.display_name(), "display_name", kMaxCohortNameChars, true);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<absl::CivilDay> day = PastDate(request.value_date(), "value_date", today);
  if (!day.ok()) return day.status();
  if (day->year() != cohort.programme_year()) {
    return InvalidArgument(
        reason::kOutsideProgrammeYear, "value_date",
        absl::StrCat("value_date is outside the programme year ", cohort.programme_year()));
  }
  if (FindMentee(cohort, request.mentee_id()) != nullptr) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kMenteeAlreadyEnrolled, "mentee_id",
                  absl::StrCat(request.mentee_id(), " is already a mentee of ", cohort.name()));
  }
  if (ActiveMentees(cohort) >= kMaxMenteesPerCohort) {
    return Precondition(reason::kCohortFull, "cohort",
                        absl::StrCat(cohort.name(), " has ", kMaxMenteesPerCohort,
                                     " active mentees already (one helps ten)"));
  }
  if (cohort.mentees_size() >= kMaxEnrolmentsPerCohort) {
    return Precondition(reason::kCohortFull, "cohort",
                        absl::StrCat(cohort.name(), " has had ", kMaxEnrolmentsPerCohort,
                                     " enrolments, withdrawn ones included: the most it keeps"));
  }
  if (inputs.cohort_of_person_in_year) {
    // Another county's cohort is not named: its officer's business, not this one's.
    const std::string& other = *inputs.cohort_of_person_in_year;
    absl::StatusOr<CohortId> other_id = ParseCohortName(other, "");
    std::string where;
    if (other == cohort.name()) {
      where = absl::StrCat("this cohort, ", other);
    } else if (other_id.ok() && other_id->county_code == cohort.county_code()) {
      where = other;
    } else {
      where = "a cohort of another county";
    }
    return Precondition(
        reason::kMenteeInOtherCohort, "national_id",
        absl::StrCat("the person is an active mentee of ", where, " for ", cohort.programme_year(),
                     " (a person is an active mentee of at most one cohort a "
                     "programme year; withdrawing releases the year)"));
  }
  if (request.borrower() && inputs.county_loan_count == 0) {
    return Precondition(reason::kUnknownBorrower, "national_id",
                        absl::StrCat("borrower is set but the ledger has no loan in county ",
                                     cohort.county_code(), " created with this resident ID"));
  }
  v1::Event event;
  v1::MenteeEnrolled* enrolled = event.mutable_mentee_enrolled();
  enrolled->set_cohort(cohort.name());
  enrolled->set_person_key(inputs.person_key);
  v1::Mentee* mentee = enrolled->mutable_mentee();
  mentee->set_mentee_id(request.mentee_id());
  mentee->set_national_id_masked(inputs.national_id_masked);
  mentee->set_borrower_at_enrolment(inputs.county_loan_count > 0);
  mentee->set_display_name(request.display_name());
  mentee->set_state(v1::MENTEE_ACTIVE);
  *mentee->mutable_enrolled_on() = ToDate(*day);
  return event;
}

absl::StatusOr<v1::Event> DecideWithdrawMentee(const v1::WithdrawMenteeRequest& request,
                                               const v1::Cohort& cohort, absl::CivilDay today) {
  if (absl::Status s = CheckOpen(cohort); !s.ok()) return s;
  if (absl::Status s = ValidateId(request.mentee_id(), "mentee_id"); !s.ok()) return s;
  const v1::Mentee* mentee = FindMentee(cohort, request.mentee_id());
  if (mentee == nullptr) {
    return Refuse(absl::StatusCode::kNotFound, reason::kMenteeNotFound, "mentee_id",
                  absl::StrCat(cohort.name(), " has no mentee ", request.mentee_id()));
  }
  if (mentee->state() != v1::MENTEE_ACTIVE) {
    return Precondition(reason::kMenteeWithdrawn, "mentee_id",
                        absl::StrCat(request.mentee_id(), " was withdrawn on ",
                                     FormatDate(mentee->withdrawn_on())));
  }
  if (absl::Status s = CheckText(request.reason(), "reason", kMaxWithdrawalReasonChars, true);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<absl::CivilDay> day = PastDate(request.value_date(), "value_date", today);
  if (!day.ok()) return day.status();
  if (*day < ToCivilDay(mentee->enrolled_on())) {
    return InvalidArgument(
        reason::kDateBeforeLastEvent, "value_date",
        absl::StrCat("value_date is before the enrolment on ", FormatDate(mentee->enrolled_on())));
  }
  v1::Event event;
  v1::MenteeWithdrawn* withdrawn = event.mutable_mentee_withdrawn();
  withdrawn->set_cohort(cohort.name());
  withdrawn->set_mentee_id(request.mentee_id());
  withdrawn->set_reason(request.reason());
  *withdrawn->mutable_value_date() = ToDate(*day);
  return event;
}

absl::StatusOr<v1::Event> DecideRecordSupport(const v1::RecordSupportRequest& request,
                                              const v1::Cohort& cohort, absl::CivilDay today) {
  if (absl::Status s = CheckOpen(cohort); !s.ok()) return s;
  const v1::SupportRecord& support = request.support();
  if (support.kind() == v1::SUPPORT_KIND_UNSPECIFIED || !v1::SupportKind_IsValid(support.kind())) {
    return InvalidArgument(reason::kInvalidSupportKind, "support.kind",
                           "support.kind must be policy, funding, project, training or market "
                           "access");
  }
  if (!support.mentee_id().empty()) {
    if (absl::Status s = ValidateId(support.mentee_id(), "support.mentee_id"); !s.ok()) return s;
    const v1::Mentee* mentee = FindMentee(cohort, support.mentee_id());
    if (mentee == nullptr) {
      return Refuse(absl::StatusCode::kNotFound, reason::kMenteeNotFound, "support.mentee_id",
                    absl::StrCat(cohort.name(), " has no mentee ", support.mentee_id()));
    }
    if (mentee->state() != v1::MENTEE_ACTIVE) {
      return Precondition(reason::kMenteeWithdrawn, "support.mentee_id",
                          absl::StrCat(support.mentee_id(), " was withdrawn on ",
                                       FormatDate(mentee->withdrawn_on())));
    }
  }
  if (absl::Status s = CheckText(support.given_by(), "support.given_by", kMaxGivenByChars, true);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckText(support.description(), "support.description",
                                 kMaxSupportDescriptionChars, false);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<absl::CivilDay> day = PastDate(support.value_date(), "support.value_date", today);
  if (!day.ok()) return day.status();
  if (day->year() != cohort.programme_year()) {
    return InvalidArgument(
        reason::kOutsideProgrammeYear, "support.value_date",
        absl::StrCat("support.value_date is outside the programme year ", cohort.programme_year()));
  }
  const bool funding = support.kind() == v1::SUPPORT_FUNDING;
  int64_t amount_fen = 0;
  if (!funding && (support.has_amount() || support.paid_out())) {
    return InvalidArgument(reason::kInvalidSupportKind,
                           support.has_amount() ? "support.amount" : "support.paid_out",
                           "only SUPPORT_FUNDING carries an amount or is paid out");
  }
  if (funding && support.paid_out() && !support.has_amount()) {
    return InvalidArgument(reason::kFieldRequired, "support.amount",
                           "paid-out funding needs its amount");
  }
  if (support.has_amount()) {
    absl::StatusOr<int64_t> parsed =
        ParseMoney(support.amount(), "support.amount",
                   support.paid_out() ? Sign::kPositive : Sign::kNonNegative);
    if (!parsed.ok()) return parsed.status();
    amount_fen = *parsed;
  }
  if (cohort.support_size() >= kMaxSupportRecords) {
    return Refuse(absl::StatusCode::kResourceExhausted, reason::kTooManySupportRecords, "cohort",
                  absl::StrCat(cohort.name(), " holds ", kMaxSupportRecords,
                               " support records, the most a cohort keeps"));
  }
  v1::Event event;
  v1::SupportRecorded* recorded = event.mutable_support_recorded();
  recorded->set_cohort(cohort.name());
  v1::SupportRecord* stored = recorded->mutable_support();
  *stored = support;
  stored->clear_sequence();
  *stored->mutable_value_date() = ToDate(*day);
  if (support.has_amount()) *stored->mutable_amount() = Cny(amount_fen);
  if (funding && support.paid_out()) {
    PostingsBuilder postings;
    postings.Transfer(/*from=*/CountySupportFundAccount(cohort.county_code()),
                      /*to=*/CountySupportPaidAccount(cohort.county_code()), amount_fen);
    postings.Finish(&event);
  }
  return event;
}

absl::StatusOr<v1::Event> DecideCloseCohort(
    const v1::CloseCohortRequest& request, const v1::Cohort& cohort,
    const std::map<std::string, std::vector<PersonLoan>>& loans, absl::CivilDay today) {
  if (cohort.state() != v1::COHORT_OPEN) {
    return Precondition(
        reason::kCohortAlreadyClosed, "cohort",
        absl::StrCat(cohort.name(), " was closed on ", FormatDate(cohort.closed_on())));
  }
  absl::StatusOr<absl::CivilDay> day = ParseDate(request.value_date(), "value_date");
  if (!day.ok()) return day.status();
  if (*day < absl::CivilDay(cohort.programme_year(), 12, 1)) {
    return Precondition(reason::kCloseBeforeYearEnd, "value_date",
                        absl::StrCat("a cohort closes on or after December 1 of its programme "
                                     "year ",
                                     cohort.programme_year()));
  }
  if (*day > today) {
    return InvalidArgument(reason::kDateInFuture, "value_date", "value_date is after today");
  }
  // Sorted, so the first offending id is the same whatever order the map came in.
  std::vector<std::string> ids;
  ids.reserve(request.outcomes_size());
  for (const auto& [mentee_id, outcome] : request.outcomes()) ids.push_back(mentee_id);
  std::sort(ids.begin(), ids.end());
  for (const std::string& mentee_id : ids) {
    const std::string field = absl::StrCat("outcomes[", mentee_id, "]");
    const v1::Mentee* mentee = FindMentee(cohort, mentee_id);
    if (mentee == nullptr || mentee->state() != v1::MENTEE_ACTIVE) {
      return InvalidArgument(
          reason::kOutcomeForUnknownMentee, field,
          absl::StrCat(mentee_id, " is not an active mentee of ", cohort.name()));
    }
    const v1::MenteeOutcome& outcome = request.outcomes().at(mentee_id);
    if (outcome.jobs_created() < 0 || outcome.jobs_created() > kMaxJobsCreated) {
      return InvalidArgument(reason::kOutOfRange, absl::StrCat(field, ".jobs_created"),
                             absl::StrCat("jobs_created must be 0..", kMaxJobsCreated));
    }
    if (absl::Status s =
            CheckSignedMoney(outcome.income_change(), absl::StrCat(field, ".income_change"));
        !s.ok()) {
      return s;
    }
  }
  v1::Event event;
  v1::CohortClosed* closed = event.mutable_cohort_closed();
  closed->set_cohort(cohort.name());
  *closed->mutable_value_date() = ToDate(*day);
  for (const v1::Mentee& mentee : cohort.mentees()) {
    if (mentee.state() != v1::MENTEE_ACTIVE) continue;
    auto found = request.outcomes().find(mentee.mentee_id());
    if (found == request.outcomes().end()) {
      return Precondition(
          reason::kOutcomeMissing, absl::StrCat("outcomes[", mentee.mentee_id(), "]"),
          absl::StrCat("every active mentee needs an outcome; ", mentee.mentee_id(), " has none"));
    }
    v1::MenteeClosing* closing = closed->add_outcomes();
    closing->set_mentee_id(mentee.mentee_id());
    v1::MenteeOutcome* outcome = closing->mutable_outcome();
    *outcome = found->second;
    outcome->clear_loans_at_close();  // output only: the ledger's, not the caller's
    if (auto person = loans.find(mentee.mentee_id()); person != loans.end()) {
      for (const PersonLoan& loan : person->second) {
        *outcome->add_loans_at_close() = MenteeLoanOf(loan, *day);
      }
    }
  }
  Invariant(closed->outcomes_size() == static_cast<int>(ids.size()),
            "a closing has one outcome per active mentee");
  return event;
}

absl::StatusOr<v1::Event> DecideSetCohortRules(const v1::SetCohortRulesRequest& request) {
  if (absl::Status s = ValidateCountyCode(request.county_code(), "county_code"); !s.ok()) {
    return s;
  }
  if (request.max_cohorts_per_mentor() < 1 ||
      request.max_cohorts_per_mentor() > kMaxCohortsPerMentorRule) {
    return InvalidArgument(
        reason::kOutOfRange, "max_cohorts_per_mentor",
        absl::StrCat("max_cohorts_per_mentor must be 1..", kMaxCohortsPerMentorRule));
  }
  v1::Event event;
  event.mutable_cohort_rules_set()->set_county_code(request.county_code());
  event.mutable_cohort_rules_set()->set_max_cohorts_per_mentor(request.max_cohorts_per_mentor());
  return event;
}

}  // namespace ledger
