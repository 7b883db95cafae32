#include "clients/ledgerctl/account_requests.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

TEST(BuildAccountRequests, AccountAndPaging) {
  EXPECT_EQ(BuildGetAccountRequest(Flags({{"account", "banks/B001/accounts/funding"}}))->account(),
            "banks/B001/accounts/funding");
  EXPECT_EQ(BuildGetAccountRequest(Flags({})).status().message(),
            "missing required flag --account");
  absl::StatusOr<microloan::ledger::v1::ListAccountPostingsRequest> postings =
      BuildListAccountPostingsRequest(
          Flags({{"account", "a"}, {"page_size", "20"}, {"page_token", "t"}}));
  ASSERT_TRUE(postings.ok()) << postings.status();
  EXPECT_EQ(postings->page_size(), 20);
  EXPECT_EQ(postings->page_token(), "t");
  EXPECT_EQ(BuildGetTrialBalanceRequest(Flags({}))->page_size(), 0);
  EXPECT_FALSE(BuildGetTrialBalanceRequest(Flags({{"page_size", "-1"}})).ok());
}

TEST(BuildReverseEntryRequest, SequenceAndReason) {
  absl::StatusOr<microloan::ledger::v1::ReverseEntryRequest> request =
      BuildReverseEntryRequest(Flags({{"sequence", "42"}, {"reason", "booked twice"}}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->sequence(), 42u);
  EXPECT_EQ(request->reason(), "booked twice");
  EXPECT_EQ(request->request_id(), "");
  EXPECT_EQ(BuildReverseEntryRequest(Flags({{"sequence", "42"}})).status().message(),
            "missing required flag --reason");
  EXPECT_EQ(
      BuildReverseEntryRequest(Flags({{"sequence", "0"}, {"reason", "x"}})).status().message(),
      "--sequence: entries are numbered from 1");
}

}  // namespace
}  // namespace ledgerctl
