// The audit on data directories made by the real engine (ledger/testing/sample_ledger.h), then
// damaged behind the server's back by opening RocksDB directly with the ledger's column
// families: each kind of damage is reported precisely, and an intact directory passes.
#include "ledger/audit/audit.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "ledger/audit/audit_test_support.h"
#include "ledger/base/sha256.h"
#include "ledger/journal/checkpoint.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/testing/sample_ledger.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace ledger {
namespace {

// A loan's own row and its status index row, as LoanRows lays them out.
std::string LoanKeyOf(const v1::Loan& loan) { return LoanRows(loan, {})[0].key; }
std::string StatusIndexKeyOf(const v1::Loan& loan) { return LoanRows(loan, {})[2].key; }

class AuditTest : public TamperedLedgerTest {
 protected:
  // Also called again by tests that audit several damaged copies: a fresh ledger each time.
  void SetUp() override {
    NewLedger();
    ledger_->RunMixedLifecycle();
    absl::StatusOr<CheckpointKeyPair> keys = GenerateCheckpointKey();
    ASSERT_TRUE(keys.ok()) << keys.status();
    auto signer = CheckpointSigner::FromPem(keys->private_key_pem);
    auto verifier = CheckpointVerifier::FromPem(keys->public_key_pem);
    ASSERT_TRUE(signer.ok() && verifier.ok());
    signer_ = std::move(*signer);
    verifier_ = std::move(*verifier);
  }

  // What GetCheckpoint answers: the engine's head, signed now.
  v1::SignedCheckpoint TakeCheckpoint() {
    const JournalHead head = ledger_->engine()->head();
    absl::StatusOr<v1::SignedCheckpoint> checkpoint =
        signer_->Sign(head.sequence, head.hash, absl::Now());
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    return *checkpoint;
  }

  v1::Loan StoredLoan(const std::string& bank_id, const std::string& loan_id) {
    absl::StatusOr<v1::Loan> loan = LoanProjection(ledger_->store()).Get(bank_id, loan_id);
    EXPECT_TRUE(loan.ok()) << loan.status();
    return *loan;
  }

  // The stored hash of entry `sequence`, read while the ledger is open.
  std::string HashOfEntry(uint64_t sequence) {
    absl::StatusOr<std::string> record =
        ledger_->store()->Get(Family::kJournal, JournalKey(sequence));
    EXPECT_TRUE(record.ok()) << record.status();
    if (!record.ok()) return "";
    absl::StatusOr<DecodedEntry> entry = DecodeEntry(*record);
    EXPECT_TRUE(entry.ok()) << entry.status();
    return entry.ok() ? entry->hash : "";
  }

  // Changes the request record of (principal, request_id) in place.
  static void EditRecord(RawDb& db, const std::string& principal, const std::string& request_id,
                         const std::function<void(internal::RequestRecord*)>& change) {
    const std::string key = RequestKeyOf(principal, request_id);
    internal::RequestRecord record;
    ASSERT_TRUE(record.ParseFromString(db.Get(RawDb::kRequests, key)));
    change(&record);
    db.Put(RawDb::kRequests, key, record.SerializeAsString());
  }

  // Closes the ledger, lets `tamper` change the files through RocksDB, then audits a
  // read-only open, as tools/audit does.
  AuditReport Audit(const std::function<void(RawDb&)>& tamper = nullptr,
                    const v1::SignedCheckpoint* checkpoint = nullptr,
                    std::ostream* progress = nullptr) {
    AuditOptions options;
    options.checkpoint = checkpoint;
    options.checkpoint_verifier = verifier_.get();
    options.progress = progress;
    options.progress_every = 5;
    return AuditAfter(tamper, options);
  }

