// Invariants: conditions that only a programming error can break. Continuing past one could
// corrupt the ledger, so the process stops (TigerBeetle's style: assert invariants, return
// errors for bad input). Bad input is never checked with this; it gets a Status.
//
//   Invariant(sequence == last + 1, "journal is appended without gaps");
#ifndef LEDGER_BASE_INVARIANT_H_
#define LEDGER_BASE_INVARIANT_H_

#include "absl/strings/string_view.h"

namespace ledger {

// Prints "FATAL: invariant broken: <what>" to stderr and aborts when `ok` is false.
void Invariant(bool ok, absl::string_view what);

}  // namespace ledger

#endif  // LEDGER_BASE_INVARIANT_H_
