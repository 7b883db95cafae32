// A read-only follower's replication thread: it tails the primary's journal
// (JournalService.ReplicateJournal) and hands each batch to the local engine, which verifies
// the chain and applies the entries to its own projections (LedgerEngine::SubmitReplicated).
// One batch is in flight at a time, so a slow disk on the follower slows the stream rather
// than queueing memory. On a stream error (or a retryable local one: the store unavailable
// while it recovers) it reconnects with exponential backoff (100 ms doubling to 5 s),
// resuming from its durable head; when its history and the primary's differ
// (REPLICA_DIVERGED) it stops for good and keeps the error for the operator, while the server
// goes on serving reads.
//
//   FollowerOptions options;
//   options.primary_address = "ledger-primary:50051";
//   options.channel = grpc::CreateChannel(options.primary_address, credentials);
//   Follower follower(engine.get(), std::move(options));
//   follower.Start();
//   FollowerStatus status = follower.status();   // state, heads, last error
//   follower.StopForPromotion();                  // then engine->Promote()
#ifndef LEDGER_REPLICA_FOLLOWER_H_
#define LEDGER_REPLICA_FOLLOWER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "ledger/engine/ledger_engine.h"

namespace ledger {

enum class FollowerState {
  kConnecting,  // dialling the primary, or waiting to retry
  kStreaming,   // connected; applying what arrives
  kDiverged,    // stopped: the histories differ (needs an operator)
  kStopped,     // stopped (shutdown)
  kPromoted,    // stopped because this server became the primary
};

const char* FollowerStateName(FollowerState state);

struct FollowerStatus {
  FollowerState state = FollowerState::kConnecting;
  std::string primary_address;
  uint64_t applied_sequence = 0;       // the local durable head
  uint64_t primary_head_sequence = 0;  // the primary's head as last seen; 0: not yet known
  std::string last_error;              // "" if none yet
  int64_t reconnects = 0;
};

struct FollowerOptions {
  std::string primary_address;  // for the status (the channel already names it)
  std::shared_ptr<grpc::Channel> channel;
  // Adds what identifies this follower to each call (the development principal header);
  // with mutual TLS the channel's client certificate does that and this may be empty.
  std::function<void(grpc::ClientContext*)> prepare_call;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  // How long one batch may take to apply before the follower gives up on the stream (the
  // engine answers every batch; this only bounds a wedged disk). It then waits for that
  // batch's outcome before it reconnects, so at most one batch is ever queued in the engine.
  absl::Duration apply_timeout = absl::Seconds(60);
};

class Follower {
 public:
  // `engine` must be a follower engine (EngineOptions::follower) and outlive this.
  Follower(LedgerEngine* engine, FollowerOptions options);
  // Stops (see Stop).
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // Starts the thread. Once.
  void Start();
  // Cancels the stream and joins the thread: bounded by one batch's apply (apply_timeout).
  // A DIVERGED follower stays DIVERGED; otherwise the state becomes STOPPED. Idempotent.
  void Stop();
  // As Stop, then the state is PROMOTED (the caller promotes the engine).
  void StopForPromotion();

  FollowerStatus status() const;

 private:
  void Run();
  // One ReplicateJournal call, until it ends. Sets *progressed if it applied anything.
  absl::Status StreamOnce(bool* progressed);
  // The engine's answer to one batch; shared with its callback, which may come after Apply
  // gave up waiting.
  struct Outcome {
    absl::Mutex mu;
    bool done ABSL_GUARDED_BY(mu) = false;
    absl::Status status ABSL_GUARDED_BY(mu);
  };
  // Hands one batch to the engine and waits for it to be durable (or refused), at most
  // apply_timeout; after that the batch stays outstanding (outstanding_).
  absl::Status Apply(std::vector<v1::ReplicatedEntry> entries);
  // Before a reconnect: waits (in bounded steps, until Stop) for the outstanding batch's
  // outcome or for the head to pass its last entry. Returns the outcome (OK if the head
  // passed it), or CANCELLED when stopping.
  absl::Status AwaitOutstanding();
  void SetError(FollowerState state, const absl::Status& error);
  void StopAs(FollowerState final_state);

  LedgerEngine* const engine_;
  const FollowerOptions options_;

  mutable absl::Mutex mu_;
  absl::CondVar stop_requested_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* call_ ABSL_GUARDED_BY(mu_) = nullptr;  // the stream in progress
  FollowerStatus status_ ABSL_GUARDED_BY(mu_);
  // Follower-thread state: the batch Apply gave up waiting for, and its last sequence.
  std::shared_ptr<Outcome> outstanding_;
  uint64_t outstanding_last_sequence_ = 0;
  std::thread thread_;
  absl::Mutex join_mu_;  // serialises Stop callers around the join
};

}  // namespace ledger

#endif  // LEDGER_REPLICA_FOLLOWER_H_
