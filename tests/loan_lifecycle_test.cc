// The full loan lifecycle through a real server over loopback, as a bank partner sees it.
#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/testing/requests.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

TEST(LoanLifecycle, CreateDisburseRepayCloseWithHistoryAndAValidChain) {
  TestServer server("lifecycle");
  auto loans = server.Loans();
  auto journal = server.Journal();

  v1::CreateLoanResponse created;
  ASSERT_TRUE(
      loans->CreateLoan(Context().get(), CreateRequest("c1", "L1", 100'000'00), &created).ok());
  EXPECT_EQ(created.loan().name(), "banks/B001/loans/L1");
  EXPECT_EQ(created.loan().status(), v1::APPROVED);
  EXPECT_EQ(created.commit().sequence(), 1u);
  EXPECT_FALSE(created.commit().replayed());

  v1::DisburseLoanResponse disbursed;
  ASSERT_TRUE(
      loans->DisburseLoan(Context().get(), DisburseRequest("d1", "L1", 60'000'00), &disbursed)
          .ok());
  ASSERT_TRUE(
      loans->DisburseLoan(Context().get(), DisburseRequest("d2", "L1", 40'000'00), &disbursed)
          .ok());
  EXPECT_EQ(disbursed.loan().status(), v1::ACTIVE);
  EXPECT_EQ(disbursed.loan().outstanding_principal().amount_fen(), 100'000'00);

  v1::RecordRepaymentResponse repaid;
  ASSERT_TRUE(
      loans
          ->RecordRepayment(Context().get(), RepayRequest("p1", "L1", 30'000'00, 1'087'50), &repaid)
          .ok());
  EXPECT_EQ(repaid.loan().outstanding_principal().amount_fen(), 70'000'00);
  EXPECT_EQ(repaid.loan().repaid_interest().amount_fen(), 1'087'50);

  // Over-repayment is refused with the reason and field, and changes nothing.
  grpc::Status over = loans->RecordRepayment(
      Context().get(), RepayRequest("p2", "L1", 70'000'01, 0, Day(2024, 4, 20)), &repaid);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(over), "EXCEEDS_OUTSTANDING_PRINCIPAL");
  EXPECT_EQ(FieldOf(over), "principal.amount_fen");

  ASSERT_TRUE(loans
                  ->RecordRepayment(Context().get(),
                                    RepayRequest("p3", "L1", 70'000'00, 500, Day(2024, 4, 20)),
                                    &repaid)
                  .ok());
  EXPECT_EQ(repaid.loan().status(), v1::CLOSED);
  EXPECT_EQ(repaid.commit().sequence(), 5u);

  v1::GetLoanRequest get;
  get.set_name("banks/B001/loans/L1");
  v1::Loan loan;
  ASSERT_TRUE(loans->GetLoan(Context().get(), get, &loan).ok());
  EXPECT_EQ(loan.status(), v1::CLOSED);
  EXPECT_EQ(loan.outstanding_principal().amount_fen(), 0);
  EXPECT_EQ(loan.repaid_interest().amount_fen(), 1'092'50);
  EXPECT_EQ(loan.entry_count(), 5u);

  // History: every entry of the loan, oldest first, paged.
  v1::ListLoanHistoryRequest history_request;
  history_request.set_name(loan.name());
  history_request.set_page_size(3);
  std::vector<uint64_t> sequences;
  std::vector<std::string> request_ids;
  for (int page = 0; page < 10; ++page) {
    v1::ListLoanHistoryResponse history;
    ASSERT_TRUE(loans->ListLoanHistory(Context().get(), history_request, &history).ok());
    for (const auto& entry : history.entries()) {
      sequences.push_back(entry.sequence());
      request_ids.push_back(entry.request_id());
      EXPECT_EQ(entry.principal(), "bank:B001");
    }
    if (history.next_page_token().empty()) break;
    history_request.set_page_token(history.next_page_token());
  }
  EXPECT_EQ(sequences, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(request_ids, (std::vector<std::string>{"c1", "d1", "d2", "p1", "p3"}));

  v1::VerifyChainResponse verified;
  ASSERT_TRUE(journal->VerifyChain(Context().get(), v1::VerifyChainRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_TRUE(verified.complete());
  EXPECT_EQ(verified.verified_through(), 5u);

  v1::JournalHead head;
  ASSERT_TRUE(journal->GetHead(Context().get(), v1::GetHeadRequest(), &head).ok());
  EXPECT_EQ(head.sequence(), 5u);
  EXPECT_EQ(head.hash(), verified.head_hash());
  v1::GetEntryRequest entry_request;
  entry_request.set_sequence(5);
  v1::JournalEntry entry;
  ASSERT_TRUE(journal->GetEntry(Context().get(), entry_request, &entry).ok());
  EXPECT_EQ(entry.hash(), head.hash());
  EXPECT_TRUE(entry.event().repayment_recorded().loan_closed());
}

TEST(LoanLifecycle, BadInputGetsCanonicalCodeReasonAndField) {
  TestServer server("bad_input");
  auto loans = server.Loans();
  v1::CreateLoanResponse created;

  v1::CreateLoanRequest usd = CreateRequest("c1", "L1", 100);
  usd.mutable_principal()->set_currency_code("USD");
  grpc::Status status = loans->CreateLoan(Context().get(), usd, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(status), "CURRENCY_NOT_SUPPORTED");
  EXPECT_EQ(FieldOf(status), "principal.currency_code");

  v1::CreateLoanRequest no_request_id = CreateRequest("", "L1", 100);
  status = loans->CreateLoan(Context().get(), no_request_id, &created);
  EXPECT_EQ(ReasonOf(status), "FIELD_REQUIRED");
  EXPECT_EQ(FieldOf(status), "request_id");

  status = loans->CreateLoan(Context("not a principal!").get(), CreateRequest("c2", "L1", 100),
                             &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::DisburseLoanResponse disbursed;
  status = loans->DisburseLoan(Context().get(), DisburseRequest("d1", "NOPE", 1), &disbursed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), "LOAN_NOT_FOUND");

  v1::DisburseLoanRequest bad_name = DisburseRequest("d2", "L1", 1);
  bad_name.set_name("loans/L1");
  status = loans->DisburseLoan(Context().get(), bad_name, &disbursed);
  EXPECT_EQ(ReasonOf(status), "INVALID_LOAN_NAME");
  EXPECT_EQ(FieldOf(status), "name");

  v1::ListLoansRequest too_big;
  too_big.set_page_size(100000);
  v1::ListLoansResponse listed;
  status = loans->ListLoans(Context().get(), too_big, &listed);
  EXPECT_EQ(ReasonOf(status), "PAGE_SIZE_OUT_OF_RANGE");

  // Nothing above reached the journal.
  auto journal = server.Journal();
  v1::JournalHead head;
  ASSERT_TRUE(journal->GetHead(Context().get(), v1::GetHeadRequest(), &head).ok());
  EXPECT_EQ(head.sequence(), 0u);
}

TEST(LoanLifecycle, ListsByBankCountyAndStatusWithPaging) {
  TestServer server("listing");
  auto loans = server.Loans();
  // 30 loans over 2 banks and 2 counties; every third one disbursed (ACTIVE).
  struct Expected {
    std::string name, bank, county;
    bool active;
  };
  std::vector<Expected> all;
  for (int i = 0; i < 30; ++i) {
    const std::string id = absl::StrCat("L", 100 + i);
    const std::string county = i % 2 == 0 ? "370281" : "370282";
    const std::string bank = i % 5 < 2 ? "B002" : "B001";
    v1::CreateLoanResponse created;
    const std::string principal = "bank:" + bank;  // each bank writes its own loans
    ASSERT_TRUE(loans
                    ->CreateLoan(Context(principal).get(),
                                 CreateRequest(absl::StrCat("c", i), id, 1000, county, bank),
                                 &created)
                    .ok());
    if (i % 3 == 0) {
      v1::DisburseLoanResponse disbursed;
      ASSERT_TRUE(loans
                      ->DisburseLoan(Context(principal).get(),
                                     DisburseRequest(absl::StrCat("d", i), id, 1000, bank),
                                     &disbursed)
                      .ok());
    }
    all.push_back({LoanName(id, bank), bank, county, i % 3 == 0});
  }

  // Pages of 4: every filtered list below crosses several pages.
  auto list_all = [&](v1::ListLoansRequest request) {
    request.set_page_size(4);
    std::vector<std::string> names;
    for (int page = 0; page < 100; ++page) {
      v1::ListLoansResponse response;
      // Finance staff see every bank and county.
      EXPECT_TRUE(loans->ListLoans(Context("finance").get(), request, &response).ok());
      EXPECT_LE(response.loans_size(), 4);
      for (const auto& loan : response.loans()) names.push_back(loan.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  };
  auto expect = [&](const std::string& bank, const std::string& county, bool active_only) {
    std::vector<std::string> names;
    for (const Expected& e : all) {
      if ((bank.empty() || e.bank == bank) && (county.empty() || e.county == county) &&
          (!active_only || e.active)) {
        names.push_back(e.name);
      }
    }
    std::sort(names.begin(), names.end());  // lists are in (bank, loan) order
    return names;
  };
  auto request = [](const std::string& bank, const std::string& county, bool active_only) {
    v1::ListLoansRequest r;
    r.set_bank_id(bank);
    r.set_county_code(county);
    if (active_only) r.set_status(v1::ACTIVE);
    return r;
  };
  for (const std::string bank : {"", "B001", "B002"}) {
    for (const std::string county : {"", "370281", "370282"}) {
      for (bool active_only : {false, true}) {
        EXPECT_EQ(list_all(request(bank, county, active_only)), expect(bank, county, active_only))
            << bank << "/" << county << "/" << active_only;
      }
    }
  }
}

}  // namespace
}  // namespace ledger
