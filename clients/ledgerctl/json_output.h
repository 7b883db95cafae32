// JSON for scripts: protobuf messages in the protobuf JSON mapping, and
// string quoting for the few objects ledgerctl writes itself (errors).
//
// A response is one indented JSON document ("amountFen": "7500000"): readable,
// and jq also reads several documents in a row (the pages of `list --all`). A
// stream (`watch`) is one compact object per line instead, so line-oriented
// tools can follow it as entries commit. Zero values are printed
// (always_print_primitive_fields) so that "replayed": false is present rather
// than implied. int64 amounts are JSON strings, as the mapping requires, so
// they stay exact.
//
//   absl::StatusOr<std::string> doc = ToJson(loan, JsonLayout::kDocument);
//   // {"sequence":"7","commitTime":...}
//   absl::StatusOr<std::string> line = ToJson(entry, JsonLayout::kLine);
//   std::string quoted = JsonQuote("say \"hi\"");  // "say \"hi\"" quoted
#ifndef CLIENTS_LEDGERCTL_JSON_OUTPUT_H_
#define CLIENTS_LEDGERCTL_JSON_OUTPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace ledgerctl {

enum class JsonLayout {
  kDocument,  // indented, several lines
  kLine,      // compact, one line
};

// The message as JSON, without a trailing newline. INTERNAL if the message
// cannot be mapped (e.g. a Timestamp out of range).
absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message, JsonLayout layout);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_JSON_OUTPUT_H_
