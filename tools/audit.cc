// audit: checks a ledger data directory offline, without the server (docs/AUDIT.md).
//
//   bazel run //tools:audit -- --data_dir=/path/to/copy-of-.ledger-data \
//       --checkpoint=checkpoint.json --checkpoint_public_key=checkpoint.pub
//
// Everything it does is in ledger/audit (audit_cli.h has the flags and exit codes).
#include <iostream>
#include <string>
#include <vector>

#include "ledger/audit/audit_cli.h"

int main(int argc, char** argv) {
  return ledger::RunAuditCommand(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                 std::cerr);
}
