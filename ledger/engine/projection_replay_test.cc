// The replay (ledger/model/ledger_replay.h) equals what the real commit path writes: the whole
// "projections" family, byte for byte, after every step of a mixed loan lifecycle driven
// through the real LedgerEngine over a real Store, and again after a restart.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/testing/sample_ledger.h"

namespace ledger {
namespace {

std::map<std::string, std::string> StoredProjections(const Store& store) {
  std::map<std::string, std::string> rows;
  absl::Status scan =
      store.Scan(Family::kProjections, "", "", [&](absl::string_view key, absl::string_view value) {
        rows.emplace(std::string(key), std::string(value));
        return true;
      });
  EXPECT_TRUE(scan.ok()) << scan;
  return rows;
}

// Every key whose value differs, or that only one side has, described for people.
std::vector<std::string> Differences(const std::map<std::string, std::string>& stored,
                                     const std::map<std::string, std::string>& replayed) {
  std::vector<std::string> out;
  for (const auto& [key, value] : stored) {
    auto it = replayed.find(key);
    if (it == replayed.end()) {
      out.push_back(absl::StrCat("extra: ", DescribeProjectionKey(key).description));
    } else if (it->second != value) {
      out.push_back(absl::StrCat("differs: ", DescribeProjectionKey(key).description, " stored ",
                                 absl::CHexEscape(value), " replayed ",
                                 absl::CHexEscape(it->second)));
    }
  }
  for (const auto& [key, value] : replayed) {
    if (stored.count(key) == 0) {
      out.push_back(absl::StrCat("missing: ", DescribeProjectionKey(key).description));
    }
  }
  return out;
}

void ExpectReplayEqualsStore(const Store& store) {
  absl::StatusOr<LedgerReplay> replay = ReplayJournal(store);
  ASSERT_TRUE(replay.ok()) << replay.status();
  std::map<std::string, std::string> replayed;
  replay->ForEachRow([&](const ProjectionRow& row) {
    EXPECT_TRUE(replayed.emplace(row.key, row.value).second) << "listed twice: " << row.key;
  });
  const std::map<std::string, std::string> stored = StoredProjections(store);
  EXPECT_EQ(Differences(stored, replayed), std::vector<std::string>());
  EXPECT_EQ(stored.size(), replayed.size());
}

TEST(ProjectionReplayTest, ReplayEqualsWhatTheCommitPathWroteAfterEveryStep) {
  SampleLedger ledger("projection_replay");
  ExpectReplayEqualsStore(*ledger.store());  // empty: no rows at all, not even a head
  int steps = 0;
  ledger.RunMixedLifecycle([&] {
    ++steps;
    ExpectReplayEqualsStore(*ledger.store());
  });
  EXPECT_EQ(steps, 14);
  EXPECT_EQ(ledger.store()->last_sequence(), 14u);

  absl::StatusOr<LedgerReplay> replay = ReplayJournal(*ledger.store());
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->loan_count(), 5u);
  std::optional<v1::Loan> l1 = replay->FindLoan("banks/B001/loans/L1");
  ASSERT_TRUE(l1.has_value());
  EXPECT_EQ(l1->status(), v1::ACTIVE);
  EXPECT_EQ(l1->outstanding_principal().amount_fen(), 75'000'00);
  EXPECT_EQ(replay->FindLoan("banks/B001/loans/L2")->status(), v1::CLOSED);
  EXPECT_EQ(replay->FindLoan("banks/B002/loans/L1")->status(), v1::APPROVED);
  EXPECT_EQ(replay->FindLoan("banks/B002/loans/L1")->national_id_masked(), "370281********123X");
  EXPECT_EQ(replay->head().hash, ledger.engine()->head().hash);

  // A restart continues from the stored head; the replay still matches.
  ledger.Close();
  ledger.Open();
  ASSERT_TRUE(ledger.Run(Repay("p9", "B001", "L1", 75'000'00, 0, 90)).ok());
  ExpectReplayEqualsStore(*ledger.store());
}

}  // namespace
}  // namespace ledger
