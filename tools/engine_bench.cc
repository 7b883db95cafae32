// engine_bench: the single writer alone, without gRPC: how many repayments a second
// LedgerEngine::SubmitBatch commits on a real store on this machine (docs/BENCHMARKS.md,
// "Where the writer's time goes"). The ceiling for the batch API; with --term_months=36 (as
// tools/batch_load's loans) the difference to batch_load is gRPC's share.
//
//   bazel build -c opt //tools:engine_bench
//   bazel-out/k8-opt/bin/tools/engine_bench --data_dir=/tmp/engine_bench --loans=8000
//       --batches=10 --inflight=2 --term_months=24   (one command line)
//
// Creates and disburses `--loans` loans of bank B001 (not timed), then submits `--batches`
// batches of 8,000 one-fen repayments, spread over the loans, `--inflight` at a time, and
// reports repayments per second. Refuses to run on an existing --data_dir (it starts empty).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/store/store.h"
#include "ledger/testing/sample_ledger.h"
#include "tools/load_support.h"

namespace {

using ledger::BatchItem;
using ledger::BatchOutcomes;

struct Flags {
  std::string data_dir = "/tmp/engine_bench";
  int64_t loans = 8000;
  int64_t batches = 10;
  int64_t inflight = 2;
  int64_t term_months = 24;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  std::map<std::string, std::string> values;
  std::string error;
  if (!loadtool::ParseFlagArgs(argc, argv,
                               {"data_dir", "loans", "batches", "inflight", "term_months"}, &values,
                               &error) ||
      values.count("help") > 0 ||
      !loadtool::IntFlag(values, "loans", 1, 1'000'000, &flags->loans, &error) ||
      !loadtool::IntFlag(values, "batches", 1, 10'000, &flags->batches, &error) ||
      !loadtool::IntFlag(values, "inflight", 1, 2, &flags->inflight, &error) ||
      !loadtool::IntFlag(values, "term_months", 1, 60, &flags->term_months, &error)) {
    if (!error.empty()) std::fprintf(stderr, "engine_bench: %s\n", error.c_str());
    return false;
  }
  if (values.count("data_dir") > 0) flags->data_dir = values["data_dir"];
  return !flags->data_dir.empty();
}

// Submits every batch, waits for all; the number of refused commands.
int64_t Run(ledger::LedgerEngine& engine, std::vector<std::vector<BatchItem>> batches) {
  absl::BlockingCounter done(static_cast<int>(batches.size()));
  std::atomic<int64_t> refused{0};
  for (std::vector<BatchItem>& items : batches) {
    absl::Status queued =
        engine.SubmitBatch("bank:B001", std::move(items), [&](BatchOutcomes outcomes) {
          for (const auto& outcome : outcomes) {
            if (!outcome.ok() && refused++ == 0) {
              std::fprintf(stderr, "engine_bench: %s\n", outcome.status().ToString().c_str());
            }
          }
          done.DecrementCount();
        });
    if (!queued.ok()) {
      std::fprintf(stderr, "engine_bench: batch refused: %s\n", queued.ToString().c_str());
      refused += 1;
      done.DecrementCount();
    }
  }
  done.Wait();
  return refused.load();
}

// `count` items made by `make(i)`, in batches of at most kMaxBatchCommands.
template <typename Make>
std::vector<std::vector<BatchItem>> Batches(int64_t count, Make make) {
  std::vector<std::vector<BatchItem>> batches;
  for (int64_t i = 0; i < count; ++i) {
    if (i % ledger::kMaxBatchCommands == 0) batches.emplace_back();
    batches.back().push_back(BatchItem{make(i), false, absl::OkStatus()});
  }
  return batches;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr,
                 "usage: engine_bench [--data_dir=/tmp/engine_bench] [--loans=N] [--batches=N] "
                 "[--inflight=1..2] [--term_months=1..60]\n");
    return 2;
  }
  if (std::filesystem::exists(flags.data_dir)) {
    std::fprintf(stderr, "engine_bench: %s exists; give a new --data_dir\n",
                 flags.data_dir.c_str());
    return 2;
  }
  absl::StatusOr<std::unique_ptr<ledger::Store>> store =
      ledger::Store::Open(flags.data_dir, ledger::StoreOptions{});
  if (!store.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n", store.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<ledger::LedgerEngine>> engine =
      ledger::LedgerEngine::Start(store->get(), ledger::EngineOptions{});
  if (!engine.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const int64_t principal_fen = 10'000'000'00;
  auto loan = [](int64_t i) { return absl::StrCat("L", i); };
  int64_t refused = Run(**engine, Batches(flags.loans, [&](int64_t i) {
    auto create = ledger::Create(absl::StrCat("c", i), "B001", loan(i), principal_fen);
    create.mutable_create_loan()->set_term_months(flags.term_months);
    return create;
  }));
  refused += Run(**engine, Batches(flags.loans, [&](int64_t i) {
    return ledger::Disburse(absl::StrCat("d", i), "B001", loan(i), principal_fen);
  }));
  if (refused != 0) return 1;

  int64_t repayments = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int64_t b = 0; b < flags.batches; b += flags.inflight) {
    const int64_t count = std::min(flags.inflight, flags.batches - b) * ledger::kMaxBatchCommands;
    refused += Run(**engine, Batches(count, [&](int64_t i) {
      return ledger::Repay(absl::StrCat("r", b, "-", i), "B001",
                           loan((repayments + i) % flags.loans), 1, 0);
    }));
    repayments += count;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("repayments=%lld refused=%lld seconds=%.2f throughput=%.0f/s (term %lld months)\n",
              static_cast<long long>(repayments), static_cast<long long>(refused), seconds,
              repayments / seconds, static_cast<long long>(flags.term_months));
  (*engine)->Stop();
  return refused == 0 ? 0 : 1;
}
