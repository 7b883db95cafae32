// Tells journal readers (the StreamEntries RPC) that new entries are durable, without making
// them poll and without making the writer do their work.
//
// A reader that has caught up registers a one-shot wake-up. The writer publishes each new head
// after its batch is durable, which only records the head; the notifier's own thread then runs
// the wake-ups (each reads and sends the next entry), so slow or many readers never delay a
// commit. Bounded: at most `max_waiters` readers wait at once.
//
//   CommitNotifier notifier(/*head=*/0, /*max_waiters=*/256);
//   uint64_t id;
//   switch (notifier.Wait(/*after=*/last_sent, &id, [this] { SendNext(); })) {
//     case CommitNotifier::WaitResult::kReady:   SendNext(); break;   // already newer
//     case CommitNotifier::WaitResult::kWaiting: break;               // woken later
//     case CommitNotifier::WaitResult::kClosed:  /* shutting down */ break;
//     case CommitNotifier::WaitResult::kFull:    /* too many readers */ break;
//   }
#ifndef LEDGER_ENGINE_COMMIT_NOTIFIER_H_
#define LEDGER_ENGINE_COMMIT_NOTIFIER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace ledger {

class CommitNotifier {
 public:
  enum class WaitResult { kWaiting, kReady, kClosed, kFull };

  CommitNotifier(uint64_t head, size_t max_waiters);
  // Closes (waking everyone) and joins the notifier thread.
  ~CommitNotifier();
  CommitNotifier(const CommitNotifier&) = delete;
  CommitNotifier& operator=(const CommitNotifier&) = delete;

  // Records that entries up to `head` are durable. Never blocks on readers.
  void Publish(uint64_t head);

  // If the head is already past `after`, returns kReady and registers nothing. Otherwise
  // registers `wake`, to be called once on the notifier thread when it is, and sets *id.
  WaitResult Wait(uint64_t after, uint64_t* id, std::function<void()> wake);

  // Forgets a registered wake-up. One already running may still finish after this returns;
  // callers guard their own lifetime (see journal_service.cc).
  void Cancel(uint64_t id);

  // Runs `task` once, soon, on the notifier thread: for a reader that must give up its thread
  // before it is done (a stream that read many entries it may not send). Counts against
  // `max_waiters` until it runs. False (and `task` is dropped) if closed or full.
  bool Defer(std::function<void()> task);

  // Wakes everyone; later Waits return kClosed. For shutdown. Idempotent.
  void Close();

  uint64_t head() const;
  bool closed() const;
  size_t waiting() const;

 private:
  void DispatchLoop();

  mutable absl::Mutex mu_;
  uint64_t head_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;  // head moved or closed since the last dispatch
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, std::function<void()>> waiters_ ABSL_GUARDED_BY(mu_);
  std::vector<std::function<void()>> deferred_ ABSL_GUARDED_BY(mu_);
  const size_t max_waiters_;
  std::thread dispatcher_;
};

}  // namespace ledger

#endif  // LEDGER_ENGINE_COMMIT_NOTIFIER_H_
