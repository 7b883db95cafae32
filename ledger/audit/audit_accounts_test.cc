// The audit of what double entry added to a data directory: each entry's postings, and the
// account, fund and reversal rows the replay rebuilds from them. Like audit_test.cc, the real
// engine makes the directory (ledger/testing/sample_ledger.h: the mixed lifecycle, then a
// guarantee fund and a reversal), which is then damaged through RocksDB directly.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/audit/audit.h"
#include "ledger/audit/audit_test_support.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/model/entry_apply.h"
#include "ledger/testing/sample_ledger.h"
#include "microloan/ledger/v1/account.pb.h"
#include "microloan/ledger/v1/guarantee.pb.h"

namespace ledger {
namespace {

// The keys as docs/STORAGE.md spells them, built here rather than by the code under test.
std::string AccountKey(const std::string& account) { return "acct/" + account; }
std::string KindKey(v1::AccountKind kind) {
  return "acctkind/" + std::string(1, static_cast<char>(kind));
}
std::string PostingKey(const std::string& account, uint64_t sequence, int leg) {
  return absl::StrCat("post/", account, std::string(1, '\0'), JournalKey(sequence),
                      std::string(1, static_cast<char>(leg)));
}
std::string FundKey(const std::string& fund_id) { return "fund/" + fund_id; }
std::string FundIndexKey(const std::string& fund_id, const std::string& bank_id,
                         const std::string& loan_id) {
  return absl::StrCat("ix/fund/", fund_id, std::string(1, '\0'), bank_id, std::string(1, '\0'),
                      loan_id);
}

class AuditAccountsTest : public TamperedLedgerTest {
 protected:
  void SetUp() override {
    NewLedger();
    ledger_->RunMixedLifecycle();
    ledger_->RunFundLifecycle();
  }

  // Closes the ledger, lets `tamper` change the files through RocksDB, then audits a
  // read-only open, as tools/audit does.
  AuditReport Audit(const std::function<void(RawDb&)>& tamper = nullptr) {
    return AuditAfter(tamper, AuditOptions());
  }
};

TEST_F(AuditAccountsTest, AnIntactLedgerWithFundsAndAReversalPasses) {
  AuditReport report = Audit();
  EXPECT_TRUE(report.ok()) << text_;
  EXPECT_EQ(report.entries, 19u);
  // The 9 money entries of the mixed lifecycle, the deposit (16), the exposure memorandum of
  // the guarantee (18) and the reversal (19); only the creations 1-4, 12 and 15 and the
  // guarantee request (17) carry none. The reversal is also compared with the entry it
  // reverses (audit_reversal_test.cc).
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nbalance      OK      12 entries with postings in entries 1..19 "
                                "balance; 1 reversal undoes exactly the entry it names\n"))
      << text_;
  // Loans: 5 x 3 rows, L10's fund index row, 17 history rows (entries 17 and 18 touch L10, 19
  // touches L5). Fund F1's row and the reversal mark of entry 14. Accounts: 26 posting rows (20
  // of the mixed lifecycle, 2 each for 16, 18 and 19), 12 balances (the 8 of the mixed
  // lifecycle, F1's cash, capital, exposure and commitments) and 8 kind totals. The person row
  // of the loan created with a resident ID (the repeat-loan limit counts it). And the head.
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nprojections  OK      83 rows of 5 loans, 1 fund, their "
                                "accounts and the head replayed from entries 1..19 equal the "
                                "stored projections\n"))
      << text_;
  // The records of fund entries hold the fund as replayed.
  EXPECT_TRUE(absl::StrContains(text_, "\nrequests     OK      19 records match entries 1..19 "))
      << text_;
}

