#include "clients/ledgerctl/test_support.h"

namespace ledgerctl {

ParsedFlags Flags(const std::vector<std::pair<std::string, std::string>>& values) {
  ParsedFlags flags;
  for (const auto& [name, value] : values) flags.Add(name, value);
  return flags;
}

microloan::ledger::v1::Date Day(int year, int month, int day) {
  microloan::ledger::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace ledgerctl
