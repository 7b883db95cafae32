// The decide step of the six cohort commands (part of apply_command): loads what each concerns
// through the DecideContext's state (the cohort, the mentor's count and the county's rule, the
// person's cohort of the year and loans in the cohort's county, each active mentee's loans in
// the cohort's county and the subsidy they received: ledger/cohort/cohort_loans.h) and calls the
// pure rules (ledger/cohort/cohort_rules.h).
//
//   if (IsCohortCommand(command)) return DecideCohortCommand(command, context);
#ifndef LEDGER_ENGINE_COHORT_DECIDE_H_
#define LEDGER_ENGINE_COHORT_DECIDE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/base/namespaces.h"
#include "ledger/cohort/cohort_rules.h"
#include "ledger/engine/apply_command.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// create_cohort, enrol_mentee, withdraw_mentee, record_support, close_cohort or
// set_cohort_rules.
bool IsCohortCommand(const internal::LedgerCommand& command);

// REQUIRES: IsCohortCommand(command). A command on a cohort names it by `cohort`
// (INVALID_COHORT_NAME; NOT_FOUND, COHORT_NOT_FOUND if there is none). An enrolment uses
// command.person_key() and national_id_masked() (set by the handler from the resident ID).
absl::StatusOr<v1::Event> DecideCohortCommand(const internal::LedgerCommand& command,
                                              const DecideContext& context);

}  // namespace ledger

#endif  // LEDGER_ENGINE_COHORT_DECIDE_H_
