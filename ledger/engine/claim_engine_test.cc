// Subsidy claims through the real engine over a real Store: a bank submits a claim (with the
// basis the server would compute, built here by hand), finance approves it at the computed
// amounts and records its payment; the postings leave the accounts exactly as docs/ACCOUNTS.md
// says, overlapping claims are refused until the first is rejected, a stale basis is ABORTED,
// a retry with another basis replays the first answer, claim entries are not reversible, and a
// replay of the journal rebuilds exactly the stored rows.
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/accounts/account_projection.h"
#include "ledger/accounts/chart.h"
#include "ledger/audit/audit.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/model/ledger_replay.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/testing/sample_ledger.h"

namespace ledger {
namespace {

constexpr char kBank[] = "bank:B001";
constexpr char kFinance[] = "finance:1";

struct Line {
  std::string loan_id;
  int64_t claimed_fen;
  int64_t expected_fen;
};

internal::LedgerCommand Submit(const std::string& request_id, const std::string& claim_id,
                               absl::CivilDay first, absl::CivilDay last,
                               const std::vector<Line>& lines, uint64_t basis_sequence) {
  internal::LedgerCommand c;
  v1::SubmitSubsidyClaimRequest* r = c.mutable_submit_claim();
  r->set_request_id(request_id);
  r->set_bank_id("B001");
  r->set_claim_id(claim_id);
  *r->mutable_period()->mutable_first_day() = ToDate(first);
  *r->mutable_period()->mutable_last_day() = ToDate(last);
  c.mutable_claim_basis()->set_basis_sequence(basis_sequence);
  for (const Line& line : lines) {
    v1::SubsidyClaimLine* l = r->add_lines();
    l->set_loan("banks/B001/loans/" + line.loan_id);
    *l->mutable_claimed() = Cny(line.claimed_fen);
    internal::ClaimLineBasis* b = c.mutable_claim_basis()->add_lines();
    b->set_expected_fen(line.expected_fen);
    b->set_interest_fen(line.expected_fen * 2);
    b->set_county_code("370281");
  }
  return c;
}

std::string Name(const std::string& claim_id) { return "banks/B001/subsidy_claims/" + claim_id; }

// An approval as computed with the basis the server would recompute: each line's expected
// amount (interest twice that), as of `basis_sequence`. No expected amounts: no basis (a retry
// the server found recorded, or a claim the rules refuse before they read the basis).
internal::LedgerCommand Approve(const std::string& request_id, const std::string& claim_id,
                                const std::vector<int64_t>& expected_fen = {},
                                uint64_t basis_sequence = 0,
                                v1::ClaimApproval approval = v1::APPROVE_AS_COMPUTED) {
  internal::LedgerCommand c;
  c.mutable_approve_claim()->set_request_id(request_id);
  c.mutable_approve_claim()->set_name(Name(claim_id));
  c.mutable_approve_claim()->set_approval(approval);
  if (expected_fen.empty()) return c;
  c.mutable_claim_basis()->set_basis_sequence(basis_sequence);
  for (int64_t expected : expected_fen) {
    internal::ClaimLineBasis* b = c.mutable_claim_basis()->add_lines();
    b->set_expected_fen(expected);
    b->set_interest_fen(expected * 2);
    b->set_county_code("370281");
  }
  return c;
}

internal::LedgerCommand Reject(const std::string& request_id, const std::string& claim_id) {
  internal::LedgerCommand c;
  c.mutable_reject_claim()->set_request_id(request_id);
  c.mutable_reject_claim()->set_name(Name(claim_id));
  c.mutable_reject_claim()->set_reason("claimed the wrong quarter");
  return c;
}

internal::LedgerCommand Pay(const std::string& request_id, const std::string& claim_id,
                            int64_t amount_fen) {
  internal::LedgerCommand c;
  v1::RecordSubsidyPaymentRequest* r = c.mutable_pay_claim();
  r->set_request_id(request_id);
  r->set_name(Name(claim_id));
  *r->mutable_amount() = Cny(amount_fen);
  *r->mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 28));
  r->set_payment_reference("TRSY-0001");
  return c;
}

