#include "ledger/engine/cohort_decide.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/cohort/cohort_loans.h"
#include "ledger/cohort/cohort_projection.h"

namespace ledger {
namespace {

absl::StatusOr<v1::Cohort> FindCohort(ProjectionState& state, absl::string_view name) {
  absl::StatusOr<CohortId> id = ParseCohortName(name, "cohort");
  if (!id.ok()) return id.status();
  return LoadCohort(state, id->county_code, id->cohort_id);
}

// What CreateCohort's rules read; loaded only for a well-formed request (the rules refuse any
// other before they look).
absl::StatusOr<CohortCreateInputs> LoadCreateInputs(const v1::CreateCohortRequest& request,
                                                    ProjectionState& state) {
  CohortCreateInputs inputs;
  if (!ValidateCountyCode(request.county_code(), "").ok()) return inputs;
  if (ValidateId(request.cohort_id(), "").ok()) {
    absl::StatusOr<v1::Cohort> existing =
        LoadCohort(state, request.county_code(), request.cohort_id());
    if (!existing.ok() && !absl::IsNotFound(existing.status())) return existing.status();
    inputs.cohort_exists = existing.ok();
  }
  absl::StatusOr<int> max = MaxCohortsPerMentor(state, request.county_code());
  if (!max.ok()) return max.status();
  inputs.max_cohorts_per_mentor = *max;
  if (ValidateId(request.mentor().mentor_id(), "").ok()) {
    absl::StatusOr<int> count = MentorCohortCount(state, request.mentor().mentor_id(),
                                                  request.programme_year(), request.county_code());
    if (!count.ok()) return count.status();
    inputs.mentor_cohorts = *count;
  }
  return inputs;
}

absl::StatusOr<EnrolInputs> LoadEnrolInputs(const internal::LedgerCommand& command,
                                            const v1::Cohort& cohort, ProjectionState& state) {
  EnrolInputs inputs;
  inputs.person_key = command.person_key();
  inputs.national_id_masked = command.national_id_masked();
  if (inputs.person_key.empty()) return inputs;
  absl::StatusOr<std::optional<std::string>> other =
      CohortOfPersonInYear(state, inputs.person_key, cohort.programme_year());
  if (!other.ok()) return other.status();
  inputs.cohort_of_person_in_year = *std::move(other);
  // Only the person's loans in the cohort's county count (and are ever read out).
  absl::StatusOr<std::vector<PersonLoan>> loans =
      LoadPersonCountyLoans(state, inputs.person_key, cohort.county_code(), /*with_subsidy=*/false);
  if (!loans.ok()) return loans.status();
  inputs.county_loan_count = static_cast<int>(loans->size());
  return inputs;
}

}  // namespace

bool IsCohortCommand(const internal::LedgerCommand& command) {
  return command.has_create_cohort() || command.has_enrol_mentee() ||
         command.has_withdraw_mentee() || command.has_record_support() ||
         command.has_close_cohort() || command.has_set_cohort_rules();
}

absl::StatusOr<v1::Event> DecideCohortCommand(const internal::LedgerCommand& command,
                                              const DecideContext& context) {
  Invariant(IsCohortCommand(command), "DecideCohortCommand is given a cohort command");
  ProjectionState& state = *context.state;
  if (command.has_create_cohort()) {
    absl::StatusOr<CohortCreateInputs> inputs = LoadCreateInputs(command.create_cohort(), state);
    if (!inputs.ok()) return inputs.status();
    return DecideCreateCohort(command.create_cohort(), *inputs, context.today);
  }
  if (command.has_set_cohort_rules()) return DecideSetCohortRules(command.set_cohort_rules());
  if (command.has_enrol_mentee()) {
    absl::StatusOr<v1::Cohort> cohort = FindCohort(state, command.enrol_mentee().cohort());
    if (!cohort.ok()) return cohort.status();
    absl::StatusOr<EnrolInputs> inputs = LoadEnrolInputs(command, *cohort, state);
    if (!inputs.ok()) return inputs.status();
    return DecideEnrolMentee(command.enrol_mentee(), *cohort, *inputs, context.today);
  }
  if (command.has_withdraw_mentee()) {
    absl::StatusOr<v1::Cohort> cohort = FindCohort(state, command.withdraw_mentee().cohort());
    if (!cohort.ok()) return cohort.status();
    return DecideWithdrawMentee(command.withdraw_mentee(), *cohort, context.today);
  }
  if (command.has_record_support()) {
    absl::StatusOr<v1::Cohort> cohort = FindCohort(state, command.record_support().cohort());
    if (!cohort.ok()) return cohort.status();
    return DecideRecordSupport(command.record_support(), *cohort, context.today);
  }
  absl::StatusOr<v1::Cohort> cohort = FindCohort(state, command.close_cohort().cohort());
  if (!cohort.ok()) return cohort.status();
  std::map<std::string, std::vector<PersonLoan>> loans;
  if (cohort->state() == v1::COHORT_OPEN) {  // a closed one is refused before loans are read
    absl::StatusOr<ActiveMenteeLoans> loaded = LoadActiveMenteeLoans(state, *cohort, {});
    if (!loaded.ok()) return loaded.status();
    Invariant(!loaded->truncated, "a closing reads every active mentee's loans");
    loans = std::move(loaded->by_mentee);
  }
  return DecideCloseCohort(command.close_cohort(), *cohort, loans, context.today);
}

}  // namespace ledger
