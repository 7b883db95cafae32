// RFC 4180 CSV records for `--output=csv`: fields separated by commas, records ended by CRLF,
// and a field quoted (with its quotes doubled) when it holds a comma, a quote, CR or LF.
// Nothing else is changed: no trimming, no escaping of other characters, UTF-8 passes through.
//
//   CsvField("Wang, Li");                 // "\"Wang, Li\""
//   CsvRecord({"NAME", "say \"hi\""});    // "NAME,\"say \"\"hi\"\"\"\r\n"
#ifndef CLIENTS_LEDGERCTL_CSV_H_
#define CLIENTS_LEDGERCTL_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ledgerctl {

// The field as it goes into a record: as is, or quoted if it must be.
std::string CsvField(absl::string_view text);

// One record: the fields, escaped, joined by ',' and ended by "\r\n".
std::string CsvRecord(const std::vector<std::string>& fields);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_CSV_H_
