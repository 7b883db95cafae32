// add-policy-version, record-lpr, policy-versions and lpr-fixings against a real server:
// finance staff write the 2021 and 2023 versions and two LPR fixings, a bank reads them, may
// not write them, and a retried request id replays.
#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"

namespace ledgerctl {
namespace {

const std::map<std::string, std::string> kAsFinance = {{"LEDGER_PRINCIPAL", "finance"}};

class PolicyCommandsTest : public ::testing::Test {
 protected:
  ledger::TestServer server_{"ledgerctl_policy"};
};

TEST_F(PolicyCommandsTest, FinanceWritesVersionsAndFixingsAndABankReadsThem) {
  TestRun run = RunForTest(server_,
                           {"add-policy-version", "--effective-from=2021-01-01",
                            "--mode=borrower-pays", "--borrower-spread-bps=150",
                            "--rate-cap-spread-bps=250", "--source=doc 21", "--request_id=v-1"},
                           kAsFinance);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, " BORROWER_PAYS_UP_TO_LPR_MINUS\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, " LPR+250 bps\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nsequence:")) << run.out;
  EXPECT_EQ(ReadEntry(server_, 1).request_id(), "v-1");

  run = RunForTest(server_,
                   {"add-policy-version", "--effective_from=2023-01-01", "--mode=percent",
                    "--share_bps=5000", "--request_id=v-2"},
                   kAsFinance);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(
      server_, {"record-lpr", "--effective_from=2023-08-21", "--lpr_bps=345", "--request_id=l-1"},
      kAsFinance);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, " 3.45% (345 bps)\n")) << run.out;
  run = RunForTest(server_, {"record-lpr", "--effective_from=2024-07-22", "--lpr_bps=335"},
                   kAsFinance);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.err, "request_id: ")) << run.err;  // generated and announced

  // A bank (the default principal in these tests) reads them, oldest first.
  run = RunForTest(server_, {"policy-versions"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(LineCount(run.out), 3) << run.out;
  EXPECT_LT(run.out.find("2021-01-01"), run.out.find("2023-01-01")) << run.out;
  EXPECT_TRUE(Contains(run.out, "PERCENT_OF_INTEREST")) << run.out;
  run = RunForTest(server_, {"lpr-fixings", "--all"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(LineCount(run.out), 3) << run.out;
  EXPECT_LT(run.out.find("2023-08-21"), run.out.find("2024-07-22")) << run.out;
  EXPECT_TRUE(Contains(run.out, "3.35% (335 bps)")) << run.out;

  run = RunForTest(server_, {"--json", "lpr-fixings"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\"lprBps\": 345")) << run.out;
}

TEST_F(PolicyCommandsTest, ANotLaterVersionABanksWriteAndAReplay) {
  TestRun run = RunForTest(
      server_,
      {"add-policy-version", "--effective_from=2023-01-01", "--mode=full", "--request_id=v-1"},
      kAsFinance);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = RunForTest(
      server_,
      {"add-policy-version", "--effective_from=2023-01-01", "--mode=full", "--request_id=v-1"},
      kAsFinance);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nreplayed:")) << run.out;

  run = RunForTest(
      server_,
      {"add-policy-version", "--effective_from=2022-06-01", "--mode=full", "--request_id=v-2"},
      kAsFinance);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "POLICY_VERSION_NOT_LATER")) << run.err;
  EXPECT_TRUE(Contains(run.err, "version.effective_from")) << run.err;

  run = RunForTest(
      server_, {"record-lpr", "--effective_from=2024-07-22", "--lpr_bps=335", "--request_id=b-1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "PERMISSION_DENIED")) << run.err;
  EXPECT_EQ(ReadHead(server_).sequence(), 1u);
}

TEST_F(PolicyCommandsTest, UsageErrorsSendNothing) {
  TestRun run = RunForTest(
      server_, {"add-policy-version", "--effective_from=2023-01-01", "--mode=half"}, kAsFinance);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "--mode: 'half' is not one of borrower-pays, percent, full"))
      << run.err;
  EXPECT_EQ(ReadHead(server_).sequence(), 0u);  // nothing was written
  run = RunForTest(server_, {"record-lpr", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.out, "Example:\n  ledgerctl --principal=finance record-lpr")) << run.out;
}

}  // namespace
}  // namespace ledgerctl