// Reads the projections family as it is now (the test's view of the stored claim rows).
class StoredState : public ProjectionState {
 public:
  explicit StoredState(const Store* store) : store_(store) {}
  absl::StatusOr<std::string> Get(absl::string_view key) override {
    return store_->Get(Family::kProjections, key);
  }
  void Put(absl::string_view, absl::string_view) override { ADD_FAILURE() << "read only"; }
  void Delete(absl::string_view) override { ADD_FAILURE() << "read only"; }

 private:
  const Store* store_;
};

std::map<std::string, std::string> Stored(const Store& store) {
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(store
                  .Scan(Family::kProjections, "", "",
                        [&](absl::string_view key, absl::string_view value) {
                          rows[std::string(key)] = std::string(value);
                          return true;
                        })
                  .ok());
  return rows;
}

int64_t Balance(const Store& store, const std::string& account) {
  absl::StatusOr<v1::AccountBalance> balance = AccountProjection(&store).Get(account);
  EXPECT_TRUE(balance.ok()) << account << ": " << balance.status();
  return balance.ok() ? balance->balance().amount_fen() : -1;
}

const absl::CivilDay kQ1First(2024, 1, 15);
const absl::CivilDay kQ1Last(2024, 3, 20);
const absl::CivilDay kQ2First(2024, 3, 21);
const absl::CivilDay kQ2Last(2024, 6, 20);

class ClaimEngineTest : public ::testing::Test {
 protected:
  ClaimEngineTest() : ledger_("claim_engine") {}

  void SetUp() override {
    // Entries 1-4: L1 and L2 of B001 created and disbursed (100,000.00 CNY each).
    ASSERT_TRUE(ledger_.Run(Create("c1", "B001", "L1", 100'000'00)).ok());
    ASSERT_TRUE(ledger_.Run(Create("c2", "B001", "L2", 100'000'00)).ok());
    ASSERT_TRUE(ledger_.Run(Disburse("d1", "B001", "L1", 100'000'00)).ok());
    ASSERT_TRUE(ledger_.Run(Disburse("d2", "B001", "L2", 100'000'00)).ok());
  }

  absl::StatusOr<CommandOutcome> As(const char* principal, internal::LedgerCommand command) {
    return ledger_.RunAs(principal, std::move(command));
  }

  v1::SubsidyClaim Load(const std::string& claim_id) {
    StoredState state(ledger_.store());
    absl::StatusOr<v1::SubsidyClaim> claim = LoadClaimWithLines(state, "B001", claim_id);
    EXPECT_TRUE(claim.ok()) << claim.status();
    return claim.ok() ? *claim : v1::SubsidyClaim();
  }

  void ExpectReplayEqualsStore() {
    absl::StatusOr<LedgerReplay> replay = ReplayJournal(*ledger_.store());
    ASSERT_TRUE(replay.ok()) << replay.status();
    std::map<std::string, std::string> replayed;
    replay->ForEachRow([&](const ProjectionRow& row) { replayed[row.key] = row.value; });
    EXPECT_EQ(replayed, Stored(*ledger_.store()));
    // The offline audit agrees: chain, balance, projections and request records (whose
    // results carry the claim as the replay leaves it).
    absl::StatusOr<AuditReport> report = RunAudit(*ledger_.store(), AuditOptions());
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->ok()) << FormatReport(*report);
  }

  SampleLedger ledger_;
};

