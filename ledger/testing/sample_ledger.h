// A real ledger on disk for tests of what the commit path leaves behind (replay, audit): the
// real LedgerEngine over a real Store in a fresh directory under TEST_TMPDIR, driven one
// command at a time, no gRPC. The clock is pinned to 2024-06-30 12:00 (UTC+8).
//
//   SampleLedger ledger("audit");                     // fresh data directory, engine started
//   ledger.RunMixedLifecycle();                       // several loans through every entry kind
//   ASSERT_TRUE(ledger.Run(Repay("r9", "B001", "L1", 100, 0)).ok());
//   ledger.Close();                                   // engine stopped, RocksDB closed
//   Store::Open(ledger.data_dir(), ...);              // the directory is now free to tamper with
#ifndef LEDGER_TESTING_SAMPLE_LEDGER_H_
#define LEDGER_TESTING_SAMPLE_LEDGER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {

// Commands as the engine queues them. Value dates are 2024-01-15 plus `day_offset` days.
internal::LedgerCommand Create(const std::string& request_id, const std::string& bank_id,
                               const std::string& loan_id, int64_t principal_fen,
                               const std::string& county_code = "370281");
internal::LedgerCommand Disburse(const std::string& request_id, const std::string& bank_id,
                                 const std::string& loan_id, int64_t amount_fen,
                                 int day_offset = 0);
internal::LedgerCommand Repay(const std::string& request_id, const std::string& bank_id,
                              const std::string& loan_id, int64_t principal_fen,
                              int64_t interest_fen, int day_offset = 60);
// A COUNTY fund at 5x leverage, calling after the default 90 days.
internal::LedgerCommand CreateFund(const std::string& request_id, const std::string& fund_id,
                                   const std::string& county_code = "370281");
internal::LedgerCommand DepositCapital(const std::string& request_id, const std::string& fund_id,
                                       int64_t amount_fen, int day_offset = 0);
// The bank asks fund `fund_id` to guarantee `coverage_bps` of its loan (run it as the bank)...
internal::LedgerCommand RequestFundGuarantee(const std::string& request_id,
                                             const std::string& bank_id, const std::string& loan_id,
                                             const std::string& guarantee_id,
                                             const std::string& fund_id, int32_t coverage_bps,
                                             int day_offset = 0);
// ...and the fund issues that guarantee, on the same terms (run it as the fund).
internal::LedgerCommand IssueFundGuarantee(const std::string& request_id,
                                           const std::string& bank_id, const std::string& loan_id,
                                           const std::string& guarantee_id,
                                           const std::string& fund_id, int32_t coverage_bps,
                                           int day_offset = 0);
internal::LedgerCommand Reverse(const std::string& request_id, uint64_t sequence,
                                const std::string& reason);

class SampleLedger {
 public:
  // Opens a fresh data directory named `name` and starts the engine. Aborts if it cannot.
  explicit SampleLedger(const std::string& name);
  ~SampleLedger();

  // Applies one command as principal "bank:<bank id>" and waits until it is durable or
  // refused.
  absl::StatusOr<CommandOutcome> Run(internal::LedgerCommand command);
  // Run, as `principal`: fund and finance commands have no bank to act for.
  absl::StatusOr<CommandOutcome> RunAs(const std::string& principal,
                                       internal::LedgerCommand command);
  // Queues every command before waiting for any, so the writer applies them in one batch.
  std::vector<absl::StatusOr<CommandOutcome>> RunTogether(
      std::vector<internal::LedgerCommand> commands);

  // Five loans of two banks in two counties (one with a masked resident ID): approved only,
  // partly and fully disbursed, repaid with and without interest, closed; refused commands
  // (which write nothing), retried request ids (replays), and a batch touching one loan twice.
  // `after_each` (if set) runs after every step. Expects every step to go as planned (gtest
  // failures otherwise). Leaves 14 journal entries and their 14 request records (refusals and
  // replays write none); L1 of B001 ends ACTIVE with 75,000.00 CNY outstanding.
  void RunMixedLifecycle(const std::function<void()>& after_each = nullptr);

  // After RunMixedLifecycle: guarantee fund F1 of county 370281 is created by "finance:1"
  // (entry 15) and given 10,000.00 CNY of capital by "fund:F1" (16); "bank:B001" asks F1 to
  // guarantee half of its L10 (17), which "fund:F1" then issues (18: 15,000.00 CNY of
  // exposure); "bank:B002" reverses its own disbursement of L5 (entry 14) in entry 19. The
  // deposit, the issue and the reversal carry postings (cash and capital, the exposure
  // memorandum, the swapped legs of 14); the creation and the request none. Leaves 19 entries
  // and 19 request records; L5 is APPROVED again.
  void RunFundLifecycle();

  // Stops the engine and closes RocksDB (idempotent); Open starts them again on the same
  // directory.
  void Close();
  void Open();

  const std::string& data_dir() const { return data_dir_; }
  Store* store() { return store_.get(); }
  LedgerEngine* engine() { return engine_.get(); }

 private:
  std::string data_dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
};

}  // namespace ledger

#endif  // LEDGER_TESTING_SAMPLE_LEDGER_H_
