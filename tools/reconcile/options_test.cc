#include "tools/reconcile/options.h"

#include "gtest/gtest.h"

namespace reconcile {
namespace {

TEST(OptionsTest, AQuarterFromAFile) {
  absl::StatusOr<Options> o =
      ParseOptions({"--server=127.0.0.1:9", "--dev_plaintext", "--quarter=2026Q3", "--claims=c.csv",
                    "--out_dir=out", "--tolerance_fen=5", "--progress"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->server, "127.0.0.1:9");
  EXPECT_EQ(o->principal, "finance");
  EXPECT_EQ(PeriodText(o->period), "2026-06-21..2026-09-20");
  EXPECT_EQ(o->period_name, "2026Q3 (2026-06-21..2026-09-20)");
  EXPECT_EQ(o->claims_file, "c.csv");
  EXPECT_EQ(o->tolerance_fen, 5);
  EXPECT_EQ(o->chart_quarters, 4);
  EXPECT_TRUE(o->progress);
}

TEST(OptionsTest, APeriodFromTheLedgerOverTls) {
  absl::StatusOr<Options> o =
      ParseOptions({"--ca=ca.pem", "--cert=c.pem", "--key=k.pem", "--period=2026-07-01..2026-07-31",
                    "--from_ledger", "--bank=B001", "--out_dir=o", "--chart_quarters=2"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->from_ledger);
  EXPECT_EQ(o->bank_id, "B001");
  EXPECT_EQ(QuarterName(o->chart_last_quarter), "2026Q3");
  EXPECT_EQ(o->chart_quarters, 2);
}

TEST(OptionsTest, UsageErrorsNameTheFlag) {
  const std::vector<std::string> base = {"--dev_plaintext", "--quarter=2026Q3", "--claims=c",
                                         "--out_dir=o"};
  auto with = [&](std::vector<std::string> extra,
                  std::vector<std::string> args = {}) -> std::string {
    if (args.empty()) args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return std::string(ParseOptions(args).status().message());
  };
  EXPECT_EQ(with({"--period=2026-06-21..2026-09-20"}),
            "--quarter: give exactly one of --quarter=2026Q3 and --period=FROM..TO");
  EXPECT_EQ(with({"--from_ledger"}),
            "--claims: give exactly one of --claims=FILE.csv and --from_ledger");
  EXPECT_EQ(with({"--bank=B001"}),
            "--bank: only with --from_ledger (a claim file names its banks)");
  EXPECT_EQ(with({"--tolerance_fen=-1"}), "--tolerance_fen: give a whole number of fen, 0 or more");
  EXPECT_EQ(with({"--chart_quarters=13"}), "--chart_quarters: give 1..12");
  EXPECT_EQ(with({"--frobnicate"}), "unknown flag --frobnicate");
  EXPECT_EQ(with({"stray"}), "unexpected argument \"stray\"");
  EXPECT_EQ(with({"--ca=x"}), "--ca: give --ca, --cert and --key together for mutual TLS");
  EXPECT_EQ(with({}, {"--quarter=2026Q3", "--claims=c", "--out_dir=o"}),
            "--dev_plaintext: choose the transport: --ca, --cert and --key for mutual TLS, or "
            "--dev_plaintext for a development server");
  EXPECT_EQ(with({}, {"--dev_plaintext", "--quarter=2026Q5", "--claims=c", "--out_dir=o"}),
            "--quarter: \"2026Q5\" is not a quarter like 2026Q3");
  EXPECT_EQ(with({}, {"--dev_plaintext", "--quarter=2026Q3", "--claims=c"}),
            "--out_dir: required: the directory the reports go to");
  EXPECT_EQ(with({"--server=127.evil.example:50051"}),
            "--server: --dev_plaintext connects only to a loopback address (127.0.0.0/8, "
            "localhost, [::1], with a port); 127.evil.example:50051 is not one. Use --ca, --cert "
            "and --key for any other");
  absl::StatusOr<Options> help = ParseOptions({"--help"});
  ASSERT_TRUE(help.ok());
  EXPECT_TRUE(help->help);
}

// The principal header goes out unauthenticated in plaintext: --dev_plaintext only to this
// machine. Mutual TLS goes anywhere.
TEST(OptionsTest, PlaintextOnlyToLoopback) {
  auto plaintext_to = [](const std::string& server) {
    return ParseOptions({"--server=" + server, "--dev_plaintext", "--quarter=2026Q3",
                         "--claims=c.csv", "--out_dir=out"});
  };
  for (const char* server : {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "[::1]:50051"}) {
    EXPECT_TRUE(plaintext_to(server).ok()) << server;
  }
  for (const char* server :
       {"127.evil.example:50051", "127.0.0.1.evil.example:1", "127.1:1", "localhost.evil.example:1",
        "10.0.0.1:50051", "ledger:50051", "127.0.0.1", "::1:50051", "dns:///127.0.0.1:1"}) {
    absl::StatusOr<Options> o = plaintext_to(server);
    EXPECT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument) << server;
  }
  EXPECT_TRUE(ParseOptions({"--server=ledger.example:443", "--ca=ca.pem", "--cert=c.pem",
                            "--key=k.pem", "--quarter=2026Q3", "--claims=c.csv", "--out_dir=out"})
                  .ok());
}

}  // namespace
}  // namespace reconcile
