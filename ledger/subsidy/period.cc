#include "ledger/subsidy/period.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"

namespace ledger {

absl::StatusOr<subsidy::Period> ParseSubsidyPeriod(const microloan::ledger::v1::DatePeriod& period,
                                                   absl::string_view field) {
  absl::StatusOr<absl::CivilDay> first =
      ParseDate(period.first_day(), absl::StrCat(field, ".first_day"));
  if (!first.ok()) return first.status();
  absl::StatusOr<absl::CivilDay> last =
      ParseDate(period.last_day(), absl::StrCat(field, ".last_day"));
  if (!last.ok()) return last.status();
  if (*last < *first) {
    return InvalidArgument(reason::kInvalidPeriod, field,
                           absl::StrCat("period ", absl::FormatCivilTime(*first), "..",
                                        absl::FormatCivilTime(*last), " ends before it starts"));
  }
  if (*last - *first + 1 > subsidy::kMaxPeriodDays) {
    return InvalidArgument(
        reason::kInvalidPeriod, field,
        absl::StrCat("period ", absl::FormatCivilTime(*first), "..", absl::FormatCivilTime(*last),
                     " is longer than ", subsidy::kMaxPeriodDays, " days"));
  }
  return subsidy::Period{*first, *last};
}

}  // namespace ledger
