// Overload over real gRPC: with the writer held inside an fsync a small commit queue fills and
// further commands are refused RESOURCE_EXHAUSTED / COMMIT_QUEUE_FULL at once, while the
// health service keeps answering SERVING within 1 s; afterwards every acknowledged request is
// in the journal exactly once and no refused one is. A request over the server's message size
// limit is refused by gRPC and the server keeps working; a command whose deadline passes while
// it waits for the writer is answered DEADLINE_EXCEEDED and not applied.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "ledger/testing/faulty_file_system.h"
#include "ledger/testing/health_check.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"
#include "ledger/testing/wait_for.h"
#include "microloan/ledger/v1/batch.grpc.pb.h"

namespace ledger {
namespace {

using grpc::health::v1::HealthCheckResponse;

constexpr size_t kQueueCapacity = 8;
constexpr int kFlood = 24;

class OverloadTest : public ::testing::Test {
 protected:
  OverloadTest() : fs_(std::make_shared<FaultyFileSystem>()), server_("overload", Options(fs_)) {}

  static TestServerOptions Options(std::shared_ptr<FaultyFileSystem> fs) {
    TestServerOptions options;
    options.file_system = std::move(fs);
    options.engine.queue_capacity = kQueueCapacity;
    options.http = true;  // the queue's depth is read from /metrics
    return options;
  }

  int64_t QueuedCommands() { return server_.MetricValue("ledger_commit_queue_commands"); }

  // A batch of `count` CreateLoan commands with ids PREFIX-0..
  static v1::SubmitBatchRequest CreateBatch(const std::string& prefix, int count) {
    v1::SubmitBatchRequest request;
    for (int i = 0; i < count; ++i) {
      const std::string id = absl::StrCat(prefix, "-", i);
      *request.add_commands()->mutable_create_loan() =
          CreateRequest(id, absl::StrCat("L-", id), 100'000'00);
    }
    return request;
  }

  grpc::Status Create(const std::string& request_id,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto context = Context();
    context->set_deadline(std::chrono::system_clock::now() + timeout);
    v1::CreateLoanResponse created;
    return server_.Loans()->CreateLoan(
        context.get(), CreateRequest(request_id, absl::StrCat("L-", request_id), 100'000'00),
        &created);
  }

  // Starts `request_id` on its own thread; the writer takes it alone into a batch and blocks
  // in that batch's (held) fsync.
  std::thread HoldWriterWith(const std::string& request_id) {
    fs_->HoldWalSyncs();
    std::thread first([this, request_id] { EXPECT_TRUE(Create(request_id).ok()); });
    EXPECT_TRUE(fs_->WaitUntilSyncHeld());
    return first;
  }

  std::shared_ptr<FaultyFileSystem> fs_;
  TestServer server_;
};

// A client's batch counts each of its commands against the queue's bound, whatever is queued
// already: with 5 single commands waiting behind a held fsync, a batch of 3 fills the queue of
// 8 exactly and is taken, and a batch of 4 is then refused whole (it goes in once the queue
// has drained; engine tests cover the room it holds meanwhile).
TEST_F(OverloadTest, BatchCountsEachCommandAgainstAPartlyFullQueue) {
  std::thread first = HoldWriterWith("first");
  std::vector<std::thread> singles;
  for (int i = 0; i < 5; ++i) {
    singles.emplace_back([this, i] { EXPECT_TRUE(Create(absl::StrCat("single-", i)).ok()); });
  }
  ASSERT_TRUE(WaitFor([&] { return QueuedCommands() == 5; })) << QueuedCommands();

  auto batches = v1::BatchService::NewStub(server_.NewChannel());
  v1::SubmitBatchResponse taken;
  grpc::Status three_status;
  std::thread three([&] {
    three_status = batches->SubmitBatch(Context().get(), CreateBatch("three", 3), &taken);
  });
  ASSERT_TRUE(WaitFor([&] { return QueuedCommands() == 8; })) << QueuedCommands();

  v1::SubmitBatchResponse refused;
  grpc::Status too_many = batches->SubmitBatch(Context().get(), CreateBatch("four", 4), &refused);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ReasonOf(too_many), "COMMIT_QUEUE_FULL") << too_many.error_message();
  EXPECT_EQ(QueuedCommands(), 8);

