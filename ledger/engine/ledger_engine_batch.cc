// LedgerEngine's batches (SubmitBatch): admission before the queue, and applying a batch's
// linked chains on the writer. The commit itself is CommitBatch's, shared with single
// commands (ledger_engine.cc).
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/invariant.h"
#include "ledger/engine/batch_view.h"
#include "ledger/engine/ledger_engine.h"

namespace ledger {
namespace {

// [first, last] of the chain that starts at `first`: linked items and the first unlinked one.
size_t ChainEnd(const std::vector<BatchItem>& items, size_t first) {
  size_t last = first;
  while (last + 1 < items.size() && items[last].linked) ++last;
  return last;
}

absl::Status LinkedCommandFailed(size_t failed_index) {
  return Refuse(absl::StatusCode::kAborted, reason::kLinkedCommandFailed, "",
                absl::StrCat("commands[", failed_index,
                             "] of the same linked chain was refused, so nothing of the chain "
                             "was applied"));
}

}  // namespace

size_t LedgerEngine::CommandsIn(const Pending& pending) {
  return pending.batch_done ? pending.items.size() : 1;
}

absl::Status LedgerEngine::SubmitBatch(std::string principal, std::vector<BatchItem> items,
                                       BatchCallback done, absl::Time deadline) {
  if (items.empty()) {
    return InvalidArgument(reason::kFieldRequired, "commands", "a batch has at least one command");
  }
  if (items.size() > kMaxBatchCommands) {
    return InvalidArgument(
        reason::kBatchTooLarge, "commands",
        absl::StrCat("a batch has at most ", kMaxBatchCommands, " commands, not ", items.size()));
  }
  if (items.size() > options_.queue_capacity) {
    // Queueing it could never succeed: say so, instead of "queue full, retry later".
    return InvalidArgument(
        reason::kBatchTooLarge, "commands",
        absl::StrCat("this server's commit queue holds at most ", options_.queue_capacity,
                     " commands (--queue_capacity); send smaller batches"));
  }
  if (items.back().linked) {
    return InvalidArgument(reason::kLinkedChainOpen,
                           absl::StrCat("commands[", items.size() - 1, "].linked"),
                           "the last command of a batch cannot be linked to a next one");
  }
  if (is_follower()) return NotPrimary();
  Pending pending;
  pending.principal = std::move(principal);
  pending.deadline = deadline;
  pending.item_fingerprints.resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].refused.ok()) continue;
    absl::StatusOr<PreparedCommand> prepared = PrepareCommand(items[i].command);
    if (!prepared.ok()) {
      items[i].refused = prepared.status();
      continue;
    }
    pending.item_fingerprints[i] = std::move(prepared->fingerprint);
    pending.bytes += prepared->bytes;
  }
  // A chain with a refused item fails whole before it reaches the writer.
  size_t live = 0;
  for (size_t first = 0; first < items.size();) {
    const size_t last = ChainEnd(items, first);
    size_t failed = last + 1;
    for (size_t i = first; i <= last && failed > last; ++i) {
      if (!items[i].refused.ok()) failed = i;
    }
    if (failed <= last) {
      for (size_t i = first; i <= last; ++i) {
        if (i != failed) items[i].refused = LinkedCommandFailed(failed);
      }
    } else {
      live += last - first + 1;
    }
    first = last + 1;
  }
  // A refused item's command never reaches the writer: nothing of it is queued (a CreateLoan
  // refused before its national ID was keyed still carries the plain number).
  for (BatchItem& item : items) {
    if (!item.refused.ok()) item.command.Clear();
  }
  if (live == 0) {
    BatchOutcomes outcomes;
    outcomes.reserve(items.size());
    for (BatchItem& item : items) outcomes.push_back(std::move(item.refused));
    done(std::move(outcomes));
    return absl::OkStatus();
  }
  pending.items = std::move(items);
  pending.batch_done = std::move(done);
  absl::MutexLock lock(&mu_);
  return EnqueueLocked(std::move(pending));
}

void LedgerEngine::ApplyBatchItems(const Pending& pending, absl::Time commit_time,
                                   JournalHead* head, BatchView& view, WriteSet* writes,
                                   BatchOutcomes* outcomes) {
  const std::vector<BatchItem>& items = pending.items;
  outcomes->reserve(items.size());
  for (size_t first = 0; first < items.size();) {
    const size_t last = ChainEnd(items, first);
    if (!items[first].refused.ok()) {
      // Refused before queueing; SubmitBatch refused the rest of its chain too.
      for (size_t i = first; i <= last; ++i) outcomes->push_back(items[i].refused);
      first = last + 1;
      continue;
    }
    const bool chain = last > first;
    const JournalHead chain_start = *head;
    if (chain) view.SetSavePoint();
    size_t failed = last + 1;
    for (size_t i = first; i <= last; ++i) {
      outcomes->push_back(ApplyOne(pending.principal, items[i].command,
                                   pending.item_fingerprints[i], commit_time, head, view, writes));
      if (!outcomes->back().ok()) {
        failed = i;
        break;
      }
    }
    if (chain && failed <= last) {
      // All or nothing: the chain's applied entries, rows and request records go.
      view.RollbackToSavePoint();
      *head = chain_start;
      // A replay of a command committed before this chain keeps its answer: it was durable
      // already, and "refused" would tell its sender the request id is still free.
      for (size_t i = first; i < outcomes->size(); ++i) {
        if (i == failed) continue;
        absl::StatusOr<CommandOutcome>& outcome = (*outcomes)[i];
        const bool earlier_replay =
            outcome.ok() && outcome->replayed && outcome->result.sequence() <= chain_start.sequence;
        if (!earlier_replay) outcome = LinkedCommandFailed(failed);
      }
      for (size_t i = outcomes->size(); i <= last; ++i) {
        outcomes->push_back(LinkedCommandFailed(failed));
      }
    } else if (chain) {
      view.PopSavePoint();
    }
    first = last + 1;
  }
  Invariant(outcomes->size() == items.size(), "one outcome per batch item");
}

}  // namespace ledger
