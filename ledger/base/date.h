// Calendar dates without time zone: validation of the API's Date message and conversion to
// absl::CivilDay, on which date arithmetic is done.
//
//   absl::StatusOr<absl::CivilDay> day = ParseDate(req.value_date(), "value_date");
//   *loan.mutable_last_value_date() = ToDate(*day);
#ifndef LEDGER_BASE_DATE_H_
#define LEDGER_BASE_DATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledger {

// The ledger accepts dates in [2000-01-01, 2199-12-31]: the programme started in 2016 and
// the bound keeps day counts small.
absl::StatusOr<absl::CivilDay> ParseDate(const microloan::ledger::v1::Date& date,
                                         absl::string_view field);

microloan::ledger::v1::Date ToDate(absl::CivilDay day);

// Converts a stored (already validated) date. REQUIRES: `date` is valid.
absl::CivilDay ToCivilDay(const microloan::ledger::v1::Date& date);

bool IsSet(const microloan::ledger::v1::Date& date);

// yyyymmdd as an integer (20240321), the compact form stored rows keep dates in: integer order
// is date order. REQUIRES: `date` is valid.
int32_t DayNumber(const microloan::ledger::v1::Date& date);
int32_t DayNumber(absl::CivilDay day);

// "2024-03-20"; "" for an unset date.
std::string FormatDate(const microloan::ledger::v1::Date& date);

// Parses "YYYY-MM-DD" (for command-line tools).
absl::StatusOr<microloan::ledger::v1::Date> ParseIsoDate(absl::string_view text);

}  // namespace ledger

#endif  // LEDGER_BASE_DATE_H_
