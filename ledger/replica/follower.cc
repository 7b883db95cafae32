#include "ledger/replica/follower.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/base/error.h"
#include "ledger/base/log.h"
#include "ledger/server/status_mapping.h"
#include "microloan/ledger/v1/journal.grpc.pb.h"

namespace ledger {
namespace {

// Whether the histories differ: the follower then must not retry (each retry would fail the
// same way) but wait for an operator.
bool IsDivergence(const absl::Status& status) {
  // The primary says the follower's head is not its entry, or the follower is ahead of it.
  return ReasonOf(status) == reason::kReplicaDiverged ||
         (status.code() == absl::StatusCode::kOutOfRange &&
          ReasonOf(status) == reason::kOutOfRange);
}

}  // namespace

const char* FollowerStateName(FollowerState state) {
  switch (state) {
    case FollowerState::kConnecting:
      return "CONNECTING";
    case FollowerState::kStreaming:
      return "STREAMING";
    case FollowerState::kDiverged:
      return "DIVERGED";
    case FollowerState::kStopped:
      return "STOPPED";
    case FollowerState::kPromoted:
      return "PROMOTED";
  }
  return "UNKNOWN";
}

Follower::Follower(LedgerEngine* engine, FollowerOptions options)
    : engine_(engine), options_(std::move(options)) {
  status_.primary_address = options_.primary_address;
}

Follower::~Follower() { Stop(); }

void Follower::Start() {
  absl::MutexLock join(&join_mu_);
  if (thread_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
  }
  thread_ = std::thread([this] { Run(); });
}

void Follower::Stop() { StopAs(FollowerState::kStopped); }

void Follower::StopForPromotion() { StopAs(FollowerState::kPromoted); }

void Follower::StopAs(FollowerState final_state) {
  absl::MutexLock join(&join_mu_);
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (call_ != nullptr) call_->TryCancel();
    stop_requested_.SignalAll();
  }
  if (thread_.joinable()) thread_.join();
  absl::MutexLock lock(&mu_);
  // A divergence stays visible: a plain stop keeps the DIVERGED state. A promotion (forced,
  // for a diverged follower: JournalService.PromoteToPrimary) shows PROMOTED, but last_error
  // is never cleared, so the divergence the new primary's history carries stays on record.
  if (status_.state != FollowerState::kDiverged || final_state == FollowerState::kPromoted) {
    status_.state = final_state;
  }
}

FollowerStatus Follower::status() const {
  FollowerStatus status;
  {
    absl::MutexLock lock(&mu_);
    status = status_;
  }
  status.applied_sequence = engine_->head().sequence;
  return status;
}

void Follower::SetError(FollowerState state, const absl::Status& error) {
  absl::MutexLock lock(&mu_);
  status_.state = state;
  status_.last_error = error.ToString();
}

void Follower::Run() {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      status_.state = FollowerState::kConnecting;
    }
    bool progressed = false;
    // The primary resends from our head: never while a batch it would overlap is queued.
    absl::Status ended = AwaitOutstanding();
    if (ended.ok()) ended = StreamOnce(&progressed);
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    if (IsDivergence(ended)) {
      LogLine(LogLevel::kError, "follower_diverged")
          .Str("message",
               "follower stopped: this ledger's history differs from the primary's; reads go "
               "on, an operator must re-seed it (docs/RESILIENCE.md)")
          .Str("primary", options_.primary_address)
          .Str("error", ended.ToString())
          .Write();
      SetError(FollowerState::kDiverged, ended);
      return;
    }
    if (progressed) backoff = options_.initial_backoff;
    {
      absl::MutexLock lock(&mu_);
      status_.state = FollowerState::kConnecting;
      status_.last_error = ended.ok() ? "the primary ended the stream" : ended.ToString();
      ++status_.reconnects;
      // Woken early by Stop; otherwise retries after the backoff.
      stop_requested_.WaitWithTimeout(&mu_, backoff);
    }
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status Follower::StreamOnce(bool* progressed) {
  grpc::ClientContext call;
  if (options_.prepare_call) options_.prepare_call(&call);
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::CancelledError("stopping");
    call_ = &call;
  }
  const JournalHead head = engine_->head();
  v1::ReplicateJournalRequest request;
  request.set_from_sequence(head.sequence + 1);
  if (head.sequence > 0) request.set_expected_prev_hash(head.hash);
  std::unique_ptr<v1::JournalService::Stub> stub = v1::JournalService::NewStub(options_.channel);
  std::unique_ptr<grpc::ClientReader<v1::ReplicationBatch>> reader =
      stub->ReplicateJournal(&call, request);
  absl::Status result = absl::OkStatus();
  v1::ReplicationBatch batch;
  // Each Read either delivers a batch or ends the stream (error, primary shutdown, or
  // TryCancel from Stop), so the loop is bounded by the stream's life.
  while (reader->Read(&batch)) {
    {
      absl::MutexLock lock(&mu_);
      status_.state = FollowerState::kStreaming;
      status_.primary_head_sequence =
          std::max(batch.primary_head_sequence(),
                   batch.entries_size() > 0 ? batch.entries().rbegin()->sequence() : 0);
    }
    if (batch.entries_size() == 0) continue;
    std::vector<v1::ReplicatedEntry> entries(
        std::make_move_iterator(batch.mutable_entries()->begin()),
        std::make_move_iterator(batch.mutable_entries()->end()));
    absl::Status applied = Apply(std::move(entries));
    if (!applied.ok()) {
      result = applied;
      call.TryCancel();
      break;
    }
    *progressed = true;
  }
  grpc::Status finished = reader->Finish();
  {
    absl::MutexLock lock(&mu_);
    call_ = nullptr;
  }
  if (!result.ok()) return result;
  return FromGrpcStatus(finished);
}

absl::Status Follower::Apply(std::vector<v1::ReplicatedEntry> entries) {
  // Shared with the engine's callback, which may outlive this call if the wait times out.
  auto outcome = std::make_shared<Outcome>();
  const uint64_t last_sequence = entries.back().sequence();
  absl::Status queued =
      engine_->SubmitReplicated(std::move(entries), [outcome](absl::Status applied) {
        absl::MutexLock lock(&outcome->mu);
        outcome->status = std::move(applied);
        outcome->done = true;
      });
  if (!queued.ok()) return queued;
  absl::MutexLock lock(&outcome->mu);
  if (!outcome->mu.AwaitWithTimeout(absl::Condition(&outcome->done), options_.apply_timeout)) {
    // Still queued: reconnecting now would have the primary resend entries that overlap it.
    outstanding_ = std::move(outcome);
    outstanding_last_sequence_ = last_sequence;
    return absl::DeadlineExceededError(
        "a replicated batch took too long to apply; reconnecting once it has an outcome");
  }
  return outcome->status;
}

absl::Status Follower::AwaitOutstanding() {
  if (outstanding_ == nullptr) return absl::OkStatus();
  // Short steps, so that Stop (which cannot wake this wait) ends it promptly.
  constexpr absl::Duration kStep = absl::Milliseconds(100);
  absl::Status outcome = absl::OkStatus();
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return absl::CancelledError("stopping");
    }
    {
      absl::MutexLock lock(&outstanding_->mu);
      if (outstanding_->mu.AwaitWithTimeout(absl::Condition(&outstanding_->done), kStep)) {
        outcome = outstanding_->status;
        break;
      }
    }
    if (engine_->head().sequence >= outstanding_last_sequence_) break;
  }
  outstanding_.reset();
  return outcome;
}

}  // namespace ledger
