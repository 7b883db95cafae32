// entry, entries, head, watch and verify against the fake server.
#include "clients/ledgerctl/test_runner.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

namespace v1 = microloan::ledger::v1;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

v1::JournalEntry Entry(uint64_t sequence) {
  v1::JournalEntry entry;
  entry.set_sequence(sequence);
  entry.set_principal("bank:B001");
  entry.mutable_event()->mutable_loan_created()->set_loan("banks/B001/loans/L-1");
  entry.set_hash(std::string(32, '\x11'));
  return entry;
}

class JournalCommandsTest : public ::testing::Test {
 protected:
  FakeLedgerServer server_;
};

TEST_F(JournalCommandsTest, EntryShowsFullHashes) {
  server_.journal().entry = Entry(0);
  TestRun run = RunForTest(server_, {"entry", "--sequence=42"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "sequence:    42\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "hash:        1111111111111111")) << run.out;
}

TEST_F(JournalCommandsTest, EntriesSaysWhereToContinue) {
  *server_.journal().entries_page.add_entries() = Entry(1);
  server_.journal().entries_page.set_next_sequence(2);
  server_.journal().entries_page.set_head_sequence(9);
  TestRun run = RunForTest(server_, {"entries", "--from=1", "--page_size=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "next_sequence: 2\nhead_sequence: 9\n")) << run.out;
}

TEST_F(JournalCommandsTest, HeadPrintsSequenceAndHexHash) {
  server_.journal().head.set_sequence(9);
  server_.journal().head.set_hash(std::string("\xde\xad\xbe\xef", 4));
  TestRun run = RunForTest(server_, {"head"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "sequence: 9\nhash:     deadbeef\n");
}

TEST_F(JournalCommandsTest, WatchStopsAfterCountAndCancels) {
  server_.journal().stream = {Entry(1), Entry(2), Entry(3)};
  server_.journal().hold_stream_open = true;
  TestRun run = RunForTest(server_, {"watch", "--count=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 2) << run.out;
  EXPECT_EQ(run.out.rfind("1  ", 0), 0u) << run.out;
  // A stream has no deadline unless --timeout_ms asks for one.
  EXPECT_EQ(server_.journal().log.had_deadline, std::vector<bool>{false});
}

TEST_F(JournalCommandsTest, WatchRunsUntilTheServerEndsTheStream) {
  server_.journal().stream = {Entry(1), Entry(2), Entry(3)};
  TestRun run = RunForTest(server_, {"--json", "watch", "--from=2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 2) << run.out;
  EXPECT_EQ(run.out.rfind("{\"sequence\":\"2\"", 0), 0u) << run.out;
}

v1::VerifyChainResponse Verified(uint64_t from, uint64_t through, bool complete) {
  v1::VerifyChainResponse response;
  response.set_ok(true);
  response.set_verified_from(from);
  response.set_verified_through(through);
  response.set_complete(complete);
  response.set_next_sequence(through + 1);
  response.set_head_sequence(250);
  response.set_head_hash(std::string("\xab\xcd", 2));
  return response;
}

TEST_F(JournalCommandsTest, VerifyContinuesUntilComplete) {
  server_.journal().verify_responses = {Verified(1, 100, false), Verified(101, 200, false),
                                        Verified(201, 250, true)};
  TestRun run = RunForTest(server_, {"verify", "--batch=100"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "chain:         ok\n"
            "verified:      1..250\n"
            "head_sequence: 250\n"
            "head_hash:     abcd\n");
  const auto& requests = server_.journal().verify_requests;
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].start_sequence(), 101u);
  EXPECT_EQ(requests[2].start_sequence(), 201u);
  EXPECT_EQ(requests[2].max_entries(), 100u);
}

TEST_F(JournalCommandsTest, VerifyBrokenChainExitsThree) {
  v1::VerifyChainResponse broken = Verified(101, 141, false);
  broken.set_ok(false);
  broken.set_first_bad_sequence(142);
  broken.set_problem("prev_hash does not match entry 141");
  server_.journal().verify_responses = {Verified(1, 100, false), broken};
  TestRun run = RunForTest(server_, {"verify"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(Contains(run.out, "chain:              BROKEN\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "first_bad_sequence: 142\n")) << run.out;
  EXPECT_TRUE(Contains(run.out, "problem:            prev_hash does not match entry 141\n"))
      << run.out;
}

TEST_F(JournalCommandsTest, VerifyRefusesAServerThatDoesNotMoveOn) {
  v1::VerifyChainResponse stuck = Verified(1, 0, false);
  stuck.set_next_sequence(1);
  server_.journal().verify_responses = {stuck};
  TestRun run = RunForTest(server_, {"verify"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "no progress")) << run.err;
}

}  // namespace
}  // namespace ledgerctl