  std::unique_ptr<CheckpointSigner> signer_;
  std::unique_ptr<CheckpointVerifier> verifier_;
};

TEST_F(AuditTest, AnIntactDirectoryPassesEveryCheck) {
  const v1::SignedCheckpoint checkpoint = TakeCheckpoint();
  std::ostringstream progress;
  AuditReport report = Audit(nullptr, &checkpoint, &progress);
  EXPECT_TRUE(report.ok()) << text_;
  EXPECT_EQ(report.entries, 14u);
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.checkpoint.outcome, CheckOutcome::kOk);
  EXPECT_TRUE(absl::StartsWith(text_, "chain        OK      entries 1..14 verified; head 14 "))
      << text_;
  // The money entries carry postings: the disbursements 5, 6, 8, 11 and 14 and the repayments
  // 7, 9, 10 and 13; the creations 1-4 and 12 move no money and carry none.
  EXPECT_TRUE(absl::StrContains(
      text_, "\nbalance      OK      9 entries with postings in entries 1..14 balance\n"))
      << text_;
  // Loans: 5 x 3 rows + 14 history rows. Accounts: 20 posting rows (2 legs per disbursement,
  // 2 or 3 per repayment: the zero interest of entry 10 and the zero principal of entry 13
  // post nothing), 8 balances (B001 funding, repayments and interest income, B002 funding,
  // the principal of 4 disbursed loans) and 4 kind totals. The person row of the loan created
  // with a resident ID (the repeat-loan limit counts it). And the head.
  EXPECT_TRUE(absl::StrContains(text_,
                                "projections  OK      63 rows of 5 loans, 0 funds, their accounts "
                                "and the head replayed from entries 1..14 equal the stored "
                                "projections"))
      << text_;
  // One record per entry: retries and refusals wrote none.
  EXPECT_TRUE(
      absl::StrContains(text_,
                        "\nrequests     OK      14 records match entries 1..14 (sequence, "
                        "commit time, loan and fund as replayed), none extra; fingerprints cannot "
                        "be recomputed offline\n"))
      << text_;
  EXPECT_TRUE(absl::StrContains(text_, "checkpoint   OK      entry 14 has the hash signed at "))
      << text_;
  EXPECT_TRUE(absl::EndsWith(text_, "\naudit: OK (14 journal entries)\n")) << text_;
  EXPECT_TRUE(absl::StrContains(progress.str(), "audit: 10 journal entries checked ("))
      << progress.str();
  EXPECT_TRUE(absl::StrContains(progress.str(), "audit: 60 projection rows compared ("))
      << progress.str();
  EXPECT_TRUE(absl::StrContains(progress.str(), "audit: 10 request records checked ("))
      << progress.str();
}

TEST_F(AuditTest, AFlippedByteIsReportedAtItsEntry) {
  // A byte of the header's sequence, of the previous hash, of the body, of the stored hash.
  for (size_t offset : {1, 20, 60, 0}) {
    SetUp();
    AuditReport report = Audit([offset](RawDb& db) {
      std::string record = db.Get(RawDb::kJournal, JournalKey(6));
      const size_t at = offset == 0 ? record.size() - 1 : offset;
      record[at] ^= 0x01;
      db.Put(RawDb::kJournal, JournalKey(6), record);
    });
    EXPECT_FALSE(report.ok());
    EXPECT_EQ(report.chain.outcome, CheckOutcome::kFailed) << offset;
    EXPECT_EQ(report.chain.first_bad_sequence, 6u) << text_;
    EXPECT_EQ(report.first_bad_sequence(), 6u);
    EXPECT_EQ(report.projections.outcome, CheckOutcome::kSkipped);
    EXPECT_EQ(report.requests.outcome, CheckOutcome::kSkipped);
    EXPECT_TRUE(absl::StrContains(text_, "chain        FAILED  first bad sequence 6: entry 6: "))
        << text_;
    EXPECT_TRUE(absl::EndsWith(text_, "audit: FAILED; first bad sequence 6\n")) << text_;
  }
  EXPECT_TRUE(absl::StrContains(text_, "hash does not match its contents (altered)")) << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nrequests     SKIPPED the journal's chain is broken at entry 6, "
                                "so later entries' records cannot be told from extra ones (the "
                                "records of entries 1..5 match)\n"))
      << text_;
}

TEST_F(AuditTest, ADeletedEntryIsReportedAtItsSequence) {
  AuditReport report = Audit([](RawDb& db) { db.Delete(RawDb::kJournal, JournalKey(7)); });
  EXPECT_EQ(report.first_bad_sequence(), 7u);
  EXPECT_TRUE(absl::StrContains(
      text_, "first bad sequence 7: entry 7: missing; the next stored entry is 8\n"))
      << text_;

  // The last entry: only the head record knows it existed.
  SetUp();
  report = Audit([](RawDb& db) { db.Delete(RawDb::kJournal, JournalKey(14)); });
  EXPECT_EQ(report.chain.first_bad_sequence, 14u) << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "the head record says the journal ends at 14 but the "
                                "entries end at 13"))
      << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kSkipped);
  // Its request record outlived it.
  EXPECT_EQ(report.requests.problems,
            std::vector<std::string>{
                "extra: request record (bank:B002, request d6) that no journal entry made; it "
                "names entry 14, which the journal does not have"})
      << text_;
}

