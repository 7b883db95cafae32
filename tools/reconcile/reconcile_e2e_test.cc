// The real reconcile binary against a real ledger server (in this process: real RocksDB, real
// gRPC on loopback). Finance sets a 50%-of-interest policy and an LPR fixing; bank B001 lends
// 120,000.00 at 4.35% to five borrowers (four disbursed on 2026-06-01, one never), bank B002
// one more. Over 2026Q3 (2026-06-21..2026-09-20, 92 days, ACTUAL_360) each disbursed loan
// earns 133,400 fen of interest, 66,700 fen of subsidy. A claim file with a correct, an
// over-claimed, an unknown and a malformed row, and a loan left out, gives exactly these
// discrepancies and exit status 3; a correct file gives none and 0; the claim stored in the
// ledger is reconciled with --from_ledger.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/loan.grpc.pb.h"
#include "microloan/ledger/v1/policy.grpc.pb.h"
#include "microloan/ledger/v1/subsidy.grpc.pb.h"

namespace {

namespace v1 = microloan::ledger::v1;
using ledger::Context;
using ledger::Day;

constexpr int64_t kPrincipalFen = 120'000'00;
constexpr int64_t kSubsidyFen = 667'00;  // 12,000,000 x 4.35% x 92/360 = 133,400; half of it

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string BinaryPath() {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return absl::StrCat(runfiles != nullptr ? runfiles : ".",
                      "/microloan_ledger/tools/reconcile/reconcile");
}

class ReconcileE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::Status s = server_.AddHalfInterestPolicy(300);
    ASSERT_TRUE(s.ok()) << s.error_message();

    auto loans = server_.Loans();
    struct Loan {
      const char* bank;
      const char* id;
      const char* county;
      bool disburse;
    };
    for (const Loan& l :
         {Loan{"B001", "L-1", "370281", true}, Loan{"B001", "L-2", "370281", true},
          Loan{"B001", "L-3", "370282", true}, Loan{"B001", "L-4", "370282", false},
          Loan{"B001", "L-5", "370282", true}, Loan{"B002", "L-1", "370283", true}}) {
      const std::string principal = absl::StrCat("bank:", l.bank);
      v1::CreateLoanRequest create = ledger::CreateRequest(absl::StrCat("create-", l.id), l.id,
                                                           kPrincipalFen, l.county, l.bank);
      create.set_term_months(12);
      create.set_repayment_method(v1::BULLET);
      *create.mutable_contract_date() = Day(2026, 6, 1);
      v1::CreateLoanResponse created;
      s = loans->CreateLoan(Context(principal).get(), create, &created);
      ASSERT_TRUE(s.ok()) << s.error_message();
      if (!l.disburse) continue;
      v1::DisburseLoanRequest disburse =
          ledger::DisburseRequest(absl::StrCat("disburse-", l.id), l.id, kPrincipalFen, l.bank);
      *disburse.mutable_value_date() = Day(2026, 6, 1);
      v1::DisburseLoanResponse disbursed;
      s = loans->DisburseLoan(Context(principal).get(), disburse, &disbursed);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    // The calculator agrees with the figure the expected files below are written with.
    auto subsidies = v1::SubsidyService::NewStub(server_.NewChannel());
    v1::ComputeSubsidyRequest compute;
    compute.set_loan(ledger::LoanName("L-1"));
    *compute.add_periods()->mutable_first_day() = Day(2026, 6, 21);
    *compute.mutable_periods(0)->mutable_last_day() = Day(2026, 9, 20);
    v1::ComputeSubsidyResponse computed;
    s = subsidies->ComputeSubsidy(Context("finance").get(), compute, &computed);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(computed.periods(0).subsidy().amount_fen(), kSubsidyFen);
  }

