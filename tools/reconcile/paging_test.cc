#include "tools/reconcile/paging.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace reconcile {
namespace {

// A server's answers, page by page: each page's next_page_token; the fetched tokens are kept.
struct FakePages {
  std::vector<std::string> next_tokens;
  std::vector<std::string> fetched;

  FetchPage Fetch() {
    return [this](const std::string& token) -> absl::StatusOr<std::string> {
      fetched.push_back(token);
      if (fetched.size() > next_tokens.size()) return absl::OutOfRangeError("read past the end");
      return next_tokens[fetched.size() - 1];
    };
  }
};

TEST(ForEachPage, OnePage) {
  FakePages pages{{""}};
  EXPECT_TRUE(ForEachPage("List", pages.Fetch()).ok());
  EXPECT_EQ(pages.fetched, std::vector<std::string>({""}));
}

// Short and empty pages that carry a token are normal (the server scans a bounded number of
// index keys per page): the listing goes on to the end.
TEST(ForEachPage, EmptyPagesWithATokenGoOn) {
  FakePages pages{{"a", "b", "c", ""}};
  absl::Status s = ForEachPage("List", pages.Fetch());
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(pages.fetched, std::vector<std::string>({"", "a", "b", "c"}));
}

TEST(ForEachPage, ARepeatedTokenFails) {
  FakePages pages{{"a", "b", "b", ""}};
  absl::Status s = ForEachPage("ListLoanSubsidies", pages.Fetch());
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal) << s;
  EXPECT_TRUE(absl::StartsWith(s.message(),
                               "ListLoanSubsidies: the server's paging does not "
                               "advance"))
      << s;
  EXPECT_EQ(pages.fetched, std::vector<std::string>({"", "a", "b"}));
}

// A token seen before, but not on the page just before, is no proof of a loop: the page bound
// ends a listing that really cycles.
TEST(ForEachPage, TheBoundEndsAnEndlessListing) {
  int64_t calls = 0;
  absl::Status s = ForEachPage(
      "List",
      [&](const std::string& token) -> absl::StatusOr<std::string> {
        ++calls;
        return token == "a" ? "b" : "a";
      },
      /*max_pages=*/50);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  EXPECT_EQ(s.message(), "List: the listing did not end within 50 pages");
  EXPECT_EQ(calls, 50);
}

TEST(ForEachPage, TheDefaultBoundIsGenerous) {
  int64_t calls = 0;
  absl::Status s = ForEachPage("List", [&](const std::string&) -> absl::StatusOr<std::string> {
    ++calls;
    return calls < 20'000 ? absl::StrCat("t", calls) : "";
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(calls, 20'000);
}

TEST(ForEachPage, TheFetchErrorIsReturnedAsItIs) {
  absl::Status s = ForEachPage("List", [](const std::string& token) -> absl::StatusOr<std::string> {
    if (token.empty()) return std::string("next");
    return absl::UnavailableError("ListLoanSubsidies: connection refused");
  });
  EXPECT_EQ(s, absl::UnavailableError("ListLoanSubsidies: connection refused"));
}

}  // namespace
}  // namespace reconcile
