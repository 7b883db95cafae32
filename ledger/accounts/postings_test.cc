#include "ledger/accounts/postings.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

constexpr char kFrom[] = "banks/B1/accounts/funding";
constexpr char kTo[] = "banks/B1/loans/L1/accounts/principal";

v1::Posting Leg(const std::string& account, v1::PostingSide side, int64_t amount_fen) {
  v1::Posting leg;
  leg.set_account(account);
  leg.set_side(side);
  *leg.mutable_amount() = Cny(amount_fen);
  return leg;
}

google::protobuf::RepeatedPtrField<v1::Posting> Legs(const std::vector<v1::Posting>& legs) {
  return google::protobuf::RepeatedPtrField<v1::Posting>(legs.begin(), legs.end());
}

TEST(PostingsBuilderTest, TransferCreditsFromAndDebitsTo) {
  v1::Event event;
  PostingsBuilder postings;
  postings.Transfer(kFrom, kTo, 1234);
  postings.Finish(&event);
  ASSERT_EQ(event.postings_size(), 2);
  EXPECT_EQ(event.postings(0).account(), kFrom);
  EXPECT_EQ(event.postings(0).side(), v1::CREDIT);
  EXPECT_EQ(event.postings(0).amount().amount_fen(), 1234);
  EXPECT_EQ(event.postings(0).amount().currency_code(), kCny);
  EXPECT_EQ(event.postings(1).account(), kTo);
  EXPECT_EQ(event.postings(1).side(), v1::DEBIT);
  EXPECT_EQ(event.postings(1).amount().amount_fen(), 1234);
}

TEST(PostingsBuilderTest, ZeroAmountsAreSkipped) {
  v1::Event event;
  PostingsBuilder postings;
  postings.Transfer(kFrom, kTo, 0);
  postings.Debit(kTo, 0);
  postings.Credit(kFrom, 0);
  postings.Debit(kTo, 5);
  postings.Credit(kFrom, 5);
  postings.Finish(&event);
  ASSERT_EQ(event.postings_size(), 2);
  EXPECT_EQ(event.postings(0).side(), v1::DEBIT);
  EXPECT_EQ(event.postings(1).side(), v1::CREDIT);
}

TEST(PostingsBuilderTest, FinishAppendsToExistingPostingsAndEmptyIsFine) {
  v1::Event event;
  PostingsBuilder empty;
  empty.Finish(&event);
  EXPECT_EQ(event.postings_size(), 0);
  PostingsBuilder first;
  first.Transfer(kFrom, kTo, 1);
  first.Finish(&event);
  PostingsBuilder second;
  second.Transfer(kTo, kFrom, 1);
  second.Finish(&event);
  EXPECT_EQ(event.postings_size(), 4);
}

TEST(PostingsBuilderDeathTest, FinishAbortsWhenUnbalanced) {
  EXPECT_DEATH(
      {
        v1::Event event;
        PostingsBuilder postings;
        postings.Debit(kTo, 10);
        postings.Credit(kFrom, 9);
        postings.Finish(&event);
      },
      "invariant broken");
}

TEST(PostingsBuilderDeathTest, NegativeAmountAborts) {
  EXPECT_DEATH(
      {
        PostingsBuilder postings;
        postings.Debit(kTo, -1);
      },
      "invariant broken");
}

TEST(SwappedSidesTest, SwapsEverySideAndKeepsTheRest) {
  const auto in = Legs({Leg(kFrom, v1::CREDIT, 7), Leg(kTo, v1::DEBIT, 7)});
  const std::vector<v1::Posting> out = SwappedSides(in);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].account(), kFrom);
  EXPECT_EQ(out[0].side(), v1::DEBIT);
  EXPECT_EQ(out[0].amount().amount_fen(), 7);
  EXPECT_EQ(out[1].account(), kTo);
  EXPECT_EQ(out[1].side(), v1::CREDIT);
  EXPECT_TRUE(CheckBalanced(Legs(out)).ok());
}

TEST(CheckBalancedTest, AcceptsBalancedAndEmpty) {
  EXPECT_TRUE(CheckBalanced(Legs({})).ok());
  EXPECT_TRUE(CheckBalanced(Legs({Leg(kFrom, v1::CREDIT, 10), Leg(kTo, v1::DEBIT, 4),
                                  Leg(kTo, v1::DEBIT, 6)}))
                  .ok());
}

TEST(CheckBalancedTest, RefusesUnbalanced) {
  const absl::Status s = CheckBalanced(Legs({Leg(kFrom, v1::CREDIT, 10), Leg(kTo, v1::DEBIT, 9)}));
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(CheckBalanced(Legs({Leg(kTo, v1::DEBIT, 9)})).code(), absl::StatusCode::kDataLoss);
}

TEST(CheckBalancedTest, RefusesMalformedLegs) {
  v1::Posting wrong_currency = Leg(kTo, v1::DEBIT, 10);
  wrong_currency.mutable_amount()->set_currency_code("USD");
  v1::Posting no_currency = Leg(kTo, v1::DEBIT, 10);
  no_currency.mutable_amount()->clear_currency_code();
  const std::vector<v1::Posting> malformed = {
      Leg(kTo, v1::DEBIT, 0),
      Leg(kTo, v1::DEBIT, -10),
      Leg(kTo, v1::POSTING_SIDE_UNSPECIFIED, 10),
      Leg(kTo, static_cast<v1::PostingSide>(7), 10),
      Leg("", v1::DEBIT, 10),
      wrong_currency,
      no_currency,
  };
  for (const v1::Posting& bad : malformed) {
    // Paired with a leg that would balance it, so only the malformed leg can be the reason.
    const int64_t amount_fen = bad.amount().amount_fen();
    std::vector<v1::Posting> legs = {bad};
    if (amount_fen > 0) legs.push_back(Leg(kFrom, v1::CREDIT, amount_fen));
    EXPECT_EQ(CheckBalanced(Legs(legs)).code(), absl::StatusCode::kDataLoss)
        << bad.ShortDebugString();
  }
}

TEST(CheckBalancedTest, RefusesTooManyLegs) {
  std::vector<v1::Posting> legs;
  for (int i = 0; i < kMaxPostingsPerEntry / 2; ++i) {
    legs.push_back(Leg(kFrom, v1::CREDIT, 1));
    legs.push_back(Leg(kTo, v1::DEBIT, 1));
  }
  EXPECT_TRUE(CheckBalanced(Legs(legs)).ok());
  legs.push_back(Leg(kFrom, v1::CREDIT, 1));
  legs.push_back(Leg(kTo, v1::DEBIT, 1));
  EXPECT_EQ(CheckBalanced(Legs(legs)).code(), absl::StatusCode::kDataLoss);
}

TEST(CheckBalancedTest, RefusesOverflowingSums) {
  const int64_t big = int64_t{1} << 62;
  EXPECT_EQ(CheckBalanced(Legs({Leg(kTo, v1::DEBIT, big), Leg(kTo, v1::DEBIT, big),
                                Leg(kFrom, v1::CREDIT, big), Leg(kFrom, v1::CREDIT, big)}))
                .code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ledger
