// The audit command line: flags, input files and exit codes. tools/audit's main only calls
// RunAuditCommand, so everything it does is tested (audit_cli_test.cc).
//
//   audit --data_dir=DIR [--checkpoint=FILE --checkpoint_public_key=PEM]
//         [--progress_every=N] [--max_problems=N]
//
//   int exit_code = RunAuditCommand({"--data_dir=/srv/ledger-copy"}, std::cout, std::cerr);
#ifndef LEDGER_AUDIT_AUDIT_CLI_H_
#define LEDGER_AUDIT_AUDIT_CLI_H_

#include <ostream>
#include <string>
#include <vector>

namespace ledger {

// Exit codes. Scripts rely on them: never renumber. They match ledgerctl's where they overlap
// (1 could not do it, 2 usage, 3 integrity failure).
inline constexpr int kAuditExitOk = 0;          // every check passed (or had nothing to check)
inline constexpr int kAuditExitCannotRead = 1;  // the data directory cannot be opened or read
inline constexpr int kAuditExitUsage = 2;       // bad flags, or an unreadable checkpoint or key
inline constexpr int kAuditExitFailed = 3;      // at least one check failed: see the report

// `args` excludes the program name. The report goes to `out`; usage errors, open failures and
// progress lines go to `err`.
int RunAuditCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ledger

#endif  // LEDGER_AUDIT_AUDIT_CLI_H_
