// The county view's bounds on the county's loans (outside_truncated) and on its cohorts'
// mentee loans (cohorts_truncated), and the mentor history's county filter and bound, on a real
// store holding rows written as applying entries writes them. The rest of the views is covered
// over gRPC by tests/cohort_test.cc.
#include "ledger/server/cohort_views.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/projection_state.h"
#include "ledger/subsidy/repeat_loans.h"
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

  // Applies one cohort event and writes what it changed.
  void Apply(uint64_t sequence, const v1::Event& event) {
    WriteSet writes = store_->NewWriteSet();
    WriteThrough state(store_.get(), &writes);
    ASSERT_TRUE(EvolveCohort(sequence, event, state, nullptr).ok()) << sequence;
    ASSERT_TRUE(store_->Write(writes).ok());
  }

  void CreateCohort(uint64_t sequence, const std::string& county, const std::string& id,
                    const std::string& mentor, int year) {
    v1::Event event;
    v1::Cohort* c = event.mutable_cohort_created()->mutable_cohort();
    c->set_name(CohortName(county, id));
    c->set_county_code(county);
    c->set_cohort_id(id);
    c->set_programme_year(year);
    c->mutable_mentor()->set_mentor_id(mentor);
    c->mutable_mentor()->set_kind(v1::MENTOR_PERSON);
    c->mutable_mentor()->set_display_name("mentor");
    c->set_state(v1::COHORT_OPEN);
    Apply(sequence, event);
  }

  // Enrols person `person` (whose loans are `loans`) as mentee `mentee_id`.
  void Enrol(uint64_t sequence, const std::string& cohort, const std::string& mentee_id,
             char person, const std::vector<int>& loans) {
    const std::string key(32, person);
    {
      WriteSet writes = store_->NewWriteSet();
      WriteThrough state(store_.get(), &writes);
      for (int i : loans) {
        ASSERT_TRUE(RecordPersonLoan(key, absl::StrCat("banks/B001/loans/L", i), state).ok());
        ASSERT_TRUE(store_->Write(writes).ok());
        writes = store_->NewWriteSet();
      }
    }
    v1::Event event;
    event.mutable_mentee_enrolled()->set_cohort(cohort);
    event.mutable_mentee_enrolled()->set_person_key(key);
    v1::Mentee* m = event.mutable_mentee_enrolled()->mutable_mentee();
    m->set_mentee_id(mentee_id);
    m->set_state(v1::MENTEE_ACTIVE);
    *m->mutable_enrolled_on() = ToDate(absl::CivilDay(2024, 3, 1));
    Apply(sequence, event);
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

TEST_F(CohortViewsTest, CohortsReadAtMostTheMenteeLoanBound) {
  const absl::CivilDay as_of(2024, 11, 5);
  CreateCohort(101, "370281", "A", "M1", 2024);
  CreateCohort(102, "370281", "B", "M2", 2024);
  // A's mentee has L1 and L2; B's has L3, L4 and L8 (county 370282's: never read into B).
  Enrol(103, "counties/370281/cohorts/A", "N1", 'a', {1, 2});
  Enrol(104, "counties/370281/cohorts/B", "N2", 'b', {3, 4, 8});

  absl::StatusOr<v1::CountyCohortsView> all = ReadCountyCohorts(*store_, "370281", 2024, as_of);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->cohorts_size(), 2);
  EXPECT_EQ(all->cohorts(1).performance().loan_count(), 2);  // L3, L4: not L8
  EXPECT_EQ(all->all_cohorts().loan_count(), 4);
  EXPECT_EQ(all->outside_cohorts().loan_count(), 3);  // L5, L6, L7
  EXPECT_FALSE(all->cohorts_truncated());

  // A bound of 4 loans named: A's 2 fit, B's 3 (L8 counted: it is read to learn its county)
  // would pass it. B is left out and its loans count outside.
  absl::StatusOr<v1::CountyCohortsView> cut =
      ReadCountyCohorts(*store_, "370281", 2024, as_of, kMaxCountyViewLoans, 4);
  ASSERT_TRUE(cut.ok()) << cut.status();
  ASSERT_EQ(cut->cohorts_size(), 1);
  EXPECT_EQ(cut->cohorts(0).cohort(), "counties/370281/cohorts/A");
  EXPECT_TRUE(cut->cohorts_truncated());
  EXPECT_EQ(cut->all_cohorts().loan_count(), 2);
  EXPECT_EQ(cut->outside_cohorts().loan_count(), 5);
  absl::StatusOr<v1::CountyCohortsView> exact =
      ReadCountyCohorts(*store_, "370281", 2024, as_of, kMaxCountyViewLoans, 5);
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_EQ(exact->cohorts_size(), 2);
  EXPECT_FALSE(exact->cohorts_truncated());
}

TEST_F(CohortViewsTest, MentorHistoryFiltersTheCountyBeforeItCounts) {
  const absl::CivilDay as_of(2024, 11, 5);
  // M1 led two cohorts of county 370282 in 2023 (first in the mentor index), then 370281's A.
  CreateCohort(101, "370282", "X", "M1", 2023);
  CreateCohort(102, "370282", "Y", "M1", 2024);
  CreateCohort(103, "370281", "A", "M1", 2024);
  Enrol(104, "counties/370281/cohorts/A", "N1", 'a', {1, 8});
  auto only_370281 = [](absl::string_view county) { return county == "370281"; };
  absl::StatusOr<v1::MentorHistory> history =
      ReadMentorHistory(*store_, "M1", as_of, only_370281, /*max_cohorts=*/1);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->cohorts_size(), 1);
  EXPECT_EQ(history->cohorts(0).cohort(), "counties/370281/cohorts/A");
  EXPECT_EQ(history->cohorts(0).performance().loan_count(), 1);  // L1: not 370282's L8
  EXPECT_FALSE(history->truncated());
  absl::StatusOr<v1::MentorHistory> everyone = ReadMentorHistory(
      *store_, "M1", as_of, [](absl::string_view) { return true; }, /*max_cohorts=*/2);
  ASSERT_TRUE(everyone.ok()) << everyone.status();
  EXPECT_EQ(everyone->cohorts_size(), 2);
  EXPECT_TRUE(everyone->truncated());
}

TEST_F(CohortViewsTest, AMenteeLoanThatIsNotStoredIsDataLoss) {
  CreateCohort(101, "370281", "A", "M1", 2024);
  Enrol(102, "counties/370281/cohorts/A", "N1", 'a', {1, 9});  // no L9 is stored
  absl::StatusOr<v1::CohortCard> card =
      ReadCohortCard(*store_, "370281", "A", absl::CivilDay(2024, 11, 5));
  EXPECT_EQ(card.status().code(), absl::StatusCode::kDataLoss) << card.status();
}

}  // namespace
}  // namespace ledger
