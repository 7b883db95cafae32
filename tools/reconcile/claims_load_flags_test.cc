#include "tools/reconcile/claims_load_flags.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace reconcile {
namespace {

bool Parse(std::vector<std::string> args, ClaimsLoadFlags* f) {
  std::vector<const char*> argv = {"claims_load"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return ParseClaimsLoadFlags(static_cast<int>(argv.size()), argv.data(), f);
}

bool ParseServer(const std::string& server) {
  ClaimsLoadFlags f;
  return Parse({"--claims_out=/tmp/c.csv", "--server=" + server}, &f);
}

TEST(ClaimsLoadFlags, Parses) {
  ClaimsLoadFlags f;
  ASSERT_TRUE(
      Parse({"--server=127.0.0.1:9", "--loans=10", "--banks=2", "--counties=3", "--concurrency=4",
             "--quarter=2026Q2", "--run=x", "--claims_out=c.csv", "--setup_policy"},
            &f));
  EXPECT_EQ(f.server, "127.0.0.1:9");
  EXPECT_EQ(f.loans, 10);
  EXPECT_EQ(f.banks, 2);
  EXPECT_EQ(f.concurrency, 4);
  EXPECT_EQ(f.claims_out, "c.csv");
  EXPECT_TRUE(f.setup_policy);
  EXPECT_FALSE(Parse({"--claims_out=c.csv", "--loans=0"}, &f));
  EXPECT_FALSE(Parse({"--claims_out=c.csv", "--concurrency=257"}, &f));
  EXPECT_FALSE(Parse({"--loans=10"}, &f));
  EXPECT_FALSE(Parse({"--claims_out=c.csv", "--frobnicate=1"}, &f));
}

// The dev principal header goes out unauthenticated and in plaintext: this machine only.
TEST(ClaimsLoadFlags, TheServerIsLoopbackOnly) {
  ClaimsLoadFlags defaults;
  EXPECT_TRUE(Parse({"--claims_out=c.csv"}, &defaults));  // 127.0.0.1:50051
  for (const char* server :
       {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "LOCALHOST:1", "[::1]:50051"}) {
    EXPECT_TRUE(ParseServer(server)) << server;
  }
  for (const char* server :
       {"127.evil.example:50051", "127.0.0.1.evil.example:50051", "127.0.0.1", "127.1:50051",
        "localhost.evil.example:50051", "localhost", "[::1]", "[::1]evil:1", "::1:50051",
        "10.0.0.1:50051", "128.0.0.1:1", "0.0.0.0:50051", ":50051", "", "dns:///127.0.0.1:50051",
        "ipv4:127.0.0.1:1"}) {
    EXPECT_FALSE(ParseServer(server)) << server;
  }
}

}  // namespace
}  // namespace reconcile
