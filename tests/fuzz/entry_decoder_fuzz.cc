// libFuzzer target: the journal record decoder (ledger/journal/entry_codec.h). Any bytes in, a
// DecodedEntry or a refusal out; an accepted record's body must parse or be refused by
// ToJournalEntry, never crash. Seeds: tests/fuzz/corpus/entry_decoder/ (see tests/fuzz/make_seeds.cc).
#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/journal/entry_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view record(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ledger::DecodedEntry> decoded = ledger::DecodeEntry(record);
  if (!decoded.ok()) return 0;
  (void)ledger::CanonicalBytes(record);  // REQUIRES: accepted by DecodeEntry, which it was
  (void)ledger::ToJournalEntry(*decoded);
  return 0;
}
