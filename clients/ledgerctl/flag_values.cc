#include "clients/ledgerctl/flag_values.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/amount.h"
#include "ledger/base/date.h"

namespace ledgerctl {
namespace {

absl::Status Missing(absl::string_view name) {
  return absl::InvalidArgumentError(absl::StrCat("missing required flag --", name));
}

absl::Status BadValue(absl::string_view name, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", why));
}

// Lowercase, '_' as '-': the form choices are compared in.
std::string ChoiceKey(absl::string_view text) {
  std::string key = absl::AsciiStrToLower(text);
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

absl::StatusOr<uint64_t> ParseUint(absl::string_view name, absl::string_view text,
                                   uint64_t max_value) {
  uint64_t value = 0;
  // absl::SimpleAtoi alone would also accept "+5" and " 5"; digits only keeps
  // one spelling.
  if (!AllDigits(text) || !absl::SimpleAtoi(text, &value) || value > max_value) {
    return BadValue(name, absl::StrCat("'", text, "' is not a whole number from 0 to ", max_value));
  }
  return value;
}

}  // namespace

absl::StatusOr<std::string> RequiredString(const ParsedFlags& flags, absl::string_view name) {
  std::optional<std::string> value = flags.Get(name);
  if (!value.has_value() || value->empty()) return Missing(name);
  return *value;
}

std::string OptionalString(const ParsedFlags& flags, absl::string_view name) {
  return flags.Get(name).value_or("");
}

absl::StatusOr<uint64_t> UintFlagOr(const ParsedFlags& flags, absl::string_view name,
                                    uint64_t max_value, uint64_t default_value) {
  std::optional<std::string> value = flags.Get(name);
  if (!value.has_value()) return default_value;
  return ParseUint(name, *value, max_value);
}

absl::StatusOr<uint64_t> RequiredUint(const ParsedFlags& flags, absl::string_view name,
                                      uint64_t max_value) {
  absl::StatusOr<std::string> value = RequiredString(flags, name);
  if (!value.ok()) return value.status();
  return ParseUint(name, *value, max_value);
}

absl::StatusOr<microloan::ledger::v1::Date> RequiredDate(const ParsedFlags& flags,
                                                         absl::string_view name) {
  absl::StatusOr<std::string> text = RequiredString(flags, name);
  if (!text.ok()) return text.status();
  absl::StatusOr<microloan::ledger::v1::Date> date = ledger::ParseIsoDate(*text);
  if (!date.ok()) return BadValue(name, date.status().message());
  // ParseIsoDate checks the shape only; 2023-02-30 is caught here, before any
  // call.
  absl::Status valid = ledger::ParseDate(*date, name).status();
  if (!valid.ok()) return BadValue(name, absl::StrCat("'", *text, "': ", valid.message()));
  return *date;
}

absl::StatusOr<std::optional<microloan::ledger::v1::Date>> OptionalDate(const ParsedFlags& flags,
                                                                        absl::string_view name) {
  if (!flags.Has(name)) return std::optional<microloan::ledger::v1::Date>();
  absl::StatusOr<microloan::ledger::v1::Date> date = RequiredDate(flags, name);
  if (!date.ok()) return date.status();
  return std::optional<microloan::ledger::v1::Date>(*date);
}

absl::StatusOr<int> ParseChoice(absl::string_view name, absl::string_view text,
                                const std::vector<Choice>& choices) {
  std::vector<std::string> words;
  for (const Choice& choice : choices) {
    if (ChoiceKey(choice.word) == ChoiceKey(text)) return choice.value;
    words.push_back(choice.word);
  }
  return BadValue(name, absl::StrCat("'", text, "' is not one of ", absl::StrJoin(words, ", ")));
}

absl::StatusOr<std::optional<int>> OptionalChoice(const ParsedFlags& flags, absl::string_view name,
                                                  const std::vector<Choice>& choices) {
  std::optional<std::string> text = flags.Get(name);
  if (!text.has_value() || text->empty()) return std::optional<int>();
  absl::StatusOr<int> value = ParseChoice(name, *text, choices);
  if (!value.ok()) return value.status();
  return std::optional<int>(*value);
}

absl::StatusOr<int> RequiredChoice(const ParsedFlags& flags, absl::string_view name,
                                   const std::vector<Choice>& choices) {
  absl::StatusOr<std::string> text = RequiredString(flags, name);
  if (!text.ok()) return text.status();
  return ParseChoice(name, *text, choices);
}

absl::StatusOr<std::optional<int64_t>> OptionalAmount(const ParsedFlags& flags,
                                                      absl::string_view name) {
  const std::string fen_name = absl::StrCat(name, "_fen");
  std::optional<std::string> yuan_text = flags.Get(name);
  std::optional<std::string> fen_text = flags.Get(fen_name);
  if (yuan_text.has_value() && fen_text.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("give --", name, " or --", fen_name, ", not both"));
  }
  if (yuan_text.has_value()) {
    absl::StatusOr<int64_t> amount_fen = ParseYuanToFen(*yuan_text);
    if (!amount_fen.ok()) return BadValue(name, amount_fen.status().message());
    return std::optional<int64_t>(*amount_fen);
  }
  if (fen_text.has_value()) {
    absl::StatusOr<int64_t> amount_fen = ParseFen(*fen_text);
    if (!amount_fen.ok()) return BadValue(fen_name, amount_fen.status().message());
    return std::optional<int64_t>(*amount_fen);
  }
  return std::optional<int64_t>();
}

absl::StatusOr<int64_t> RequiredAmount(const ParsedFlags& flags, absl::string_view name) {
  absl::StatusOr<std::optional<int64_t>> amount_fen = OptionalAmount(flags, name);
  if (!amount_fen.ok()) return amount_fen.status();
  if (!amount_fen->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing required flag --", name, " (or --", name, "_fen)"));
  }
  return **amount_fen;
}

std::vector<FlagSpec> AmountFlagSpecs(absl::string_view name, absl::string_view help) {
  return {
      {std::string(name), true, "YUAN", absl::StrCat(help, ", in yuan (e.g. 1234.56)")},
      {absl::StrCat(name, "_fen"), true, "FEN",
       absl::StrCat("the same in fen (e.g. 123456), instead of --", name)},
  };
}

}  // namespace ledgerctl
