// SubsidyService.ListLoanSubsidies over real gRPC: pages through every loan in the caller's
// scope with the same figures as ComputeSubsidy, and its refusals.
#include "tests/subsidy_claims_fixture.h"

namespace ledger {
namespace {

TEST_F(SubsidyClaimsTest, ListLoanSubsidiesPagesThroughEveryLoan) {
  std::map<std::string, v1::LoanSubsidy> seen;
  int64_t subsidy_total = 0, interest_total = 0;
  v1::ListLoanSubsidiesRequest request;
  *request.mutable_period() = Quarter();
  request.set_page_size(2);
  int pages = 0;
  for (; pages < 10; ++pages) {
    v1::ListLoanSubsidiesResponse page;
    grpc::Status s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(page.loans_size(), 2);
    EXPECT_GT(page.as_of_sequence(), 0u);
    for (const v1::LoanSubsidy& loan : page.loans()) {
      EXPECT_TRUE(seen.emplace(loan.loan(), loan).second) << loan.loan() << " listed twice";
      EXPECT_EQ(loan.borrower().amount_fen(),
                loan.interest().amount_fen() - loan.subsidy().amount_fen());
      subsidy_total += loan.subsidy().amount_fen();
      interest_total += loan.interest().amount_fen();
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_GE(pages, 2);
  // Loan name order.
  std::string previous;
  for (const auto& [name, loan] : seen) {
    EXPECT_LT(previous, name);
    previous = name;
  }
  EXPECT_EQ(seen[LoanName("C1")].subsidy().amount_fen(), kC1SubsidyFen);
  EXPECT_EQ(seen[LoanName("C1")].interest().amount_fen(), kC1InterestFen);
  EXPECT_EQ(seen[LoanName("C1")].note(), "");
  EXPECT_EQ(seen[LoanName("C2")].subsidy().amount_fen(), kC2SubsidyFen);
  EXPECT_EQ(seen[LoanName("C4")].subsidy().amount_fen(), 0);
  EXPECT_EQ(seen[LoanName("C4")].note(), "not disbursed");
  EXPECT_EQ(seen[LoanName("D1", "B002")].bank_id(), "B002");
  int64_t computed_total = 0;
  for (const char* loan : {"C1", "C2", "C3"}) computed_total += SubsidyOf(loan);
  v1::ComputeSubsidyRequest d1;
  d1.set_loan(LoanName("D1", "B002"));
  *d1.add_periods() = Quarter();
  v1::ComputeSubsidyResponse d1_subsidy;
  ASSERT_TRUE(subsidies_->ComputeSubsidy(Context(kFinance).get(), d1, &d1_subsidy).ok());
  computed_total += d1_subsidy.periods(0).subsidy().amount_fen();
  EXPECT_EQ(subsidy_total, computed_total);
  EXPECT_GT(interest_total, subsidy_total);

  // One page of 1000 has them all; a bank sees its own only.
  request.Clear();
  *request.mutable_period() = Quarter();
  request.set_page_size(1000);
  v1::ListLoanSubsidiesResponse all;
  grpc::Status s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &all);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(all.loans_size(), 5);
  EXPECT_TRUE(all.next_page_token().empty());
  v1::ListLoanSubsidiesResponse own;
  s = subsidies_->ListLoanSubsidies(Context(kOtherBank).get(), request, &own);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(own.loans_size(), 1);
  EXPECT_EQ(own.loans(0).loan(), LoanName("D1", "B002"));
  request.set_bank_id("B001");
  s = subsidies_->ListLoanSubsidies(Context(kOtherBank).get(), request, &own);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(FieldOf(s), "bank_id");
}

TEST_F(SubsidyClaimsTest, ListLoanSubsidiesRefusals) {
  v1::ListLoanSubsidiesRequest request;
  v1::ListLoanSubsidiesResponse response;
  grpc::Status s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldOf(s), "period");
  *request.mutable_period()->mutable_first_day() = Day(2025, 1, 1);
  *request.mutable_period()->mutable_last_day() = Day(2026, 6, 30);
  s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &response);
  EXPECT_EQ(ReasonOf(s), "INVALID_PERIOD");
  *request.mutable_period() = Quarter();
  request.set_page_size(1001);
  s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &response);
  EXPECT_EQ(ReasonOf(s), "PAGE_SIZE_OUT_OF_RANGE");
  // A token is bound to its period.
  request.set_page_size(1);
  s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  *request.mutable_period()->mutable_first_day() = Day(2026, 6, 22);
  s = subsidies_->ListLoanSubsidies(Context(kFinance).get(), request, &response);
  EXPECT_EQ(ReasonOf(s), "INVALID_PAGE_TOKEN");
  // Admin sees no programme data.
  s = subsidies_->ListLoanSubsidies(Context("admin").get(), request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace ledger
