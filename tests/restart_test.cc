// A restarted server serves identical state and a valid chain: nothing acknowledged is lost,
// projections and request ids survive, and new entries continue the same chain.
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

// Everything a client can read, as bytes, to compare before and after.
std::string Snapshot(TestServer& server) {
  auto loans = server.Loans();
  auto journal = server.Journal();
  std::string out;
  v1::ListLoansRequest list;
  list.set_page_size(500);
  v1::ListLoansResponse listed;
  EXPECT_TRUE(loans->ListLoans(Context().get(), list, &listed).ok());
  out += listed.SerializeAsString();
  v1::ListEntriesRequest entries;
  entries.set_page_size(1000);
  v1::ListEntriesResponse page;
  EXPECT_TRUE(journal->ListEntries(Context().get(), entries, &page).ok());
  out += page.SerializeAsString();
  return out;
}

TEST(Restart, ServesIdenticalStateAndAValidChain) {
  TestServer server("restart");
  {
    auto loans = server.Loans();
    for (int i = 0; i < 5; ++i) {
      const std::string id = absl::StrCat("L", i);
      v1::CreateLoanResponse created;
      ASSERT_TRUE(loans
                      ->CreateLoan(Context().get(),
                                   CreateRequest(absl::StrCat("c", i), id, 10'000'00), &created)
                      .ok());
      v1::DisburseLoanResponse disbursed;
      ASSERT_TRUE(loans
                      ->DisburseLoan(Context().get(),
                                     DisburseRequest(absl::StrCat("d", i), id, 10'000'00),
                                     &disbursed)
                      .ok());
      v1::RecordRepaymentResponse repaid;
      ASSERT_TRUE(loans
                      ->RecordRepayment(Context().get(),
                                        RepayRequest(absl::StrCat("p", i), id, 1'000'00 * i, 10'00),
                                        &repaid)
                      .ok());
    }
  }
  const std::string before = Snapshot(server);
  server.Restart();
  EXPECT_EQ(Snapshot(server), before);

  auto loans = server.Loans();
  // Request ids survived: the retry is a replay, not a second repayment.
  v1::RecordRepaymentResponse replay;
  ASSERT_TRUE(
      loans->RecordRepayment(Context().get(), RepayRequest("p3", "L3", 3'000'00, 10'00), &replay)
          .ok());
  EXPECT_TRUE(replay.commit().replayed());
  // New work continues the chain.
  v1::RecordRepaymentResponse next;
  ASSERT_TRUE(loans
                  ->RecordRepayment(Context().get(),
                                    RepayRequest("p3b", "L3", 1'00, 0, Day(2024, 4, 1)), &next)
                  .ok());
  EXPECT_EQ(next.commit().sequence(), 16u);
  EXPECT_EQ(next.loan().outstanding_principal().amount_fen(), 10'000'00 - 3'000'00 - 1'00);

  server.Restart();
  v1::VerifyChainResponse verified;
  ASSERT_TRUE(
      server.Journal()->VerifyChain(Context().get(), v1::VerifyChainRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_TRUE(verified.complete());
  EXPECT_EQ(verified.verified_through(), 16u);
}

}  // namespace
}  // namespace ledger
