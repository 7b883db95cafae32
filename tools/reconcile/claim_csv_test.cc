#include "tools/reconcile/claim_csv.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace reconcile {
namespace {

std::string Errors(const ClaimFile& file) {
  std::string out;
  for (const RowError& e : file.errors) {
    absl::StrAppend(&out, e.line, "|", e.column, "|", e.message, "|", e.bank_id, "|", e.loan, "\n");
  }
  return out;
}

TEST(ClaimCsvTest, GoodRowsWithBomCrlfBlankLinesAndSpaces) {
  absl::StatusOr<ClaimFile> file = ParseClaimCsv(
      "\xEF\xBB\xBF"
      "bank_id,loan_id,county_code,claimed\r\n"
      "B001,L-1,370281,123.45\r\n"
      "\r\n"
      " B001 , L.2_x ,,0\r\n"
      "B002,L-1,370282,12.3");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(Errors(*file), "");
  EXPECT_EQ(file->data_rows, 3);
  ASSERT_EQ(file->rows.size(), 3u);
  EXPECT_EQ(file->rows[0].loan, "banks/B001/loans/L-1");
  EXPECT_EQ(file->rows[0].bank_id, "B001");
  EXPECT_EQ(file->rows[0].county_code, "370281");
  EXPECT_EQ(file->rows[0].claimed_fen, 12345);
  EXPECT_EQ(file->rows[0].line, 2);
  EXPECT_EQ(file->rows[1].loan, "banks/B001/loans/L.2_x");
  EXPECT_EQ(file->rows[1].county_code, "");
  EXPECT_EQ(file->rows[1].claimed_fen, 0);
  EXPECT_EQ(file->rows[1].line, 4);
  EXPECT_EQ(file->rows[2].loan, "banks/B002/loans/L-1");
  EXPECT_EQ(file->rows[2].claimed_fen, 1230);
}

TEST(ClaimCsvTest, EveryMalformedRowIsReportedWithLineAndColumn) {
  absl::StatusOr<ClaimFile> file = ParseClaimCsv(
      "bank_id,loan_id,county_code,claimed\n"
      "B001,L-1,370281,1.00\n"
      "B001,L-2,370281\n"
      "# B001,L-3,370281,1.00\n"
      "B001,\"L-4\",370281,1.00\n"
      "B 01,L-5,370281,1.00\n"
      "B001,L/6,370281,1.00\n"
      "B001,L-7,37028,1.00\n"
      "B001,L-8,370281,-1.00\n"
      "B001,L-9,370281,1.234\n"
      "B001,L-10,370281,99999999999999999999\n"
      "B001,L-1,370281,2.00\n"
      "B001,L-11,370281,1\x01\n"
      "B001,L-12,370281,\n");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->rows.size(), 1u);
  EXPECT_EQ(file->data_rows, 13);
  EXPECT_EQ(Errors(*file),
            "3||expected 4 fields (bank_id,loan_id,county_code,claimed), found 3||\n"
            "4||comment lines are not allowed; delete the row instead||\n"
            "5||quoted fields are not supported (no field of a claim file needs quotes)||\n"
            "6|bank_id|bank_id may only hold A-Z a-z 0-9 . _ -||\n"
            "7|loan_id|loan_id may only hold A-Z a-z 0-9 . _ -|B001|\n"
            "8|county_code|county_code must be empty or 6 digits|B001|banks/B001/loans/L-7\n"
            "9|claimed|claimed \"-1.00\" is negative; a claimed amount is >= 0|B001|"
            "banks/B001/loans/L-8\n"
            "10|claimed|claimed \"1.234\" has more than 2 decimals (fen is the smallest unit)|"
            "B001|banks/B001/loans/L-9\n"
            "11|claimed|claimed exceeds the largest amount, 10000000000.00 CNY|B001|"
            "banks/B001/loans/L-10\n"
            "12|loan_id|loan already claimed on line 2|B001|banks/B001/loans/L-1\n"
            "13||control character (or a stray carriage return) in the line||\n"
            "14|claimed|claimed empty; give an amount like 123.45|B001|banks/B001/loans/L-12\n");
}

TEST(ClaimCsvTest, HeaderIsRequiredAndExact) {
  EXPECT_EQ(ParseClaimCsv("").status().message(),
            "empty claim file: the first line must be \"bank_id,loan_id,county_code,claimed\"");
  EXPECT_EQ(ParseClaimCsv("B001,L-1,370281,1.00\n").status().message(),
            "line 1: the header must be exactly \"bank_id,loan_id,county_code,claimed\"; found "
            "\"B001,L-1,370281,1.00\"");
  EXPECT_FALSE(ParseClaimCsv("bank_id,loan_id,claimed\n").ok());
  absl::StatusOr<ClaimFile> only_header = ParseClaimCsv("bank_id,loan_id,county_code,claimed");
  ASSERT_TRUE(only_header.ok());
  EXPECT_TRUE(only_header->rows.empty());
}

TEST(ClaimCsvTest, LongLinesAreRowErrorsAndTooManyRowsIsRefused) {
  std::string text = absl::StrCat(kClaimHeader, "\n", std::string(5000, 'x'), "\nB001,L-1,,1\n");
  absl::StatusOr<ClaimFile> file = ParseClaimCsv(text);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(Errors(*file), "2||line longer than 4096 bytes||\n");
  EXPECT_EQ(file->rows.size(), 1u);

  std::string many = absl::StrCat(kClaimHeader, "\n");
  for (int64_t i = 0; i <= kMaxClaimRows; ++i) many += "x\n";
  EXPECT_EQ(ParseClaimCsv(many).status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(ClaimCsvTest, ArbitraryBytesNeverCrash) {
  // A poor man's fuzz: every prefix of a nasty input, and some byte soup.
  const std::string nasty = absl::StrCat(kClaimHeader,
                                         "\n\xff\xfe,\x00,\r\r\n,,,,\n\"\n9223372036854775807."
                                         "99,1,1,1\nB,L,,18446744073709551616\n",
                                         std::string(1, '\0'), "\n");
  for (size_t n = 0; n <= nasty.size(); ++n) (void)ParseClaimCsv(nasty.substr(0, n));
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string soup = absl::StrCat(kClaimHeader, "\n");
    for (int i = 0; i < 300; ++i) {
      state = state * 1103515245 + 12345;
      const char alphabet[] = "B0L1-.,\n\r\" 9#\xef\xbb\xbf";
      soup += alphabet[(state >> 16) % (sizeof alphabet - 1)];
    }
    absl::StatusOr<ClaimFile> file = ParseClaimCsv(soup);
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(static_cast<int64_t>(file->rows.size() + file->errors.size()), file->data_rows);
  }
}

TEST(ClaimCsvTest, MissingFileIsNamed) {
  absl::StatusOr<ClaimFile> file = ReadClaimFile("/nonexistent/claims.csv");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(file.status().message().find("/nonexistent/claims.csv"), absl::string_view::npos);
}

}  // namespace
}  // namespace reconcile
