#include "ledger/server/cohort_views.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "ledger/base/date.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/cohort/performance.h"
#include "ledger/loan/delinquency.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/store_projection_state.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/repeat_loans.h"

namespace ledger {
namespace {

// The loans of each mentee of `cohort` as `state` holds them, by mentee_id (mentees enrolled
// without a person key, or whose person has no loans, have none).
absl::StatusOr<absl::flat_hash_map<std::string, std::vector<v1::Loan>>> MenteeLoans(
    ProjectionState& state, const v1::Cohort& cohort) {
  absl::StatusOr<internal::CohortPeople> people =
      LoadCohortPeople(state, cohort.county_code(), cohort.cohort_id());
  if (!people.ok()) return people.status();
  absl::flat_hash_map<std::string, std::vector<v1::Loan>> loans;
  for (const internal::CohortPerson& person : people->people()) {
    if (person.person_key().empty()) continue;
    absl::StatusOr<internal::PersonLoans> names = LoadPersonLoans(state, person.person_key());
    if (!names.ok()) return names.status();
    std::vector<v1::Loan>& mine = loans[person.mentee_id()];
    for (const std::string& name : names->loans()) {
      absl::StatusOr<v1::Loan> loan = LoadLoan(state, name);
      if (!loan.ok()) return loan.status();
      mine.push_back(std::move(*loan));
    }
  }
  return loans;
}

absl::StatusOr<v1::MenteeLoan> ToMenteeLoan(ProjectionState& state, const v1::Loan& loan,
                                            absl::CivilDay as_of) {
  v1::MenteeLoan shown;
  shown.set_loan(FormatLoanName(loan.bank_id(), loan.loan_id()));
  shown.set_status(loan.status());
  shown.set_days_past_due(DaysPastDue(loan, as_of));
  *shown.mutable_outstanding_principal() = Cny(loan.outstanding_principal().amount_fen());
  absl::StatusOr<int64_t> received = SubsidyReceivedFen(state, loan.bank_id(), loan.loan_id());
  if (!received.ok()) return received.status();
  *shown.mutable_subsidy_received() = Cny(*received);
  return shown;
}

int ActiveMentees(const v1::Cohort& cohort) {
  int active = 0;
  for (const v1::Mentee& mentee : cohort.mentees()) active += mentee.state() == v1::MENTEE_ACTIVE;
  return active;
}

// A cohort's summary with the performance of its active mentees' loans; each of those loans
// also goes to `all` and its name to `in_cohorts` when they are given.
absl::StatusOr<v1::CohortSummary> Summarize(ProjectionState& state, const v1::Cohort& cohort,
                                            absl::CivilDay as_of, PerformanceAccumulator* all,
                                            absl::flat_hash_set<std::string>* in_cohorts) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::vector<v1::Loan>>> loans =
      MenteeLoans(state, cohort);
  if (!loans.ok()) return loans.status();
  PerformanceAccumulator performance(as_of);
  for (const v1::Mentee& mentee : cohort.mentees()) {
    if (mentee.state() != v1::MENTEE_ACTIVE) continue;
    auto found = loans->find(mentee.mentee_id());
    if (found == loans->end()) continue;
    for (const v1::Loan& loan : found->second) {
      performance.Add(loan);
      if (all != nullptr) all->Add(loan);
      if (in_cohorts != nullptr) in_cohorts->insert(FormatLoanName(loan.bank_id(), loan.loan_id()));
    }
  }
  v1::CohortSummary summary;
  summary.set_cohort(CohortName(cohort.county_code(), cohort.cohort_id()));
  *summary.mutable_mentor() = cohort.mentor();
  summary.set_state(cohort.state());
  summary.set_active_mentees(ActiveMentees(cohort));
  *summary.mutable_performance() = performance.Result();
  return summary;
}

}  // namespace

absl::StatusOr<v1::CohortCard> ReadCohortCard(const Store& store, absl::string_view county_code,
                                              absl::string_view cohort_id, absl::CivilDay as_of) {
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  StoreProjectionState state(store, snapshot.get());
  absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, county_code, cohort_id);
  if (!cohort.ok()) return cohort.status();
  absl::StatusOr<absl::flat_hash_map<std::string, std::vector<v1::Loan>>> loans =
      MenteeLoans(state, *cohort);
  if (!loans.ok()) return loans.status();
  v1::CohortCard card;
  PerformanceAccumulator performance(as_of);
  for (v1::Mentee& mentee : *cohort->mutable_mentees()) {
    mentee.clear_loans();
    auto found = loans->find(mentee.mentee_id());
    if (found == loans->end()) continue;
    for (const v1::Loan& loan : found->second) {
      absl::StatusOr<v1::MenteeLoan> shown = ToMenteeLoan(state, loan, as_of);
      if (!shown.ok()) return shown.status();
      *mentee.add_loans() = std::move(*shown);
      if (mentee.state() == v1::MENTEE_ACTIVE) performance.Add(loan);
    }
  }
  *card.mutable_cohort() = std::move(*cohort);
  *card.mutable_performance() = performance.Result();
  *card.mutable_as_of_date() = ToDate(as_of);
  return card;
}

