// The offline audit of a ledger data directory (tools/audit; docs/AUDIT.md). One pass over the
// journal verifies the hash chain, checks each entry's double-entry balance (and that a
// reversal undoes exactly the entry it names), replays it and looks up the request record its
// commit wrote; then the head record is checked, the stored projections are compared with the
// replay, request records no entry made are looked for, and a signed checkpoint, if given, is
// checked against the journal. Each check ends OK, FAILED, SKIPPED (it could not run, e.g. the
// projections of a journal whose chain is broken) or NONE (nothing to check yet: entries carry
// no postings).
//
//   StoreOptions read_only;
//   read_only.read_only = true;
//   read_only.create_if_missing = false;
//   auto store = Store::Open(data_dir, read_only);
//   AuditOptions options;
//   options.progress = &std::cerr;                       // optional
//   options.checkpoint = &checkpoint;                    // optional, with its trusted key:
//   options.checkpoint_verifier = verifier.get();
//   absl::StatusOr<AuditReport> report = RunAudit(**store, options);
//   std::cout << FormatReport(*report);
//   return report->ok() ? 0 : 3;
#ifndef LEDGER_AUDIT_AUDIT_H_
#define LEDGER_AUDIT_AUDIT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/base/namespaces.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

enum class CheckOutcome { kOk, kFailed, kSkipped, kNone };

struct CheckResult {
  std::string name;  // "chain", "balance", "projections", "requests", "checkpoint"
  CheckOutcome outcome = CheckOutcome::kOk;
  std::string summary;                // one line
  uint64_t first_bad_sequence = 0;    // the first journal entry found bad; 0: none or not known
  std::vector<std::string> problems;  // details, at most AuditOptions::max_problems_listed
};

struct AuditReport {
  uint64_t entries = 0;  // journal entries read
  CheckResult chain;
  CheckResult balance;
  CheckResult projections;
  CheckResult requests;
  CheckResult checkpoint;

  bool ok() const;  // no check FAILED
  // The smallest first_bad_sequence among failed checks; 0 if none is known.
  uint64_t first_bad_sequence() const;
};

struct AuditOptions {
  // Checked when set; checkpoint_verifier (the key the holder trusts) is then required.
  const v1::SignedCheckpoint* checkpoint = nullptr;
  const CheckpointVerifier* checkpoint_verifier = nullptr;
  // Progress lines ("audit: 300000 journal entries checked (95123/s)"), when set.
  std::ostream* progress = nullptr;
  uint64_t progress_every = 100'000;
  size_t max_problems_listed = 20;
};

// Runs every check on one consistent snapshot of `store`. An error status only when the
// store cannot be read (the report then would say nothing reliable).
absl::StatusOr<AuditReport> RunAudit(const Store& store, const AuditOptions& options);

// A line per check ("chain        OK      entries 1..14 verified; head 14 3fa4..."), the
// problems indented under a failed check, and a verdict line naming the first bad sequence.
std::string FormatReport(const AuditReport& report);

}  // namespace ledger

#endif  // LEDGER_AUDIT_AUDIT_H_
