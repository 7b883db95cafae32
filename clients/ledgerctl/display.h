// Small formatters for values that people read in ledgerctl's human output:
// timestamps, interest rates and hashes. Money goes through ledger::FormatMoney
// and dates through ledger::FormatDate (ledger/base), so every tool shows them
// alike.
//
//   FormatTimestamp(entry.commit_time());  // "2024-01-15T02:03:04.005Z"
//   FormatRateBps(435);                    // "4.35% (435 bps)"
//   HexPrefix(entry.hash(), 12);           // "9f86d081884c"
//   EnumName(v1::DPD_1_30);                // "DPD_1_30"
#ifndef CLIENTS_LEDGERCTL_DISPLAY_H_
#define CLIENTS_LEDGERCTL_DISPLAY_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace ledgerctl {

// RFC 3339 in UTC with milliseconds; "" for an unset timestamp.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

// Basis points as a percentage, computed in integers: 435 -> "4.35% (435 bps)".
std::string FormatRateBps(int32_t rate_bps);

// Lowercase hex of all bytes, and of at most the first `hex_digits` digits.
std::string HexString(absl::string_view bytes);
std::string HexPrefix(absl::string_view bytes, size_t hex_digits);

// A protobuf enum value by its own name ("GUARANTEE_LIVE"), so people and --json read the
// same word; "<ENUM>_<n>" for a number this build does not know (a newer server).
template <typename Enum>
std::string EnumName(Enum value) {
  const google::protobuf::EnumDescriptor* type = google::protobuf::GetEnumDescriptor<Enum>();
  const google::protobuf::EnumValueDescriptor* known = type->FindValueByNumber(value);
  if (known != nullptr) return known->name();
  return absl::StrCat(type->name(), "_", static_cast<int>(value));
}

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_DISPLAY_H_
