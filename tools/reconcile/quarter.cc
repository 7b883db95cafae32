#include "tools/reconcile/quarter.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/subsidy/calculator.h"

namespace reconcile {
namespace {

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !absl::SimpleAtoi(text.substr(0, 4), &y) || !absl::SimpleAtoi(text.substr(5, 2), &m) ||
      !absl::SimpleAtoi(text.substr(8, 2), &d)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a date YYYY-MM-DD"));
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d || y < 2000 || y > 2199) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a valid date"));
  }
  return day;
}

}  // namespace

absl::StatusOr<Quarter> ParseQuarter(absl::string_view text) {
  Quarter q;
  if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q') ||
      !absl::SimpleAtoi(text.substr(0, 4), &q.year) || text[5] < '1' || text[5] > '4' ||
      q.year < 2000 || q.year > 2199) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a quarter like 2026Q3"));
  }
  q.number = text[5] - '0';
  return q;
}

absl::StatusOr<Period> ParsePeriod(absl::string_view text) {
  const size_t dots = text.find("..");
  if (dots == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a period like 2026-06-21..2026-09-20"));
  }
  absl::StatusOr<absl::CivilDay> first = ParseDay(text.substr(0, dots));
  if (!first.ok()) return first.status();
  absl::StatusOr<absl::CivilDay> last = ParseDay(text.substr(dots + 2));
  if (!last.ok()) return last.status();
  if (*last < *first) return absl::InvalidArgumentError("the period ends before it starts");
  if (*last - *first + 1 > ledger::subsidy::kMaxPeriodDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("the period is longer than ", ledger::subsidy::kMaxPeriodDays, " days"));
  }
  return Period{*first, *last};
}

Period QuarterPeriod(Quarter q) {
  // Quarter n ends on the 20th of month 3n; it starts the day after the previous one ends.
  const absl::CivilDay last(q.year, 3 * q.number, 20);
  const absl::CivilDay first = q.number == 1 ? absl::CivilDay(q.year - 1, 12, 21)
                                             : absl::CivilDay(q.year, 3 * q.number - 3, 21);
  return Period{first, last};
}

Quarter QuarterOf(absl::CivilDay day) {
  if (day.month() == 12 && day.day() >= 21) return Quarter{static_cast<int>(day.year()) + 1, 1};
  int number = (day.month() + 2) / 3;  // 1..4 by calendar quarter
  // After the 20th of a quarter's last month, the next quarter has begun.
  if (day.month() % 3 == 0 && day.day() >= 21) ++number;
  return Quarter{static_cast<int>(day.year()), number};
}

std::vector<Quarter> QuartersEndingWith(Quarter last, int count) {
  std::vector<Quarter> out(count > 0 ? count : 0);
  Quarter q = last;
  for (int i = count - 1; i >= 0; --i) {
    out[i] = q;
    if (--q.number == 0) q = Quarter{q.year - 1, 4};
  }
  return out;
}

std::string QuarterName(Quarter q) { return absl::StrCat(q.year, "Q", q.number); }

std::string PeriodText(const Period& p) {
  return absl::StrFormat("%04d-%02d-%02d..%04d-%02d-%02d", p.first_day.year(), p.first_day.month(),
                         p.first_day.day(), p.last_day.year(), p.last_day.month(),
                         p.last_day.day());
}

}  // namespace reconcile
