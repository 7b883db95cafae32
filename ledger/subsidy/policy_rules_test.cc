#include "ledger/subsidy/policy_rules.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

const absl::CivilDay kToday(2024, 6, 1);

v1::SubsidyPolicyVersion PercentVersion(absl::CivilDay from) {
  v1::SubsidyPolicyVersion version;
  *version.mutable_effective_from() = ToDate(from);
  version.set_mode(v1::PERCENT_OF_INTEREST);
  version.set_subsidy_share_bps(5000);
  version.set_source("财金〔2023〕1号");
  return version;
}

v1::AddSubsidyPolicyVersionRequest AddRequest(const v1::SubsidyPolicyVersion& version) {
  v1::AddSubsidyPolicyVersionRequest request;
  request.set_request_id("r1");
  *request.mutable_version() = version;
  return request;
}

v1::RecordLprFixingRequest LprRequest(absl::CivilDay from, int32_t lpr_bps) {
  v1::RecordLprFixingRequest request;
  request.set_request_id("r1");
  *request.mutable_fixing()->mutable_effective_from() = ToDate(from);
  request.mutable_fixing()->set_lpr_bps(lpr_bps);
  return request;
}

PolicyTail TailAt(absl::CivilDay latest, int count) {
  PolicyTail tail;
  tail.latest = PercentVersion(latest);
  tail.count = count;
  return tail;
}

LprTail LprTailAt(absl::CivilDay latest, int count) {
  LprTail tail;
  v1::LprFixing fixing;
  *fixing.mutable_effective_from() = ToDate(latest);
  fixing.set_lpr_bps(345);
  tail.latest = fixing;
  tail.count = count;
  return tail;
}

struct Refusal {
  std::string name;
  std::function<void(v1::SubsidyPolicyVersion&)> change;
  absl::StatusCode code;
  std::string reason;
  std::string field;
};

