#include "clients/ledgerctl/paging.h"

#include <sstream>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace ledgerctl {
namespace {

// A server with `pages` pages of 3 items; tokens are "p1", "p2", ...
FetchPage Server(int pages, std::vector<std::string>* tokens_seen) {
  return [pages, tokens_seen](const std::string& token, std::string* next, size_t* items) {
    tokens_seen->push_back(token);
    const int page = token.empty() ? 0 : std::stoi(token.substr(1));
    *items = 3;
    *next = page + 1 < pages ? "p" + std::to_string(page + 1) : "";
    return grpc::Status::OK;
  };
}

TEST(WalkPages, OnePageWithoutAll) {
  std::vector<std::string> seen;
  PageWalk walk = WalkPages("", false, kMaxPages, nullptr, Server(5, &seen));
  EXPECT_TRUE(walk.status.ok());
  EXPECT_EQ(walk.pages, 1);
  EXPECT_EQ(walk.items, 3u);
  EXPECT_EQ(walk.next_page_token, "p1");
  EXPECT_EQ(seen, (std::vector<std::string>{""}));
}

TEST(WalkPages, AllFollowsTokensToTheEndFromTheGivenToken) {
  std::vector<std::string> seen;
  PageWalk walk = WalkPages("p2", true, kMaxPages, nullptr, Server(5, &seen));
  EXPECT_EQ(walk.pages, 3);
  EXPECT_EQ(walk.items, 9u);
  EXPECT_EQ(walk.next_page_token, "");
  EXPECT_EQ(seen, (std::vector<std::string>{"p2", "p3", "p4"}));
}

TEST(WalkPages, AllStopsAtTheBound) {
  std::vector<std::string> seen;
  PageWalk walk = WalkPages("", true, 4, nullptr, Server(1000, &seen));
  EXPECT_EQ(walk.pages, 4);
  EXPECT_EQ(walk.next_page_token, "p4");
}

TEST(WalkPages, FailureKeepsTheTokenToRetry) {
  int calls = 0;
  PageWalk walk = WalkPages("", true, kMaxPages, nullptr,
                            [&](const std::string& token, std::string* next, size_t* items) {
                              if (++calls == 3) {
                                return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
                              }
                              *next = token + "x";
                              *items = 1;
                              return grpc::Status::OK;
                            });
  EXPECT_EQ(walk.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(walk.pages, 2);
  EXPECT_EQ(walk.next_page_token, "xx");
}

TEST(WalkPages, ProgressRewritesOneLineAndEndsIt) {
  std::vector<std::string> seen;
  std::ostringstream out;
  absl::Time now = absl::UnixEpoch();
  Progress progress(
      &out, "loans", [&] { return now += absl::Seconds(1); }, absl::Milliseconds(100));
  WalkPages("", true, kMaxPages, &progress, Server(2, &seen));
  EXPECT_EQ(out.str(),
            "\rfetched 3 loans (1 page)...\rfetched 6 loans (2 pages)..."
            "\rfetched 6 loans (2 pages)   \n");
}

TEST(WalkPages, ProgressEndsBeforeAFailureIsReported) {
  std::ostringstream out;
  Progress progress(&out, "loans");
  int calls = 0;
  WalkPages("", true, kMaxPages, &progress,
            [&](const std::string& token, std::string* next, size_t* items) {
              if (++calls == 2) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
              *next = "more";
              *items = 1;
              return grpc::Status::OK;
            });
  EXPECT_EQ(out.str(), "\rfetched 1 loan (1 page)...\rfetched 1 loan (1 page)   \n");
}

TEST(MakeProgress, FlagBeatsTerminal) {
  CommandContext ctx;
  std::ostringstream err;
  ctx.err = &err;
  EXPECT_EQ(MakeProgress(ctx, "loans"), nullptr);  // not a terminal
  ctx.err_is_tty = true;
  EXPECT_NE(MakeProgress(ctx, "loans"), nullptr);
  ctx.options.progress = false;
  EXPECT_EQ(MakeProgress(ctx, "loans"), nullptr);
  ctx.err_is_tty = false;
  ctx.options.progress = true;
  EXPECT_NE(MakeProgress(ctx, "loans"), nullptr);
}

class FinishPagesTest : public ::testing::Test {
 protected:
  FinishPagesTest() {
    ctx_.command_name = "list";
    ctx_.out = &out_;
    ctx_.err = &err_;
  }
  CommandContext ctx_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(FinishPagesTest, OnePagePrintsTheTokenToContinue) {
  PageWalk walk;
  walk.pages = 1;
  walk.next_page_token = "abc";
  EXPECT_EQ(FinishPages(ctx_, walk, false, [&] { out_ << "TABLE\n"; }), kExitOk);
  EXPECT_EQ(out_.str(), "TABLE\nnext_page_token: abc\n");
}

TEST_F(FinishPagesTest, AllCutShortIsAnError) {
  PageWalk walk;
  walk.pages = kMaxPages;
  walk.next_page_token = "more";
  EXPECT_EQ(FinishPages(ctx_, walk, true, [&] { out_ << "TABLE\n"; }), kExitFailed);
  EXPECT_EQ(out_.str(), "TABLE\n");
  EXPECT_NE(err_.str().find("--page_token=more"), std::string::npos) << err_.str();
}

TEST_F(FinishPagesTest, JsonPrintsNothingMore) {
  ctx_.options.json = true;
  PageWalk walk;
  walk.pages = 1;
  walk.next_page_token = "abc";
  EXPECT_EQ(FinishPages(ctx_, walk, false, [&] { out_ << "TABLE\n"; }), kExitOk);
  EXPECT_EQ(out_.str(), "");
}

TEST_F(FinishPagesTest, FailedCallIsReported) {
  PageWalk walk;
  walk.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
  EXPECT_EQ(FinishPages(ctx_, walk, false, [&] { out_ << "TABLE\n"; }), kExitFailed);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(),
            "error: UNAVAILABLE: down\n"
            "hint: is ledgerd running at 127.0.0.1:50051? (--server or LEDGER_SERVER); a server "
            "with TLS needs --ca, --cert and --key\n");
}

TEST_F(FinishPagesTest, CsvKeepsStdoutParseable) {
  ctx_.options.output = OutputFormat::kCsv;
  PageWalk walk;
  walk.pages = 1;
  walk.next_page_token = "abc";
  EXPECT_EQ(FinishPages(ctx_, walk, false, [&] { out_ << "TABLE\n"; }), kExitOk);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "next_page_token: abc\n");
}

}  // namespace
}  // namespace ledgerctl