TEST_F(AuditTest, ADeletedHeadRecordIsAHeadProblemNotAnEntrys) {
  AuditReport report = Audit([](RawDb& db) { db.Delete(RawDb::kProjections, kJournalHeadKey); });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.chain.first_bad_sequence, 0u);
  EXPECT_EQ(report.first_bad_sequence(), 0u);
  EXPECT_TRUE(
      absl::StartsWith(text_, "chain        FAILED  entries 1..14 verified; head record missing\n"))
      << text_;
  // The entries verify, so the checks that rest on them still run; the head record is a
  // projection too.
  EXPECT_EQ(report.projections.problems, std::vector<std::string>{"missing: journal head record"})
      << text_;
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk) << text_;
  EXPECT_TRUE(absl::EndsWith(text_, "\naudit: FAILED\n")) << text_;

  // A head record that does not decode is the record's fault too.
  SetUp();
  report = Audit([](RawDb& db) { db.Put(RawDb::kProjections, kJournalHeadKey, "garbage"); });
  EXPECT_EQ(report.first_bad_sequence(), 0u);
  EXPECT_TRUE(absl::StartsWith(
      text_, "chain        FAILED  entries 1..14 verified; head record malformed\n"))
      << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk);
}

TEST_F(AuditTest, AStaleHeadRecordIsAHeadProblemNotAnEntrys) {
  const std::string hash_11 = HashOfEntry(11);
  const std::string hash_12 = HashOfEntry(12);
  // Names entry 12 by its own hash: an old head record, the entries after it intact.
  AuditReport report = Audit([&](RawDb& db) {
    db.Put(RawDb::kProjections, kJournalHeadKey, EncodeHead({12, hash_12}));
  });
  EXPECT_EQ(report.chain.first_bad_sequence, 0u);
  EXPECT_EQ(report.first_bad_sequence(), 0u);
  EXPECT_TRUE(absl::StartsWith(text_,
                               "chain        FAILED  entries 1..14 verified; head record says 12, "
                               "entries end at 14\n"))
      << text_;
  ASSERT_EQ(report.projections.problems.size(), 1u) << text_;
  EXPECT_TRUE(absl::StartsWith(report.projections.problems[0],
                               "journal head record differs from the replay: stored entry 12 "
                               "hash " +
                                   HexEncode(hash_12).substr(0, 16) + ", replayed entry 14 hash "))
      << text_;
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk) << text_;

  // Naming entry 12 by a hash it does not have is evidence against entry 12.
  SetUp();
  report = Audit([&](RawDb& db) {
    db.Put(RawDb::kProjections, kJournalHeadKey, EncodeHead({12, hash_11}));
  });
  EXPECT_EQ(report.first_bad_sequence(), 12u);
  EXPECT_TRUE(absl::StartsWith(text_,
                               "chain        FAILED  first bad sequence 12: entry 12: the "
                               "head record names it with hash " +
                                   HexEncode(hash_11) + " but its hash is " + HexEncode(hash_12) +
                                   "\n"))
      << text_;
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kSkipped);
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk) << text_;  // every entry verified
}

TEST_F(AuditTest, AnEditedProjectionNamesTheLoanAndItsLastEntry) {
  v1::Loan l1 = StoredLoan("B001", "L1");
  const v1::Loan l2 = StoredLoan("B001", "L2");
  AuditReport report = Audit([&](RawDb& db) {
    l1.mutable_outstanding_principal()->set_amount_fen(1);
    db.Put(RawDb::kProjections, LoanKeyOf(l1), l1.SerializeAsString());
    db.Delete(RawDb::kProjections, StatusIndexKeyOf(l2));
  });
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);  // the journal itself is intact
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 0u);
  // In key order: "ix/status/..." before "loan/...".
  EXPECT_EQ(report.projections.problems,
            (std::vector<std::string>{
                "missing: status index CLOSED of banks/B001/loans/L2 (loan last touched by entry "
                "10)",
                "loan banks/B001/loans/L1 differs from the replay (stored -> replayed; loan last "
                "touched by entry 13): modified: outstanding_principal.amount_fen: 1 -> 7500000",
            }))
      << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "projections  FAILED  differ from a replay of the journal: "
                                "1 missing, 0 extra, 1 different"))
      << text_;
  EXPECT_TRUE(absl::EndsWith(text_, "\naudit: FAILED\n")) << text_;
}

TEST_F(AuditTest, RowsTheReplayDoesNotHaveAreExtra) {
  v1::Loan stale = StoredLoan("B001", "L1");
  stale.set_status(v1::APPROVED);  // a status index row left behind
  v1::Loan invented = stale;
  invented.set_bank_id("B009");
  invented.set_loan_id("X");
  AuditReport report = Audit([&](RawDb& db) {
    db.Put(RawDb::kProjections, StatusIndexKeyOf(stale), "");
    db.Put(RawDb::kProjections, LoanKeyOf(invented), invented.SerializeAsString());
  });
  EXPECT_EQ(report.projections.problems,
            (std::vector<std::string>{
                "extra: status index APPROVED of banks/B001/loans/L1 (loan last touched by entry "
                "13)",
                "extra: loan banks/B009/loans/X (no journal entry created this loan)",
            }))
      << text_;
}

