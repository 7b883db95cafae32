// Online backups end to end: the admin asks a running server for a backup (JournalService
// .CreateBackup) while the ledger goes on; the offline audit verifies the backup directory and
// finds the head the server reported; a server started on a copy of it holds exactly what was
// written before the backup.
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/base/error.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

grpc::Status Backup(const TestServer& server, const std::string& name,
                    v1::CreateBackupResponse* response, const std::string& principal = "admin") {
  v1::CreateBackupRequest request;
  request.set_name(name);
  return server.Journal()->CreateBackup(Context(principal).get(), request, response);
}

grpc::Status Create(const TestServer& server, const std::string& loan_id) {
  v1::CreateLoanResponse created;
  return server.Loans()->CreateLoan(
      Context().get(), CreateRequest(absl::StrCat("c-", loan_id), loan_id, 1000'00), &created);
}

TEST(BackupTest, TheBackupPassesTheAuditAndRestoresExactlyWhatWasWrittenBeforeIt) {
  TestServer server("backup");
  ASSERT_TRUE(Create(server, "L1").ok());
  ASSERT_TRUE(Create(server, "L2").ok());
  v1::DisburseLoanResponse disbursed;
  ASSERT_TRUE(server.Loans()
                  ->DisburseLoan(Context().get(), DisburseRequest("d-L1", "L1", 500'00), &disbursed)
                  .ok());

  v1::CreateBackupResponse backup;
  grpc::Status status = Backup(server, "nightly-1", &backup);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(backup.head_sequence(), 3u);
  EXPECT_EQ(backup.head_hash().size(), 32u);
  // Beside the data directory, under the name given.
  const std::filesystem::path expected_dir =
      std::filesystem::absolute(server.data_dir()).lexically_normal().string() + "-backups";
  EXPECT_EQ(std::filesystem::path(backup.path()), expected_dir / "nightly-1");
  EXPECT_EQ(server.server().backup_dir(), expected_dir.string());
  // The identity key check travels with the backup (it is outside RocksDB).
  ASSERT_TRUE(std::filesystem::exists(server.data_dir() + "/identity-key.check"));
  EXPECT_TRUE(std::filesystem::exists(backup.path() + "/identity-key.check"));

  // The ledger goes on after the backup.
  ASSERT_TRUE(Create(server, "L3").ok());
  v1::RecordRepaymentResponse repaid;
  ASSERT_TRUE(server.Loans()
                  ->RecordRepayment(Context().get(), RepayRequest("p-L1", "L1", 10'00, 0), &repaid)
                  .ok());
  v1::JournalHead live_head;
  ASSERT_TRUE(server.Journal()->GetHead(Context().get(), v1::GetHeadRequest(), &live_head).ok());
  EXPECT_EQ(live_head.sequence(), 5u);
  server.Stop();

  // tools/audit's checks, on the backup directory.
  {
    StoreOptions read_only;
    read_only.read_only = true;
    read_only.create_if_missing = false;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(backup.path(), read_only);
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<AuditReport> report = RunAudit(**store, AuditOptions());
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->ok()) << FormatReport(*report);
    EXPECT_EQ(report->entries, backup.head_sequence()) << FormatReport(*report);
    absl::StatusOr<JournalHead> head = ReadHead(**store);
    ASSERT_TRUE(head.ok()) << head.status();
    EXPECT_EQ(head->sequence, backup.head_sequence());
    EXPECT_EQ(head->hash, backup.head_hash());
  }

  // Restore: a server on a copy of the backup (the backup itself stays untouched).
  const std::string restored = FreshTempDir("backup_restored");
  std::filesystem::copy(backup.path(), restored, std::filesystem::copy_options::recursive);
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = restored;
  options.dev_plaintext = true;
  absl::StatusOr<std::unique_ptr<LedgerServer>> restarted = LedgerServer::Start(options);
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*restarted)->port()),
                                     grpc::InsecureChannelCredentials());
  auto loans = v1::LoanService::NewStub(channel);
  auto journal = v1::JournalService::NewStub(channel);
  v1::JournalHead head;
  ASSERT_TRUE(journal->GetHead(Context().get(), v1::GetHeadRequest(), &head).ok());
  EXPECT_EQ(head.sequence(), backup.head_sequence());
  EXPECT_EQ(head.hash(), backup.head_hash());
  for (const char* id : {"L1", "L2"}) {
    v1::GetLoanRequest request;
    request.set_name(LoanName(id));
    v1::Loan loan;
    grpc::Status got = loans->GetLoan(Context().get(), request, &loan);
    EXPECT_TRUE(got.ok()) << id << ": " << got.error_message();
  }
  v1::GetLoanRequest l3;
  l3.set_name(LoanName("L3"));
  v1::Loan loan;
  EXPECT_EQ(loans->GetLoan(Context().get(), l3, &loan).error_code(), grpc::StatusCode::NOT_FOUND);
  // L1 as of the backup: disbursed, the later repayment not in it.
  v1::GetLoanRequest l1;
  l1.set_name(LoanName("L1"));
  ASSERT_TRUE(loans->GetLoan(Context().get(), l1, &loan).ok());
  v1::ListLoanHistoryRequest history;
  history.set_name(LoanName("L1"));
  v1::ListLoanHistoryResponse entries;
  ASSERT_TRUE(loans->ListLoanHistory(Context().get(), history, &entries).ok());
  EXPECT_EQ(entries.entries_size(), 2);
  (*restarted)->Shutdown();
}

TEST(BackupTest, ANameIsUsedOnceAndMustBeAPlainDirectoryName) {
  TestServer server("backup_names");
  ASSERT_TRUE(Create(server, "L1").ok());
  v1::CreateBackupResponse first;
  ASSERT_TRUE(Backup(server, "b1", &first).ok());

  v1::CreateBackupResponse again;
  grpc::Status exists = Backup(server, "b1", &again);
  EXPECT_EQ(exists.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(exists), reason::kBackupExists);
  EXPECT_EQ(FieldOf(exists), "name");

  for (const std::string& bad :
       {std::string(""), std::string("."), std::string(".."), std::string("../escape"),
        std::string("a/b"), std::string("/tmp/x"), std::string("with space"),
        std::string(65, 'a')}) {
    v1::CreateBackupResponse r;
    grpc::Status refused = Backup(server, bad, &r);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "'" << bad << "'";
    EXPECT_EQ(ReasonOf(refused), reason::kInvalidBackupName) << bad;
    EXPECT_EQ(FieldOf(refused), "name") << bad;
  }
  EXPECT_FALSE(std::filesystem::exists(
      std::filesystem::path(server.server().backup_dir()).parent_path() / "escape"));
  v1::CreateBackupResponse longest;
  EXPECT_TRUE(Backup(server, std::string(64, 'a'), &longest).ok());
  v1::CreateBackupResponse dotted;
  EXPECT_TRUE(Backup(server, "2024-06-01_a.b", &dotted).ok());

  // Only the admin takes backups.
  v1::CreateBackupResponse by_bank;
  EXPECT_EQ(Backup(server, "b2", &by_bank, "bank:B001").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace ledger
