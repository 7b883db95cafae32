// Typed values of ledgerctl's flags: required strings, bounded integers,
// dates and money amounts, each refused with a message that names the flag.
//
// Every refusal here is a usage error (exit 2): the text on the command line
// is wrong, and the server is never called. Business rules (rate ranges, the
// ledger's amount bound) are the server's; these only make sure the text means
// exactly one value.
//
//   absl::StatusOr<std::string> loan = RequiredString(flags, "loan");
//   absl::StatusOr<uint64_t> page_size =
//       UintFlagOr(flags, "page_size", kInt32Max, 0);
//   // --amount=YUAN or --amount_fen=FEN
//   absl::StatusOr<int64_t> amount_fen = RequiredAmount(flags, "amount");
//   std::vector<FlagSpec> specs = AmountFlagSpecs("amount", "paid out");
//   // --scope=county|city
//   absl::StatusOr<int> scope =
//       RequiredChoice(flags, "scope", {{"county", v1::COUNTY}, {"city", v1::CITY}});
#ifndef CLIENTS_LEDGERCTL_FLAG_VALUES_H_
#define CLIENTS_LEDGERCTL_FLAG_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/ledgerctl/cli_flags.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

inline constexpr uint64_t kInt32Max = 2147483647;

// The value; "missing required flag --name" if absent or empty.
absl::StatusOr<std::string> RequiredString(const ParsedFlags& flags, absl::string_view name);

// The value, or "" if absent (an empty optional filter means "no filter").
std::string OptionalString(const ParsedFlags& flags, absl::string_view name);

// A decimal integer in [0, max_value] (digits only), or `default_value` if
// absent.
absl::StatusOr<uint64_t> UintFlagOr(const ParsedFlags& flags, absl::string_view name,
                                    uint64_t max_value, uint64_t default_value);
absl::StatusOr<uint64_t> RequiredUint(const ParsedFlags& flags, absl::string_view name,
                                      uint64_t max_value);

// YYYY-MM-DD, a real calendar day in the ledger's range (ledger/base/date.h).
absl::StatusOr<microloan::ledger::v1::Date> RequiredDate(const ParsedFlags& flags,
                                                         absl::string_view name);

// The same, or nullopt when the flag is absent.
absl::StatusOr<std::optional<microloan::ledger::v1::Date>> OptionalDate(const ParsedFlags& flags,
                                                                        absl::string_view name);

// A flag whose value is one word of a fixed set, standing for an enum value.
struct Choice {
  std::string word;  // as the help shows it, e.g. "equal-principal"
  int value;
};

// The value of the word `text` names, matched ignoring case and with '-' and '_'
// alike ("Equal_Principal" is "equal-principal"). "--name: 'x' is not one of
// a, b" otherwise.
absl::StatusOr<int> ParseChoice(absl::string_view name, absl::string_view text,
                                const std::vector<Choice>& choices);
// From the flag; nullopt (Optional) or a usage error (Required) when absent or
// empty.
absl::StatusOr<std::optional<int>> OptionalChoice(const ParsedFlags& flags, absl::string_view name,
                                                  const std::vector<Choice>& choices);
absl::StatusOr<int> RequiredChoice(const ParsedFlags& flags, absl::string_view name,
                                   const std::vector<Choice>& choices);

// Money is given either as --name=YUAN ("1234.56") or as --name_fen=FEN
// ("123456"), never both. Optional: nullopt when neither is given. Required: a
// usage error then.
absl::StatusOr<std::optional<int64_t>> OptionalAmount(const ParsedFlags& flags,
                                                      absl::string_view name);
absl::StatusOr<int64_t> RequiredAmount(const ParsedFlags& flags, absl::string_view name);

// The two specs of one money flag: --name=YUAN and --name_fen=FEN.
std::vector<FlagSpec> AmountFlagSpecs(absl::string_view name, absl::string_view help);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_FLAG_VALUES_H_
