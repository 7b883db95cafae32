#include "clients/ledgerctl/csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace ledgerctl {

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(text);
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string CsvRecord(const std::vector<std::string>& fields) {
  // A lone empty field would be an empty line, which readers skip: quote it.
  if (fields.size() == 1 && fields[0].empty()) return "\"\"\r\n";
  std::string record;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) record += ',';
    record += CsvField(fields[i]);
  }
  record += "\r\n";
  return record;
}

}  // namespace ledgerctl
