// libFuzzer target: the reconciliation tool's claim file reader (tools/reconcile/claim_csv.h),
// which is documented as "built to be fuzzed": any bytes in, a ClaimFile or a refusal out.
// Seeds: tests/fuzz/corpus/claim_csv/ (valid, malformed, BOM, CRLF).
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "tools/reconcile/claim_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)reconcile::ParseClaimCsv(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
