// The cohort commands against a real server: a county officer creates a cohort, enrols a
// borrower (a loan created with the same resident ID), records paid-out funding, reads the
// card (table and --json), closes the cohort from an outcomes CSV, and reads the county view and
// the mentor's history; a bad outcomes file is a usage error that sends nothing.
#include <cstdlib>
#include <fstream>
#include <string>

#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

constexpr char kOfficer[] = "--principal=county_officer:370281";
constexpr char kNationalId[] = "11010519491231002X";  // the check character is right

std::string WriteCsv(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir == nullptr ? "/tmp" : dir) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(CohortCommandsTest, CreateEnrolSupportCardClose) {
  ledger::TestServer server("ledgerctl_cohorts");
  v1::CreateLoanRequest create = ledger::CreateRequest("create-1", "L-1", 50'000'00);
  create.set_national_id(kNationalId);
  v1::CreateLoanResponse created;
  grpc::Status s = server.Loans()->CreateLoan(ledger::Context().get(), create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();

  TestRun run =
      RunForTest(server, {kOfficer, "cohort-create", "--county=370281", "--cohort_id=C2024-1",
                          "--year=2024", "--mentor_id=WL-01", "--mentor_kind=person",
                          "--mentor_name=Wang Li", "--request_id=c-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "counties/370281/cohorts/C2024-1")) << run.out;
  EXPECT_TRUE(Contains(run.out, "COHORT_OPEN")) << run.out;

  run = RunForTest(server,
                   {kOfficer, "cohort-enrol", "--county=370281", "--cohort_id=C2024-1",
                    "--mentee_id=M01", std::string("--national_id=") + kNationalId, "--name=Li Na",
                    "--borrower", "--value_date=2024-03-01", "--request_id=e-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "110105********002X")) << run.out;
  EXPECT_FALSE(Contains(run.out, kNationalId)) << run.out;

  run = RunForTest(
      server, {kOfficer, "cohort-support", "--cohort=counties/370281/cohorts/C2024-1",
               "--kind=funding", "--mentee_id=M01", "--given_by=county league", "--amount=5000",
               "--paid_out", "--value_date=2024-06-01", "--request_id=s-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "SUPPORT_FUNDING")) << run.out;
  EXPECT_TRUE(Contains(run.out, "5,000.00 CNY")) << run.out;

  run = RunForTest(server, {kOfficer, "cohort-card", "--cohort=counties/370281/cohorts/C2024-1",
                            "--as_of=2024-11-05"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "banks/B001/loans/L-1")) << run.out;
  EXPECT_TRUE(Contains(run.out, "on_time_share")) << run.out;

  run = RunForTest(server,
                   {kOfficer, "--json", "cohort-card", "--cohort=counties/370281/cohorts/C2024-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\"performance\"")) << run.out;

  // A bad outcomes file: a usage error (exit 2), nothing is sent.
  const std::string bad = WriteCsv("bad.csv", "M01,perhaps,1,0\n");
  run = RunForTest(server, {kOfficer, "cohort-close", "--cohort=counties/370281/cohorts/C2024-1",
                            "--outcomes=" + bad, "--value_date=2024-12-15"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_TRUE(Contains(run.err, "started_business")) << run.err;

  const std::string csv = WriteCsv(
      "outcomes.csv", "mentee_id,started_business,jobs_created,income_change\nM01,yes,3,-200\n");
  run = RunForTest(server, {kOfficer, "cohort-close", "--cohort=counties/370281/cohorts/C2024-1",
                            "--outcomes=" + csv, "--value_date=2024-12-15", "--request_id=x-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "COHORT_CLOSED")) << run.out;
  EXPECT_TRUE(Contains(run.out, "3 jobs")) << run.out;

  run = RunForTest(server,
                   {"--principal=finance", "county-cohorts", "--county=370281", "--year=2024"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "ALL COHORTS")) << run.out;
  EXPECT_TRUE(Contains(run.out, "OUTSIDE COHORTS")) << run.out;

  run = RunForTest(server, {"--principal=auditor", "mentor-history", "--mentor_id=WL-01"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "counties/370281/cohorts/C2024-1")) << run.out;

  run = RunForTest(server, {kOfficer, "cohort-rules", "--county=370281",
                            "--max_cohorts_per_mentor=2", "--request_id=r-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "max_cohorts_per_mentor: 2")) << run.out;
}

}  // namespace
}  // namespace ledgerctl
