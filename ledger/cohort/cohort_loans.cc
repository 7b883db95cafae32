#include "ledger/cohort/cohort_loans.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/invariant.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/repeat_loans.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

absl::StatusOr<std::vector<PersonLoan>> LoadNamedCountyLoans(ProjectionState& state,
                                                             const internal::PersonLoans& names,
                                                             absl::string_view county_code,
                                                             bool with_subsidy) {
  Invariant(names.loans_size() <= kMaxLoansPerPerson, "a person has a bounded loan row");
  std::vector<PersonLoan> loans;
  for (const std::string& name : names.loans()) {
    absl::StatusOr<v1::Loan> loan = LoadLoan(state, name);
    if (absl::IsNotFound(loan.status())) {
      return absl::DataLossError(absl::StrCat("a person's loan ", name, " is not stored"));
    }
    if (!loan.ok()) return loan.status();
    if (loan->county_code() != county_code) continue;  // another county's: never read out
    int64_t received_fen = 0;
    if (with_subsidy) {
      absl::StatusOr<int64_t> received =
          SubsidyReceivedFen(state, loan->bank_id(), loan->loan_id());
      if (!received.ok()) return received.status();
      received_fen = *received;
    }
    loans.push_back({*std::move(loan), received_fen});
  }
  return loans;
}

}  // namespace

absl::StatusOr<std::vector<PersonLoan>> LoadPersonCountyLoans(ProjectionState& state,
                                                              absl::string_view person_key,
                                                              absl::string_view county_code,
                                                              bool with_subsidy) {
  absl::StatusOr<internal::PersonLoans> names = LoadPersonLoans(state, person_key);
  if (!names.ok()) return names.status();
  return LoadNamedCountyLoans(state, *names, county_code, with_subsidy);
}

absl::StatusOr<ActiveMenteeLoans> LoadActiveMenteeLoans(ProjectionState& state,
                                                        const v1::Cohort& cohort,
                                                        const MenteeLoanOptions& options) {
  absl::StatusOr<internal::CohortPeople> people =
      LoadCohortPeople(state, cohort.county_code(), cohort.cohort_id());
  if (!people.ok()) return people.status();
  if (people->people_size() != cohort.mentees_size()) {
    return absl::DataLossError(absl::StrCat(cohort.name(), " has ", cohort.mentees_size(),
                                            " mentees but ", people->people_size(),
                                            " stored person keys"));
  }
  // First the person rows (one read a mentee), so the bound holds before any loan is read.
  std::vector<std::pair<std::string, internal::PersonLoans>> active;
  ActiveMenteeLoans out;
  for (int i = 0; i < cohort.mentees_size(); ++i) {
    const v1::Mentee& mentee = cohort.mentees(i);
    const internal::CohortPerson& person = people->people(i);
    if (person.mentee_id() != mentee.mentee_id() || person.person_key().empty()) {
      return absl::DataLossError(
          absl::StrCat("the person keys of ", cohort.name(), " do not line up with its mentees"));
    }
    if (mentee.state() != v1::MENTEE_ACTIVE) continue;
    absl::StatusOr<internal::PersonLoans> names = LoadPersonLoans(state, person.person_key());
    if (!names.ok()) return names.status();
    out.names_read += names->loans_size();
    active.emplace_back(mentee.mentee_id(), *std::move(names));
  }
  if (out.names_read > options.max_loans) {
    out.truncated = true;
    return out;
  }
  for (const auto& [mentee_id, names] : active) {
    absl::StatusOr<std::vector<PersonLoan>> loans =
        LoadNamedCountyLoans(state, names, cohort.county_code(), options.with_subsidy);
    if (!loans.ok()) return loans.status();
    out.loan_count += static_cast<int>(loans->size());
    out.by_mentee[mentee_id] = *std::move(loans);
  }
  return out;
}

}  // namespace ledger
