// The county view's bound on the county's loans (outside_truncated), on a real store holding
// loans written as applying entries writes them. The rest of the views is covered over gRPC by
// tests/cohort_test.cc.
#include "ledger/server/cohort_views.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/projection_state.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

class WriteThrough : public ProjectionState {
 public:
  WriteThrough(const Store* store, WriteSet* writes) : store_(store), writes_(writes) {}
  absl::StatusOr<std::string> Get(absl::string_view key) override {
    return store_->Get(Family::kProjections, key);
  }
  void Put(absl::string_view key, absl::string_view value) override {
    writes_->Put(Family::kProjections, key, value);
  }
  void Delete(absl::string_view key) override { writes_->Delete(Family::kProjections, key); }

 private:
  const Store* store_;
  WriteSet* writes_;
};

class CohortViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("cohort_views"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    // Seven ACTIVE loans of 100.00 in county 370281, one in 370282.
    for (int i = 1; i <= 8; ++i) {
      v1::Loan loan;
      loan.set_bank_id("B001");
      loan.set_loan_id(absl::StrCat("L", i));
      loan.set_name(absl::StrCat("banks/B001/loans/L", i));
      loan.set_county_code(i == 8 ? "370282" : "370281");
      loan.set_status(v1::ACTIVE);
      *loan.mutable_approved_principal() = Cny(100'00);
      *loan.mutable_outstanding_principal() = Cny(100'00);
      WriteSet writes = store_->NewWriteSet();
      WriteThrough state(store_.get(), &writes);
      WriteLoan(nullptr, loan, i, state);
      ASSERT_TRUE(store_->Write(writes).ok());
    }
  }

  std::unique_ptr<Store> store_;
};

TEST_F(CohortViewsTest, OutsideCohortsReadsAtMostTheBound) {
  const absl::CivilDay as_of(2024, 11, 5);
  absl::StatusOr<v1::CountyCohortsView> all = ReadCountyCohorts(*store_, "370281", 2024, as_of);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->cohorts_size(), 0);
  EXPECT_EQ(all->all_cohorts().loan_count(), 0);
  EXPECT_EQ(all->outside_cohorts().loan_count(), 7);
  EXPECT_EQ(all->outside_cohorts().outstanding_principal().amount_fen(), 700'00);
  EXPECT_FALSE(all->outside_truncated());

  // Exactly the bound: nothing is left over.
  absl::StatusOr<v1::CountyCohortsView> exact =
      ReadCountyCohorts(*store_, "370281", 2024, as_of, /*max_loans=*/7);
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_EQ(exact->outside_cohorts().loan_count(), 7);
  EXPECT_FALSE(exact->outside_truncated());

  absl::StatusOr<v1::CountyCohortsView> bounded =
      ReadCountyCohorts(*store_, "370281", 2024, as_of, /*max_loans=*/5);
  ASSERT_TRUE(bounded.ok()) << bounded.status();
  EXPECT_EQ(bounded->outside_cohorts().loan_count(), 5);
  EXPECT_TRUE(bounded->outside_truncated());
}

}  // namespace
}  // namespace ledger
