#include "ledger/engine/commit_notifier.h"

#include <utility>
#include <vector>

namespace ledger {

CommitNotifier::CommitNotifier(uint64_t head, size_t max_waiters)
    : head_(head), max_waiters_(max_waiters) {}

void CommitNotifier::Publish(uint64_t head) {
  std::map<uint64_t, std::function<void()>> woken;
  {
    absl::MutexLock lock(&mu_);
    if (head <= head_) return;
    head_ = head;
    woken.swap(waiters_);
  }
  for (auto& [id, wake] : woken) wake();
}

CommitNotifier::WaitResult CommitNotifier::Wait(uint64_t after, uint64_t* id,
                                                std::function<void()> wake) {
  absl::MutexLock lock(&mu_);
  if (closed_) return WaitResult::kClosed;
  if (head_ > after) return WaitResult::kReady;
  if (waiters_.size() >= max_waiters_) return WaitResult::kFull;
  *id = next_id_++;
  waiters_.emplace(*id, std::move(wake));
  return WaitResult::kWaiting;
}

void CommitNotifier::Cancel(uint64_t id) {
  absl::MutexLock lock(&mu_);
  waiters_.erase(id);
}

void CommitNotifier::Close() {
  std::map<uint64_t, std::function<void()>> woken;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    woken.swap(waiters_);
  }
  for (auto& [id, wake] : woken) wake();
}

uint64_t CommitNotifier::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

bool CommitNotifier::closed() const {
  absl::MutexLock lock(&mu_);
  return closed_;
}

size_t CommitNotifier::waiting() const {
  absl::MutexLock lock(&mu_);
  return waiters_.size();
}

}  // namespace ledger
