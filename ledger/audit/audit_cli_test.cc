// tools/audit's command line: flags, input files, output streams and exit codes, on a data
// directory the real engine made. What each check finds is audit_test.cc's subject.
#include "ledger/audit/audit_cli.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/testing/sample_ledger.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun Audit(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int exit_code = RunAuditCommand(args, out, err);
  return {exit_code, out.str(), err.str()};
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_.RunMixedLifecycle();
    files_ = FreshTempDir("audit_cli_files");
    std::filesystem::create_directories(files_);
    absl::StatusOr<CheckpointKeyPair> keys = GenerateCheckpointKey();
    ASSERT_TRUE(keys.ok());
    WriteFile(files_ + "/checkpoint.pub", keys->public_key_pem);
    auto signer = CheckpointSigner::FromPem(keys->private_key_pem);
    ASSERT_TRUE(signer.ok());
    const JournalHead head = ledger_.engine()->head();
    absl::StatusOr<v1::SignedCheckpoint> checkpoint =
        (*signer)->Sign(head.sequence, head.hash, absl::Now());
    ASSERT_TRUE(checkpoint.ok());
    absl::StatusOr<std::string> json = CheckpointToJson(*checkpoint);
    ASSERT_TRUE(json.ok());
    WriteFile(files_ + "/checkpoint.json", *json);
    ledger_.Close();
  }

  std::string DataDir() const { return "--data_dir=" + ledger_.data_dir(); }

  SampleLedger ledger_{"audit_cli"};
  std::string files_;
};

TEST_F(AuditCliTest, AnIntactDirectoryExitsZero) {
  CliRun run =
      Audit({DataDir(), "--checkpoint=" + files_ + "/checkpoint.json",
             "--checkpoint_public_key=" + files_ + "/checkpoint.pub", "--progress_every=5"});
  EXPECT_EQ(run.exit_code, kAuditExitOk) << run.out << run.err;
  EXPECT_TRUE(absl::StrContains(run.out, "\ncheckpoint   OK      entry 14 has the hash"))
      << run.out;
  EXPECT_TRUE(absl::EndsWith(run.out, "audit: OK (14 journal entries)\n")) << run.out;
  // Progress goes to stderr, never into the report.
  EXPECT_TRUE(absl::StartsWith(run.err, "audit: 5 journal entries checked (")) << run.err;

  run = Audit({DataDir(), "--progress_every=0"});
  EXPECT_EQ(run.exit_code, kAuditExitOk);
  EXPECT_TRUE(absl::StrContains(run.out, "\ncheckpoint   SKIPPED no checkpoint given")) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST_F(AuditCliTest, AFailedCheckExitsThree) {
  // The same checkpoint checked with a key that did not sign it.
  absl::StatusOr<CheckpointKeyPair> other = GenerateCheckpointKey();
  ASSERT_TRUE(other.ok());
  WriteFile(files_ + "/other.pub", other->public_key_pem);
  CliRun run = Audit({DataDir(), "--checkpoint=" + files_ + "/checkpoint.json",
                      "--checkpoint_public_key=" + files_ + "/other.pub"});
  EXPECT_EQ(run.exit_code, kAuditExitFailed) << run.out << run.err;
  EXPECT_TRUE(absl::StrContains(run.out, "is not authentic")) << run.out;
  EXPECT_TRUE(absl::EndsWith(run.out, "audit: FAILED\n")) << run.out;
}

TEST_F(AuditCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Audit({}).err, "audit: --data_dir is required (see --help)\n");
  EXPECT_EQ(Audit({}).exit_code, kAuditExitUsage);
  EXPECT_EQ(Audit({DataDir(), "--bogus"}).err, "audit: unknown flag --bogus (see --help)\n");
  CliRun run = Audit({DataDir(), "--checkpoint=" + files_ + "/checkpoint.json"});
  EXPECT_EQ(run.exit_code, kAuditExitUsage);
  EXPECT_EQ(run.err, "audit: --checkpoint and --checkpoint_public_key go together (see --help)\n");
  EXPECT_EQ(Audit({DataDir(), "--progress_every=x"}).exit_code, kAuditExitUsage);

  // Unreadable or malformed inputs.
  const std::string key = "--checkpoint_public_key=" + files_ + "/checkpoint.pub";
  run = Audit({DataDir(), "--checkpoint=" + files_ + "/absent.json", key});
  EXPECT_EQ(run.exit_code, kAuditExitUsage);
  EXPECT_EQ(run.err, "audit: cannot read " + files_ + "/absent.json\n");
  WriteFile(files_ + "/bad.json", "{\"sequence\": \"x\"}");
  run = Audit({DataDir(), "--checkpoint=" + files_ + "/bad.json", key});
  EXPECT_EQ(run.exit_code, kAuditExitUsage);
  EXPECT_TRUE(absl::StartsWith(run.err, "audit: not a SignedCheckpoint in protobuf JSON"))
      << run.err;
  run = Audit({DataDir(), "--checkpoint=" + files_ + "/checkpoint.json",
               "--checkpoint_public_key=" + files_ + "/checkpoint.json"});
  EXPECT_EQ(run.exit_code, kAuditExitUsage);
  EXPECT_TRUE(absl::StrContains(run.err, "not a PEM public key")) << run.err;

  run = Audit({"--help"});
  EXPECT_EQ(run.exit_code, kAuditExitOk);
  EXPECT_TRUE(absl::StrContains(run.out, "Exit codes: 0 every check passed")) << run.out;
}

TEST_F(AuditCliTest, ADirectoryThatCannotBeOpenedExitsOne) {
  CliRun run = Audit({"--data_dir=" + files_ + "/no-such-ledger"});
  EXPECT_EQ(run.exit_code, kAuditExitCannotRead);
  EXPECT_TRUE(absl::StartsWith(run.err, "audit: cannot open " + files_ + "/no-such-ledger: "))
      << run.err;
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace ledger
