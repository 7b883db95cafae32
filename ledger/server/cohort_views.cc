#include "ledger/server/cohort_views.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "ledger/base/date.h"
#include "ledger/base/ids.h"
#include "ledger/cohort/cohort_loans.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/cohort/cohort_rules.h"
#include "ledger/cohort/performance.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/store_projection_state.h"

namespace ledger {
namespace {

// A cohort's summary with the performance of its active mentees' loans (in its county); each
// of those loans also goes to `all` and its name to `in_cohorts` when they are given.
v1::CohortSummary Summarize(const v1::Cohort& cohort, const ActiveMenteeLoans& loans,
                            absl::CivilDay as_of, PerformanceAccumulator* all,
                            absl::flat_hash_set<std::string>* in_cohorts) {
  PerformanceAccumulator performance(as_of);
  for (const auto& [mentee_id, mine] : loans.by_mentee) {
    for (const PersonLoan& loan : mine) {
      performance.Add(loan.loan);
      if (all != nullptr) all->Add(loan.loan);
      if (in_cohorts != nullptr) {
        in_cohorts->insert(FormatLoanName(loan.loan.bank_id(), loan.loan.loan_id()));
      }
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
  absl::StatusOr<ActiveMenteeLoans> loans = LoadActiveMenteeLoans(state, *cohort, {});
  if (!loans.ok()) return loans.status();
  v1::CohortCard card;
  PerformanceAccumulator performance(as_of);
  for (v1::Mentee& mentee : *cohort->mutable_mentees()) {
    mentee.clear_loans();
    auto found = loans->by_mentee.find(mentee.mentee_id());
    if (found == loans->by_mentee.end()) continue;  // withdrawn: no loans shown
    for (const PersonLoan& loan : found->second) {
      *mentee.add_loans() = MenteeLoanOf(loan, as_of);
      performance.Add(loan.loan);
    }
  }
  *card.mutable_cohort() = *std::move(cohort);
  *card.mutable_performance() = performance.Result();
  *card.mutable_as_of_date() = ToDate(as_of);
  return card;
}

absl::StatusOr<v1::CountyCohortsView> ReadCountyCohorts(const Store& store,
                                                        absl::string_view county_code,
                                                        int programme_year, absl::CivilDay as_of,
                                                        int max_loans, int max_mentee_loans) {
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
  int mentee_loans_left = max_mentee_loans;
  for (const v1::Cohort& stale : *listed) {
    absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, stale.county_code(), stale.cohort_id());
    if (!cohort.ok()) return cohort.status();
    MenteeLoanOptions options;
    options.with_subsidy = false;
    options.max_loans = mentee_loans_left;
    absl::StatusOr<ActiveMenteeLoans> loans = LoadActiveMenteeLoans(state, *cohort, options);
    if (!loans.ok()) return loans.status();
    if (loans->truncated) {
      // This cohort and the ones after it are left out (their loans count as outside).
      view.set_cohorts_truncated(true);
      break;
    }
    mentee_loans_left -= loans->names_read;
    *view.add_cohorts() = Summarize(*cohort, *loans, as_of, &all, &in_cohorts);
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
      // More pages follow; whether they hold loans is only known by reading one (a page of one
      // loan is enough to tell).
      v1::ListLoansRequest probe = request;
      probe.set_page_size(1);
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
    const std::function<bool(absl::string_view county_code)>& visible, int max_cohorts) {
  // The county is filtered while the mentor index is scanned, before the bound is counted: an
  // officer's history is not cut short by other counties' cohorts.
  absl::StatusOr<CohortListing> listed = ListMentorCohorts(store, mentor_id, visible, max_cohorts);
  if (!listed.ok()) return listed.status();
  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  StoreProjectionState state(store, snapshot.get());
  v1::MentorHistory history;
  history.set_mentor_id(std::string(mentor_id));
  history.set_truncated(listed->truncated);
  for (const v1::Cohort& stale : listed->cohorts) {
    absl::StatusOr<v1::Cohort> cohort = LoadCohort(state, stale.county_code(), stale.cohort_id());
    if (!cohort.ok()) return cohort.status();
    MenteeLoanOptions options;
    options.with_subsidy = false;
    absl::StatusOr<ActiveMenteeLoans> loans = LoadActiveMenteeLoans(state, *cohort, options);
    if (!loans.ok()) return loans.status();
    *history.add_cohorts() = Summarize(*cohort, *loans, as_of, nullptr, nullptr);
  }
  return history;
}

}  // namespace ledger