TEST(DecideAddPolicyVersionTest, RefusesEveryInvalidField) {
  const std::vector<Refusal> cases = {
      {"no date", [](auto& v) { v.clear_effective_from(); }, absl::StatusCode::kInvalidArgument,
       reason::kFieldRequired, "version.effective_from"},
      {"bad date",
       [](auto& v) {
         v.mutable_effective_from()->set_month(2);
         v.mutable_effective_from()->set_day(31);
       },
       absl::StatusCode::kInvalidArgument, reason::kInvalidDate, "version.effective_from"},
      {"year out of range", [](auto& v) { v.mutable_effective_from()->set_year(1999); },
       absl::StatusCode::kInvalidArgument, reason::kInvalidDate, "version.effective_from"},
      {"mode unspecified", [](auto& v) { v.set_mode(v1::SUBSIDY_MODE_UNSPECIFIED); },
       absl::StatusCode::kInvalidArgument, reason::kInvalidSubsidyMode, "version.mode"},
      {"mode unknown", [](auto& v) { v.set_mode(static_cast<v1::SubsidyMode>(9)); },
       absl::StatusCode::kInvalidArgument, reason::kInvalidSubsidyMode, "version.mode"},
      {"share zero", [](auto& v) { v.set_subsidy_share_bps(0); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.subsidy_share_bps"},
      {"share above 10000", [](auto& v) { v.set_subsidy_share_bps(10001); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.subsidy_share_bps"},
      {"spread in percent mode", [](auto& v) { v.set_borrower_spread_bps(100); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.borrower_spread_bps"},
      {"spread negative",
       [](auto& v) {
         v.set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
         v.clear_subsidy_share_bps();
         v.set_borrower_spread_bps(-1);
       },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.borrower_spread_bps"},
      {"spread above 10000",
       [](auto& v) {
         v.set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
         v.clear_subsidy_share_bps();
         v.set_borrower_spread_bps(10001);
       },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.borrower_spread_bps"},
      {"share in spread mode", [](auto& v) { v.set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.subsidy_share_bps"},
      {"share in full mode", [](auto& v) { v.set_mode(v1::FULL_SUBSIDY); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.subsidy_share_bps"},
      {"spread in full mode",
       [](auto& v) {
         v.set_mode(v1::FULL_SUBSIDY);
         v.clear_subsidy_share_bps();
         v.set_borrower_spread_bps(150);
       },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.borrower_spread_bps"},
      {"rate cap below -10000", [](auto& v) { v.set_rate_cap_spread_bps(-10001); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.rate_cap_spread_bps"},
      {"rate cap above 10000", [](auto& v) { v.set_rate_cap_spread_bps(10001); },
       absl::StatusCode::kInvalidArgument, reason::kRateOutOfRange, "version.rate_cap_spread_bps"},
      {"principal cap negative", [](auto& v) { *v.mutable_principal_cap() = Cny(-1); },
       absl::StatusCode::kInvalidArgument, reason::kAmountNegative,
       "version.principal_cap.amount_fen"},
      {"principal cap in USD",
       [](auto& v) {
         *v.mutable_principal_cap() = Cny(100);
         v.mutable_principal_cap()->set_currency_code("USD");
       },
       absl::StatusCode::kInvalidArgument, reason::kCurrencyNotSupported,
       "version.principal_cap.currency_code"},
      {"principal cap too large",
       [](auto& v) { *v.mutable_principal_cap() = Cny(kMaxAmountFen + 1); },
       absl::StatusCode::kInvalidArgument, reason::kAmountTooLarge,
       "version.principal_cap.amount_fen"},
      {"months zero", [](auto& v) { v.set_max_subsidised_months(0); },
       absl::StatusCode::kInvalidArgument, reason::kOutOfRange, "version.max_subsidised_months"},
      {"months above 120", [](auto& v) { v.set_max_subsidised_months(121); },
       absl::StatusCode::kInvalidArgument, reason::kOutOfRange, "version.max_subsidised_months"},
      {"repeat loans negative", [](auto& v) { v.set_max_repeat_loans(-1); },
       absl::StatusCode::kInvalidArgument, reason::kOutOfRange, "version.max_repeat_loans"},
      {"repeat loans above 20", [](auto& v) { v.set_max_repeat_loans(21); },
       absl::StatusCode::kInvalidArgument, reason::kOutOfRange, "version.max_repeat_loans"},
      {"day count unknown", [](auto& v) { v.set_day_count(static_cast<v1::DayCount>(7)); },
       absl::StatusCode::kInvalidArgument, reason::kOutOfRange, "version.day_count"},
      {"selection unknown",
       [](auto& v) { v.set_version_selection(static_cast<v1::VersionSelection>(7)); },
       absl::StatusCode::kInvalidArgument, reason::kOutOfRange, "version.version_selection"},
      {"source too long", [](auto& v) { v.set_source(std::string(201, 'a')); },
       absl::StatusCode::kInvalidArgument, reason::kTextTooLong, "version.source"},
  };
  for (const Refusal& refusal : cases) {
    v1::SubsidyPolicyVersion version = PercentVersion(absl::CivilDay(2024, 1, 1));
    refusal.change(version);
    absl::StatusOr<v1::Event> event = DecideAddPolicyVersion(AddRequest(version), {}, kToday);
    ASSERT_FALSE(event.ok()) << refusal.name;
    EXPECT_EQ(event.status().code(), refusal.code) << refusal.name;
    EXPECT_EQ(ReasonOf(event.status()), refusal.reason) << refusal.name;
    EXPECT_EQ(FieldOf(event.status()), refusal.field) << refusal.name;
  }
}

TEST(DecideAddPolicyVersionTest, CountsCharactersNotBytes) {
  v1::SubsidyPolicyVersion version = PercentVersion(absl::CivilDay(2024, 1, 1));
  std::string source;
  for (int i = 0; i < kMaxPolicySourceChars; ++i) source += "财";  // 3 bytes each
  version.set_source(source);
  EXPECT_TRUE(DecideAddPolicyVersion(AddRequest(version), {}, kToday).ok());
  version.set_source(source + "财");
  EXPECT_EQ(ReasonOf(DecideAddPolicyVersion(AddRequest(version), {}, kToday).status()),
            reason::kTextTooLong);
}

TEST(DecideAddPolicyVersionTest, AcceptsEachModeWithBoundaryParameters) {
  v1::SubsidyPolicyVersion spread = PercentVersion(absl::CivilDay(2024, 1, 1));
  spread.set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  spread.clear_subsidy_share_bps();
  for (int32_t bps : {0, 10000}) {
    spread.set_borrower_spread_bps(bps);
    EXPECT_TRUE(DecideAddPolicyVersion(AddRequest(spread), {}, kToday).ok()) << bps;
  }
  v1::SubsidyPolicyVersion share = PercentVersion(absl::CivilDay(2024, 1, 1));
  for (int32_t bps : {1, 10000}) {
    share.set_subsidy_share_bps(bps);
    EXPECT_TRUE(DecideAddPolicyVersion(AddRequest(share), {}, kToday).ok()) << bps;
  }
  v1::SubsidyPolicyVersion full = PercentVersion(absl::CivilDay(2024, 1, 1));
  full.set_mode(v1::FULL_SUBSIDY);
  full.clear_subsidy_share_bps();
  full.set_rate_cap_spread_bps(-10000);
  full.set_max_subsidised_months(120);
  full.set_max_repeat_loans(20);
  *full.mutable_principal_cap() = Cny(0);
  EXPECT_TRUE(DecideAddPolicyVersion(AddRequest(full), {}, kToday).ok());
  full.set_max_repeat_loans(0);
  absl::StatusOr<v1::Event> none_again = DecideAddPolicyVersion(AddRequest(full), {}, kToday);
  ASSERT_TRUE(none_again.ok());
  EXPECT_TRUE(none_again->subsidy_policy_version_added().version().has_max_repeat_loans());
}

TEST(DecideAddPolicyVersionTest, NormalisesUnspecifiedEnumsAndClearsSequence) {
  v1::SubsidyPolicyVersion version = PercentVersion(absl::CivilDay(2024, 1, 1));
  version.set_sequence(42);
  absl::StatusOr<v1::Event> event = DecideAddPolicyVersion(AddRequest(version), {}, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  ASSERT_TRUE(event->has_subsidy_policy_version_added());
  const v1::SubsidyPolicyVersion& added = event->subsidy_policy_version_added().version();
  EXPECT_EQ(added.day_count(), v1::ACTUAL_360);
  EXPECT_EQ(added.version_selection(), v1::BY_CONTRACT_DATE);
  EXPECT_EQ(added.sequence(), 0u);
  EXPECT_EQ(added.mode(), v1::PERCENT_OF_INTEREST);
  EXPECT_EQ(added.subsidy_share_bps(), 5000);
  EXPECT_EQ(added.source(), version.source());
  EXPECT_EQ(FormatDate(added.effective_from()), "2024-01-01");
  EXPECT_FALSE(added.has_rate_cap_spread_bps());
  EXPECT_FALSE(added.has_principal_cap());
  EXPECT_FALSE(added.has_max_subsidised_months());
  EXPECT_EQ(event->postings_size(), 0);
}

TEST(DecideAddPolicyVersionTest, KeepsExplicitEnumsAndOptionalFields) {
  v1::SubsidyPolicyVersion version = PercentVersion(absl::CivilDay(2024, 1, 1));
  version.set_day_count(v1::ACTUAL_365);
  version.set_version_selection(v1::BY_DAY);
  version.set_rate_cap_spread_bps(250);
  *version.mutable_principal_cap() = Cny(30'000'000);
  version.set_max_subsidised_months(36);
  absl::StatusOr<v1::Event> event = DecideAddPolicyVersion(AddRequest(version), {}, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::SubsidyPolicyVersion& added = event->subsidy_policy_version_added().version();
  EXPECT_EQ(added.day_count(), v1::ACTUAL_365);
  EXPECT_EQ(added.version_selection(), v1::BY_DAY);
  EXPECT_EQ(added.rate_cap_spread_bps(), 250);
  EXPECT_EQ(added.principal_cap().amount_fen(), 30'000'000);
  EXPECT_EQ(added.principal_cap().currency_code(), kCny);
  EXPECT_EQ(added.max_subsidised_months(), 36);
}

TEST(DecideAddPolicyVersionTest, MustBeLaterThanTheLatest) {
  const PolicyTail tail = TailAt(absl::CivilDay(2023, 1, 1), 3);
  const struct {
    absl::CivilDay from;
    bool accepted;
  } cases[] = {
      {absl::CivilDay(2022, 12, 31), false},
      {absl::CivilDay(2023, 1, 1), false},
      {absl::CivilDay(2023, 1, 2), true},
  };
  for (const auto& c : cases) {
    absl::StatusOr<v1::Event> event =
        DecideAddPolicyVersion(AddRequest(PercentVersion(c.from)), tail, kToday);
    EXPECT_EQ(event.ok(), c.accepted) << c.from;
    if (!c.accepted) {
      EXPECT_EQ(event.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ReasonOf(event.status()), reason::kPolicyVersionNotLater);
      EXPECT_EQ(FieldOf(event.status()), "version.effective_from");
    }
  }
}

TEST(DecideAddPolicyVersionTest, MayBeInThePastOrFuture) {
  EXPECT_TRUE(
      DecideAddPolicyVersion(AddRequest(PercentVersion(absl::CivilDay(2016, 1, 1))), {}, kToday)
          .ok());
  EXPECT_TRUE(
      DecideAddPolicyVersion(AddRequest(PercentVersion(absl::CivilDay(2030, 1, 1))), {}, kToday)
          .ok());
}

TEST(DecideAddPolicyVersionTest, RefusesBeyondTheVersionLimit) {
  const absl::CivilDay later(2024, 1, 1);
  absl::StatusOr<v1::Event> full =
      DecideAddPolicyVersion(AddRequest(PercentVersion(later)),
                             TailAt(absl::CivilDay(2023, 1, 1), kMaxPolicyVersions), kToday);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(full.status()), reason::kTooManyVersions);
  EXPECT_EQ(FieldOf(full.status()), "version");
  EXPECT_TRUE(DecideAddPolicyVersion(AddRequest(PercentVersion(later)),
                                     TailAt(absl::CivilDay(2023, 1, 1), kMaxPolicyVersions - 1),
                                     kToday)
                  .ok());
}

TEST(DecideRecordLprFixingTest, RefusesEveryInvalidField) {
  const struct {
    std::string name;
    v1::RecordLprFixingRequest request;
    std::string reason;
    std::string field;
  } cases[] = {
      {"no fixing", v1::RecordLprFixingRequest(), reason::kFieldRequired, "fixing.effective_from"},
      {"bad date", LprRequest(absl::CivilDay(2024, 1, 1), 345), reason::kInvalidDate,
       "fixing.effective_from"},
      {"lpr zero", LprRequest(absl::CivilDay(2024, 1, 1), 0), reason::kRateOutOfRange,
       "fixing.lpr_bps"},
      {"lpr negative", LprRequest(absl::CivilDay(2024, 1, 1), -5), reason::kRateOutOfRange,
       "fixing.lpr_bps"},
      {"lpr above 2000", LprRequest(absl::CivilDay(2024, 1, 1), 2001), reason::kRateOutOfRange,
       "fixing.lpr_bps"},
  };
  for (auto c : cases) {
    if (c.name == "bad date") c.request.mutable_fixing()->mutable_effective_from()->set_month(13);
    absl::StatusOr<v1::Event> event = DecideRecordLprFixing(c.request, {}, kToday);
    ASSERT_FALSE(event.ok()) << c.name;
    EXPECT_EQ(event.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(ReasonOf(event.status()), c.reason) << c.name;
    EXPECT_EQ(FieldOf(event.status()), c.field) << c.name;
  }
}

TEST(DecideRecordLprFixingTest, ReturnsTheFixingWithoutSequence) {
  v1::RecordLprFixingRequest request = LprRequest(absl::CivilDay(2024, 2, 20), 345);
  request.mutable_fixing()->set_sequence(9);
  absl::StatusOr<v1::Event> event = DecideRecordLprFixing(request, {}, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  ASSERT_TRUE(event->has_lpr_fixing_recorded());
  const v1::LprFixing& fixing = event->lpr_fixing_recorded().fixing();
  EXPECT_EQ(FormatDate(fixing.effective_from()), "2024-02-20");
  EXPECT_EQ(fixing.lpr_bps(), 345);
  EXPECT_EQ(fixing.sequence(), 0u);
  EXPECT_EQ(event->postings_size(), 0);
  for (int32_t bps : {1, 2000}) {
    EXPECT_TRUE(
        DecideRecordLprFixing(LprRequest(absl::CivilDay(2024, 2, 20), bps), {}, kToday).ok())
        << bps;
  }
}

TEST(DecideRecordLprFixingTest, MustBeLaterThanTheLatest) {
  const LprTail tail = LprTailAt(absl::CivilDay(2024, 2, 20), 5);
  const struct {
    absl::CivilDay from;
    bool accepted;
  } cases[] = {
      {absl::CivilDay(2024, 2, 19), false},
      {absl::CivilDay(2024, 2, 20), false},
      {absl::CivilDay(2024, 2, 21), true},
  };
  for (const auto& c : cases) {
    absl::StatusOr<v1::Event> event = DecideRecordLprFixing(LprRequest(c.from, 345), tail, kToday);
    EXPECT_EQ(event.ok(), c.accepted) << c.from;
    if (!c.accepted) {
      EXPECT_EQ(event.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ReasonOf(event.status()), reason::kLprFixingNotLater);
      EXPECT_EQ(FieldOf(event.status()), "fixing.effective_from");
    }
  }
}

TEST(DecideRecordLprFixingTest, RefusesBeyondTheFixingLimit) {
  const absl::CivilDay later(2024, 3, 20);
  absl::StatusOr<v1::Event> full = DecideRecordLprFixing(
      LprRequest(later, 345), LprTailAt(absl::CivilDay(2024, 2, 20), kMaxLprFixings), kToday);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(full.status()), reason::kTooManyVersions);
  EXPECT_EQ(FieldOf(full.status()), "fixing");
  EXPECT_TRUE(DecideRecordLprFixing(LprRequest(later, 345),
                                    LprTailAt(absl::CivilDay(2024, 2, 20), kMaxLprFixings - 1),
                                    kToday)
                  .ok());
}

}  // namespace
}  // namespace ledger
