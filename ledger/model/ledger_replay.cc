#include "ledger/model/ledger_replay.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/model/entry_apply.h"

namespace ledger {

absl::Status LedgerReplay::Apply(uint64_t sequence, absl::string_view hash, int64_t commit_time_us,
                                 const v1::Event& event) {
  if (sequence != head_.sequence + 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("entry ", sequence, " replayed after entry ", head_.sequence));
  }
  // Staged, so that an entry that does not apply leaves the replay as it was.
  StagedState staged(&rows_);
  absl::StatusOr<internal::CommandResult> result =
      ApplyEntry(sequence, commit_time_us, event, staged);
  if (!result.ok()) return result.status();
  staged.Commit();
  last_result_ = std::move(*result);
  if (event.has_loan_created()) ++loan_count_;
  if (event.has_fund_created()) ++fund_count_;
  head_ = JournalHead{sequence, std::string(hash)};
  return absl::OkStatus();
}

void LedgerReplay::ForEachRow(const std::function<void(const ProjectionRow& row)>& visit) const {
  for (const auto& [key, value] : rows_.rows()) visit(ProjectionRow{key, value});
  if (head_.sequence > 0) visit(ProjectionRow{kJournalHeadKey, EncodeHead(head_)});
}

void LedgerReplay::ForEachRowWithPrefix(
    absl::string_view prefix, const std::function<void(const ProjectionRow& row)>& visit) const {
  for (auto it = rows_.rows().lower_bound(prefix);
       it != rows_.rows().end() && absl::StartsWith(it->first, prefix); ++it) {
    visit(ProjectionRow{it->first, it->second});
  }
}

std::optional<v1::Loan> LedgerReplay::FindLoan(absl::string_view name) const {
  MapProjectionState& rows = const_cast<MapProjectionState&>(rows_);  // LoadLoan only reads
  absl::StatusOr<v1::Loan> loan = LoadLoan(rows, name);
  if (!loan.ok()) return std::nullopt;
  return std::move(*loan);
}

absl::StatusOr<LedgerReplay> ReplayJournal(const Store& store) {
  LedgerReplay replay;
  absl::Status problem;
  absl::Status scan =
      store.Scan(Family::kJournal, "", "", [&](absl::string_view, absl::string_view record) {
        absl::StatusOr<DecodedEntry> entry = DecodeEntry(record);
        if (!entry.ok()) {
          problem = entry.status();
          return false;
        }
        internal::EntryBody body;
        if (!body.ParseFromString(entry->body)) {
          problem = absl::DataLossError(
              absl::StrCat("entry ", entry->sequence, ": the body does not parse"));
          return false;
        }
        problem = replay.Apply(entry->sequence, entry->hash, entry->commit_time_us, body.event());
        return problem.ok();
      });
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  return replay;
}

}  // namespace ledger
