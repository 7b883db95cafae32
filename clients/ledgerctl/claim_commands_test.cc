// loan-subsidies and the claim-* commands against a real server: finance sets a 50%-of-interest
// policy, a bank lends 120,000.00 at 4.35% and disburses it on 2025-11-15; over the 30 days to
// 2025-12-14 the interest is 435.00 and the subsidy 217.50 (subsidy_commands_test.cc works it
// out). The bank lists the period's subsidies, submits a claim from a CSV file, finance approves
// it at the computed amounts and records the payment; a second claim is rejected; listings and
// --json; a CSV with a bad amount is a usage error that sends nothing.
#include <fstream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::string WriteCsv(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir == nullptr ? "/tmp" : dir) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string Today() {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  return absl::FormatCivilTime(today);
}

class ClaimCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::Status s = server_.AddHalfInterestPolicy();
    ASSERT_TRUE(s.ok()) << s.error_message();
    auto loans = server_.Loans();
    for (const char* loan : {"L-1", "L-2"}) {
      v1::CreateLoanRequest create =
          ledger::CreateRequest(std::string("create-") + loan, loan, 120'000'00);
      create.set_term_months(12);
      *create.mutable_contract_date() = ledger::Day(2025, 11, 15);
      v1::CreateLoanResponse created;
      s = loans->CreateLoan(ledger::Context().get(), create, &created);
      ASSERT_TRUE(s.ok()) << s.error_message();
      v1::DisburseLoanRequest disburse =
          ledger::DisburseRequest(std::string("disburse-") + loan, loan, 120'000'00);
      *disburse.mutable_value_date() = ledger::Day(2025, 11, 15);
      v1::DisburseLoanResponse disbursed;
      s = loans->DisburseLoan(ledger::Context().get(), disburse, &disbursed);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  ledger::TestServer server_{"ledgerctl_claims"};
};

TEST_F(ClaimCommandsTest, ListSubmitApprovePay) {
  TestRun run = RunForTest(
      server_, {"--principal=bank:B001", "loan-subsidies", "--period=2025-11-15..2025-12-14"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "banks/B001/loans/L-1")) << run.out;
  EXPECT_TRUE(Contains(run.out, "217.50")) << run.out;
  EXPECT_TRUE(Contains(run.out, "TOTAL (2 loans)")) << run.out;
  EXPECT_TRUE(Contains(run.out, "435.00")) << run.out;

  // L-1 claimed right, L-2 over-claimed.
  const std::string csv = WriteCsv(
      "claim.csv", "loan,claimed\nbanks/B001/loans/L-1,217.50\nbanks/B001/loans/L-2,300\n");
  run = RunForTest(server_,
                   {"--principal=bank:B001", "claim-submit", "--bank=B001", "--claim_id=2025Q4",
                    "--period=2025-11-15..2025-12-14", "--lines=" + csv, "--request_id=submit-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "banks/B001/subsidy_claims/2025Q4")) << run.out;
  EXPECT_TRUE(Contains(run.out, "CLAIM_SUBMITTED")) << run.out;
  EXPECT_TRUE(Contains(run.out, "435.00 CNY")) << run.out;  // expected total: 217.50 × 2

  run = RunForTest(
      server_, {"--principal=bank:B001", "claim-get", "--name=banks/B001/subsidy_claims/2025Q4"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "EXPECTED")) << run.out;
  EXPECT_TRUE(Contains(run.out, "300.00 CNY")) << run.out;

  run = RunForTest(
      server_, {"--principal=finance", "claim-approve", "--name=banks/B001/subsidy_claims/2025Q4",
                "--as=computed", "--request_id=approve-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "CLAIM_APPROVED")) << run.out;
  EXPECT_TRUE(Contains(run.out, "APPROVE_AS_COMPUTED")) << run.out;

  run = RunForTest(server_, {"--principal=finance", "claim-pay",
                             "--name=banks/B001/subsidy_claims/2025Q4", "--amount=435",
                             "--value_date=" + Today(), "--reference=T-1", "--request_id=pay-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "CLAIM_PAID")) << run.out;

  run = RunForTest(server_, {"--principal=auditor", "--json", "claim-list", "--state=paid"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\"banks/B001/subsidy_claims/2025Q4\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "CLAIM_PAID")) << run.out;
}

TEST_F(ClaimCommandsTest, RejectAndUsageErrors) {
  const std::string csv = WriteCsv("one.csv", "banks/B001/loans/L-1,100\n");
  TestRun run =
      RunForTest(server_, {"--principal=bank:B001", "claim-submit", "--bank=B001", "--claim_id=C1",
                           "--period=2025-11-15..2025-11-30", "--lines=" + csv});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(server_,
                   {"--principal=finance", "claim-reject", "--name=banks/B001/subsidy_claims/C1",
                    "--reason=wrong period", "--request_id=reject-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "CLAIM_REJECTED")) << run.out;
  EXPECT_TRUE(Contains(run.out, "wrong period")) << run.out;

  run = RunForTest(server_, {"--principal=bank:B001", "claim-list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "CLAIM_REJECTED")) << run.out;

  const std::string bad = WriteCsv("bad.csv", "banks/B001/loans/L-1,1.005\n");
  run = RunForTest(server_, {"--principal=bank:B001", "claim-submit", "--bank=B001",
                             "--claim_id=C2", "--period=2025-11-15..2025-11-30", "--lines=" + bad});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_TRUE(Contains(run.err, "line 1")) << run.err;
  run = RunForTest(server_, {"loan-subsidies", "--period=2025-11-15"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  run = RunForTest(server_,
                   {"--principal=bank:B001", "claim-get", "--name=banks/B002/subsidy_claims/C1"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(Contains(run.err, "CLAIM_NOT_FOUND")) << run.err;
}

}  // namespace
}  // namespace ledgerctl
