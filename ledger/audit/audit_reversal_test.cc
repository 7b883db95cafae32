// The audit of reversals: the sample ledger (ledger/testing/sample_ledger.h, the mixed
// lifecycle then the fund lifecycle) ends with a reversal of entry 14, B002's disbursement of
// 10,000.00 on L5. A forger rewrites the reversal, re-chains the journal and, where the journal
// still replays, rebuilds the projections from it, so that only the balance check's comparison
// of the reversal with entry 14 is left to notice. The reversal's own sequence number is read
// from the journal, so the fund lifecycle may grow.
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/audit/audit.h"
#include "ledger/audit/audit_test_support.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/testing/sample_ledger.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {
namespace {

class AuditReversalTest : public TamperedLedgerTest {
 protected:
  void SetUp() override {
    NewLedger();
    ledger_->RunMixedLifecycle();
    ledger_->RunFundLifecycle();
  }

  // Rewrites the last entry (the reversal; its sequence number is left in reversal_) with
  // `change` and re-chains; with `rebuild`, then also makes the projections agree with the
  // rewritten journal. Audits the result.
  AuditReport AuditRewrittenReversal(const std::function<void(v1::Event*)>& change, bool rebuild) {
    ledger_->Close();
    {
      RawDb db(ledger_->data_dir());
      absl::StatusOr<JournalHead> head = DecodeHead(db.Get(RawDb::kProjections, kJournalHeadKey));
      EXPECT_TRUE(head.ok()) << head.status();
      if (!head.ok()) return AuditReport();
      reversal_ = head->sequence;
      RewriteEvent(db, reversal_, reversal_, [&change](v1::Event* event) {
        ASSERT_TRUE(event->has_entry_reversed());
        ASSERT_EQ(event->entry_reversed().reversed_sequence(), 14u);
        change(event);
      });
    }
    if (rebuild) RebuildProjections(ledger_->data_dir());
    return AuditAfter(nullptr, AuditOptions());
  }

  uint64_t reversal_ = 0;
};

TEST_F(AuditReversalTest, AnIntactReversalPasses) {
  AuditReport report = AuditAfter(nullptr, AuditOptions());
  EXPECT_TRUE(report.ok()) << text_;
  EXPECT_TRUE(absl::StrContains(text_, "\nbalance      OK      ")) << text_;
  EXPECT_TRUE(absl::StrContains(text_, " balance; 1 reversal undoes exactly the entry it names\n"))
      << text_;
}

TEST_F(AuditReversalTest, ARebuiltButUntamperedLedgerPasses) {
  // RebuildProjections itself changes nothing the audit can see.
  ledger_->Close();
  RebuildProjections(ledger_->data_dir());
  AuditReport report = AuditAfter(nullptr, AuditOptions());
  EXPECT_TRUE(report.ok()) << text_;
}

TEST_F(AuditReversalTest, AnEditedCopyOfTheReversedEventIsNamed) {
  // The copy's value date moved: a reversal does not apply the value date, so the journal
  // replays, and with the projections rebuilt nothing else differs.
  AuditReport report = AuditRewrittenReversal(
      [](v1::Event* event) {
        v1::Date* date = event->mutable_entry_reversed()
                             ->mutable_original()
                             ->mutable_loan_disbursed()
                             ->mutable_value_date();
        date->set_day(date->day() == 1 ? 2 : 1);
      },
      /*rebuild=*/true);
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kFailed) << text_;
  EXPECT_EQ(report.balance.first_bad_sequence, reversal_);
  EXPECT_TRUE(absl::StartsWith(report.balance.summary,
                               absl::StrCat("entry ", reversal_,
                                            " reverses entry 14 but its copy of entry 14's event "
                                            "differs (copy -> entry 14): modified: "
                                            "loan_disbursed.value_date.day: ")))
      << text_;
  EXPECT_TRUE(
      absl::EndsWith(text_, absl::StrCat("\naudit: FAILED; first bad sequence ", reversal_, "\n")))
      << text_;
}

TEST_F(AuditReversalTest, AReversalPayingAnotherBankIsNamed) {
  // Undoing B002's disbursement now takes the 10,000.00 back into B001's funding instead of
  // B002's. Still balanced, to accounts in the chart, and the loan's accounts are untouched, so
  // the journal replays; with the projections rebuilt the forgery would otherwise pass.
  const std::string b002 = BankFundingAccount("B002");
  const std::string b001 = BankFundingAccount("B001");
  int redirected = -1;
  AuditReport report = AuditRewrittenReversal(
      [&](v1::Event* event) {
        for (int i = 0; i < event->postings_size(); ++i) {
          if (event->postings(i).account() == b002) {
            event->mutable_postings(i)->set_account(b001);
            redirected = i;
          }
        }
      },
      /*rebuild=*/true);
  ASSERT_GE(redirected, 0) << "the reversal posts nothing to " << b002;
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk) << text_;
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kFailed) << text_;
  EXPECT_EQ(report.first_bad_sequence(), reversal_) << text_;
  // Entry 14 carries no memorandum legs (L5 has no fund guarantee), so its legs and the
  // reversal's line up one for one.
  EXPECT_TRUE(absl::StrContains(
      text_,
      absl::StrCat("\nbalance      FAILED  first bad sequence ", reversal_, ": entry ", reversal_,
                   "'s postings are not entry 14's money postings reversed: its leg ", redirected,
                   " debits banks/B001/accounts/funding 1000000 fen where entry 14's leg ",
                   redirected, " reversed debits banks/B002/accounts/funding 1000000 fen\n")))
      << text_;
  EXPECT_TRUE(
      absl::EndsWith(text_, absl::StrCat("\naudit: FAILED; first bad sequence ", reversal_, "\n")))
      << text_;
}

TEST_F(AuditReversalTest, AReversalOfALaterEntryIsNamed) {
  // The replay refuses it too; the balance check says so in its own words.
  uint64_t* reversal = &reversal_;
  AuditReport report = AuditRewrittenReversal(
      [reversal](v1::Event* event) {
        event->mutable_entry_reversed()->set_reversed_sequence(*reversal);
      },
      /*rebuild=*/false);
  EXPECT_EQ(report.first_bad_sequence(), reversal_) << text_;
  EXPECT_TRUE(absl::StrContains(
      text_, absl::StrCat("\nbalance      FAILED  first bad sequence ", reversal_, ": entry ",
                          reversal_, " reverses entry ", reversal_, ", not an earlier one\n")))
      << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed) << text_;
}

}  // namespace
}  // namespace ledger
