#include "ledger/subsidy/claim_projection.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

// A submitted-claim event of `bank`'s loans, for [first, last].
v1::Event Submitted(const std::string& bank, const std::string& claim_id, absl::CivilDay first,
                    absl::CivilDay last, const std::vector<std::string>& loan_ids) {
  v1::Event event;
  v1::SubsidyClaim* claim = event.mutable_subsidy_claim_submitted()->mutable_claim();
  claim->set_name(absl::StrCat("banks/", bank, "/subsidy_claims/", claim_id));
  claim->set_bank_id(bank);
  claim->set_claim_id(claim_id);
  *claim->mutable_period()->mutable_first_day() = ToDate(first);
  *claim->mutable_period()->mutable_last_day() = ToDate(last);
  claim->set_state(v1::CLAIM_SUBMITTED);
  for (const std::string& loan_id : loan_ids) {
    v1::SubsidyClaimLine* line = claim->add_lines();
    line->set_loan(absl::StrCat("banks/", bank, "/loans/", loan_id));
    *line->mutable_claimed() = Cny(100'00);
    *line->mutable_expected() = Cny(80'00);
  }
  claim->set_line_count(claim->lines_size());
  *claim->mutable_claimed_total() = Cny(100'00 * claim->lines_size());
  *claim->mutable_expected_total() = Cny(80'00 * claim->lines_size());
  claim->set_basis_sequence(1);
  return event;
}

const absl::CivilDay kQ2First(2024, 3, 21);
const absl::CivilDay kQ2Last(2024, 6, 20);

// An approval as computed whose recomputed expected amounts are `amounts_fen` (each at most the
// 100.00 claimed, so each line is approved at it), interest twice that, as of entry 2.
v1::Event Approved(const std::string& name, std::vector<int64_t> amounts_fen) {
  v1::Event event;
  v1::SubsidyClaimApproved* approved = event.mutable_subsidy_claim_approved();
  approved->set_claim(name);
  approved->set_approval(v1::APPROVE_AS_COMPUTED);
  approved->set_basis_sequence(2);
  int64_t total = 0;
  for (int64_t a : amounts_fen) {
    *approved->add_approved() = Cny(a);
    *approved->add_expected() = Cny(a);
    *approved->add_interest() = Cny(2 * a);
    approved->add_note(a == 0 ? "overdue" : "");
    total += a;
  }
  *approved->mutable_approved_total() = Cny(total);
  return event;
}

// An approval written before approvals recomputed the figures: amounts only.
v1::Event ApprovedWithoutFigures(const std::string& name, v1::ClaimApproval approval,
                                 std::vector<int64_t> amounts_fen) {
  v1::Event event = Approved(name, amounts_fen);
  v1::SubsidyClaimApproved* approved = event.mutable_subsidy_claim_approved();
  approved->set_approval(approval);
  approved->clear_expected();
  approved->clear_interest();
  approved->clear_note();
  approved->clear_basis_sequence();
  return event;
}

v1::Event Rejected(const std::string& name) {
  v1::Event event;
  event.mutable_subsidy_claim_rejected()->set_claim(name);
  event.mutable_subsidy_claim_rejected()->set_reason("wrong period");
  return event;
}

v1::Event Paid(const std::string& name, int64_t amount_fen) {
  v1::Event event;
  v1::SubsidyClaimPaid* paid = event.mutable_subsidy_claim_paid();
  paid->set_claim(name);
  *paid->mutable_amount() = Cny(amount_fen);
  *paid->mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 28));
  paid->set_payment_reference("T-1");
  return event;
}

constexpr char kC1[] = "banks/B001/subsidy_claims/C1";

TEST(ClaimProjectionTest, KeysFollowTheGrammarAndDescribeThemselves) {
  EXPECT_EQ(ClaimKey("B001", "C1"), std::string("subsidy_claim/B001\0C1", 21));
  EXPECT_EQ(ClaimLinesKey("B001", "C1"), std::string("subsidy_claim_lines/B001\0C1", 27));
  EXPECT_EQ(ClaimedDaysKey("B001", "L1"), std::string("claimed_days/B001\0L1", 20));
  EXPECT_EQ(DescribeClaimKey(ClaimKey("B001", "C1")), "subsidy claim banks/B001/subsidy_claims/C1");
  EXPECT_EQ(DescribeClaimKey(ClaimLinesKey("B001", "C1")),
            "lines of subsidy claim banks/B001/subsidy_claims/C1");
  EXPECT_EQ(DescribeClaimKey(ClaimedDaysKey("B001", "L1")), "claimed days of banks/B001/loans/L1");
  EXPECT_EQ(DescribeClaimKey("subsidy_policy/20240101"), "");
  EXPECT_EQ(DescribeClaimKey("subsidy_claim/B001"), "");
  EXPECT_EQ(DayNumber(ToDate(absl::CivilDay(2024, 3, 21))), 20240321);
}

TEST(ClaimProjectionTest, SubmitWritesHeaderLinesAndSortedClaimedDays) {
  MapProjectionState state;
  v1::SubsidyClaim claim;
  ASSERT_TRUE(EvolveClaim(7,
                          Submitted("B001", "Q3", absl::CivilDay(2024, 6, 21),
                                    absl::CivilDay(2024, 9, 20), {"L1"}),
                          state, &claim)
                  .ok());
  ASSERT_TRUE(
      EvolveClaim(9, Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"}), state, &claim).ok());
  EXPECT_EQ(claim.name(), kC1);
  EXPECT_EQ(claim.lines_size(), 0);  // the result is the header
  EXPECT_EQ(claim.submitted_sequence(), 9u);

  absl::StatusOr<v1::SubsidyClaim> header = LoadClaim(state, "B001", "C1");
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->lines_size(), 0);
  EXPECT_EQ(header->line_count(), 2);
  EXPECT_EQ(header->submitted_sequence(), 9u);
  absl::StatusOr<v1::SubsidyClaim> lines = LoadClaimLines(state, "B001", "C1");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->lines_size(), 2);
  EXPECT_TRUE(lines->name().empty());  // the lines row holds the lines only
  absl::StatusOr<v1::SubsidyClaim> whole = LoadClaimWithLines(state, "B001", "C1");
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->lines(1).loan(), "banks/B001/loans/L2");

  absl::StatusOr<internal::ClaimedDays> l1 = LoadClaimedDays(state, "B001", "L1");
  ASSERT_TRUE(l1.ok()) << l1.status();
  ASSERT_EQ(l1->ranges_size(), 2);  // Q2 before Q3, though submitted after it
  EXPECT_EQ(l1->ranges(0).first_day(), 20240321);
  EXPECT_EQ(l1->ranges(0).last_day(), 20240620);
  EXPECT_EQ(l1->ranges(0).claim(), kC1);
  EXPECT_EQ(l1->ranges(1).first_day(), 20240621);
  absl::StatusOr<internal::ClaimedDays> none = LoadClaimedDays(state, "B001", "L9");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->ranges_size(), 0);

  absl::StatusOr<v1::SubsidyClaim> missing = LoadClaim(state, "B001", "C2");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing.status()), reason::kClaimNotFound);
}

