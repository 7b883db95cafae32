// Subsidy policy versions and LPR fixings through the real engine: finance staff's commands
// become entries, the series stay in date order, the request record holds what the answer
// showed, and a replay of the journal rebuilds exactly the stored rows.
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/subsidy/policy_projection.h"
#include "ledger/testing/sample_ledger.h"

namespace ledger {
namespace {

internal::LedgerCommand AddVersion(const std::string& id, absl::CivilDay from, int share_bps) {
  internal::LedgerCommand c;
  v1::AddSubsidyPolicyVersionRequest* r = c.mutable_add_policy_version();
  r->set_request_id(id);
  *r->mutable_version()->mutable_effective_from() = ToDate(from);
  r->mutable_version()->set_mode(v1::PERCENT_OF_INTEREST);
  r->mutable_version()->set_subsidy_share_bps(share_bps);
  return c;
}

internal::LedgerCommand Lpr(const std::string& id, absl::CivilDay from, int lpr_bps) {
  internal::LedgerCommand c;
  v1::RecordLprFixingRequest* r = c.mutable_record_lpr_fixing();
  r->set_request_id(id);
  *r->mutable_fixing()->mutable_effective_from() = ToDate(from);
  r->mutable_fixing()->set_lpr_bps(lpr_bps);
  return c;
}

std::map<std::string, std::string> Stored(const Store& store) {
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(store
                  .Scan(Family::kProjections, "", "",
                        [&](absl::string_view key, absl::string_view value) {
                          rows[std::string(key)] = std::string(value);
                          return true;
                        })
                  .ok());
  return rows;
}

TEST(PolicyReplayTest, VersionsAndFixingsAreEntriesInDateOrderAndReplayExactly) {
  SampleLedger ledger("policy_replay");
  absl::StatusOr<CommandOutcome> first =
      ledger.RunAs("finance", AddVersion("v1", absl::CivilDay(2021, 1, 1), 10000));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->result.policy_version().sequence(), 1u);
  EXPECT_EQ(first->result.policy_version().day_count(), v1::ACTUAL_360);  // normalised
  ASSERT_TRUE(ledger.RunAs("finance", AddVersion("v2", absl::CivilDay(2023, 1, 1), 5000)).ok());
  ASSERT_TRUE(ledger.RunAs("finance", Lpr("l1", absl::CivilDay(2023, 8, 21), 345)).ok());

  // Not later than the latest: refused, nothing written.
  absl::StatusOr<CommandOutcome> stale =
      ledger.RunAs("finance", AddVersion("v3", absl::CivilDay(2023, 1, 1), 6000));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(ReasonOf(stale.status()), "POLICY_VERSION_NOT_LATER");
  EXPECT_EQ(ledger.engine()->head().sequence, 3u);

  absl::StatusOr<v1::ListSubsidyPolicyVersionsResponse> versions =
      ListPolicyVersions(*ledger.store());
  ASSERT_TRUE(versions.ok()) << versions.status();
  ASSERT_EQ(versions->versions_size(), 2);
  EXPECT_EQ(FormatDate(versions->versions(0).effective_from()), "2021-01-01");
  EXPECT_EQ(versions->versions(1).subsidy_share_bps(), 5000);
  EXPECT_EQ(versions->versions(1).sequence(), 2u);

  absl::StatusOr<LedgerReplay> replay = ReplayJournal(*ledger.store());
  ASSERT_TRUE(replay.ok()) << replay.status();
  std::map<std::string, std::string> replayed;
  replay->ForEachRow([&](const ProjectionRow& row) { replayed[row.key] = row.value; });
  EXPECT_EQ(replayed, Stored(*ledger.store()));
  EXPECT_EQ(replay->last_result().lpr_fixing().lpr_bps(), 345);
}

}  // namespace
}  // namespace ledger