  fs_->ReleaseWalSyncs();
  first.join();
  three.join();
  for (std::thread& t : singles) t.join();
  ASSERT_TRUE(three_status.ok()) << three_status.error_message();
  EXPECT_EQ(taken.applied(), 3);
  std::map<std::string, int> journal = JournalRequestIds(server_);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(journal.count(absl::StrCat("four-", i)), 0u) << i;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(journal[absl::StrCat("three-", i)], 1) << i;
  // Refused whole, not burned: the same batch goes in once there is room.
  v1::SubmitBatchResponse retried;
  ASSERT_TRUE(batches->SubmitBatch(Context().get(), CreateBatch("four", 4), &retried).ok());
  EXPECT_EQ(retried.applied(), 4);
}

TEST_F(OverloadTest, FullQueueRefusesWhileHealthAnswersAndNothingAcknowledgedIsLost) {
  ASSERT_TRUE(Create("warm-up").ok());
  std::thread first = HoldWriterWith("first");

  absl::Mutex mu;
  std::vector<std::string> acknowledged{"warm-up", "first"};
  std::vector<std::string> refused;
  std::vector<std::string> unexpected;
  std::vector<std::thread> flood;
  for (int i = 0; i < kFlood; ++i) {
    flood.emplace_back([&, i] {
      const std::string id = absl::StrCat("flood-", i);
      grpc::Status status = Create(id);
      absl::MutexLock lock(&mu);
      if (status.ok()) {
        acknowledged.push_back(id);
      } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
                 ReasonOf(status) == "COMMIT_QUEUE_FULL") {
        refused.push_back(id);
      } else {
        unexpected.push_back(absl::StrCat(id, ": ", status.error_code(), " ", ReasonOf(status), " ",
                                          status.error_message()));
      }
    });
  }
  // The writer holds "first"; kQueueCapacity commands queue behind it, the rest are refused
  // at once.
  EXPECT_TRUE(WaitFor([&] {
    absl::MutexLock lock(&mu);
    return refused.size() + unexpected.size() >= kFlood - kQueueCapacity;
  }));
  // The queue is full and the writer stuck: health still answers, quickly.
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(HealthOf(server_.NewChannel(), "") == HealthCheckResponse::SERVING)
        << "check " << i;

  fs_->ReleaseWalSyncs();
  first.join();
  for (std::thread& t : flood) t.join();

  EXPECT_TRUE(unexpected.empty()) << unexpected.front();
  EXPECT_EQ(refused.size(), kFlood - kQueueCapacity);
  EXPECT_EQ(acknowledged.size(), 2 + kQueueCapacity);
  std::map<std::string, int> journal = JournalRequestIds(server_);
  for (const std::string& id : acknowledged) EXPECT_EQ(journal[id], 1) << id;
  for (const std::string& id : refused) EXPECT_EQ(journal.count(id), 0u) << id;
  EXPECT_EQ(journal.size(), acknowledged.size());

  // Refused, not burned: the same ids apply now that the queue has room.
  for (const std::string& id : refused) EXPECT_TRUE(Create(id).ok()) << id;
  EXPECT_EQ(JournalRequestIds(server_).size(), 2 + static_cast<size_t>(kFlood));
}

TEST_F(OverloadTest, OversizedRequestIsRefusedAndTheServerKeepsWorking) {
  v1::CreateLoanRequest huge = CreateRequest("huge", "L-huge", 100'000'00);
  huge.set_borrower_id(std::string(5 << 20, 'b'));  // over the 4 MiB receive limit
  v1::CreateLoanResponse created;
  grpc::Status status = server_.Loans()->CreateLoan(Context().get(), huge, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_TRUE(HealthOf(server_.NewChannel(), "") == HealthCheckResponse::SERVING);
  EXPECT_TRUE(Create("after-huge").ok());
  EXPECT_EQ(JournalRequestIds(server_), (std::map<std::string, int>{{"after-huge", 1}}));
}

TEST_F(OverloadTest, CommandWhoseDeadlinePassesWhileQueuedIsNotApplied) {
  std::thread first = HoldWriterWith("first");
  grpc::Status late = Create("late", std::chrono::milliseconds(300));
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << late.error_message();
  fs_->ReleaseWalSyncs();
  first.join();
  // Queued after "late", so committed after the writer has dealt with it.
  ASSERT_TRUE(Create("after").ok());
  std::map<std::string, int> journal = JournalRequestIds(server_);
  EXPECT_EQ(journal, (std::map<std::string, int>{{"first", 1}, {"after", 1}}));
  // The caller retries the same id: a first application.
  ASSERT_TRUE(Create("late").ok());
  EXPECT_EQ(JournalRequestIds(server_)["late"], 1);
}

}  // namespace
}  // namespace ledger
