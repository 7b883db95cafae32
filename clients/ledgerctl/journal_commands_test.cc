// entry, entries, head, watch, verify and checkpoint against a real server's journal.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/ledgerctl/global_options.h"
#include "clients/ledgerctl/test_runner.h"
#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

std::string ReadWholeFile(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

class JournalCommandsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (keyed_server_ != nullptr) keyed_server_->Shutdown();
  }

  // Starts a server that signs checkpoints (TestServer has no checkpoint key) with a new key
  // kept in keyed_dir_, as `tools/checkpoint_key.sh` would: checkpoint.key (private) and
  // checkpoint.pub (public). Returns its address.
  std::string StartKeyedServer() {
    keyed_dir_ = ledger::FreshTempDir("ledgerctl_checkpoint");
    std::filesystem::create_directories(keyed_dir_);
    absl::StatusOr<ledger::CheckpointKeyPair> keys = ledger::GenerateCheckpointKey();
    EXPECT_TRUE(keys.ok()) << keys.status();
    keys_ = *keys;
    std::ofstream(keyed_dir_ + "/checkpoint.key") << keys_.private_key_pem;
    std::ofstream(keyed_dir_ + "/checkpoint.pub") << keys_.public_key_pem;
    ledger::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.data_dir = keyed_dir_ + "/data";
    options.dev_plaintext = true;
    options.checkpoint_key_file = keyed_dir_ + "/checkpoint.key";
    absl::StatusOr<std::unique_ptr<ledger::LedgerServer>> server =
        ledger::LedgerServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return "127.0.0.1:1";
    keyed_server_ = std::move(*server);
    return "127.0.0.1:" + std::to_string(keyed_server_->port());
  }

  // One journal entry per loan: L-<first> .. L-<first + count - 1>.
  void SeedEntries(int first, int count) {
    for (int i = first; i < first + count; ++i) {
      SeedLoan(server_, "L-" + std::to_string(i), 100'000'00);
    }
  }

  ledger::TestServer server_{"ledgerctl_journal"};
  std::string keyed_dir_;
  ledger::CheckpointKeyPair keys_;
  std::unique_ptr<ledger::LedgerServer> keyed_server_;
};

TEST_F(JournalCommandsTest, EntryShowsFullHashes) {
  SeedEntries(1, 2);
  TestRun run = RunForTest(server_, {"entry", "--sequence=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("sequence:    2\n", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nprincipal:   bank:B001\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nrequest_id:  seed-c-L-2\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nevent:       loan_created\n")) << run.out;
  const std::string prev_hash = Hex(ReadEntry(server_, 1).hash());
  const std::string hash = Hex(ReadEntry(server_, 2).hash());
  ASSERT_EQ(hash.size(), 64u);
  EXPECT_TRUE(Contains(run.out, "\nprev_hash:   " + prev_hash + "\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nhash:        " + hash + "\n")) << run.out;
}

TEST_F(JournalCommandsTest, EntriesSaysWhereToContinue) {
  SeedEntries(1, 3);
  TestRun run = RunForTest(server_, {"entries", "--from=1", "--page_size=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("SEQ  COMMIT_TIME", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n  1  ")) << run.out;
  EXPECT_FALSE(Contains(run.out, "\n  2  ")) << run.out;
  EXPECT_TRUE(Contains(run.out, "next_sequence: 2\nhead_sequence: 3\n")) << run.out;
  // The last page says nothing more.
  run = RunForTest(server_, {"entries", "--from=3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\n  3  ")) << run.out;
  EXPECT_FALSE(Contains(run.out, "next_sequence")) << run.out;
}

