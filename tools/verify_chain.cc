// verify_chain: checks a ledger data directory's hash chain offline, without the server.
//
//   bazel run //tools:verify_chain -- --data_dir=/path/to/.ledger-data
//
// Opens RocksDB read-only (safe beside a running server, or on a copy), recomputes every
// entry's SHA-256 from entry 1 to the head, checks each link and the head record, and exits
// 0 if the chain is intact, 3 with the first bad sequence number if not.
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/store/store.h"

int main(int argc, char** argv) {
  std::string data_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--data_dir=")) {
      data_dir = arg.substr(std::string("--data_dir=").size());
    } else {
      std::fprintf(stderr, "usage: verify_chain --data_dir=DIR\n");
      return 2;
    }
  }
  if (data_dir.empty()) {
    std::fprintf(stderr, "usage: verify_chain --data_dir=DIR\n");
    return 2;
  }
  ledger::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  auto store = ledger::Store::Open(data_dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "verify_chain: %s\n", store.status().ToString().c_str());
    return 2;
  }
  uint64_t next = 1;
  // Bounded: each round verifies at most kMaxVerifyEntries; the journal cannot be longer
  // than 2^64, so the loop ends when the report says complete or broken.
  while (true) {
    absl::StatusOr<microloan::ledger::v1::VerifyChainResponse> result =
        ledger::VerifyChainRange(**store, next, ledger::kMaxVerifyEntries);
    if (!result.ok()) {
      std::fprintf(stderr, "verify_chain: %s\n", result.status().ToString().c_str());
      return 2;
    }
    const microloan::ledger::v1::VerifyChainResponse& report = *result;
    if (!report.ok()) {
      std::printf("BROKEN at entry %llu: %s\n",
                  static_cast<unsigned long long>(report.first_bad_sequence()),
                  report.problem().c_str());
      return 3;
    }
    if (report.complete()) {
      std::printf("OK: entries 1..%llu verified; head %s\n",
                  static_cast<unsigned long long>(report.verified_through()),
                  ledger::HexEncode(report.head_hash()).c_str());
      return 0;
    }
    next = report.next_sequence();
  }
}
