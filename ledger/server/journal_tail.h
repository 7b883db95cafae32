// The journal-tailing server stream shared by JournalService.StreamEntries
// (journal_service.cc) and ReplicateJournal (journal_replication.cc), and a stream refused
// before it starts. Internal to the journal service's library.
//
//   class MyStream final : public JournalTail<v1::JournalEntry> {
//     MyStream(...) : JournalTail(notifier, next, std::move(caller), callers) { Start(); }
//     absl::StatusOr<Produced> Produce(const Caller&, uint64_t* next, v1::JournalEntry* out)
//         override;
//   };
//   return new RefusedStream<>(status);  // instead of a stream
#ifndef LEDGER_SERVER_JOURNAL_TAIL_H_
#define LEDGER_SERVER_JOURNAL_TAIL_H_

#include <cstdint>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/server_callback.h"
#include "ledger/base/error.h"
#include "ledger/engine/commit_notifier.h"
#include "ledger/server/caller.h"
#include "ledger/server/status_mapping.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// What a tailing stream's producer did: filled a message to send, found nothing new yet
// (the stream then waits for the next commit), or walked far without filling one and wants
// its thread given back (the stream continues on the notifier thread).
enum class Produced { kMessage, kCaughtUp, kYield };

// The journal-tailing loop shared by StreamEntries and ReplicateJournal: messages built from
// the journal in order, one write in flight at a time. When the producer has caught up with
// the head, the stream registers a wake-up with the CommitNotifier and sleeps; the writer's
// Publish wakes it. Subclasses implement Produce and call Start() at the end of their
// constructor.
//
// Lifetime: gRPC deletes the reactor after OnDone. A wake-up may race with that, so it goes
// through a shared WakeTarget that OnDone detaches under the target's lock.
template <typename Message>
class JournalTail : public grpc::ServerWriteReactor<Message> {
 public:
  JournalTail(CommitNotifier* notifier, uint64_t next_sequence, Caller caller,
              const CallerResolver* callers)
      : caller_(std::move(caller)),
        callers_(callers),
        notifier_(notifier),
        next_sequence_(next_sequence),
        target_(std::make_shared<WakeTarget>(this)) {}

  void OnWriteDone(bool ok) override {
    if (!ok) {  // the client went away; OnCancel follows
      absl::MutexLock lock(&mu_);
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream write failed"));
      return;
    }
    SendNext();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }

  void OnDone() override {
    target_->Detach();
    delete this;
  }

 protected:
  void Start() { SendNext(); }

  // Builds the next message from *next_sequence on into *out (cleared by the caller) and
  // advances *next_sequence past what it read. Runs under the stream's lock, on a gRPC or
  // notifier thread: it must be bounded.
  virtual absl::StatusOr<Produced> Produce(const Caller& caller, uint64_t* next_sequence,
                                           Message* out) = 0;

  CommitNotifier* notifier() const { return notifier_; }

 private:
  struct WakeTarget {
    explicit WakeTarget(JournalTail* s) : stream(s) {}
    void Wake() {
      absl::MutexLock lock(&mu);
      if (stream != nullptr) stream->SendNext();
    }
    void Detach() {
      absl::MutexLock lock(&mu);
      stream = nullptr;
    }
    absl::Mutex mu;
    JournalTail* stream ABSL_GUARDED_BY(mu);
  };

  // REQUIRES: no write in flight.
  void SendNext() {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    waiting_ = false;
    // A policy reload (SIGHUP) may have revoked or changed the caller's grant since the
    // stream started; a stream is re-checked before each message it sends.
    absl::StatusOr<Grant> grant = callers_->GrantOf(caller_.principal);
    if (!grant.ok() || grant->role != caller_.grant.role || grant->scope != caller_.grant.scope) {
      FinishLocked(
          ToGrpcStatus(Refuse(absl::StatusCode::kPermissionDenied, reason::kPermissionDenied, "",
                              "your grant changed; reconnect")));
      return;
    }
    // At most two rounds: produce; if caught up, register; if the head moved meanwhile,
    // produce again (then it cannot be caught up).
    for (int round = 0; round < 2; ++round) {
      if (notifier_->closed()) {  // shutting down: end even a stream that is catching up
        FinishLocked(ShuttingDown());
        return;
      }
      current_.Clear();
      absl::StatusOr<Produced> produced = Produce(caller_, &next_sequence_, &current_);
      if (!produced.ok()) {
        FinishLocked(ToGrpcStatus(produced.status()));
        return;
      }
      std::shared_ptr<WakeTarget> target = target_;
      if (*produced == Produced::kMessage) {
        this->StartWrite(&current_);
        return;
      }
      if (*produced == Produced::kYield) {
        if (!notifier_->Defer([target] { target->Wake(); })) {
          FinishLocked(notifier_->closed() ? ShuttingDown() : TooManyStreams());
        }
        return;
      }
      switch (notifier_->Wait(next_sequence_ - 1, &waiter_id_, [target] { target->Wake(); })) {
        case CommitNotifier::WaitResult::kWaiting:
          waiting_ = true;
          return;
        case CommitNotifier::WaitResult::kReady:
          continue;
        case CommitNotifier::WaitResult::kClosed:
          FinishLocked(ShuttingDown());
          return;
        case CommitNotifier::WaitResult::kFull:
          FinishLocked(TooManyStreams());
          return;
      }
    }
    // Two rounds always end in a write, a wait or a finish: a head past next_sequence_ means
    // the entry exists. Never leave the stream hanging if that ever stops being true.
    FinishLocked(grpc::Status(grpc::StatusCode::INTERNAL, "journal stream lost its place"));
  }

  static grpc::Status TooManyStreams() {
    return ToGrpcStatus(Refuse(absl::StatusCode::kResourceExhausted, reason::kTooManyStreams, "",
                               "too many journal streams are open"));
  }

  static grpc::Status ShuttingDown() {
    return ToGrpcStatus(Refuse(absl::StatusCode::kUnavailable, reason::kShuttingDown, "",
                               "the server is shutting down; resume from the next sequence"));
  }

  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    if (waiting_) notifier_->Cancel(waiter_id_);
    this->Finish(std::move(status));
  }

  const Caller caller_;
  const CallerResolver* const callers_;
  CommitNotifier* const notifier_;
  absl::Mutex mu_;
  uint64_t next_sequence_ ABSL_GUARDED_BY(mu_);
  Message current_ ABSL_GUARDED_BY(mu_);  // the write in flight
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool waiting_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t waiter_id_ ABSL_GUARDED_BY(mu_) = 0;
  const std::shared_ptr<WakeTarget> target_;
};

// Refuses a stream before it starts.
template <typename Message = v1::JournalEntry>
class RefusedStream final : public grpc::ServerWriteReactor<Message> {
 public:
  explicit RefusedStream(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace ledger

#endif  // LEDGER_SERVER_JOURNAL_TAIL_H_
