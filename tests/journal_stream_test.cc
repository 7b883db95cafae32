// StreamEntries delivers every entry exactly once, in order, live as entries commit, and
// resumes from any sequence number.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

void CreateLoans(TestServer& server, int first, int count) {
  auto loans = server.Loans();
  for (int i = first; i < first + count; ++i) {
    v1::CreateLoanResponse created;
    ASSERT_TRUE(loans
                    ->CreateLoan(Context().get(),
                                 CreateRequest(absl::StrCat("c", i), absl::StrCat("L", i), 100),
                                 &created)
                    .ok());
  }
}

// Reads `count` entries from a stream starting at `start`, then cancels it.
std::vector<uint64_t> ReadStream(TestServer& server, uint64_t start, size_t count) {
  auto journal = server.Journal();
  auto context = Context();
  v1::StreamEntriesRequest request;
  request.set_start_sequence(start);
  auto reader = journal->StreamEntries(context.get(), request);
  std::vector<uint64_t> sequences;
  v1::JournalEntry entry;
  while (sequences.size() < count && reader->Read(&entry)) {
    sequences.push_back(entry.sequence());
  }
  context->TryCancel();
  reader->Finish();
  return sequences;
}

std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (uint64_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

TEST(JournalStream, DeliversHistoryThenLiveEntriesExactlyOnceInOrder) {
  TestServer server("stream_live");
  CreateLoans(server, 0, 10);
  std::vector<uint64_t> seen;
  std::thread reader([&] { seen = ReadStream(server, 1, 50); });
  // Writers race the reader: some entries commit while it is catching up, some after.
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] { CreateLoans(server, 100 + 10 * w, 10); });
  }
  for (auto& t : writers) t.join();
  reader.join();
  EXPECT_EQ(seen, Range(1, 50));
}

TEST(JournalStream, ResumesFromAGivenSequence) {
  TestServer server("stream_resume");
  CreateLoans(server, 0, 30);
  EXPECT_EQ(ReadStream(server, 23, 8), Range(23, 30));
  std::vector<uint64_t> seen;
  std::thread reader([&] { seen = ReadStream(server, 29, 5); });
  CreateLoans(server, 30, 3);
  reader.join();
  EXPECT_EQ(seen, Range(29, 33));
}

TEST(JournalStream, ShutdownEndsWaitingStreamsPromptly) {
  TestServer server("stream_shutdown");
  CreateLoans(server, 0, 2);
  auto journal = server.Journal();
  auto context = Context();
  v1::StreamEntriesRequest request;
  request.set_start_sequence(1);
  auto reader = journal->StreamEntries(context.get(), request);
  v1::JournalEntry entry;
  ASSERT_TRUE(reader->Read(&entry));
  ASSERT_TRUE(reader->Read(&entry));  // now caught up and waiting

  const auto started = std::chrono::steady_clock::now();
  std::thread stopper([&] { server.Stop(); });
  EXPECT_FALSE(reader->Read(&entry));
  grpc::Status status = reader->Finish();
  stopper.join();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ReasonOf(status), "SHUTTING_DOWN");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(JournalStream, ABankStreamWalksPastManyOtherBanksEntriesInTurns) {
  // 2,500 entries of bank B002 between two of B001's: the B001 stream must read past them
  // (in turns of at most 1,000, yielding its thread between turns) and still deliver both.
  TestServer server("stream_skip");
  auto loans = server.Loans();
  v1::CreateLoanResponse created;
  ASSERT_TRUE(
      loans->CreateLoan(Context("bank:B001").get(), CreateRequest("a", "A1", 100), &created).ok());
  std::vector<std::thread> writers;
  for (int w = 0; w < 5; ++w) {
    writers.emplace_back([&, w] {
      auto stub = server.Loans();
      for (int i = 0; i < 500; ++i) {
        v1::CreateLoanResponse r;
        const std::string id = absl::StrCat("B", w, "-", i);
        EXPECT_TRUE(stub->CreateLoan(Context("bank:B002").get(),
                                     CreateRequest(id, id, 100, "370281", "B002"), &r)
                        .ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  ASSERT_TRUE(
      loans->CreateLoan(Context("bank:B001").get(), CreateRequest("b", "A2", 100), &created).ok());
  auto journal = server.Journal();
  auto context = Context("bank:B001");
  v1::StreamEntriesRequest request;
  request.set_start_sequence(1);
  auto reader = journal->StreamEntries(context.get(), request);
  v1::JournalEntry entry;
  std::vector<uint64_t> seen;
  while (seen.size() < 2 && reader->Read(&entry)) seen.push_back(entry.sequence());
  context->TryCancel();
  reader->Finish();
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2502}));
}

TEST(JournalStream, ListEntriesPagesByNextSequence) {
  TestServer server("list_entries");
  CreateLoans(server, 0, 7);
  auto journal = server.Journal();
  v1::ListEntriesRequest request;
  request.set_page_size(3);
  std::vector<uint64_t> seen;
  for (int page = 0; page < 10; ++page) {
    v1::ListEntriesResponse response;
    ASSERT_TRUE(journal->ListEntries(Context().get(), request, &response).ok());
    for (const auto& entry : response.entries()) seen.push_back(entry.sequence());
    EXPECT_EQ(response.head_sequence(), 7u);
    if (response.entries_size() == 0) break;
    request.set_start_sequence(response.next_sequence());
  }
  EXPECT_EQ(seen, Range(1, 7));
}

}  // namespace
}  // namespace ledger
