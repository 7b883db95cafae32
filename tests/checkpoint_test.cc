// Signed checkpoints end to end: a real server with a checkpoint key signs its durable head
// (JournalService.GetCheckpoint), the signature verifies with the public key alone, and the
// offline audit later checks the stopped server's data directory against the checkpoint.
#include "ledger/journal/checkpoint.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/base/error.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = FreshTempDir("checkpoint");
    std::filesystem::create_directories(base_);
    absl::StatusOr<CheckpointKeyPair> keys = GenerateCheckpointKey();
    ASSERT_TRUE(keys.ok()) << keys.status();
    keys_ = *keys;
    // The key lives outside the data directory, as an operator would keep it.
    std::ofstream(base_ + "/checkpoint.key") << keys_.private_key_pem;
    options_.listen_address = "127.0.0.1:0";
    options_.data_dir = base_ + "/data";
    options_.dev_plaintext = true;
    options_.checkpoint_key_file = base_ + "/checkpoint.key";
  }

  std::unique_ptr<v1::JournalService::Stub> Journal(const LedgerServer& server) {
    return v1::JournalService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server.port()), grpc::InsecureChannelCredentials()));
  }
  std::unique_ptr<v1::LoanService::Stub> Loans(const LedgerServer& server) {
    return v1::LoanService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                                                        grpc::InsecureChannelCredentials()));
  }

  std::string base_;
  CheckpointKeyPair keys_;
  ServerOptions options_;
};

TEST_F(CheckpointTest, TheServerSignsItsHeadAndTheAuditChecksTheDirectoryAgainstIt) {
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(options_);
  ASSERT_TRUE(server.ok()) << server.status();
  auto loans = Loans(**server);
  v1::CreateLoanResponse created;
  ASSERT_TRUE(loans->CreateLoan(Context().get(), CreateRequest("c1", "L1", 100'00), &created).ok());
  v1::DisburseLoanResponse disbursed;
  ASSERT_TRUE(
      loans->DisburseLoan(Context().get(), DisburseRequest("d1", "L1", 100'00), &disbursed).ok());

  auto journal = Journal(**server);
  v1::SignedCheckpoint checkpoint;
  grpc::Status status =
      journal->GetCheckpoint(Context().get(), v1::GetCheckpointRequest(), &checkpoint);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::JournalHead head;
  ASSERT_TRUE(journal->GetHead(Context().get(), v1::GetHeadRequest(), &head).ok());
  EXPECT_EQ(checkpoint.sequence(), 2u);
  EXPECT_EQ(checkpoint.head_hash(), head.hash());
  EXPECT_LE(std::abs(checkpoint.time().seconds() - absl::ToUnixSeconds(absl::Now())), 60);
  absl::StatusOr<std::unique_ptr<CheckpointVerifier>> verifier =
      CheckpointVerifier::FromPem(keys_.public_key_pem);
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE((*verifier)->Verify(checkpoint).ok()) << (*verifier)->Verify(checkpoint);
  EXPECT_EQ(checkpoint.public_key_der(), (*verifier)->public_key_der());

  // The ledger goes on after the checkpoint; the checkpoint still holds for its entry.
  v1::RecordRepaymentResponse repaid;
  ASSERT_TRUE(
      loans->RecordRepayment(Context().get(), RepayRequest("p1", "L1", 10'00, 0), &repaid).ok());
  (*server)->Shutdown();
  server->reset();

  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options_.data_dir, read_only);
  ASSERT_TRUE(store.ok()) << store.status();
  AuditOptions audit;
  audit.checkpoint = &checkpoint;
  audit.checkpoint_verifier = verifier->get();
  absl::StatusOr<AuditReport> report = RunAudit(**store, audit);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << FormatReport(*report);
  EXPECT_EQ(report->entries, 3u);
  EXPECT_EQ(report->checkpoint.outcome, CheckOutcome::kOk) << FormatReport(*report);
}

TEST_F(CheckpointTest, WithoutAKeyTheServerRefusesToSign) {
  TestServer server("checkpoint_no_key");
  v1::SignedCheckpoint checkpoint;
  grpc::Status status =
      server.Journal()->GetCheckpoint(Context().get(), v1::GetCheckpointRequest(), &checkpoint);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), reason::kCheckpointKeyNotConfigured);
}

TEST_F(CheckpointTest, AnUnusableKeyStopsTheServerFromStarting) {
  options_.checkpoint_key_file = base_ + "/absent.key";
  absl::Status missing = LedgerServer::Start(options_).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "cannot read " + options_.checkpoint_key_file);

  std::ofstream(base_ + "/public.pem") << keys_.public_key_pem;
  options_.checkpoint_key_file = base_ + "/public.pem";
  absl::Status not_private = LedgerServer::Start(options_).status();
  EXPECT_EQ(not_private.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(not_private.message().rfind(options_.checkpoint_key_file + ": ", 0), 0u) << not_private;
}

}  // namespace
}  // namespace ledger
