#include "tools/reconcile/claims_load_flags.h"

#include "absl/strings/numbers.h"
#include "ledger/server/transport_security.h"

namespace reconcile {

bool ParseClaimsLoadFlags(int argc, const char* const* argv, ClaimsLoadFlags* f) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    bool ok = true;
    if (name == "--server") {
      f->server = value;
    } else if (name == "--loans") {
      ok = absl::SimpleAtoi(value, &f->loans);
    } else if (name == "--banks") {
      ok = absl::SimpleAtoi(value, &f->banks);
    } else if (name == "--counties") {
      ok = absl::SimpleAtoi(value, &f->counties);
    } else if (name == "--concurrency") {
      ok = absl::SimpleAtoi(value, &f->concurrency);
    } else if (name == "--quarter") {
      f->quarter = value;
    } else if (name == "--disburse_date") {
      f->disburse_date = value;
    } else if (name == "--run") {
      f->run = value;
    } else if (name == "--claims_out") {
      f->claims_out = value;
    } else if (name == "--setup_policy" && eq == std::string::npos) {
      f->setup_policy = true;
    } else {
      return false;
    }
    if (!ok) return false;
  }
  return ledger::IsLoopbackAddress(f->server) && f->loans >= 1 && f->loans <= 1'000'000 &&
         f->banks >= 1 && f->banks <= 99 && f->counties >= 1 && f->counties <= 99 &&
         f->concurrency >= 1 && f->concurrency <= 256 && !f->claims_out.empty();
}

}  // namespace reconcile