TEST_F(AuditTest, ARechainedEventTheCommitPathCouldNotHaveWrittenIsNamed) {
  // Entry 7 (a repayment of 25,000.00 on L1) now repays more than was outstanding, yet still
  // records the 75,000.00 left outstanding that the commit path computed. Its postings are
  // untouched and still balance: only the replay can tell.
  AuditReport report = Audit([](RawDb& db) {
    RewriteEntry(db, 7, 14, [](internal::EntryBody* body) {
      body->mutable_event()->mutable_repayment_recorded()->mutable_principal()->set_amount_fen(
          100'000'01);
    });
  });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.balance.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 7u);
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nprojections  FAILED  first bad sequence 7: the journal does "
                                "not replay: entry 7: loan banks/B001/loans/L1: the repayment "
                                "records outstanding principal 7500000 fen after it, but applying "
                                "it gives -1\n"))
      << text_;
  EXPECT_TRUE(absl::StrContains(
      text_,
      "\nrequests     SKIPPED the journal does not replay from entry 7, "
      "so the loans and funds later records hold cannot be recomputed (the records "
      "of entries 1..6 match)\n"))
      << text_;
}

TEST_F(AuditTest, ACheckpointExposesAHistoryRewrittenWithRecomputedHashes) {
  const v1::SignedCheckpoint checkpoint = TakeCheckpoint();
  ASSERT_EQ(checkpoint.sequence(), 14u);
  // Entry 3 is made to look as if another bank created it; everything after is re-chained.
  AuditReport report = Audit(
      [](RawDb& db) {
        RewriteEntry(db, 3, 14,
                     [](internal::EntryBody* body) { body->set_principal("bank:B009"); });
      },
      &checkpoint);
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk) << text_;        // the forgery chains,
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kOk) << text_;  // replays
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kOk) << text_;     // and moved its record
  EXPECT_EQ(report.checkpoint.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 14u);
  EXPECT_TRUE(absl::StrContains(text_,
                                "checkpoint   FAILED  first bad sequence 14: entry 14 has "
                                "hash "))
      << text_;
  EXPECT_TRUE(absl::StrContains(text_, "but the checkpoint signed " +
                                           HexEncode(checkpoint.head_hash()) +
                                           ": the history up to entry 14 was rewritten"))
      << text_;
}

TEST_F(AuditTest, ACheckpointOnlyVouchesForTheHistoryItSigned) {
  // A checkpoint of entry 10; entry 12, after it, is rewritten: the checkpoint still holds.
  const JournalHead head = ledger_->engine()->head();
  absl::StatusOr<v1::SignedCheckpoint> at_10 = signer_->Sign(10, HashOfEntry(10), absl::Now());
  ASSERT_TRUE(at_10.ok());
  AuditReport report = Audit(
      [&](RawDb& db) {
        RewriteEntry(db, 12, head.sequence, [](internal::EntryBody* b) { b->set_request_id("x"); });
      },
      &*at_10);
  EXPECT_TRUE(report.ok()) << text_;

  // A forged or altered checkpoint is not authentic.
  v1::SignedCheckpoint altered = *at_10;
  altered.set_sequence(9);
  SetUp();
  report = Audit(nullptr, &altered);
  EXPECT_EQ(report.checkpoint.outcome, CheckOutcome::kFailed);
  EXPECT_TRUE(absl::StrContains(text_,
                                "the checkpoint of entry 9 is not authentic: the "
                                "signature does not verify"))
      << text_;
}

TEST_F(AuditTest, ACheckpointBeyondTheJournalSaysEntriesAreGone) {
  const v1::SignedCheckpoint checkpoint = TakeCheckpoint();
  // Entries 13 and 14 removed and the head record moved back: the chain alone cannot tell.
  AuditReport report = Audit(
      [](RawDb& db) {
        const std::string record = db.Get(RawDb::kJournal, JournalKey(12));
        db.Delete(RawDb::kJournal, JournalKey(13));
        db.Delete(RawDb::kJournal, JournalKey(14));
        db.Put(RawDb::kProjections, kJournalHeadKey, EncodeHead({12, DecodeEntry(record)->hash}));
      },
      &checkpoint);
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.checkpoint.first_bad_sequence, 13u);
  EXPECT_TRUE(absl::StrContains(text_,
                                "the journal ends at entry 12, before the checkpoint's "
                                "entry 14: entries it signed are gone"))
      << text_;
  // The request records of the removed entries were left behind.
  EXPECT_EQ(report.requests.problems,
            (std::vector<std::string>{
                "extra: request record (bank:B001, request p6) that no journal entry made; it "
                "names entry 13, which the journal does not have",
                "extra: request record (bank:B002, request d6) that no journal entry made; it "
                "names entry 14, which the journal does not have",
            }))
      << text_;
}