absl::StatusOr<v1::CountyCohortsView> ReadCountyCohorts(const Store& store,
                                                        absl::string_view county_code,
                                                        int programme_year, absl::CivilDay as_of,
                                                        int max_loans) {
  // The listing reads the latest state; every cohort it names is then read again, with its
  // mentees' loans, from one snapshot taken after it (a cohort listed exists there too).
  absl::StatusOr<std::vector<v1::Cohort>> listed =
      ListCountyYearCohorts(store, county_code, programme_year);
  if (!listed.ok()) return listed.status();
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  StoreProjectionState state(store, snapshot.get());
  v1::CountyCohortsView view;
  view.set_county_code(std::string(county_code));
  view.set_programme_year(programme_year);
  *view.mutable_as_of_date() = ToDate(as_of);
  PerformanceAccumulator all(as_of);
  absl::flat_hash_set<std::string> in_cohorts;
  for (const v1::Cohort& stale : *listed) {
    absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, stale.county_code(), stale.cohort_id());
    if (!cohort.ok()) return cohort.status();
    absl::StatusOr<v1::CohortSummary> summary = Summarize(state, *cohort, as_of, &all, &in_cohorts);
    if (!summary.ok()) return summary.status();
    *view.add_cohorts() = std::move(*summary);
  }
  *view.mutable_all_cohorts() = all.Result();

  // The county's other loans: ListLoans' county index (the latest state), page by page.
  PerformanceAccumulator outside(as_of);
  LoanProjection projection(&store);
  v1::ListLoansRequest request;
  request.set_county_code(std::string(county_code));
  request.set_page_size(kMaxLoanPageSize);
  int read = 0;
  while (true) {
    absl::StatusOr<v1::ListLoansResponse> page = projection.List(request);
    if (!page.ok()) return page.status();
    for (const v1::Loan& loan : page->loans()) {
      if (read == max_loans) {
        view.set_outside_truncated(true);
        break;
      }
      ++read;
      if (!in_cohorts.contains(FormatLoanName(loan.bank_id(), loan.loan_id()))) outside.Add(loan);
    }
    if (view.outside_truncated() || page->next_page_token().empty()) break;
    if (read == max_loans) {
      // More pages follow; whether they hold loans is only known by reading one.
      v1::ListLoansRequest probe = request;
      probe.set_page_token(page->next_page_token());
      bool more = false;
      while (!more) {
        absl::StatusOr<v1::ListLoansResponse> next = projection.List(probe);
        if (!next.ok()) return next.status();
        more = next->loans_size() > 0;
        if (next->next_page_token().empty()) break;
        probe.set_page_token(next->next_page_token());
      }
      view.set_outside_truncated(more);
      break;
    }
    request.set_page_token(page->next_page_token());
  }
  *view.mutable_outside_cohorts() = outside.Result();
  return view;
}

absl::StatusOr<v1::MentorHistory> ReadMentorHistory(
    const Store& store, absl::string_view mentor_id, absl::CivilDay as_of,
    const std::function<bool(absl::string_view county_code)>& visible) {
  absl::StatusOr<std::vector<v1::Cohort>> listed = ListMentorCohorts(store, mentor_id);
  if (!listed.ok()) return listed.status();
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  StoreProjectionState state(store, snapshot.get());
  v1::MentorHistory history;
  history.set_mentor_id(std::string(mentor_id));
  for (const v1::Cohort& stale : *listed) {
    if (!visible(stale.county_code())) continue;
    absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, stale.county_code(), stale.cohort_id());
    if (!cohort.ok()) return cohort.status();
    absl::StatusOr<v1::CohortSummary> summary = Summarize(state, *cohort, as_of, nullptr, nullptr);
    if (!summary.ok()) return summary.status();
    *history.add_cohorts() = std::move(*summary);
  }
  return history;
}

}  // namespace ledger
