#include "ledger/base/invariant.h"

#include <cstdio>
#include <cstdlib>

namespace ledger {

void Invariant(bool ok, absl::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "FATAL: invariant broken: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

}  // namespace ledger
