#include "ledger/base/ids.h"

#include <string>

#include "gtest/gtest.h"
#include "ledger/base/error.h"

namespace ledger {
namespace {

TEST(ValidateId, AcceptsTheIdAlphabet) {
  EXPECT_TRUE(ValidateId("B001", "bank_id").ok());
  EXPECT_TRUE(ValidateId("L-2024.0001_a", "loan_id").ok());
  EXPECT_TRUE(ValidateId(std::string(kMaxIdLength, 'a'), "x").ok());
}

TEST(ValidateId, RefusesEmptyLongAndForeignCharacters) {
  EXPECT_EQ(ReasonOf(ValidateId("", "bank_id")), reason::kFieldRequired);
  EXPECT_EQ(FieldOf(ValidateId("", "bank_id")), "bank_id");
  EXPECT_EQ(ReasonOf(ValidateId(std::string(kMaxIdLength + 1, 'a'), "x")), reason::kInvalidId);
  for (const char* bad : {"a/b", "a b", "a\x01", "银行"}) {
    EXPECT_EQ(ReasonOf(ValidateId(bad, "x")), reason::kInvalidId) << bad;
  }
  EXPECT_EQ(ReasonOf(ValidateId(absl::string_view("a\0b", 3), "x")), reason::kInvalidId);
}

TEST(ValidateRequestId, UuidsPassGarbageFails) {
  EXPECT_TRUE(ValidateRequestId("0f8fad5b-d9cb-469f-a165-70867728950e").ok());
  EXPECT_EQ(ReasonOf(ValidateRequestId("")), reason::kFieldRequired);
  EXPECT_EQ(ReasonOf(ValidateRequestId("a b")), reason::kInvalidRequestId);
  EXPECT_EQ(ReasonOf(ValidateRequestId(std::string(kMaxRequestIdLength + 1, 'r'))),
            reason::kInvalidRequestId);
}

TEST(ValidateCountyCode, SixDigits) {
  EXPECT_TRUE(ValidateCountyCode("370281", "county_code").ok());
  EXPECT_EQ(ReasonOf(ValidateCountyCode("37028", "c")), reason::kInvalidCountyCode);
  EXPECT_EQ(ReasonOf(ValidateCountyCode("37028a", "c")), reason::kInvalidCountyCode);
  EXPECT_EQ(ReasonOf(ValidateCountyCode("", "c")), reason::kFieldRequired);
}

TEST(LoanName, ParsesAndFormats) {
  absl::StatusOr<LoanName> name = ParseLoanName("banks/B001/loans/L1", "name");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->bank_id, "B001");
  EXPECT_EQ(name->loan_id, "L1");
  EXPECT_EQ(FormatLoanName("B001", "L1"), "banks/B001/loans/L1");
  for (const char* bad : {"banks/B001/loans/", "banks/B001/loans/L1/x", "bank/B001/loans/L1",
                          "banks//loans/L1", "L1", "banks/B 1/loans/L1"}) {
    EXPECT_EQ(ReasonOf(ParseLoanName(bad, "name").status()), reason::kInvalidLoanName) << bad;
  }
}

TEST(ClaimName, ParsesAndFormats) {
  absl::StatusOr<ClaimId> id = ParseClaimName("banks/B001/subsidy_claims/2024Q2", "name");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->bank_id, "B001");
  EXPECT_EQ(id->claim_id, "2024Q2");
  EXPECT_EQ(ClaimName("B001", "2024Q2"), "banks/B001/subsidy_claims/2024Q2");
  EXPECT_EQ(ReasonOf(ParseClaimName("", "name").status()), reason::kFieldRequired);
  for (const char* bad :
       {"banks/B001/subsidy_claims/", "banks/B001/subsidy_claims/C1/x", "banks/B001/loans/L1",
        "banks//subsidy_claims/C1", "C1", "banks/B001/subsidy_claims/C 1"}) {
    absl::Status status = ParseClaimName(bad, "name").status();
    EXPECT_EQ(ReasonOf(status), reason::kInvalidClaimName) << bad;
    EXPECT_EQ(FieldOf(status), "name") << bad;
  }
}

}  // namespace
}  // namespace ledger