TEST_F(AuditTest, ADeletedRequestRecordIsReportedAtItsEntry) {
  // Without it, a retry of p1 would repay L1 a second time.
  AuditReport report =
      Audit([](RawDb& db) { db.Delete(RawDb::kRequests, RequestKeyOf("bank:B001", "p1")); });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 7u);
  EXPECT_EQ(report.requests.problems,
            std::vector<std::string>{"missing: request record of entry 7 (bank:B001, request p1)"})
      << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nrequests     FAILED  first bad sequence 7: differ from the "
                                "journal and its replay: 1 missing, 0 extra, 0 different (records "
                                "of entries 1..14 checked; 13 stored)\n"))
      << text_;
  EXPECT_TRUE(absl::EndsWith(text_, "\naudit: FAILED; first bad sequence 7\n")) << text_;
}

TEST_F(AuditTest, AnEditedRequestRecordIsDescribedFieldByField) {
  AuditReport report = Audit([](RawDb& db) {
    // A retry of p6 would be answered with a loan that never was.
    EditRecord(db, "bank:B001", "p6", [](internal::RequestRecord* record) {
      record->mutable_result()->mutable_loan()->mutable_outstanding_principal()->set_amount_fen(1);
    });
    // Names the next entry: reported as this entry's, not again as extra.
    EditRecord(db, "bank:B001", "d1",
               [](internal::RequestRecord* record) { record->mutable_result()->set_sequence(6); });
    EditRecord(db, "bank:B001", "c2",
               [](internal::RequestRecord* record) { record->clear_fingerprint(); });
  });
  EXPECT_EQ(report.chain.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.projections.outcome, CheckOutcome::kOk);
  EXPECT_EQ(report.first_bad_sequence(), 2u);
  EXPECT_EQ(report.requests.problems,
            (std::vector<std::string>{
                "request record of entry 2 (bank:B001, request c2) has a fingerprint of 0 bytes, "
                "not a SHA-256's 32",
                "request record of entry 5 (bank:B001, request d1) differs (stored -> expected "
                "from the journal and the replay): modified: result.sequence: 6 -> 5",
                "request record of entry 13 (bank:B001, request p6) differs (stored -> expected "
                "from the journal and the replay): modified: "
                "result.loan.outstanding_principal.amount_fen: 1 -> 7500000",
            }))
      << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nrequests     FAILED  first bad sequence 2: differ from the "
                                "journal and its replay: 0 missing, 0 extra, 3 different (records "
                                "of entries 1..14 checked; 14 stored)\n"))
      << text_;
}

TEST_F(AuditTest, RequestRecordsNoEntryMadeAreExtra) {
  AuditReport report = Audit([](RawDb& db) {
    const std::string c3 = db.Get(RawDb::kRequests, RequestKeyOf("bank:B002", "c3"));
    db.Put(RawDb::kRequests, RequestKeyOf("bank:B009", "x"), c3);  // still names entry 3
    internal::RequestRecord beyond;
    ASSERT_TRUE(beyond.ParseFromString(c3));
    beyond.mutable_result()->set_sequence(99);
    db.Put(RawDb::kRequests, RequestKeyOf("bank:B009", "y"), beyond.SerializeAsString());
  });
  EXPECT_EQ(report.requests.outcome, CheckOutcome::kFailed);
  EXPECT_EQ(report.first_bad_sequence(), 0u);
  EXPECT_EQ(report.requests.problems,
            (std::vector<std::string>{
                "extra: request record (bank:B009, request x) that no journal entry made; it "
                "names entry 3 (bank:B002, request c3)",
                "extra: request record (bank:B009, request y) that no journal entry made; it "
                "names entry 99, which the journal does not have",
            }))
      << text_;
  EXPECT_TRUE(absl::StrContains(text_,
                                "\nrequests     FAILED  differ from the journal and its replay: 0 "
                                "missing, 2 extra, 0 different (records of entries 1..14 checked; "
                                "16 stored)\n"))
      << text_;
}

}  // namespace
}  // namespace ledger
