#include "ledger/engine/commit_notifier.h"

#include <utility>

namespace ledger {

CommitNotifier::CommitNotifier(uint64_t head, size_t max_waiters)
    : head_(head), max_waiters_(max_waiters) {
  dispatcher_ = std::thread([this] { DispatchLoop(); });
}

CommitNotifier::~CommitNotifier() {
  Close();
  dispatcher_.join();
}

void CommitNotifier::Publish(uint64_t head) {
  absl::MutexLock lock(&mu_);
  if (head <= head_) return;
  head_ = head;
  woken_ = true;
}

void CommitNotifier::DispatchLoop() {
  while (true) {
    std::map<uint64_t, std::function<void()>> woken;
    std::vector<std::function<void()>> deferred;
    bool closed;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(&woken_));
      woken_ = false;
      closed = closed_;
      deferred.swap(deferred_);
      // Every waiter registered before this head moved is now behind it (Wait returns kReady
      // instead of registering when it is not), so all of them wake.
      woken.swap(waiters_);
    }
    for (auto& [id, wake] : woken) wake();
    for (auto& task : deferred) task();
    if (closed) {
      // Tasks deferred by the wake-ups above still run once, so no reader is left hanging.
      std::vector<std::function<void()>> last;
      {
        absl::MutexLock lock(&mu_);
        last.swap(deferred_);
      }
      for (auto& task : last) task();
      return;
    }
  }
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

bool CommitNotifier::Defer(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (closed_ || waiters_.size() + deferred_.size() >= max_waiters_) return false;
  deferred_.push_back(std::move(task));
  woken_ = true;
  return true;
}

void CommitNotifier::Cancel(uint64_t id) {
  absl::MutexLock lock(&mu_);
  waiters_.erase(id);
}

void CommitNotifier::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  woken_ = true;
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
