// subsidy against a real server: finance sets a 50%-of-interest policy and an LPR fixing, a
// bank lends 120,000.00 at 4.35% and asks what a 30-day period's interest and subsidy are
// (43,500 fen of interest: 435.00 and 217.50 each), in text and as JSON; another bank's loan is
// not found, and a lone --from is a usage error that sends nothing.
#include <memory>

#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

class SubsidyCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::Status s = server_.AddHalfInterestPolicy();
    ASSERT_TRUE(s.ok()) << s.error_message();
    auto loans = server_.Loans();
    v1::CreateLoanRequest create = ledger::CreateRequest("create-1", "L-1", 120'000'00);
    create.set_term_months(12);
    *create.mutable_contract_date() = ledger::Day(2025, 11, 15);
    v1::CreateLoanResponse created;
    s = loans->CreateLoan(ledger::Context().get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::DisburseLoanRequest disburse = ledger::DisburseRequest("disburse-1", "L-1", 120'000'00);
    *disburse.mutable_value_date() = ledger::Day(2025, 11, 15);
    v1::DisburseLoanResponse disbursed;
    s = loans->DisburseLoan(ledger::Context().get(), disburse, &disbursed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  ledger::TestServer server_{"ledgerctl_subsidy"};
};

TEST_F(SubsidyCommandsTest, APeriodsInterestSubsidyAndLines) {
  TestRun run = RunForTest(
      server_, {"subsidy", "--loan=banks/B001/loans/L-1", "--from=2025-11-15", "--to=2025-12-14"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "period 2025-11-15 .. 2025-12-14\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "435.00")) << run.out;
  EXPECT_TRUE(Contains(run.out, "217.50")) << run.out;
  EXPECT_TRUE(Contains(run.out, "217.5 bps")) << run.out;  // half of 435 bps
  EXPECT_TRUE(Contains(run.out, "2021-01-01")) << run.out;
  EXPECT_TRUE(Contains(run.out, "SUBSIDY_RATE")) << run.out;

  run = RunForTest(server_, {"--json", "subsidy", "--loan=banks/B001/loans/L-1",
                             "--from=2025-11-15", "--to=2025-12-14"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\"subsidyRateBpE4\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "43500")) << run.out;

  // No period: the quarterly settlement periods so far, the first ending on 2025-12-20.
  run = RunForTest(server_, {"subsidy", "--loan=banks/B001/loans/L-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "period 2025-11-15 .. 2025-12-20\n")) << run.out;
}

TEST_F(SubsidyCommandsTest, AnotherBanksLoanAndUsageErrors) {
  TestRun run = RunForTest(server_, {"subsidy", "--loan=banks/B001/loans/L-1"},
                           {{"LEDGER_PRINCIPAL", "bank:B002"}});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "LOAN_NOT_FOUND")) << run.err;
  run = RunForTest(server_, {"subsidy", "--loan=banks/B001/loans/L-1", "--from=2025-11-15"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--from and --to go together")) << run.err;
}

}  // namespace
}  // namespace ledgerctl
