// Settlement periods for the subsidy reconciliation: a quarter named like "2026Q3", or an
// explicit range "2026-06-21..2026-09-20". Settlement quarters end on the 20th of March,
// June, September and December, so 2026Q1 is 2025-12-21..2026-03-20 and 2026Q3 is
// 2026-06-21..2026-09-20.
//
//   absl::StatusOr<Quarter> q = ParseQuarter("2026Q3");
//   Period p = QuarterPeriod(*q);                 // 2026-06-21 .. 2026-09-20
//   std::vector<Quarter> chart = QuartersEndingWith(*q, 4);  // 2025Q4 .. 2026Q3
#ifndef TOOLS_RECONCILE_QUARTER_H_
#define TOOLS_RECONCILE_QUARTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace reconcile {

struct Period {
  absl::CivilDay first_day;  // inclusive
  absl::CivilDay last_day;   // inclusive
};

struct Quarter {
  int year = 0;
  int number = 0;  // 1..4
};

// "2026Q3" (2000..2199, Q1..Q4; a lower-case q is accepted).
absl::StatusOr<Quarter> ParseQuarter(absl::string_view text);
// "YYYY-MM-DD..YYYY-MM-DD", first <= last, at most ledger::subsidy::kMaxPeriodDays (400)
// days: the server's own bound, from the calculator it uses.
absl::StatusOr<Period> ParsePeriod(absl::string_view text);

Period QuarterPeriod(Quarter quarter);
// The settlement quarter that contains `day`.
Quarter QuarterOf(absl::CivilDay day);
// `count` consecutive quarters, the last one `last`, oldest first.
std::vector<Quarter> QuartersEndingWith(Quarter last, int count);

std::string QuarterName(Quarter quarter);      // "2026Q3"
std::string PeriodText(const Period& period);  // "2026-06-21..2026-09-20"

}  // namespace reconcile

#endif  // TOOLS_RECONCILE_QUARTER_H_