TEST_F(ClaimEngineTest, SubmitApproveAsComputedAndPay) {
  absl::StatusOr<CommandOutcome> submitted = As(
      kBank,
      Submit("s1", "C1", kQ2First, kQ2Last, {{"L1", 500'00, 450'00}, {"L2", 300'00, 320'00}}, 4));
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  const v1::SubsidyClaim& header = submitted->result.claim();
  EXPECT_EQ(header.name(), Name("C1"));
  EXPECT_EQ(header.state(), v1::CLAIM_SUBMITTED);
  EXPECT_EQ(header.lines_size(), 0);
  EXPECT_EQ(header.line_count(), 2);
  EXPECT_EQ(header.submitted_sequence(), 5u);
  EXPECT_EQ(header.claimed_total().amount_fen(), 800'00);
  EXPECT_EQ(header.expected_total().amount_fen(), 770'00);
  EXPECT_EQ(submitted->result.sequence(), 5u);

  absl::StatusOr<CommandOutcome> approved = As(kFinance, Approve("a1", "C1", {450'00, 320'00}, 5));
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->result.claim().state(), v1::CLAIM_APPROVED);
  EXPECT_EQ(approved->result.claim().approved_total().amount_fen(), 750'00);  // 450 + 300
  EXPECT_EQ(approved->result.claim().decided_sequence(), 6u);

  // Paying another amount is refused and writes nothing.
  absl::StatusOr<CommandOutcome> wrong = As(kFinance, Pay("p0", "C1", 770'00));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(ReasonOf(wrong.status()), reason::kPaymentAmountMismatch);

  absl::StatusOr<CommandOutcome> paid = As(kFinance, Pay("p1", "C1", 750'00));
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->result.claim().state(), v1::CLAIM_PAID);
  EXPECT_EQ(paid->result.claim().paid_sequence(), 7u);
  EXPECT_EQ(ledger_.store()->last_sequence(), 7u);

  const v1::SubsidyClaim claim = Load("C1");
  EXPECT_EQ(claim.state(), v1::CLAIM_PAID);
  ASSERT_EQ(claim.lines_size(), 2);
  EXPECT_EQ(claim.lines(0).approved().amount_fen(), 450'00);
  EXPECT_EQ(claim.lines(1).approved().amount_fen(), 300'00);
  EXPECT_EQ(claim.paid_total().amount_fen(), 750'00);
  EXPECT_EQ(claim.payment_reference(), "TRSY-0001");

  // Approval: Dr receivable / Cr interest income, Dr expense / Cr payable; payment: Dr payable
  // / Cr receivable. Balances are debits minus credits.
  const Store& store = *ledger_.store();
  EXPECT_EQ(Balance(store, BankSubsidyReceivableAccount("B001")), 0);
  EXPECT_EQ(Balance(store, BankInterestIncomeAccount("B001")), -750'00);
  EXPECT_EQ(Balance(store, SubsidyExpenseAccount()), 750'00);
  EXPECT_EQ(Balance(store, SubsidyPayableAccount()), 0);
  absl::StatusOr<v1::AccountBalance> receivable =
      AccountProjection(&store).Get(BankSubsidyReceivableAccount("B001"));
  ASSERT_TRUE(receivable.ok());
  EXPECT_EQ(receivable->debits().amount_fen(), 750'00);
  EXPECT_EQ(receivable->credits().amount_fen(), 750'00);

  absl::StatusOr<v1::TrialBalance> trial = AccountProjection(&store).GetTrialBalance({});
  ASSERT_TRUE(trial.ok()) << trial.status();
  EXPECT_TRUE(trial->balanced());
  int64_t sum_fen = 0;
  bool saw_expense = false;
  for (const v1::KindTotal& total : trial->totals()) {
    sum_fen += total.balance().amount_fen();
    if (total.kind() == v1::SUBSIDY_EXPENSE) saw_expense = true;
  }
  EXPECT_EQ(sum_fen, 0);
  EXPECT_TRUE(saw_expense);

  // Claim entries are not reversible.
  for (uint64_t sequence : {5u, 6u, 7u}) {
    absl::StatusOr<CommandOutcome> reversal =
        As(kFinance, Reverse(absl::StrCat("v", sequence), sequence, "undo"));
    ASSERT_FALSE(reversal.ok()) << sequence;
    EXPECT_EQ(ReasonOf(reversal.status()), reason::kNotReversible) << sequence;
  }

  absl::StatusOr<v1::ListSubsidyClaimsResponse> listed =
      ListClaims(store, "B001", v1::CLAIM_PAID, 0, "");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->claims_size(), 1);
  EXPECT_EQ(listed->claims(0).paid_sequence(), 7u);
  ExpectReplayEqualsStore();
}

TEST_F(ClaimEngineTest, OverlapsAreRefusedUntilTheClaimIsRejected) {
  ASSERT_TRUE(As(kBank, Submit("s1", "C1", kQ1First, kQ1Last, {{"L1", 100'00, 100'00}}, 4)).ok());
  // Any day in common, for any line, is refused, naming the claim that has it.
  absl::StatusOr<CommandOutcome> overlap =
      As(kBank,
         Submit("s2", "C2", kQ1Last, kQ2Last, {{"L2", 100'00, 100'00}, {"L1", 100'00, 100'00}}, 5));
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(overlap.status()), reason::kDaysAlreadyClaimed);
  EXPECT_EQ(FieldOf(overlap.status()), "lines[1].loan");
  EXPECT_NE(overlap.status().message().find(Name("C1")), absl::string_view::npos);
  // The id is taken, whatever the claim.
  absl::StatusOr<CommandOutcome> again =
      As(kBank, Submit("s3", "C1", kQ2First, kQ2Last, {{"L2", 1, 1}}, 5));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);

  absl::StatusOr<CommandOutcome> rejected = As(kFinance, Reject("r1", "C1"));
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->result.claim().state(), v1::CLAIM_REJECTED);
  EXPECT_EQ(rejected->result.claim().decided_sequence(), 6u);
  EXPECT_EQ(ReasonOf(As(kFinance, Approve("a1", "C1")).status()), reason::kClaimNotSubmitted);

  // Its days are free again.
  absl::StatusOr<CommandOutcome> resubmitted =
      As(kBank, Submit("s4", "C2", kQ1First, kQ1Last, {{"L1", 90'00, 100'00}}, 6));
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status();
  EXPECT_EQ(resubmitted->result.claim().submitted_sequence(), 7u);
  ExpectReplayEqualsStore();
}

TEST_F(ClaimEngineTest, AStaleBasisIsAbortedAndARetryReplaysTheFirstAnswer) {
  // L1 is repaid (entry 5) after a basis as of entry 4 was computed.
  ASSERT_TRUE(ledger_.Run(Repay("p1", "B001", "L1", 1'000'00, 0)).ok());
  absl::StatusOr<CommandOutcome> stale = As(
      kBank,
      Submit("s1", "C1", kQ2First, kQ2Last, {{"L2", 100'00, 100'00}, {"L1", 100'00, 100'00}}, 4));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale.status()), reason::kClaimBasisStale);
  EXPECT_EQ(FieldOf(stale.status()), "lines[1].loan");
  EXPECT_EQ(ledger_.store()->last_sequence(), 5u);

  // The client retries; the server computes the basis again, as of entry 5.
  absl::StatusOr<CommandOutcome> first =
      As(kBank,
         Submit("s1", "C1", kQ2First, kQ2Last, {{"L2", 100'00, 100'00}, {"L1", 100'00, 95'00}}, 5));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->replayed);
  EXPECT_EQ(first->result.claim().expected_total().amount_fen(), 195'00);

  // A retry of that request after more entries: another basis, the same request, first answer.
  ASSERT_TRUE(ledger_.Run(Repay("p2", "B001", "L2", 1'000'00, 0)).ok());
  absl::StatusOr<CommandOutcome> retry =
      As(kBank,
         Submit("s1", "C1", kQ2First, kQ2Last, {{"L2", 100'00, 80'00}, {"L1", 100'00, 95'00}}, 7));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->result.SerializeAsString(), first->result.SerializeAsString());
  EXPECT_EQ(ledger_.store()->last_sequence(), 7u);

  // The same request id with other claimed amounts is another request.
  absl::StatusOr<CommandOutcome> reused =
      As(kBank,
         Submit("s1", "C1", kQ2First, kQ2Last, {{"L2", 101'00, 80'00}, {"L1", 100'00, 95'00}}, 7));
  EXPECT_EQ(ReasonOf(reused.status()), reason::kRequestIdReused);
  ExpectReplayEqualsStore();
}

TEST_F(ClaimEngineTest, ApprovalRecomputesTheExpectedAmountsAndAStaleOneIsAborted) {
  ASSERT_TRUE(As(kBank, Submit("s1", "C1", kQ2First, kQ2Last,
                               {{"L1", 500'00, 450'00}, {"L2", 300'00, 320'00}}, 4))
                  .ok());  // entry 5
  // After the submission L1 is repaid in part (entry 6): its subsidy for the period may fall.
  // An approval computed before that entry is stale.
  ASSERT_TRUE(ledger_.Run(Repay("p1", "B001", "L1", 50'000'00, 0)).ok());
  absl::StatusOr<CommandOutcome> stale = As(kFinance, Approve("a1", "C1", {450'00, 320'00}, 5));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale.status()), reason::kClaimBasisStale);
  EXPECT_EQ(FieldOf(stale.status()), "lines[0].loan");
  // No basis at all (a command only a server bug would queue) is refused, not approved on the
  // submitted figures.
  absl::StatusOr<CommandOutcome> no_basis = As(kFinance, Approve("a0", "C1"));
  EXPECT_EQ(ReasonOf(no_basis.status()), reason::kFieldRequired);
  EXPECT_EQ(FieldOf(no_basis.status()), "claim_basis");

  // Recomputed as of entry 6: L1 now expects 200.00; approved min(500, 200) + min(300, 320).
  absl::StatusOr<CommandOutcome> approved = As(kFinance, Approve("a1", "C1", {200'00, 320'00}, 6));
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->result.claim().approved_total().amount_fen(), 500'00);
  EXPECT_EQ(approved->result.claim().expected_total().amount_fen(), 520'00);
  EXPECT_EQ(approved->result.claim().basis_sequence(), 6u);
  const v1::SubsidyClaim claim = Load("C1");
  EXPECT_EQ(claim.lines(0).approved().amount_fen(), 200'00);
  EXPECT_EQ(claim.lines(0).expected().amount_fen(), 200'00);
  EXPECT_EQ(claim.lines(0).interest().amount_fen(), 400'00);
  EXPECT_EQ(claim.lines(1).approved().amount_fen(), 300'00);
  EXPECT_EQ(Balance(*ledger_.store(), BankSubsidyReceivableAccount("B001")), 500'00);
  // The approval entry records the figures; the submission entry keeps the submitted ones.
  absl::StatusOr<v1::JournalEntry> entry = ReadEntry(*ledger_.store(), 7);
  ASSERT_TRUE(entry.ok()) << entry.status();
  const v1::SubsidyClaimApproved& event = entry->event().subsidy_claim_approved();
  ASSERT_EQ(event.expected_size(), 2);
  EXPECT_EQ(event.expected(0).amount_fen(), 200'00);
  EXPECT_EQ(event.interest(1).amount_fen(), 640'00);
  EXPECT_EQ(event.basis_sequence(), 6u);
  absl::StatusOr<v1::JournalEntry> submission = ReadEntry(*ledger_.store(), 5);
  ASSERT_TRUE(submission.ok()) << submission.status();
  EXPECT_EQ(submission->event().subsidy_claim_submitted().claim().lines(0).expected().amount_fen(),
            450'00);

  // A retry queued without a basis (the server found the request id recorded) replays the
  // first answer; the same id with another approval is another request.
  absl::StatusOr<CommandOutcome> retry = As(kFinance, Approve("a1", "C1"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->result.SerializeAsString(), approved->result.SerializeAsString());
  absl::StatusOr<CommandOutcome> reused =
      As(kFinance, Approve("a1", "C1", {}, 0, v1::APPROVE_AS_CLAIMED));
  EXPECT_EQ(ReasonOf(reused.status()), reason::kRequestIdReused);
  ExpectReplayEqualsStore();
}

TEST_F(ClaimEngineTest, ApprovalAsClaimedNeverPaysMoreThanTheInterest) {
  ASSERT_TRUE(As(kBank, Submit("s1", "C1", kQ2First, kQ2Last, {{"L1", 500'00, 450'00}}, 4)).ok());
  // Recomputed, L1's interest is 400.00 (expected 200.00): 500.00 as claimed is refused.
  absl::StatusOr<CommandOutcome> refused =
      As(kFinance, Approve("a1", "C1", {200'00}, 5, v1::APPROVE_AS_CLAIMED));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), reason::kClaimExceedsInterest);
  EXPECT_EQ(FieldOf(refused.status()), "lines[0].claimed");
  EXPECT_EQ(ledger_.store()->last_sequence(), 5u);
  // As submitted it would have been fine (interest 900.00).
  ASSERT_TRUE(As(kFinance, Approve("a2", "C1", {450'00}, 5, v1::APPROVE_AS_CLAIMED)).ok());
  EXPECT_EQ(Load("C1").approved_total().amount_fen(), 500'00);
}

TEST_F(ClaimEngineTest, AThousandLinesOfTheLongestNamesFitInOneCommand) {
  std::vector<Line> lines;
  for (int i = 0; i < 1000; ++i) {
    std::string id = absl::StrCat("L", i);
    id.resize(64, 'x');
    lines.push_back({id, 100'00, 90'00});
  }
  internal::LedgerCommand command = Submit("s1", "C1", kQ2First, kQ2Last, lines, 4);
  for (internal::ClaimLineBasis& line : *command.mutable_claim_basis()->mutable_lines()) {
    line.set_note("overdue; extension; principal above the cap");
  }
  ASSERT_GT(command.ByteSizeLong(), kMaxCommandBytes);
  // Queued and decided (the loans do not exist), not refused as too large.
  absl::StatusOr<CommandOutcome> outcome = As(kBank, command);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(ReasonOf(outcome.status()), reason::kLoanNotFound) << outcome.status();
  EXPECT_EQ(FieldOf(outcome.status()), "lines[0].loan");

  // An approval carries a recomputed basis of as many lines: queued as well.
  internal::LedgerCommand approve = Approve("a1", "C1", std::vector<int64_t>(1000, 90'00), 4);
  for (internal::ClaimLineBasis& line : *approve.mutable_claim_basis()->mutable_lines()) {
    line.set_note("overdue; extension; principal above the cap; written off; compensated");
  }
  ASSERT_GT(approve.ByteSizeLong(), kMaxCommandBytes);
  outcome = As(kFinance, approve);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(ReasonOf(outcome.status()), reason::kClaimNotFound) << outcome.status();
}

TEST_F(ClaimEngineTest, PolicyAndLprAfterTheBasisMakeItStale) {
  internal::LedgerCommand lpr;
  lpr.mutable_record_lpr_fixing()->set_request_id("l1");
  *lpr.mutable_record_lpr_fixing()->mutable_fixing()->mutable_effective_from() =
      ToDate(absl::CivilDay(2024, 1, 22));
  lpr.mutable_record_lpr_fixing()->mutable_fixing()->set_lpr_bps(345);
  ASSERT_TRUE(As(kFinance, lpr).ok());  // entry 5
  absl::StatusOr<CommandOutcome> stale =
      As(kBank, Submit("s1", "C1", kQ2First, kQ2Last, {{"L1", 1, 1}}, 4));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(FieldOf(stale.status()), "claim_basis");
  EXPECT_TRUE(As(kBank, Submit("s1", "C1", kQ2First, kQ2Last, {{"L1", 1, 1}}, 5)).ok());
}

}  // namespace
}  // namespace ledger