  // Runs the binary with the server's address and `args`; returns its exit status.
  int RunReconcile(const std::vector<std::string>& args) {
    const std::string command =
        absl::StrCat(BinaryPath(), " --server=127.0.0.1:", server_.server().port(),
                     " --dev_plaintext --principal=finance ", absl::StrJoin(args, " "), " >",
                     out_dir_, "/stdout 2>", out_dir_, "/stderr");
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  ledger::TestServer server_{"reconcile_e2e"};
  const std::string out_dir_ = [] {
    const std::string dir = ledger::FreshTempDir("reconcile_e2e_out");
    std::filesystem::create_directories(dir);
    return dir;
  }();
};

TEST_F(ReconcileE2eTest, ClaimFileWithDiscrepanciesAndMalformedRows) {
  const std::string claims = out_dir_ + "/claims.csv";
  WriteAll(claims,
           "bank_id,loan_id,county_code,claimed\r\n"
           "B001,L-1,370281,667.00\r\n"  // correct
           "B001,L-2,370281,700.00\r\n"  // over-claimed by 33.00
           "B001,L-9,370281,10.00\r\n"   // the ledger has no such loan
           "B001,L-3,370282,abc\r\n"     // malformed
           "B001,L-4,370282,0\r\n");     // not disbursed: correct
  // L-5 is left out; B002 claims nothing, so its loan is not checked.
  const std::string reports = out_dir_ + "/reports";
  const int status = RunReconcile(
      {"--quarter=2026Q3", "--claims=" + claims, "--out_dir=" + reports, "--chart_quarters=2"});
  EXPECT_EQ(status, 3) << ReadAll(out_dir_ + "/stderr");
  EXPECT_EQ(ReadAll(reports + "/discrepancies.csv"),
            "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n"
            "MALFORMED_ROW,banks/B001/loans/L-3,B001,370282,0.00,0.00,0.00,5,\"claimed "
            "\"\"abc\"\" is not an amount in CNY like 123.45 (digits, at most 2 decimals, no "
            "sign, separators or exponent)\"\n"
            "OVER_CLAIMED,banks/B001/loans/L-2,B001,370281,700.00,667.00,33.00,3,\n"
            "NOT_CLAIMED,banks/B001/loans/L-5,B001,370282,0.00,667.00,-667.00,,\n"
            "UNKNOWN_LOAN,banks/B001/loans/L-9,B001,370281,10.00,0.00,10.00,4,"
            "the ledger lists no such loan for the period\n");
  EXPECT_EQ(ReadAll(reports + "/summary_by_bank.csv"),
            "bank_id,loans_claimed,claimed,expected,over_claimed,discrepancies\n"
            "B001,4,1377.00,2668.00,43.00,4\n");
  EXPECT_EQ(ReadAll(reports + "/summary_by_county.csv"),
            "county_code,loans_claimed,claimed,expected,over_claimed,discrepancies\n"
            "370281,3,1377.00,1334.00,43.00,2\n"
            "370282,1,0.00,1334.00,0.00,1\n");
  const std::string html = ReadAll(reports + "/report.html");
  EXPECT_NE(html.find("<svg "), std::string::npos);
  EXPECT_NE(html.find("2026Q2"), std::string::npos);
  EXPECT_NE(html.find("370283"), std::string::npos);  // the chart covers every county
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(ReadAll(out_dir_ + "/stdout").find("4 discrepancies"), std::string::npos);
}

TEST_F(ReconcileE2eTest, CorrectClaimIsClean) {
  const std::string claims = out_dir_ + "/claims.csv";
  WriteAll(claims,
           "bank_id,loan_id,county_code,claimed\n"
           "B001,L-1,370281,667.00\n"
           "B001,L-2,370281,667.01\n"  // within the tolerance
           "B001,L-3,370282,667\n"
           "B001,L-5,,667.00\n");
  const std::string reports = out_dir_ + "/clean";
  EXPECT_EQ(RunReconcile({"--period=2026-06-21..2026-09-20", "--claims=" + claims,
                          "--out_dir=" + reports, "--tolerance_fen=1"}),
            0)
      << ReadAll(out_dir_ + "/stderr");
  EXPECT_EQ(ReadAll(reports + "/discrepancies.csv"),
            "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n");
}

TEST_F(ReconcileE2eTest, StoredClaimFromTheLedger) {
  auto subsidies = v1::SubsidyService::NewStub(server_.NewChannel());
  v1::SubmitSubsidyClaimRequest submit;
  submit.set_request_id("claim-1");
  submit.set_bank_id("B001");
  submit.set_claim_id("2026Q3");
  *submit.mutable_period()->mutable_first_day() = Day(2026, 6, 21);
  *submit.mutable_period()->mutable_last_day() = Day(2026, 9, 20);
  for (const auto& [loan, fen] : {std::pair<const char*, int64_t>{"L-1", kSubsidyFen},
                                  std::pair<const char*, int64_t>{"L-2", 700'00}}) {
    v1::SubsidyClaimLine* line = submit.add_lines();
    line->set_loan(ledger::LoanName(loan));
    *line->mutable_claimed() = ledger::Cny(fen);
  }
  v1::SubsidyClaimResponse submitted;
  grpc::Status s = subsidies->SubmitSubsidyClaim(Context("bank:B001").get(), submit, &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string reports = out_dir_ + "/stored";
  EXPECT_EQ(
      RunReconcile({"--quarter=2026Q3", "--from_ledger", "--bank=B001", "--out_dir=" + reports}), 3)
      << ReadAll(out_dir_ + "/stderr");
  EXPECT_EQ(ReadAll(reports + "/discrepancies.csv"),
            "reason,loan,bank_id,county_code,claimed,expected,difference,line,detail\n"
            "OVER_CLAIMED,banks/B001/loans/L-2,B001,370281,700.00,667.00,33.00,,\n"
            "NOT_CLAIMED,banks/B001/loans/L-3,B001,370282,0.00,667.00,-667.00,,\n"
            "NOT_CLAIMED,banks/B001/loans/L-5,B001,370282,0.00,667.00,-667.00,,\n");
}

TEST_F(ReconcileE2eTest, UnreachableServerAndUsageErrors) {
  const std::string claims = out_dir_ + "/claims.csv";
  WriteAll(claims, "bank_id,loan_id,county_code,claimed\n");
  const std::string command = absl::StrCat(
      BinaryPath(), " --server=127.0.0.1:1 --dev_plaintext --quarter=2026Q3 --claims=", claims,
      " --out_dir=", out_dir_, "/x --timeout_ms=5000 2>/dev/null");
  int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(RunReconcile({"--quarter=2026Q9", "--claims=" + claims, "--out_dir=x"}), 2);
}

}  // namespace
