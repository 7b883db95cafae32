#include "ledger/loan/loan_projection.h"

#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/testing/temp_dir.h"

namespace ledger {
namespace {

v1::Loan MakeLoan(const std::string& bank, const std::string& id, const std::string& county,
                  v1::LoanStatus status) {
  v1::Loan loan;
  loan.set_name(absl::StrCat("banks/", bank, "/loans/", id));
  loan.set_bank_id(bank);
  loan.set_loan_id(id);
  loan.set_county_code(county);
  loan.set_status(status);
  *loan.mutable_approved_principal() = Cny(100);
  return loan;
}

class LoanProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(FreshTempDir("projection"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Writes through WriteLoan, as applying a journal entry does.
  class WriteThrough : public ProjectionState {
   public:
    WriteThrough(const Store* store, WriteSet* writes) : store_(store), writes_(writes) {}
    absl::StatusOr<std::string> Get(absl::string_view key) override {
      return store_->Get(Family::kProjections, key);
    }
    void Put(absl::string_view key, absl::string_view value) override {
      writes_->Put(Family::kProjections, key, value);
    }
    void Delete(absl::string_view key) override { writes_->Delete(Family::kProjections, key); }

   private:
    const Store* store_;
    WriteSet* writes_;
  };

  void Put(const v1::Loan* before, const v1::Loan& after) {
    WriteSet writes = store_->NewWriteSet();
    WriteThrough state(store_.get(), &writes);
    WriteLoan(before, after, ++sequence_, state);
    ASSERT_TRUE(store_->Write(writes).ok());
  }

  // Follows next_page_token to the end; returns every loan name seen, checking none twice.
  std::vector<std::string> ListAll(v1::ListLoansRequest request,
                                   int max_keys_scanned = kMaxKeysScannedPerPage,
                                   int* pages = nullptr) {
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (int page = 0; page < 1000; ++page) {
      if (pages != nullptr) *pages = page + 1;
      absl::StatusOr<v1::ListLoansResponse> response =
          LoanProjection(store_.get(), max_keys_scanned).List(request);
      EXPECT_TRUE(response.ok()) << response.status();
      if (!response.ok()) break;
      EXPECT_LE(response->loans_size(),
                request.page_size() == 0 ? kDefaultLoanPageSize : request.page_size());
      for (const v1::Loan& loan : response->loans()) {
        EXPECT_TRUE(seen.insert(loan.name()).second) << "twice: " << loan.name();
        names.push_back(loan.name());
      }
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return names;
  }

  std::unique_ptr<Store> store_;
  uint64_t sequence_ = 0;
};

TEST_F(LoanProjectionTest, GetReturnsStoredLoanOrLoanNotFound) {
  Put(nullptr, MakeLoan("B1", "L1", "370281", v1::APPROVED));
  LoanProjection loans(store_.get());
  ASSERT_TRUE(loans.Get("B1", "L1").ok());
  absl::Status missing = loans.Get("B1", "L2").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), reason::kLoanNotFound);
  EXPECT_FALSE(loans.Get("B2", "L1").ok());
}

TEST_F(LoanProjectionTest, FiltersCombineAndPagesCoverEachLoanOnce) {
  // 3 banks x 2 counties x 7 loans, statuses cycling.
  const v1::LoanStatus statuses[] = {v1::APPROVED, v1::ACTIVE, v1::CLOSED};
  int n = 0;
  for (const char* bank : {"B1", "B2", "B3"}) {
    for (const char* county : {"370281", "370282"}) {
      for (int i = 0; i < 7; ++i, ++n) {
        Put(nullptr, MakeLoan(bank, absl::StrCat("L", county, "-", i), county, statuses[n % 3]));
      }
    }
  }
  v1::ListLoansRequest all;
  all.set_page_size(4);
  EXPECT_EQ(ListAll(all).size(), 42u);

  v1::ListLoansRequest by_bank = all;
  by_bank.set_bank_id("B2");
  EXPECT_EQ(ListAll(by_bank).size(), 14u);

  v1::ListLoansRequest by_county = all;
  by_county.set_county_code("370282");
  EXPECT_EQ(ListAll(by_county).size(), 21u);

  v1::ListLoansRequest by_status = all;
  by_status.set_status(v1::ACTIVE);
  EXPECT_EQ(ListAll(by_status).size(), 14u);

  v1::ListLoansRequest everything = all;
  everything.set_bank_id("B1");
  everything.set_county_code("370281");
  everything.set_status(v1::CLOSED);
  std::vector<std::string> names = ListAll(everything);
  LoanProjection loans(store_.get());
  for (const std::string& name : names) {
    const std::string id = name.substr(name.rfind('/') + 1);
    v1::Loan loan = *loans.Get("B1", id);
    EXPECT_EQ(loan.status(), v1::CLOSED);
    EXPECT_EQ(loan.county_code(), "370281");
  }
  EXPECT_EQ(names.size(), 2u);  // n = 0..6 in B1/370281: statuses A,Ac,C,A,Ac,C,A

  v1::ListLoansRequest bank_and_status = all;
  bank_and_status.set_bank_id("B3");
  bank_and_status.set_status(v1::APPROVED);
  EXPECT_EQ(ListAll(bank_and_status).size(), 4u);  // n = 28..41 with n % 3 == 0
}

// A fund's operator pages through the loans of its fund: the token must carry the fund filter
// it was issued for (it once did not, and every second page was refused).
TEST_F(LoanProjectionTest, FundFilterPagesCoverTheFundsLoansOnce) {
  for (int i = 0; i < 5; ++i) {
    v1::Loan loan = MakeLoan("B1", absl::StrCat("L", i), "370281", v1::ACTIVE);
    v1::Guarantee* guarantee = loan.add_guarantees();
    guarantee->set_form(v1::FUND_GUARANTEE);
    guarantee->set_fund_id(i % 2 == 0 ? "F1" : "F2");
    Put(nullptr, loan);
  }
  v1::ListLoansRequest f1;
  f1.set_fund_id("F1");
  f1.set_page_size(1);
  EXPECT_EQ(ListAll(f1), (std::vector<std::string>{"banks/B1/loans/L0", "banks/B1/loans/L2",
                                                   "banks/B1/loans/L4"}));
}

TEST_F(LoanProjectionTest, BoundedScansReturnShortPagesThatStillCoverEverything) {
  // 30 loans in one county, only every fifth one active: with at most 4 keys scanned per
  // page, most pages come back short (even empty) with a token, and the walk still finds
  // exactly the 6 active loans, in order.
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    const std::string id = absl::StrCat("L", 100 + i);
    Put(nullptr, MakeLoan("B1", id, "370281", i % 5 == 0 ? v1::ACTIVE : v1::APPROVED));
    if (i % 5 == 0) expected.push_back(absl::StrCat("banks/B1/loans/", id));
  }
  v1::ListLoansRequest request;
  request.set_county_code("370281");
  request.set_status(v1::ACTIVE);
  request.set_page_size(10);
  int pages = 0;
  EXPECT_EQ(ListAll(request, /*max_keys_scanned=*/4, &pages), expected);
  EXPECT_GE(pages, 8);
  EXPECT_EQ(ListAll(request, kMaxKeysScannedPerPage, &pages), expected);
  EXPECT_EQ(pages, 1);
}

TEST_F(LoanProjectionTest, StatusChangeMovesTheLoanBetweenStatusLists) {
  v1::Loan approved = MakeLoan("B1", "L1", "370281", v1::APPROVED);
  Put(nullptr, approved);
  v1::Loan active = approved;
  active.set_status(v1::ACTIVE);
  Put(&approved, active);
  v1::ListLoansRequest request;
  request.set_status(v1::APPROVED);
  EXPECT_TRUE(ListAll(request).empty());
  request.set_status(v1::ACTIVE);
  EXPECT_EQ(ListAll(request), std::vector<std::string>{"banks/B1/loans/L1"});
}

TEST_F(LoanProjectionTest, BadPageSizesAndTokensAreRefused) {
  LoanProjection loans(store_.get());
  v1::ListLoansRequest request;
  request.set_page_size(kMaxLoanPageSize + 1);
  EXPECT_EQ(ReasonOf(loans.List(request).status()), reason::kPageSizeOutOfRange);
  request.set_page_size(-1);
  EXPECT_EQ(ReasonOf(loans.List(request).status()), reason::kPageSizeOutOfRange);

  for (int i = 0; i < 3; ++i)
    Put(nullptr, MakeLoan("B1", absl::StrCat("L", i), "370281", v1::APPROVED));
  request.set_page_size(1);
  absl::StatusOr<v1::ListLoansResponse> first = loans.List(request);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token().empty());
  v1::ListLoansRequest other_filter = request;
  other_filter.set_bank_id("B1");
  other_filter.set_page_token(first->next_page_token());
  absl::Status mismatch = loans.List(other_filter).status();
  EXPECT_EQ(ReasonOf(mismatch), reason::kInvalidPageToken);
  EXPECT_EQ(FieldOf(mismatch), "page_token");
  request.set_page_token("not a token");
  EXPECT_EQ(ReasonOf(loans.List(request).status()), reason::kInvalidPageToken);
  request.set_page_token("");
  request.set_county_code("12");
  EXPECT_EQ(ReasonOf(loans.List(request).status()), reason::kInvalidCountyCode);
  request.set_county_code("");
  request.set_status(static_cast<v1::LoanStatus>(42));
  absl::Status bad_status = loans.List(request).status();
  EXPECT_EQ(ReasonOf(bad_status), reason::kInvalidStatus);
  EXPECT_EQ(FieldOf(bad_status), "status");
}