TEST_F(AuditAccountsTest, AnEditedAccountBalanceIsNamed) {
  const std::string funding = BankFundingAccount("B001");
  AuditReport report = Audit([&](RawDb& db) {
    // B001's funding balance made to differ by 1 fen from what its postings add up to.
    v1::AccountBalance balance;
    ASSERT_TRUE(balance.ParseFromString(db.Get(RawDb::kProjections, AccountKey(funding))));
    balance.mutable_balance()->set_amount_fen(balance.balance().amount_fen() + 1);
    db.Put(RawDb::kProjections, AccountKey(funding), balance.SerializeAsString());
  });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kOk);  // the journal's postings are intact
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 0u);  // a stored row, not an entry, is wrong
  // Only a loan is described field by field; other rows say no more than their sizes.
  ASSERT_EQ(report.projections.problems.size(), 1u) << text_;
  EXPECT_TRUE(absl::StartsWith(report.projections.problems[0],
                               "balance of banks/B001/accounts/funding differs from the replay ("))
      << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "projections  FAILED  differ from a replay of the journal: "
                                "0 missing, 0 extra, 1 different"))
      << text_;
}

TEST_F(AuditAccountsTest, AMissingPostingRowIsNamedByEntryAndAccount) {
  // Entry 7's second leg: L1's principal credited with the 25,000.00 repaid.
  AuditReport report = Audit([](RawDb& db) {
    db.Delete(RawDb::kProjections, PostingKey(LoanPrincipalAccount("B001", "L1"), 7, 1));
  });
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.projections.problems,
            std::vector<std::string>{
                "missing: posting 1 of entry 7 to banks/B001/loans/L1/accounts/principal"})
      << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "projections  FAILED  differ from a replay of the journal: "
                                "1 missing, 0 extra, 0 different"))
      << text_;
}

TEST_F(AuditAccountsTest, RowsNoEntryMadeAreExtra) {
  AuditReport report = Audit([](RawDb& db) {
    // Totals of a kind nothing posted to, which the trial balance would add in.
    v1::KindTotal total;
    total.set_kind(v1::FUND_RECOVERIES);
    db.Put(RawDb::kProjections, KindKey(v1::FUND_RECOVERIES), total.SerializeAsString());
    // A mark saying entry 5 was reversed: the server would refuse to reverse it.
    db.Put(RawDb::kProjections, ReversalKey(5), JournalKey(19));
    // A fund no entry created, and an index row listing L1 under it.
    v1::GuaranteeFund fund;
    fund.set_fund_id("F9");
    db.Put(RawDb::kProjections, FundKey("F9"), fund.SerializeAsString());
    db.Put(RawDb::kProjections, FundIndexKey("F9", "B001", "L1"), "");
  });
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 0u);
  // In key order.
  EXPECT_EQ(report.projections.problems,
            (std::vector<std::string>{
                "extra: totals of kind FUND_RECOVERIES",
                "extra: fund guarantee_funds/F9",
                "extra: fund index F9 of banks/B001/loans/L1 (loan last touched by entry 13)",
                "extra: reversal mark of entry 5",
            }))
      << text_;
}

TEST_F(AuditAccountsTest, MissingAndEditedFundRowsAreNamed) {
  AuditReport report = Audit([](RawDb& db) {
    // Without the mark, entry 14 could be reversed a second time.
    db.Delete(RawDb::kProjections, ReversalKey(14));
    db.Delete(RawDb::kProjections, FundIndexKey("F1", "B001", "L10"));
    // F1 made to look as if it had twice its capital, and so room for twice the guarantees.
    v1::GuaranteeFund fund;
    ASSERT_TRUE(fund.ParseFromString(db.Get(RawDb::kProjections, FundKey("F1"))));
    fund.mutable_capital()->set_amount_fen(20'000'00);
    db.Put(RawDb::kProjections, FundKey("F1"), fund.SerializeAsString());
  });
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  ASSERT_EQ(report.projections.problems.size(), 3u) << text_;
  EXPECT_TRUE(absl::StartsWith(report.projections.problems[0],
                               "fund guarantee_funds/F1 differs from the replay ("))
      << text_;
  EXPECT_EQ(report.projections.problems[1],
            "missing: fund index F1 of banks/B001/loans/L10 (loan last touched by entry 18)")
      << text_;
  EXPECT_EQ(report.projections.problems[2], "missing: reversal mark of entry 14") << text_;
}

