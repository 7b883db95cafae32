// Where a mutating call landed in the journal, as key/value lines that the loan, fund and
// reversal views append to their own blocks.
//
//   KeyValues fields = ...;
//   AppendCommitFields(response.commit(), &fields);
//   std::cout << FormatKeyValues(fields);
#ifndef CLIENTS_LEDGERCTL_COMMIT_VIEW_H_
#define CLIENTS_LEDGERCTL_COMMIT_VIEW_H_

#include <string>
#include <utility>
#include <vector>

#include "microloan/ledger/v1/types.pb.h"

namespace ledgerctl {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// "sequence", "commit_time" and, when the server answered from its idempotency record
// instead of applying anything, "replayed: yes".
void AppendCommitFields(const microloan::ledger::v1::CommitInfo& commit, KeyValues* fields);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_COMMIT_VIEW_H_
