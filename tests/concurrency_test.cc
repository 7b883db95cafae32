// Many bank systems at once: the ledger never drives a loan below zero, acknowledges exactly
// what it applied, and retried request ids change nothing.
#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

constexpr int64_t kPrincipalFen = 50'000'00;

TEST(Concurrency, ThirtyTwoClientsRepayingOneLoanNeverGoBelowZero) {
  TestServer server("concurrent_repay");
  {
    auto loans = server.Loans();
    v1::CreateLoanResponse created;
    ASSERT_TRUE(
        loans->CreateLoan(Context().get(), CreateRequest("c", "L1", kPrincipalFen), &created).ok());
    v1::DisburseLoanResponse disbursed;
    ASSERT_TRUE(
        loans->DisburseLoan(Context().get(), DisburseRequest("d", "L1", kPrincipalFen), &disbursed)
            .ok());
  }

  constexpr int kClients = 32;
  constexpr int kAttemptsPerClient = 40;
  std::atomic<int64_t> acknowledged_fen{0};
  std::atomic<int> refused_over{0};
  std::atomic<int> unexpected{0};
  absl::Mutex unexpected_mu;
  std::vector<std::string> unexpected_examples;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto loans = server.Loans();  // each client its own connection
      std::mt19937 random(c);
      for (int i = 0; i < kAttemptsPerClient; ++i) {
        // 40 x 32 attempts averaging ~550 CNY ask for far more than 50,000 CNY, so the
        // loan runs out and the rest must be refused.
        const int64_t amount_fen = 100'00 + static_cast<int64_t>(random() % 90'000);
        v1::RecordRepaymentResponse response;
        grpc::Status status = loans->RecordRepayment(
            Context().get(), RepayRequest(absl::StrCat("p-", c, "-", i), "L1", amount_fen, 0),
            &response);
        if (status.ok()) {
          acknowledged_fen += amount_fen;
          if (response.loan().outstanding_principal().amount_fen() < 0) ++unexpected;
        } else if (ReasonOf(status) == "EXCEEDS_OUTSTANDING_PRINCIPAL" ||
                   ReasonOf(status) == "LOAN_CLOSED") {
          ++refused_over;
        } else {
          ++unexpected;
          absl::MutexLock lock(&unexpected_mu);
          if (unexpected_examples.size() < 5) {
            unexpected_examples.push_back(
                absl::StrCat(status.error_code(), " ", status.error_message()));
          }
        }
      }
    });
  }
  for (auto& t : clients) t.join();

  EXPECT_EQ(unexpected.load(), 0) << absl::StrJoin(unexpected_examples, "\n");
  EXPECT_GT(refused_over.load(), 0);
  v1::GetLoanRequest get;
  get.set_name(LoanName("L1"));
  v1::Loan loan;
  ASSERT_TRUE(server.Loans()->GetLoan(Context().get(), get, &loan).ok());
  const int64_t outstanding_fen = loan.outstanding_principal().amount_fen();
  EXPECT_GE(outstanding_fen, 0);
  EXPECT_EQ(kPrincipalFen - outstanding_fen, acknowledged_fen.load());
  EXPECT_EQ(loan.repaid_principal().amount_fen(), acknowledged_fen.load());

  v1::VerifyChainResponse verified;
  ASSERT_TRUE(
      server.Journal()->VerifyChain(Context().get(), v1::VerifyChainRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  // create + disburse + one entry per acknowledged repayment, nothing else.
  EXPECT_EQ(verified.head_sequence(), loan.entry_count());
}

TEST(Idempotency, RetriedRequestIdChangesNothingAndAReusedOneIsRefused) {
  TestServer server("idempotency");
  auto loans = server.Loans();
  auto journal = server.Journal();
  v1::CreateLoanResponse created;
  ASSERT_TRUE(loans->CreateLoan(Context().get(), CreateRequest("c", "L1", 1000'00), &created).ok());
  v1::DisburseLoanResponse first, retried;
  ASSERT_TRUE(
      loans->DisburseLoan(Context().get(), DisburseRequest("d", "L1", 400'00), &first).ok());
  v1::JournalHead head_before;
  ASSERT_TRUE(journal->GetHead(Context().get(), v1::GetHeadRequest(), &head_before).ok());

  // The bank's system timed out and sends the same call again, several times, concurrently.
  std::vector<std::thread> retries;
  std::atomic<int> not_replayed{0};
  for (int i = 0; i < 8; ++i) {
    retries.emplace_back([&] {
      v1::DisburseLoanResponse response;
      grpc::Status status = server.Loans()->DisburseLoan(
          Context().get(), DisburseRequest("d", "L1", 400'00), &response);
      if (!status.ok() || !response.commit().replayed() ||
          response.commit().sequence() != first.commit().sequence()) {
        ++not_replayed;
      }
    });
  }
  for (auto& t : retries) t.join();
  EXPECT_EQ(not_replayed.load(), 0);
  ASSERT_TRUE(
      loans->DisburseLoan(Context().get(), DisburseRequest("d", "L1", 400'00), &retried).ok());
  EXPECT_TRUE(retried.commit().replayed());
  EXPECT_EQ(retried.loan().SerializeAsString(), first.loan().SerializeAsString());

  v1::JournalHead head_after;
  ASSERT_TRUE(journal->GetHead(Context().get(), v1::GetHeadRequest(), &head_after).ok());
  EXPECT_EQ(head_after.sequence(), head_before.sequence());
  EXPECT_EQ(head_after.hash(), head_before.hash());

  grpc::Status reused =
      loans->DisburseLoan(Context().get(), DisburseRequest("d", "L1", 500'00), &retried);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  EXPECT_EQ(FieldOf(reused), "request_id");

  v1::GetLoanRequest get;
  get.set_name(LoanName("L1"));
  v1::Loan loan;
  ASSERT_TRUE(loans->GetLoan(Context().get(), get, &loan).ok());
  EXPECT_EQ(loan.disbursed_principal().amount_fen(), 400'00);
}

}  // namespace
}  // namespace ledger