TEST(ClaimProjectionTest, ApproveThenPay) {
  MapProjectionState state;
  ASSERT_TRUE(
      EvolveClaim(3, Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"}), state, nullptr)
          .ok());
  v1::SubsidyClaim header;
  ASSERT_TRUE(EvolveClaim(4, Approved(kC1, {80'00, 70'00}), state, &header).ok());
  EXPECT_EQ(header.state(), v1::CLAIM_APPROVED);
  EXPECT_EQ(header.approval(), v1::APPROVE_AS_COMPUTED);
  EXPECT_EQ(header.approved_total().amount_fen(), 150'00);
  EXPECT_EQ(header.decided_sequence(), 4u);
  EXPECT_EQ(header.submitted_sequence(), 3u);
  absl::StatusOr<v1::SubsidyClaim> whole = LoadClaimWithLines(state, "B001", "C1");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->lines(1).approved().amount_fen(), 70'00);
  // The stored claim shows the figures the decision was made on (recomputed at approval).
  EXPECT_EQ(whole->lines(1).expected().amount_fen(), 70'00);
  EXPECT_EQ(whole->lines(1).interest().amount_fen(), 140'00);
  EXPECT_EQ(header.expected_total().amount_fen(), 150'00);
  EXPECT_EQ(header.basis_sequence(), 2u);
  EXPECT_EQ(header.claimed_total().amount_fen(), 200'00);

  ASSERT_TRUE(EvolveClaim(5, Paid(kC1, 150'00), state, &header).ok());
  EXPECT_EQ(header.state(), v1::CLAIM_PAID);
  EXPECT_EQ(header.paid_total().amount_fen(), 150'00);
  EXPECT_EQ(header.payment_reference(), "T-1");
  EXPECT_EQ(FormatDate(header.payment_date()), "2024-06-28");
  EXPECT_EQ(header.paid_sequence(), 5u);
  // Paid days stay claimed.
  EXPECT_EQ(LoadClaimedDays(state, "B001", "L2")->ranges_size(), 1);
}

TEST(ClaimProjectionTest, SubsidyReceivedCountsApprovedAmountsOfPaidClaimsOnly) {
  MapProjectionState state;
  EXPECT_EQ(*SubsidyReceivedFen(state, "B001", "L1"), 0);  // nothing claimed
  ASSERT_TRUE(
      EvolveClaim(3, Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"}), state, nullptr)
          .ok());
  ASSERT_TRUE(EvolveClaim(4, Approved(kC1, {80'00, 70'00}), state, nullptr).ok());
  const internal::ClaimedDays days = *LoadClaimedDays(state, "B001", "L2");
  ASSERT_EQ(days.ranges_size(), 1);
  EXPECT_EQ(days.ranges(0).approved_fen(), 70'00);
  EXPECT_FALSE(days.ranges(0).paid());
  EXPECT_EQ(*SubsidyReceivedFen(state, "B001", "L2"), 0);  // approved, not yet paid
  // A second claim (Q1) submitted but never paid does not count either.
  ASSERT_TRUE(EvolveClaim(5,
                          Submitted("B001", "C0", absl::CivilDay(2024, 1, 1),
                                    absl::CivilDay(2024, 3, 20), {"L2"}),
                          state, nullptr)
                  .ok());
  ASSERT_TRUE(EvolveClaim(6, Paid(kC1, 150'00), state, nullptr).ok());
  EXPECT_EQ(*SubsidyReceivedFen(state, "B001", "L1"), 80'00);
  EXPECT_EQ(*SubsidyReceivedFen(state, "B001", "L2"), 70'00);
  EXPECT_EQ(*SubsidyReceivedFen(state, "B001", "L9"), 0);
}

TEST(ClaimProjectionTest, RejectFreesTheDaysForAnotherClaim) {
  MapProjectionState state;
  ASSERT_TRUE(
      EvolveClaim(3, Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"}), state, nullptr)
          .ok());
  ASSERT_TRUE(EvolveClaim(4,
                          Submitted("B001", "C0", absl::CivilDay(2023, 12, 21),
                                    absl::CivilDay(2024, 3, 20), {"L1"}),
                          state, nullptr)
                  .ok());
  v1::SubsidyClaim header;
  ASSERT_TRUE(EvolveClaim(5, Rejected(kC1), state, &header).ok());
  EXPECT_EQ(header.state(), v1::CLAIM_REJECTED);
  EXPECT_EQ(header.rejection_reason(), "wrong period");
  EXPECT_EQ(header.decided_sequence(), 5u);
  // L1 keeps C0's range; L2 has none left, so its row is gone.
  absl::StatusOr<internal::ClaimedDays> l1 = LoadClaimedDays(state, "B001", "L1");
  ASSERT_EQ(l1->ranges_size(), 1);
  EXPECT_EQ(l1->ranges(0).claim(), "banks/B001/subsidy_claims/C0");
  EXPECT_FALSE(state.Get(ClaimedDaysKey("B001", "L2")).ok());
  // The same days can be claimed again.
  EXPECT_TRUE(
      EvolveClaim(6, Submitted("B001", "C2", kQ2First, kQ2Last, {"L1", "L2"}), state, nullptr)
          .ok());
}

TEST(ClaimProjectionTest, EventsThatDoNotFitTheStoredClaimAreDataLoss) {
  MapProjectionState state;
  auto expect_data_loss = [&](uint64_t sequence, const v1::Event& event) {
    absl::Status s = EvolveClaim(sequence, event, state, nullptr);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  };
  expect_data_loss(1, Approved(kC1, {1}));  // no such claim
  ASSERT_TRUE(
      EvolveClaim(2, Submitted("B001", "C1", kQ2First, kQ2Last, {"L1"}), state, nullptr).ok());
  expect_data_loss(3, Submitted("B001", "C1", kQ2First, kQ2Last, {"L9"}));  // twice
  expect_data_loss(3, Submitted("B001", "C2", kQ2Last, kQ2Last, {"L1"}));   // days overlap
  expect_data_loss(3, Submitted("B001", "C3", kQ2First, kQ2Last, {}));      // no lines
  expect_data_loss(3, Paid(kC1, 0));                                        // not approved
  expect_data_loss(3, Approved(kC1, {1, 2}));                               // line count
  v1::Event wrong_total = Approved(kC1, {5});
  *wrong_total.mutable_subsidy_claim_approved()->mutable_approved_total() = Cny(6);
  expect_data_loss(3, wrong_total);
  ASSERT_TRUE(EvolveClaim(3, Approved(kC1, {5}), state, nullptr).ok());
  expect_data_loss(4, Rejected(kC1));  // decided already
  expect_data_loss(4, Paid(kC1, 4));   // another amount
}

TEST(ClaimProjectionTest, ASubmissionTheRulesWouldRefuseIsDataLoss) {
  MapProjectionState state;
  auto expect_data_loss = [&](const v1::Event& event) {
    absl::Status s = EvolveClaim(1, event, state, nullptr);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  };
  v1::Event claimed_total = Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"});
  *claimed_total.mutable_subsidy_claim_submitted()->mutable_claim()->mutable_claimed_total() =
      Cny(200'00 + 1);
  expect_data_loss(claimed_total);
  v1::Event expected_total = Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"});
  *expected_total.mutable_subsidy_claim_submitted()->mutable_claim()->mutable_expected_total() =
      Cny(160'00 - 1);
  expect_data_loss(expected_total);
  expect_data_loss(Submitted("B001", "C1", kQ2Last, kQ2First, {"L1"}));  // first after last
  std::vector<std::string> loans;
  for (int i = 0; i <= kMaxClaimLines; ++i) loans.push_back(absl::StrCat("L", i));
  expect_data_loss(Submitted("B001", "C1", kQ2First, kQ2Last, loans));  // 1001 lines
  v1::Event negative = Submitted("B001", "C1", kQ2First, kQ2Last, {"L1"});
  v1::SubsidyClaim* claim = negative.mutable_subsidy_claim_submitted()->mutable_claim();
  *claim->mutable_lines(0)->mutable_claimed() = Cny(-1);
  *claim->mutable_claimed_total() = Cny(-1);
  expect_data_loss(negative);
  // Nothing was stored by any of them; exactly the limit is fine.
  EXPECT_TRUE(state.rows().empty());
  loans.pop_back();
  EXPECT_TRUE(
      EvolveClaim(1, Submitted("B001", "C1", kQ2First, kQ2Last, loans), state, nullptr).ok());
}

TEST(ClaimProjectionTest, AnApprovalTheRulesWouldRefuseIsDataLoss) {
  MapProjectionState state;
  // Each line claimed 100.00, expected 80.00 at submission.
  ASSERT_TRUE(
      EvolveClaim(1, Submitted("B001", "C1", kQ2First, kQ2Last, {"L1", "L2"}), state, nullptr)
          .ok());
  auto expect_data_loss = [&](const v1::Event& event) {
    absl::Status s = EvolveClaim(2, event, state, nullptr);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  };
  // As computed, a line is min(claimed, the recomputed expected).
  v1::Event not_min = Approved(kC1, {60'00, 70'00});
  *not_min.mutable_subsidy_claim_approved()->mutable_approved(1) = Cny(69'00);
  *not_min.mutable_subsidy_claim_approved()->mutable_approved_total() = Cny(129'00);
  expect_data_loss(not_min);
  // Never above the claimed amount, whatever the expected.
  v1::Event above_claimed = Approved(kC1, {60'00, 120'00});
  expect_data_loss(above_claimed);
  // As claimed, a line is its claimed amount.
  expect_data_loss(ApprovedWithoutFigures(kC1, v1::APPROVE_AS_CLAIMED, {100'00, 99'00}));
  // Without recomputed figures, as computed is min(claimed, the submitted expected).
  expect_data_loss(ApprovedWithoutFigures(kC1, v1::APPROVE_AS_COMPUTED, {80'00, 100'00}));
  // Recomputed figures for some lines only.
  v1::Event partial = Approved(kC1, {60'00, 70'00});
  partial.mutable_subsidy_claim_approved()->mutable_interest()->RemoveLast();
  expect_data_loss(partial);
  // No known approval.
  expect_data_loss(ApprovedWithoutFigures(kC1, v1::CLAIM_APPROVAL_UNSPECIFIED, {80'00, 80'00}));
  // The total is the sum of the lines.
  v1::Event total = ApprovedWithoutFigures(kC1, v1::APPROVE_AS_CLAIMED, {100'00, 100'00});
  *total.mutable_subsidy_claim_approved()->mutable_approved_total() = Cny(100'00);
  expect_data_loss(total);

  // An entry written before approvals recomputed the figures keeps the submitted ones.
  v1::SubsidyClaim header;
  ASSERT_TRUE(EvolveClaim(2, ApprovedWithoutFigures(kC1, v1::APPROVE_AS_COMPUTED, {80'00, 80'00}),
                          state, &header)
                  .ok());
  EXPECT_EQ(header.expected_total().amount_fen(), 160'00);
  EXPECT_EQ(header.basis_sequence(), 1u);
  EXPECT_EQ(header.approved_total().amount_fen(), 160'00);
}

class ClaimListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("claim_projection"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    MapProjectionState state;
    uint64_t sequence = 0;
    // B001: C1..C5 (C2 and C4 approved); B002: C1; B0010: C1 (a bank id with B001 as prefix).
    for (const char* bank : {"B001", "B002", "B0010"}) {
      const int count = std::string(bank) == "B001" ? 5 : 1;
      for (int i = 1; i <= count; ++i) {
        const std::string id = absl::StrCat("C", i);
        ASSERT_TRUE(EvolveClaim(++sequence,
                                Submitted(bank, id, kQ2First, kQ2Last, {absl::StrCat("L", i)}),
                                state, nullptr)
                        .ok());
        if (std::string(bank) == "B001" && i % 2 == 0) {
          ASSERT_TRUE(EvolveClaim(++sequence,
                                  Approved(absl::StrCat("banks/B001/subsidy_claims/", id), {1}),
                                  state, nullptr)
                          .ok());
        }
      }
    }
    WriteSet writes = store_->NewWriteSet();
    for (const auto& [key, value] : state.rows()) writes.Put(Family::kProjections, key, value);
    ASSERT_TRUE(store_->Write(writes).ok());
  }

  std::vector<std::string> Names(const v1::ListSubsidyClaimsResponse& page) {
    std::vector<std::string> names;
    for (const v1::SubsidyClaim& claim : page.claims()) {
      EXPECT_EQ(claim.lines_size(), 0);
      names.push_back(absl::StrCat(claim.bank_id(), "/", claim.claim_id()));
    }
    return names;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(ClaimListingTest, ListsByBankAndStateInPages) {
  absl::StatusOr<v1::ListSubsidyClaimsResponse> all =
      ListClaims(*store_, "", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 0, "");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(Names(*all), (std::vector<std::string>{"B001/C1", "B001/C2", "B001/C3", "B001/C4",
                                                   "B001/C5", "B0010/C1", "B002/C1"}));
  EXPECT_TRUE(all->next_page_token().empty());

  // B001 only (not B0010), two at a time.
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    absl::StatusOr<v1::ListSubsidyClaimsResponse> page =
        ListClaims(*store_, "B001", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 2, token);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const std::string& name : Names(*page)) seen.push_back(name);
    token = page->next_page_token();
    ASSERT_LT(++pages, 10);
  } while (!token.empty());
  EXPECT_EQ(seen,
            (std::vector<std::string>{"B001/C1", "B001/C2", "B001/C3", "B001/C4", "B001/C5"}));

  absl::StatusOr<v1::ListSubsidyClaimsResponse> approved =
      ListClaims(*store_, "B001", v1::CLAIM_APPROVED, 0, "");
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(Names(*approved), (std::vector<std::string>{"B001/C2", "B001/C4"}));
}

TEST_F(ClaimListingTest, AScanBoundComesBackShortWithAToken) {
  absl::StatusOr<v1::ListSubsidyClaimsResponse> page =
      ListClaims(*store_, "B001", v1::CLAIM_APPROVED, 10, "", /*max_scanned=*/3);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(Names(*page), std::vector<std::string>{"B001/C2"});
  ASSERT_FALSE(page->next_page_token().empty());
  absl::StatusOr<v1::ListSubsidyClaimsResponse> next =
      ListClaims(*store_, "B001", v1::CLAIM_APPROVED, 10, page->next_page_token(), 3);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(Names(*next), std::vector<std::string>{"B001/C4"});
  EXPECT_TRUE(next->next_page_token().empty());
}

TEST_F(ClaimListingTest, RefusesBadTokensSizesAndFilters) {
  absl::StatusOr<v1::ListSubsidyClaimsResponse> page =
      ListClaims(*store_, "B001", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 1, "");
  ASSERT_TRUE(page.ok());
  const std::string token = page->next_page_token();
  // A token binds the filters it was issued for.
  EXPECT_EQ(
      ReasonOf(ListClaims(*store_, "B002", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 1, token).status()),
      reason::kInvalidPageToken);
  EXPECT_EQ(ReasonOf(ListClaims(*store_, "B001", v1::CLAIM_PAID, 1, token).status()),
            reason::kInvalidPageToken);
  EXPECT_EQ(
      ReasonOf(ListClaims(*store_, "", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 1, "!!").status()),
      reason::kInvalidPageToken);
  EXPECT_EQ(
      ReasonOf(ListClaims(*store_, "", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 501, "").status()),
      reason::kPageSizeOutOfRange);
  EXPECT_EQ(
      ReasonOf(ListClaims(*store_, "B 1", v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED, 0, "").status()),
      reason::kInvalidId);
  const absl::Status bad_state =
      ListClaims(*store_, "", static_cast<v1::SubsidyClaimState>(99), 0, "").status();
  EXPECT_EQ(bad_state.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(bad_state), reason::kInvalidStatus);
  EXPECT_EQ(FieldOf(bad_state), "state");
}

}  // namespace
}  // namespace ledger
