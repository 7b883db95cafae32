// A period of the subsidy API (v1.DatePeriod) validated once for every caller: the calculator's
// what-if (ComputeSubsidy.periods), the batch listing (ListLoanSubsidies.period) and claims
// (SubmitSubsidyClaim.period, both in the handler and in the rules).
//
//   absl::StatusOr<subsidy::Period> period = ParseSubsidyPeriod(request.period(), "period");
#ifndef LEDGER_SUBSIDY_PERIOD_H_
#define LEDGER_SUBSIDY_PERIOD_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/subsidy/calculator.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {

// Valid dates (ParseDate's reasons, FIELD_REQUIRED / INVALID_DATE, on `field`.first_day /
// `field`.last_day), first_day <= last_day and at most subsidy::kMaxPeriodDays days
// (INVALID_ARGUMENT, INVALID_PERIOD, on `field`).
absl::StatusOr<subsidy::Period> ParseSubsidyPeriod(const microloan::ledger::v1::DatePeriod& period,
                                                   absl::string_view field);

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_PERIOD_H_
