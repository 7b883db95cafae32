#include "ledger/base/date.h"

#include <cassert>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ledger/base/error.h"

namespace ledger {

absl::StatusOr<absl::CivilDay> ParseDate(const microloan::ledger::v1::Date& date,
                                         absl::string_view field) {
  if (!IsSet(date)) {
    return InvalidArgument(reason::kFieldRequired, field, "date is required");
  }
  if (date.year() < 2000 || date.year() > 2199 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > 31) {
    return InvalidArgument(reason::kInvalidDate, field,
                           "date must be a real calendar day between 2000 and 2199");
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises 2023-02-30 to 2023-03-02; a normalised day is not what was sent.
  if (day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) {
    return InvalidArgument(reason::kInvalidDate, field,
                           absl::StrFormat("%04d-%02d-%02d is not a calendar day", date.year(),
                                           date.month(), date.day()));
  }
  return day;
}

microloan::ledger::v1::Date ToDate(absl::CivilDay day) {
  microloan::ledger::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::CivilDay ToCivilDay(const microloan::ledger::v1::Date& date) {
  assert(IsSet(date));
  return absl::CivilDay(date.year(), date.month(), date.day());
}

bool IsSet(const microloan::ledger::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

std::string FormatDate(const microloan::ledger::v1::Date& date) {
  if (!IsSet(date)) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

absl::StatusOr<microloan::ledger::v1::Date> ParseIsoDate(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int year, month, day;
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 || parts[2].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &year) || !absl::SimpleAtoi(parts[1], &month) ||
      !absl::SimpleAtoi(parts[2], &day)) {
    return InvalidArgument(reason::kInvalidDate, "",
                           absl::StrCat("'", text, "' is not a YYYY-MM-DD date"));
  }
  microloan::ledger::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

int32_t DayNumber(const microloan::ledger::v1::Date& date) {
  return date.year() * 10000 + date.month() * 100 + date.day();
}

int32_t DayNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day.year() * 10000 + day.month() * 100 + day.day());
}

}  // namespace ledger
