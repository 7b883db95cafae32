// A full disk over real gRPC: the write that hits it answers UNAVAILABLE / STORAGE_FAILED,
// health turns NOT_SERVING ("" and microloan.ledger.v1.Writes), reads keep working and show
// nothing of the failed write; once space returns health is SERVING again without a restart,
// the same request id applies exactly once, and after a restart the offline audit passes.
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit.h"
#include "ledger/testing/faulty_file_system.h"
#include "ledger/testing/health_check.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_server.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"

namespace ledger {
namespace {

using grpc::health::v1::HealthCheckResponse;

grpc::Status CreateLoan(TestServer& server, const std::string& request_id,
                        const std::string& loan_id) {
  v1::CreateLoanResponse created;
  return server.Loans()->CreateLoan(Context().get(), CreateRequest(request_id, loan_id, 100'000'00),
                                    &created);
}

TEST(DiskFault, FullDiskTurnsReadOnlyAndRecoversWhenSpaceReturns) {
  auto fs = std::make_shared<FaultyFileSystem>();
  TestServerOptions options;
  options.file_system = fs;
  options.engine.recovery_interval = absl::Milliseconds(100);
  options.http = true;  // the metrics page shows the failure too
  TestServer server("disk_fault", options);
  const std::string writes = LedgerServer::kWritesHealthService;

  ASSERT_TRUE(CreateLoan(server, "c0", "L0").ok());
  EXPECT_EQ(HealthOf(server.NewChannel(), ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(HealthOf(server.NewChannel(), writes), HealthCheckResponse::SERVING);

  fs->SetDiskFull(true);
  grpc::Status failed = CreateLoan(server, "c1", "L1");
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE) << failed.error_message();
  EXPECT_EQ(ReasonOf(failed), "STORAGE_FAILED");
  EXPECT_TRUE(HealthBecomes(server.NewChannel(), "", HealthCheckResponse::NOT_SERVING));
  EXPECT_EQ(HealthOf(server.NewChannel(), writes), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(server.MetricValue("ledger_commit_failures_total"), 1);
  EXPECT_EQ(server.MetricValue("ledger_writable"), 0);
  // Further writes are refused at once while read-only.
  EXPECT_EQ(ReasonOf(CreateLoan(server, "c2", "L2")), "STORAGE_FAILED");

  // Reads keep working and show nothing of the failed write.
  v1::GetLoanRequest get;
  get.set_name(LoanName("L0"));
  v1::Loan loan;
  EXPECT_TRUE(server.Loans()->GetLoan(Context().get(), get, &loan).ok());
  get.set_name(LoanName("L1"));
  EXPECT_EQ(server.Loans()->GetLoan(Context().get(), get, &loan).error_code(),
            grpc::StatusCode::NOT_FOUND);
  uint64_t head = 0;
  EXPECT_EQ(JournalRequestIds(server, &head), (std::map<std::string, int>{{"c0", 1}}));
  EXPECT_EQ(head, 1u);
  v1::VerifyChainResponse verified;
  ASSERT_TRUE(server.Journal()->VerifyChain(Context().get(), {}, &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_TRUE(verified.complete());
  EXPECT_EQ(verified.head_sequence(), 1u);

  fs->SetDiskFull(false);
  ASSERT_TRUE(HealthBecomes(server.NewChannel(), "", HealthCheckResponse::SERVING))
      << "still NOT_SERVING 10 s after space returned";
  EXPECT_EQ(HealthOf(server.NewChannel(), writes), HealthCheckResponse::SERVING);
  EXPECT_EQ(server.MetricValue("ledger_writable"), 1);

  // The caller retries with the same request id: applied once, then replayed.
  grpc::Status retried = CreateLoan(server, "c1", "L1");
  ASSERT_TRUE(retried.ok()) << retried.error_message();
  ASSERT_TRUE(CreateLoan(server, "c1", "L1").ok());
  EXPECT_EQ(JournalRequestIds(server, &head), (std::map<std::string, int>{{"c0", 1}, {"c1", 1}}));
  EXPECT_EQ(head, 2u);

  server.Restart();
  EXPECT_EQ(JournalRequestIds(server, &head), (std::map<std::string, int>{{"c0", 1}, {"c1", 1}}));
  EXPECT_EQ(HealthOf(server.NewChannel(), ""), HealthCheckResponse::SERVING);
  server.Stop();

  StoreOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  auto store = Store::Open(server.data_dir(), read_only);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<AuditReport> report = RunAudit(**store, AuditOptions{});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << FormatReport(*report);
  EXPECT_EQ(report->entries, 2u);
}

// A batch whose commit hits the full disk fails as a whole call (UNAVAILABLE /
// STORAGE_FAILED), not as per-command results a client might read as final; the same batch
// sent again once space returns applies each command once, and a third send replays them.
TEST(DiskFault, BatchWhoseWriteFailsIsRefusedWholeAndItsRetryAppliesOnce) {
  auto fs = std::make_shared<FaultyFileSystem>();
  TestServerOptions options;
  options.file_system = fs;
  options.engine.recovery_interval = absl::Milliseconds(100);
  TestServer server("disk_fault_batch", options);
  ASSERT_TRUE(CreateLoan(server, "c0", "L0").ok());
  auto batches = v1::BatchService::NewStub(server.NewChannel());
  v1::SubmitBatchRequest batch;
  for (const char* id : {"b1", "b2"}) {
    *batch.add_commands()->mutable_create_loan() =
        CreateRequest(id, std::string("L-") + id, 100'000'00);
  }

  fs->SetDiskFull(true);
  v1::SubmitBatchResponse response;
  grpc::Status failed = batches->SubmitBatch(Context().get(), batch, &response);
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE) << failed.error_message();
  EXPECT_EQ(ReasonOf(failed), "STORAGE_FAILED");
  fs->SetDiskFull(false);
  ASSERT_TRUE(HealthBecomes(server.NewChannel(), "", HealthCheckResponse::SERVING));

  for (bool replay : {false, true}) {
    response.Clear();
    grpc::Status sent = batches->SubmitBatch(Context().get(), batch, &response);
    ASSERT_TRUE(sent.ok()) << sent.error_message();
    ASSERT_EQ(response.results_size(), 2);
    for (const v1::BatchCommandResult& result : response.results()) {
      EXPECT_EQ(result.code(), 0) << result.reason();
      EXPECT_EQ(result.replayed(), replay);
    }
  }
  EXPECT_EQ(JournalRequestIds(server),
            (std::map<std::string, int>{{"c0", 1}, {"b1", 1}, {"b2", 1}}));
}

// A disk that is already full when ledgerd starts: the start fails, saying so, for a new data
// directory and for one that holds a ledger; and once space returns the ledger opens intact.
TEST(DiskFault, StartOnAFullDiskFailsWithAClearMessage) {
  auto fs = std::make_shared<FaultyFileSystem>();
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.dev_plaintext = true;
  options.data_dir = FreshTempDir("disk_full_start");
  options.store.file_system = fs;

  fs->SetDiskFull(true);
  absl::StatusOr<std::unique_ptr<LedgerServer>> refused = LedgerServer::Start(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted) << refused.status();
  EXPECT_NE(refused.status().message().find("the disk is full"), std::string::npos)
      << refused.status();

  fs->SetDiskFull(false);
  {
    absl::StatusOr<std::unique_ptr<LedgerServer>> started = LedgerServer::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    (*started)->Shutdown();
  }
  fs->SetDiskFull(true);
  refused = LedgerServer::Start(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("the disk is full"), std::string::npos)
      << refused.status();
  fs->SetDiskFull(false);
  EXPECT_TRUE(LedgerServer::Start(options).ok());
}

TEST(DiskFault, HealthAnswersWithoutAPrincipal) {
  TestServer server("health_anonymous");
  auto health = grpc::health::v1::Health::NewStub(server.NewChannel());
  grpc::ClientContext context;  // no x-ledger-principal header
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace ledger
