// The LedgerEngine tests' shared fixture: a real store in a fresh directory, the engine on a
// pinned clock, command builders, and a variant whose RocksDB file system can hold, fail or
// fill the disk (ledger/testing/faulty_file_system.h).
//
//   TEST_F(LedgerEngineTest, Something) { ASSERT_TRUE(Run(Create("r1", "L1")).ok()); }
//   TEST_F(LedgerEngineFaultTest, Other) { fs_->HoldWalSyncs(); ... }
#ifndef LEDGER_ENGINE_LEDGER_ENGINE_TEST_FIXTURE_H_
#define LEDGER_ENGINE_LEDGER_ENGINE_TEST_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"
#include "ledger/engine/ledger_engine.h"
#include "ledger/journal/chain_verifier.h"
#include "ledger/testing/faulty_file_system.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {

inline const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 6, 30, 12, 0, 0), absl::FixedTimeZone(8 * 3600));

inline internal::LedgerCommand Create(const std::string& request_id, const std::string& loan_id,
                                      int64_t principal_fen = 100'000'00) {
  internal::LedgerCommand command;
  v1::CreateLoanRequest* r = command.mutable_create_loan();
  r->set_request_id(request_id);
  r->set_bank_id("B001");
  r->set_loan_id(loan_id);
  r->set_borrower_id("borrower-1");
  r->set_county_code("370281");
  *r->mutable_principal() = Cny(principal_fen);
  r->set_annual_rate_bps(435);
  r->set_term_months(24);
  *r->mutable_contract_date() = ToDate(absl::CivilDay(2024, 1, 10));
  return command;
}

inline internal::LedgerCommand Disburse(const std::string& request_id, const std::string& loan_id,
                                        int64_t amount_fen) {
  internal::LedgerCommand command;
  v1::DisburseLoanRequest* r = command.mutable_disburse_loan();
  r->set_request_id(request_id);
  r->set_name(absl::StrCat("banks/B001/loans/", loan_id));
  *r->mutable_amount() = Cny(amount_fen);
  *r->mutable_value_date() = ToDate(absl::CivilDay(2024, 1, 15));
  return command;
}

inline internal::LedgerCommand Repay(const std::string& request_id, const std::string& loan_id,
                                     int64_t principal_fen, int64_t interest_fen = 0) {
  internal::LedgerCommand command;
  v1::RecordRepaymentRequest* r = command.mutable_record_repayment();
  r->set_request_id(request_id);
  r->set_name(absl::StrCat("banks/B001/loans/", loan_id));
  *r->mutable_principal() = Cny(principal_fen);
  *r->mutable_interest() = Cny(interest_fen);
  *r->mutable_value_date() = ToDate(absl::CivilDay(2024, 3, 20));
  return command;
}

class LedgerEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("engine");
    Open();
  }

  void Open(EngineOptions options = {}, StoreOptions store_options = {}) {
    auto store = Store::Open(dir_, store_options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    options.now = [this] { return now_; };
    auto engine = LedgerEngine::Start(store_.get(), std::move(options));
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = std::move(*engine);
  }

  void Close() {
    engine_.reset();
    store_.reset();
  }

  absl::StatusOr<CommandOutcome> Run(internal::LedgerCommand command,
                                     const std::string& principal = "bank:B001") {
    absl::Notification done;
    absl::StatusOr<CommandOutcome> result = absl::UnknownError("not called");
    absl::Status queued =
        engine_->Submit(principal, std::move(command), [&](absl::StatusOr<CommandOutcome> outcome) {
          result = std::move(outcome);
          done.Notify();
        });
    if (!queued.ok()) return queued;
    done.WaitForNotification();
    return result;
  }

  // Recomputes the whole chain from the store.
  void ExpectChainVerifies() {
    ChainVerifier verifier;
    absl::Status problem;
    ASSERT_TRUE(store_
                    ->Scan(Family::kJournal, "", "",
                           [&](absl::string_view key, absl::string_view value) {
                             problem = verifier.Add(key, value);
                             return problem.ok();
                           })
                    .ok());
    EXPECT_TRUE(problem.ok()) << problem;
    EXPECT_TRUE(verifier.CheckHead(engine_->head()).ok());
  }

  std::string dir_;
  absl::Time now_ = kNow;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LedgerEngine> engine_;
};

class LedgerEngineFaultTest : public LedgerEngineTest {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("engine_faults");
    fs_ = std::make_shared<FaultyFileSystem>();
    StoreOptions store_options;
    store_options.file_system = fs_;
    Open({}, store_options);
  }
  std::shared_ptr<FaultyFileSystem> fs_;
};

}  // namespace ledger

#endif  // LEDGER_ENGINE_LEDGER_ENGINE_TEST_FIXTURE_H_