TEST_F(AuditAccountsTest, ARechainedEntryWhosePostingsDoNotBalanceIsNamed) {
  // Entry 7's debit to B001's repayments (26,087.50: principal and interest received) grows by
  // a fen that no credit matches; the chain is recomputed over it.
  AuditReport report = Audit([](RawDb& db) {
    RewriteEvent(db, 7, 19, [](v1::Event* event) {
      v1::Posting* debit = event->mutable_postings(0);
      ASSERT_EQ(debit->side(), v1::DEBIT);
      debit->mutable_amount()->set_amount_fen(debit->amount().amount_fen() + 1);
    });
  });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);  // the forgery chains
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 7u);
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nbalance      FAILED  first bad sequence 7: entry 7 does not "
                                "balance: debits 2608751 fen and credits 2608750 fen differ\n"))
      << text_;
  // The commit path never applies such postings, so the replay stops there too.
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nprojections  FAILED  first bad sequence 7: the journal does "
                                "not replay: entry 7: debits 2608751 fen and credits 2608750 fen "
                                "differ\n"))
      << text_;
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kSkipped) << text_;
  EXPECT_TRUE(absl::EndsWith(text_, "\naudit: FAILED; first bad sequence 7\n")) << text_;
}

TEST_F(AuditAccountsTest, ARechainedPostingToAnAccountNotInTheChartIsNamed) {
  // Balanced, so the balance check passes it; but no rule posts to such an account.
  AuditReport report = Audit([](RawDb& db) {
    RewriteEvent(db, 7, 19, [](v1::Event* event) {
      event->mutable_postings(0)->set_account("banks/B001/accounts/petty_cash");
    });
  });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 7u);
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nprojections  FAILED  first bad sequence 7: the journal does "
                                "not replay: entry 7 posts to "
                                "\"banks/B001/accounts/petty_cash\", which is not in the chart "
                                "of accounts\n"))
      << text_;
}

TEST_F(AuditAccountsTest, ARechainedEntryStrippedOfItsPostingsDoesNotReplay) {
  // The disbursement of entry 5 still moves 60,000.00 but no longer says from where to where:
  // nothing is left to balance, but the replay sees that the loan's principal account no longer
  // holds the loan's outstanding principal, and names the entry.
  AuditReport report = Audit([](RawDb& db) {
    RewriteEvent(db, 5, 19, [](v1::Event* event) { event->clear_postings(); });
  });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nbalance      OK      11 entries with postings in entries 1..19 "
                                "balance; 1 reversal undoes exactly the entry it names\n"))
      << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 5u);
  EXPECT_TRUE(absl::StrContains(text_,
                                "projections  FAILED  first bad sequence 5: the journal does not "
                                "replay: entry 5: its postings leave "
                                "banks/B001/loans/L1/accounts/principal at 0 fen where its event "
                                "leaves 6000000\n"))
      << text_;
}

TEST(AuditBalanceTest, ALedgerWhereNoMoneyMovedHasNothingToBalance) {
  SampleLedger ledger("nothing_to_balance");
  ASSERT_TRUE(ledger.Run(Create("c1", "B001", "L1", 100'000'00)).ok());
  ASSERT_TRUE(ledger.RunAs("finance:1", CreateFund("f1", "F1")).ok());
  ledger.Close();
  absl::StatusOr<AuditReport> report = AuditReadOnly(ledger.data_dir(), AuditOptions());
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string text = FormatReport(*report);
  EXPECT_TRUE(report->ok()) << text;
  EXPECT_EQ(report->balance.outcome, CheckOutcome::kNone) << text;
  EXPECT_TRUE(absl::StrContains(
      text,
      "\nbalance      NONE    no entry carries postings: nothing to balance in entries 1..2\n"))
      << text;
  EXPECT_TRUE(absl::StrContains(text,
                                "\nprojections  OK      6 rows of 1 loan, 1 fund, their "
                                "accounts and the head replayed from entries 1..2 equal the "
                                "stored projections\n"))
      << text;
}

}  // namespace
}  // namespace ledger
