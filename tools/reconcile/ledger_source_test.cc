// LedgerSource's paging against a fake SubsidyService in this process (no network): pages
// that are short or empty but carry a token are read on, a token returned twice in a row is
// refused.
#include "tools/reconcile/ledger_source.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"

namespace reconcile {
namespace {

namespace v1 = microloan::ledger::v1;

// Answers page i of either listing with pages_[i]: its item names and its next_page_token.
struct Page {
  std::vector<std::string> items;
  std::string next_page_token;
};

class FakeSubsidyService : public v1::SubsidyService::Service {
 public:
  explicit FakeSubsidyService(std::vector<Page> pages) : pages_(std::move(pages)) {}

  grpc::Status ListLoanSubsidies(grpc::ServerContext*, const v1::ListLoanSubsidiesRequest* request,
                                 v1::ListLoanSubsidiesResponse* response) override {
    tokens.push_back(request->page_token());
    if (tokens.size() > pages_.size()) return {grpc::StatusCode::OUT_OF_RANGE, "past the end"};
    const Page& page = pages_[tokens.size() - 1];
    for (const std::string& loan : page.items) {
      v1::LoanSubsidy* out = response->add_loans();
      out->set_loan(loan);
      out->set_bank_id("B001");
      out->set_county_code("370201");
      out->mutable_subsidy()->set_currency_code("CNY");
      out->mutable_subsidy()->set_amount_fen(100);
    }
    response->set_next_page_token(page.next_page_token);
    return grpc::Status::OK;
  }

  grpc::Status ListSubsidyClaims(grpc::ServerContext*, const v1::ListSubsidyClaimsRequest* request,
                                 v1::ListSubsidyClaimsResponse* response) override {
    tokens.push_back(request->page_token());
    if (tokens.size() > pages_.size()) return {grpc::StatusCode::OUT_OF_RANGE, "past the end"};
    const Page& page = pages_[tokens.size() - 1];
    for (const std::string& name : page.items) {
      v1::SubsidyClaim* claim = response->add_claims();
      claim->set_name(name);
      claim->set_bank_id("B001");
      claim->set_state(v1::CLAIM_SUBMITTED);
      *claim->mutable_period()->mutable_first_day() = Date(2026, 6, 21);
      *claim->mutable_period()->mutable_last_day() = Date(2026, 9, 20);
    }
    response->set_next_page_token(page.next_page_token);
    return grpc::Status::OK;
  }

  grpc::Status GetSubsidyClaim(grpc::ServerContext*, const v1::GetSubsidyClaimRequest* request,
                               v1::SubsidyClaim* claim) override {
    claim->set_name(request->name());
    claim->set_bank_id("B001");
    v1::SubsidyClaimLine* line = claim->add_lines();
    line->set_loan(absl::StrCat(request->name(), "-loan"));
    line->set_county_code("370201");
    line->mutable_claimed()->set_currency_code("CNY");
    line->mutable_claimed()->set_amount_fen(7);
    return grpc::Status::OK;
  }

  std::vector<std::string> tokens;  // the page_token of each List call

 private:
  static v1::Date Date(int year, int month, int day) {
    v1::Date date;
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
    return date;
  }

  std::vector<Page> pages_;
};

class LedgerSourceTest : public testing::Test {
 protected:
  void Serve(std::vector<Page> pages) {
    service_ = std::make_unique<FakeSubsidyService>(std::move(pages));
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    source_ = std::make_unique<LedgerSource>(server_->InProcessChannel(grpc::ChannelArguments()),
                                             "finance", 10000);
  }

  void TearDown() override {
    source_.reset();
    if (server_ != nullptr) server_->Shutdown();
  }

  const Period kPeriod{absl::CivilDay(2026, 6, 21), absl::CivilDay(2026, 9, 20)};
  std::unique_ptr<FakeSubsidyService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<LedgerSource> source_;
};

TEST_F(LedgerSourceTest, LoanPagesThatAreEmptyButCarryATokenAreReadOn) {
  Serve({{{"banks/B001/loans/L1"}, "t1"},
         {{}, "t2"},
         {{}, "t3"},
         {{"banks/B001/loans/L2", "banks/B001/loans/L3"}, "t4"},
         {{}, ""}});
  absl::StatusOr<std::vector<ExpectedLoan>> loans = source_->ListExpected(kPeriod, "", "", nullptr);
  ASSERT_TRUE(loans.ok()) << loans.status();
  ASSERT_EQ(loans->size(), 3u);
  EXPECT_EQ((*loans)[2].loan, "banks/B001/loans/L3");
  EXPECT_EQ(service_->tokens, std::vector<std::string>({"", "t1", "t2", "t3", "t4"}));
}

TEST_F(LedgerSourceTest, ALoanPageTokenReturnedTwiceInARowFails) {
  Serve({{{"banks/B001/loans/L1"}, "t1"}, {{"banks/B001/loans/L2"}, "t1"}, {{}, ""}});
  absl::StatusOr<std::vector<ExpectedLoan>> loans = source_->ListExpected(kPeriod, "", "", nullptr);
  EXPECT_EQ(loans.status().code(), absl::StatusCode::kInternal) << loans.status();
  EXPECT_NE(
      loans.status().message().find("ListLoanSubsidies: the server's paging does not advance"),
      std::string::npos)
      << loans.status();
  EXPECT_EQ(service_->tokens.size(), 2u);
}

TEST_F(LedgerSourceTest, ClaimPagesThatAreEmptyButCarryATokenAreReadOn) {
  Serve({{{}, "c1"}, {{"claims/C1"}, "c2"}, {{}, "c3"}, {{"claims/C2"}, ""}});
  absl::StatusOr<std::vector<ClaimedLoan>> claimed =
      source_->ListStoredClaims(kPeriod, "B001", nullptr);
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].loan, "claims/C1-loan");
  EXPECT_EQ((*claimed)[1].loan, "claims/C2-loan");
  EXPECT_EQ(service_->tokens, std::vector<std::string>({"", "c1", "c2", "c3"}));
}

TEST_F(LedgerSourceTest, AClaimPageTokenReturnedTwiceInARowFails) {
  Serve({{{}, "c1"}, {{}, "c1"}, {{}, ""}});
  absl::StatusOr<std::vector<ClaimedLoan>> claimed =
      source_->ListStoredClaims(kPeriod, "B001", nullptr);
  EXPECT_EQ(claimed.status().code(), absl::StatusCode::kInternal) << claimed.status();
  EXPECT_NE(claimed.status().message().find("ListSubsidyClaims: the server's paging does not"),
            std::string::npos)
      << claimed.status();
}

}  // namespace
}  // namespace reconcile