TEST_F(JournalCommandsTest, HeadPrintsSequenceAndHexHash) {
  SeedEntries(1, 2);
  TestRun run = RunForTest(server_, {"head"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "sequence: 2\nhash:     " + Hex(ReadHead(server_).hash()) + "\n");
}

TEST_F(JournalCommandsTest, WatchStopsAfterCountAndCancels) {
  SeedEntries(1, 3);
  // The server keeps the stream open for entries yet to commit; only
  // ledgerctl's own cancellation ends it.
  TestRun run = RunForTest(server_, {"watch", "--count=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 2) << run.out;
  EXPECT_EQ(run.out.rfind("1  ", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n2  ")) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST_F(JournalCommandsTest, WatchCsvIsAHeaderThenARowPerEntry) {
  SeedEntries(1, 3);
  TestRun run = RunForTest(server_, {"--output=csv", "watch", "--from=2", "--count=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(LineCount(run.out), 3) << run.out;
  EXPECT_EQ(run.out.rfind("SEQ,COMMIT_TIME,PRINCIPAL,REQUEST_ID,EVENT,SUMMARY,HASH\r\n2,", 0), 0u)
      << run.out;
  EXPECT_TRUE(Contains(run.out, "\r\n3,")) << run.out;
  // The hash in full, unlike the table's first 12 digits.
  EXPECT_TRUE(Contains(run.out, "," + Hex(ReadEntry(server_, 3).hash()) + "\r\n")) << run.out;
}

TEST_F(JournalCommandsTest, WatchPrintsLiveEntriesUntilTheServerEndsTheStream) {
  SeedEntries(1, 3);
  const std::string address = AddressOf(server_);
  BackgroundRun watch(address, {"--json", "watch", "--from=2"});
  EXPECT_TRUE(watch.WaitForLines(2, absl::Seconds(30)));
  SeedEntries(4, 1);  // commits while the watch waits
  EXPECT_TRUE(watch.WaitForLines(3, absl::Seconds(30)));
  server_.Stop();  // ends open streams with UNAVAILABLE
  TestRun run = watch.Finish();
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(LineCount(run.out), 4) << run.out;  // three entries, then the error
  EXPECT_EQ(run.out.rfind("{\"sequence\":\"2\"", 0), 0u) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n{\"sequence\":\"3\"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n{\"sequence\":\"4\"")) << run.out;
  EXPECT_TRUE(Contains(
      run.out, "\n{\"code\": \"UNAVAILABLE\", \"reason\": \"SHUTTING_DOWN\", \"field\": \"\""))
      << run.out;
  // With --output=json stderr has the same object, where to resume in its hint.
  EXPECT_EQ(run.err.rfind("{\"code\": \"UNAVAILABLE\", \"reason\": \"SHUTTING_DOWN\"", 0), 0u)
      << run.err;
  EXPECT_TRUE(Contains(run.err, "\"hint\": \"resume with --from=5\"}\n")) << run.err;
  EXPECT_EQ(LineCount(run.err), 1) << run.err;
}

TEST_F(JournalCommandsTest, WatchEndsAtTheGivenDeadlineWithAResumeHint) {
  SeedEntries(1, 2);
  TestRun run = RunForTest(server_, {"--timeout_ms=1500", "watch", "--count=5"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(LineCount(run.out), 2) << run.out;
  EXPECT_EQ(run.err.rfind("error: DEADLINE_EXCEEDED", 0), 0u) << run.err;
  EXPECT_TRUE(Contains(run.err, "\nresume with --from=3\n")) << run.err;

  // Without --timeout_ms a watch has no deadline (GlobalOptions::timeout_given, checked in
  // global_options_test); proving it here would mean sleeping past the 10 s default.
}

TEST_F(JournalCommandsTest, VerifyContinuesUntilComplete) {
  SeedEntries(1, 5);
  TestRun run = RunForTest(server_, {"verify", "--batch=2"}, {}, /*err_is_tty=*/true);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "chain:         ok\n"
            "verified:      1..5\n"
            "head_sequence: 5\n"
            "head_hash:     " +
                Hex(ReadHead(server_).hash()) + "\n");
  EXPECT_EQ(run.err, "\rverified through 2 of 5\rverified through 4 of 5\n");

  // One VerifyChain answer per batch: 1..2, 3..4, 5..5.
  run = RunForTest(server_, {"--json", "verify", "--batch=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  size_t documents = 0;
  for (size_t at = 0; (at = run.out.find("\n}\n", at)) != std::string::npos; ++at) {
    ++documents;
  }
  EXPECT_EQ(documents, 3u) << run.out;
  for (const char* from : {"1", "3", "5"}) {
    EXPECT_TRUE(Contains(run.out, std::string("\"verifiedFrom\": \"") + from + "\"")) << from;
  }
  EXPECT_TRUE(Contains(run.out, "\"complete\": true")) << run.out;
}

TEST_F(JournalCommandsTest, CheckpointWritesTheSignedHeadAsJsonTheAuditReads) {
  const std::string address = StartKeyedServer();
  const std::string dir = keyed_dir_;
  TestRun run = RunForTest(address, {"checkpoint", "--out=" + dir + "/checkpoint.json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "sequence:   0\n")) << run.out;  // an empty journal
  EXPECT_TRUE(Contains(run.out, "written_to: " + dir + "/checkpoint.json\n")) << run.out;
  EXPECT_FALSE(Contains(run.out, "verified_with")) << run.out;  // nothing was checked
  absl::StatusOr<v1::SignedCheckpoint> checkpoint =
      ledger::ParseCheckpointJson(ReadWholeFile(dir + "/checkpoint.json"));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  auto verifier = ledger::CheckpointVerifier::FromPem(keys_.public_key_pem);
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE((*verifier)->Verify(*checkpoint).ok());

  // Without --out the JSON goes to stdout.
  run = RunForTest(address, {"checkpoint"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(ledger::ParseCheckpointJson(run.out).ok()) << run.out;
}

TEST_F(JournalCommandsTest, CheckpointWithTheTrustedKeyIsVerifiedBeforeItIsWritten) {
  const std::string address = StartKeyedServer();
  const std::string out = keyed_dir_ + "/checkpoint.json";
  TestRun run = RunForTest(
      address, {"checkpoint", "--out=" + out, "--public_key=" + keyed_dir_ + "/checkpoint.pub"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto verifier = ledger::CheckpointVerifier::FromPem(keys_.public_key_pem);
  ASSERT_TRUE(verifier.ok());
  const std::string fingerprint = ledger::KeyFingerprint((*verifier)->public_key_der());
  EXPECT_TRUE(
      Contains(run.out, "\nverified_with: key " + fingerprint + "\nwritten_to:    " + out + "\n"))
      << run.out;
  absl::StatusOr<v1::SignedCheckpoint> checkpoint = ledger::ParseCheckpointJson(ReadWholeFile(out));
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_TRUE((*verifier)->Verify(*checkpoint).ok());

  // To stdout, verified the same way.
  run = RunForTest(address, {"checkpoint", "--public_key=" + keyed_dir_ + "/checkpoint.pub"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(ledger::ParseCheckpointJson(run.out).ok()) << run.out;
}

TEST_F(JournalCommandsTest, CheckpointThatDoesNotVerifyIsNotWritten) {
  const std::string address = StartKeyedServer();
  // The bank trusts another key than the one the server signs with (the server's key was
  // replaced, or the answer is not the server's).
  absl::StatusOr<ledger::CheckpointKeyPair> other = ledger::GenerateCheckpointKey();
  ASSERT_TRUE(other.ok());
  const std::string other_pub = keyed_dir_ + "/other.pub";
  std::ofstream(other_pub) << other->public_key_pem;
  const std::string out = keyed_dir_ + "/checkpoint.json";
  std::ofstream(out) << "yesterday's checkpoint\n";

  TestRun run = RunForTest(address, {"checkpoint", "--out=" + out, "--public_key=" + other_pub});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  auto signer_key = ledger::CheckpointVerifier::FromPem(keys_.public_key_pem);
  auto trusted_key = ledger::CheckpointVerifier::FromPem(other->public_key_pem);
  ASSERT_TRUE(signer_key.ok() && trusted_key.ok());
  EXPECT_EQ(run.err,
            "error: the checkpoint of entry 0 does not verify with " + other_pub +
                ": the signature does not verify with the trusted public key (the checkpoint "
                "names key " +
                ledger::KeyFingerprint((*signer_key)->public_key_der()) + ", the trusted key is " +
                ledger::KeyFingerprint((*trusted_key)->public_key_der()) + "); " + out +
                " not written\n");
  EXPECT_EQ(ReadWholeFile(out), "yesterday's checkpoint\n");  // left as it was

  // Nor printed.
  run = RunForTest(address, {"--json", "checkpoint", "--public_key=" + other_pub});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(Contains(run.err, "); not printed\n")) << run.err;
}

TEST_F(JournalCommandsTest, CheckpointWithAnUnusablePublicKeyWritesNothing) {
  const std::string address = StartKeyedServer();
  const std::string out = keyed_dir_ + "/checkpoint.json";
  TestRun run = RunForTest(
      address, {"checkpoint", "--out=" + out, "--public_key=" + keyed_dir_ + "/absent.pub"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "error: --public_key: cannot read " + keyed_dir_ + "/absent.pub\n");
  // The private key is not a public key.
  run = RunForTest(
      address, {"checkpoint", "--out=" + out, "--public_key=" + keyed_dir_ + "/checkpoint.key"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "error: --public_key: ")) << run.err;
  EXPECT_TRUE(Contains(run.err, "not a PEM public key")) << run.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  run = RunForTest(address, {"checkpoint", "--public_key="});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("error: --public_key: give the PEM file", 0), 0u) << run.err;
}

TEST_F(JournalCommandsTest, CheckpointWithoutAServerKeyFailsWithTheReason) {
  TestRun run = RunForTest(server_, {"checkpoint"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.rfind("error: FAILED_PRECONDITION CHECKPOINT_KEY_NOT_CONFIGURED: ", 0), 0u)
      << run.err;
}

TEST_F(JournalCommandsTest, BackupPrintsWhereAndTheHeadItHolds) {
  SeedEntries(1, 2);
  TestRun run = RunForTest(server_, {"--principal=admin", "backup", "--name=b-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string path = server_.server().backup_dir() + "/b-1";
  EXPECT_EQ(run.out, "path:          " + path + "\nhead_sequence: 2\nhead_hash:     " +
                         Hex(ReadHead(server_).hash()) + "\n");
  EXPECT_TRUE(std::filesystem::exists(path));

  run = RunForTest(server_, {"--principal=admin", "backup", "--name=b-1"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.err, "BACKUP_EXISTS")) << run.err;
  run = RunForTest(server_, {"backup", "--name=b-2"});  // as bank:B001
  EXPECT_NE(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.err, "PERMISSION_DENIED")) << run.err;
}

TEST_F(JournalCommandsTest, ReplicationStatusAndPromoteOnAPrimary) {
  SeedEntries(1, 2);
  TestRun run = RunForTest(server_, {"--principal=auditor", "replication-status"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "role:          PRIMARY\nhead_sequence: 2\n")) << run.out;

  run = RunForTest(server_, {"--principal=auditor", "promote"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.err, "PERMISSION_DENIED")) << run.err;
  run = RunForTest(server_, {"--principal=admin", "promote"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "promoted_at_sequence: 2\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "already_primary:      yes\n")) << run.out;
  // --force changes nothing on a primary either.
  run = RunForTest(server_, {"--principal=admin", "promote", "--force"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "already_primary:      yes\n")) << run.out;
}

}  // namespace
}  // namespace ledgerctl
