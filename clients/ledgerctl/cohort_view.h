// Human output for "one helps ten" cohorts: a cohort's block (mentor, state, mentees, support),
// a cohort card (the block, each mentee's loans now, the performance), a county's cohorts
// beside its other loans, and a mentor's history. Shares are shown as percentages with two
// decimals ("93.33%") from the basis points the server computed.
//
//   std::cout << FormatCohortWithCommit(response.cohort(), response.commit());  // writes
//   std::cout << FormatCohortCard(card);                                         // cohort-card
//   std::cout << FormatCountyCohorts(view);                                      // county-cohorts
//   std::cout << FormatMentorHistory(history);                                   // mentor-history
#ifndef CLIENTS_LEDGERCTL_COHORT_VIEW_H_
#define CLIENTS_LEDGERCTL_COHORT_VIEW_H_

#include <cstdint>
#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/cohort.pb.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

// 9333 -> "93.33%".
std::string FormatBps(int32_t bps);

// name, county, year, mentor, state, counts; then MENTEE STATE ENROLLED NATIONAL_ID BORROWER
// and, if any, SUPPORT rows.
std::string FormatCohort(const microloan::ledger::v1::Cohort& cohort);
std::string FormatCohortWithCommit(const microloan::ledger::v1::Cohort& cohort,
                                   const microloan::ledger::v1::CommitInfo& commit);
std::string FormatCohortRules(const microloan::ledger::v1::CohortRulesResponse& rules);

// The performance figures as key/value lines.
std::string FormatPerformance(const microloan::ledger::v1::Performance& performance);

// A cohort per row: COHORT MENTOR STATE ACTIVE LOANS ON_TIME PAR30 OUTSTANDING (county-cohorts;
// mentor-history shows MENTOR in CSV only).
Columns<microloan::ledger::v1::CohortSummary> CohortSummaryColumns(ColumnUse mentor);

// A mentee's loan on a cohort card.
struct MenteeLoanRow {
  std::string cohort;
  std::string mentee_id;
  microloan::ledger::v1::MenteeLoan loan;
};
std::vector<MenteeLoanRow> MenteeLoanRows(const microloan::ledger::v1::CohortCard& card);

// A row per mentee loan: MENTEE LOAN STATUS DPD OUTSTANDING SUBSIDY, and COHORT in CSV.
const Columns<MenteeLoanRow>& MenteeLoanColumns();

// The cohort block, a LOANS table (MENTEE LOAN STATUS DPD OUTSTANDING SUBSIDY) and the
// performance of the active mentees' loans as of the card's date.
std::string FormatCohortCard(const microloan::ledger::v1::CohortCard& card);

// COHORT MENTOR STATE ACTIVE LOANS ON_TIME PAR30 OUTSTANDING, then rows ALL COHORTS and
// OUTSIDE COHORTS (marked "(first 100,000 loans)" when truncated).
std::string FormatCountyCohorts(const microloan::ledger::v1::CountyCohortsView& view);

// COHORT STATE ACTIVE LOANS ON_TIME PAR30 OUTSTANDING.
std::string FormatMentorHistory(const microloan::ledger::v1::MentorHistory& history);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COHORT_VIEW_H_
