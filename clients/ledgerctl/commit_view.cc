#include "clients/ledgerctl/commit_view.h"

#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/display.h"

namespace ledgerctl {

void AppendCommitFields(const microloan::ledger::v1::CommitInfo& commit, KeyValues* fields) {
  fields->emplace_back("sequence", absl::StrCat(commit.sequence()));
  fields->emplace_back("commit_time", FormatTimestamp(commit.commit_time()));
  if (commit.replayed()) fields->emplace_back("replayed", "yes");
}

}  // namespace ledgerctl