TEST_F(LoanProjectionTest, HistoryListsTheLoansSequencesInOrder) {
  v1::Loan a = MakeLoan("B1", "A", "370281", v1::APPROVED);
  v1::Loan b = MakeLoan("B1", "AB", "370281", v1::APPROVED);  // "A" is a prefix of "AB"
  Put(nullptr, a);                                            // 1
  Put(nullptr, b);                                            // 2
  Put(&a, a);                                                 // 3
  Put(&b, b);                                                 // 4
  Put(&a, a);                                                 // 5
  LoanProjection loans(store_.get());
  bool more = false;
  EXPECT_EQ(*loans.History("B1", "A", 0, 10, &more), (std::vector<uint64_t>{1, 3, 5}));
  EXPECT_FALSE(more);
  EXPECT_EQ(*loans.History("B1", "A", 0, 2, &more), (std::vector<uint64_t>{1, 3}));
  EXPECT_TRUE(more);
  EXPECT_EQ(*loans.History("B1", "A", 3, 2, &more), (std::vector<uint64_t>{5}));
  EXPECT_EQ(*loans.History("B1", "AB", 0, 10, &more), (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(*DecodeHistoryPageToken(EncodeHistoryPageToken(77)), 77u);
  EXPECT_EQ(ReasonOf(DecodeHistoryPageToken("zzz").status()), reason::kInvalidPageToken);
}

TEST_F(LoanProjectionTest, RecordLeavesExactlyTheRowsLoanRowsLists) {
  v1::Loan approved = MakeLoan("B1", "L1", "370281", v1::APPROVED);
  v1::Loan other = MakeLoan("B1", "L10", "370282", v1::APPROVED);
  v1::Loan active = approved;
  active.set_status(v1::ACTIVE);
  v1::Loan closed = active;
  closed.set_status(v1::CLOSED);
  Put(nullptr, approved);  // 1
  Put(nullptr, other);     // 2
  Put(&approved, active);  // 3
  Put(&active, active);    // 4
  Put(&active, closed);    // 5
  std::map<std::string, std::string> expected;
  for (const ProjectionRow& row : LoanRows(closed, {1, 3, 4, 5})) expected[row.key] = row.value;
  for (const ProjectionRow& row : LoanRows(other, {2})) expected[row.key] = row.value;
  std::map<std::string, std::string> stored;
  ASSERT_TRUE(store_
                  ->Scan(Family::kProjections, "", "",
                         [&](absl::string_view key, absl::string_view value) {
                           stored.emplace(std::string(key), std::string(value));
                           return true;
                         })
                  .ok());
  EXPECT_EQ(stored, expected);
}

TEST_F(LoanProjectionTest, DescribeProjectionKeyNamesTheLoan) {
  v1::Loan loan = MakeLoan("B1", "L1", "370281", v1::ACTIVE);
  // 256 has a 0x00 byte in its key, like the separators.
  std::vector<ProjectionRow> rows = LoanRows(loan, {256});
  ASSERT_EQ(rows.size(), 4u);
  std::vector<std::string> descriptions;
  for (const ProjectionRow& row : rows) {
    ProjectionKeyInfo info = DescribeProjectionKey(row.key);
    EXPECT_EQ(info.loan_name, "banks/B1/loans/L1") << info.description;
    descriptions.push_back(info.description);
  }
  EXPECT_EQ(descriptions, (std::vector<std::string>{
                              "loan banks/B1/loans/L1",
                              "county index 370281 of banks/B1/loans/L1",
                              "status index ACTIVE of banks/B1/loans/L1",
                              "history row of entry 256 of banks/B1/loans/L1",
                          }));
  EXPECT_EQ(DescribeProjectionKey(rows[0].key).kind, ProjectionKeyInfo::Kind::kLoan);
  EXPECT_EQ(DescribeProjectionKey(rows[3].key).kind, ProjectionKeyInfo::Kind::kHistory);
  EXPECT_EQ(DescribeProjectionKey("meta/journal_head").description, "journal head record");
  ProjectionKeyInfo unknown = DescribeProjectionKey(std::string("loan/B1", 7));
  EXPECT_EQ(unknown.description, "unknown key \"loan/B1\"");
  EXPECT_EQ(unknown.loan_name, "");
  EXPECT_EQ(unknown.kind, ProjectionKeyInfo::Kind::kUnknown);
}

}  // namespace
}  // namespace ledger
