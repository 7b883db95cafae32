// The interest-subsidy claims workflow over real gRPC against a real server: finance sets a
// policy (public finance pays 50% of the contract interest) and an LPR fixing; bank B001 lends
// and disburses; it claims a quarter with one correct and one over-claimed line; the stored
// expected amounts are the calculator's (and the hand-computed figures below); overlapping days
// are refused; finance approves at the computed amounts and records the payment, after which the
// bank's subsidy receivable is back to 0 and the programme's subsidy expense is the approved
// total. Also: a rejected claim frees its days, another bank sees none of it, a retried request
// id gets the first answer (even when its basis could no longer be computed), an approval
// recomputes the expected amounts after late entries, no line is claimed or approved above its
// contract interest, and ListLoanSubsidies pages through every loan with the same totals as
// ComputeSubsidy.
#include "tests/subsidy_claims_fixture.h"

namespace ledger {
namespace {

TEST_F(SubsidyClaimsTest, SubmitApprovePayWithTheComputedAmounts) {
  // C1 claimed exactly; C2 over-claimed (300.00 against 277.92).
  const v1::SubmitSubsidyClaimRequest submit =
      Claim("claim-a", "2026Q3", {Line("C1", kC1SubsidyFen), Line("C2", 30'000)});
  v1::SubsidyClaimResponse submitted;
  grpc::Status s = Submit(submit, &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string name = "banks/B001/subsidy_claims/2026Q3";
  EXPECT_EQ(submitted.claim().name(), name);
  EXPECT_EQ(submitted.claim().state(), v1::CLAIM_SUBMITTED);
  EXPECT_EQ(submitted.claim().line_count(), 2);
  EXPECT_EQ(submitted.claim().claimed_total().amount_fen(), kC1SubsidyFen + 30'000);
  EXPECT_EQ(submitted.claim().expected_total().amount_fen(), kC1SubsidyFen + kC2SubsidyFen);
  EXPECT_GT(submitted.commit().sequence(), 0u);
  EXPECT_FALSE(submitted.commit().replayed());
  EXPECT_LT(submitted.claim().basis_sequence(), submitted.commit().sequence());

  // The same request id again: the first answer, nothing applied twice.
  v1::SubsidyClaimResponse replayed;
  s = Submit(submit, &replayed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(replayed.commit().replayed());
  EXPECT_EQ(replayed.commit().sequence(), submitted.commit().sequence());
  EXPECT_EQ(replayed.claim().name(), name);
  EXPECT_EQ(replayed.claim().expected_total().amount_fen(),
            submitted.claim().expected_total().amount_fen());

  // The stored expected amounts are the calculator's, and the hand-computed ones.
  v1::SubsidyClaim claim;
  s = Get(name, &claim);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(claim.lines_size(), 2);
  EXPECT_EQ(claim.lines(0).loan(), LoanName("C1"));
  EXPECT_EQ(claim.lines(0).expected().amount_fen(), kC1SubsidyFen);
  EXPECT_EQ(claim.lines(0).expected().amount_fen(), SubsidyOf("C1"));
  EXPECT_EQ(claim.lines(0).interest().amount_fen(), kC1InterestFen);
  EXPECT_EQ(claim.lines(0).claimed().amount_fen(), kC1SubsidyFen);
  EXPECT_EQ(claim.lines(0).county_code(), "370281");
  EXPECT_EQ(claim.lines(0).note(), "");
  EXPECT_EQ(claim.lines(1).expected().amount_fen(), kC2SubsidyFen);
  EXPECT_EQ(claim.lines(1).expected().amount_fen(), SubsidyOf("C2"));
  EXPECT_EQ(claim.lines(1).interest().amount_fen(), kC2InterestFen);
  EXPECT_EQ(claim.lines(1).claimed().amount_fen(), 30'000);
  // The bank reads its own claim; another bank does not see it at all.
  v1::SubsidyClaim own;
  s = Get(name, &own, kBank);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(own.lines_size(), 2);
  v1::SubsidyClaim hidden;
  s = Get(name, &hidden, kOtherBank);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "CLAIM_NOT_FOUND");
  // ... nor the same name of a claim that does not exist.
  s = Get("banks/B001/subsidy_claims/nope", &hidden, kOtherBank);
  EXPECT_EQ(ReasonOf(s), "CLAIM_NOT_FOUND");
  s = Get("banks/B001/subsidy_claims/nope", &hidden, kFinance);
  EXPECT_EQ(ReasonOf(s), "CLAIM_NOT_FOUND");

  // The claim's journal entry is the bank's (journal visibility follows the claim's bank).
  auto journal = server_.Journal();
  v1::GetEntryRequest entry_request;
  entry_request.set_sequence(submitted.commit().sequence());
  v1::JournalEntry entry;
  s = journal->GetEntry(Context(kBank).get(), entry_request, &entry);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(entry.event().has_subsidy_claim_submitted());
  s = journal->GetEntry(Context(kOtherBank).get(), entry_request, &entry);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();

  // Days of C1 in the period cannot be claimed again while the claim stands.
  v1::DatePeriod september;
  *september.mutable_first_day() = Day(2026, 9, 1);
  *september.mutable_last_day() = Day(2026, 9, 30);
  v1::SubsidyClaimResponse refused;
  s = Submit(Claim("claim-b", "2026Q3-bis", {Line("C1", 100)}, september), &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "DAYS_ALREADY_CLAIMED");

  // Approved at the computed amounts: min(claimed, expected) per line.
  v1::ApproveSubsidyClaimRequest approve;
  approve.set_request_id("approve-a");
  approve.set_name(name);
  approve.set_approval(v1::APPROVE_AS_COMPUTED);
  v1::SubsidyClaimResponse approved;
  s = subsidies_->ApproveSubsidyClaim(Context(kFinance).get(), approve, &approved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const int64_t approved_total = kC1SubsidyFen + kC2SubsidyFen;  // 55,583 + 27,792 = 83,375
  EXPECT_EQ(approved.claim().state(), v1::CLAIM_APPROVED);
  EXPECT_EQ(approved.claim().approved_total().amount_fen(), approved_total);
  s = Get(name, &claim);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(claim.approval(), v1::APPROVE_AS_COMPUTED);
  EXPECT_EQ(claim.lines(0).approved().amount_fen(), kC1SubsidyFen);
  EXPECT_EQ(claim.lines(1).approved().amount_fen(), kC2SubsidyFen);
  EXPECT_EQ(Balance("banks/B001/accounts/subsidy_receivable"), approved_total);

  // A bank may not approve (its own or any) claim.
  approve.set_request_id("approve-by-bank");
  s = subsidies_->ApproveSubsidyClaim(Context(kBank).get(), approve, &approved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // The payment must be the whole approved total.
  const absl::CivilDay today = LedgerEngine::Today(absl::Now());
  v1::RecordSubsidyPaymentRequest pay;
  pay.set_request_id("pay-wrong");
  pay.set_name(name);
  *pay.mutable_amount() = Cny(approved_total - 1);
  *pay.mutable_value_date() = ToDate(today);
  pay.set_payment_reference("T-2026-0042");
  v1::SubsidyClaimResponse paid;
  s = subsidies_->RecordSubsidyPayment(Context(kFinance).get(), pay, &paid);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "PAYMENT_AMOUNT_MISMATCH");
  pay.set_request_id("pay-right");
  *pay.mutable_amount() = Cny(approved_total);
  s = subsidies_->RecordSubsidyPayment(Context(kFinance).get(), pay, &paid);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(paid.claim().state(), v1::CLAIM_PAID);
  EXPECT_EQ(paid.claim().paid_total().amount_fen(), approved_total);

  EXPECT_EQ(Balance("banks/B001/accounts/subsidy_receivable"), 0);
  entry_request.set_sequence(paid.commit().sequence());
  s = journal->GetEntry(Context(kBank).get(), entry_request, &entry);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(entry.event().has_subsidy_claim_paid());
  EXPECT_EQ(Balance("programme/accounts/subsidy_expense"), approved_total);

  // Listings: headers only; a bank its own, finance any bank's.
  v1::ListSubsidyClaimsRequest list;
  list.set_state(v1::CLAIM_PAID);
  v1::ListSubsidyClaimsResponse listed;
  s = subsidies_->ListSubsidyClaims(Context(kAuditor).get(), list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(listed.claims_size(), 1);
  EXPECT_EQ(listed.claims(0).name(), name);
  EXPECT_EQ(listed.claims(0).lines_size(), 0);
  EXPECT_EQ(listed.claims(0).line_count(), 2);
  list.Clear();
  listed.Clear();
  s = subsidies_->ListSubsidyClaims(Context(kOtherBank).get(), list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(listed.claims_size(), 0);
  list.set_bank_id("B001");
  s = subsidies_->ListSubsidyClaims(Context(kOtherBank).get(), list, &listed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(FieldOf(s), "bank_id");
}

TEST_F(SubsidyClaimsTest, ARejectedClaimFreesItsDays) {
  v1::SubsidyClaimResponse submitted;
  grpc::Status s = Submit(Claim("claim-r", "R1", {Line("C3", 1'000)}), &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::SubsidyClaimResponse refused;
  s = Submit(Claim("claim-r2", "R2", {Line("C3", 1'000)}), &refused);
  EXPECT_EQ(ReasonOf(s), "DAYS_ALREADY_CLAIMED") << s.error_message();

  v1::RejectSubsidyClaimRequest reject;
  reject.set_request_id("reject-r");
  reject.set_name(submitted.claim().name());
  reject.set_reason("the amounts do not match the bank's statement");
  v1::SubsidyClaimResponse rejected;
  s = subsidies_->RejectSubsidyClaim(Context(kFinance).get(), reject, &rejected);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(rejected.claim().state(), v1::CLAIM_REJECTED);

  // The refused request id was not remembered: the same id now goes through.
  v1::SubsidyClaimResponse again;
  s = Submit(Claim("claim-r2", "R2", {Line("C3", 1'000)}), &again);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(again.claim().state(), v1::CLAIM_SUBMITTED);
  // Nothing was posted by the submission or the rejection.
  v1::GetAccountRequest account;
  account.set_account("banks/B001/accounts/subsidy_receivable");
  v1::AccountBalance balance;
  s = accounts_->GetAccount(Context(kFinance).get(), account, &balance);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(SubsidyClaimsTest, SubmissionRefusalsBeforeQueueing) {
  v1::SubsidyClaimResponse response;
  // Another bank's loan under the claim's bank name does not exist.
  grpc::Status s = Submit(Claim("x1", "X1", {Line("D1", 100)}), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "LOAN_NOT_FOUND");
  // A line naming another bank's loan.
  s = Submit(Claim("x2", "X2", {Line("C1", 100), Line("D1", 100, "B002")}), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "LOAN_OF_ANOTHER_BANK");
  EXPECT_EQ(FieldOf(s), "lines[1].loan");
  // A loan that does not exist.
  s = Submit(Claim("x3", "X3", {Line("C1", 100), Line("nope", 100)}), &response);
  EXPECT_EQ(ReasonOf(s), "LOAN_NOT_FOUND");
  EXPECT_EQ(FieldOf(s), "lines[1].loan");
  // No lines.
  s = Submit(Claim("x4", "X4", {}), &response);
  EXPECT_EQ(ReasonOf(s), "CLAIM_EMPTY");
  // A bank claims for itself only.
  v1::SubmitSubsidyClaimRequest theirs = Claim("x5", "X5", {Line("C1", 100)});
  s = Submit(theirs, &response, kOtherBank);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(FieldOf(s), "bank_id");
  // Finance staff do not submit claims.
  s = Submit(theirs, &response, kFinance);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // A period longer than 400 days.
  v1::DatePeriod long_period;
  *long_period.mutable_first_day() = Day(2025, 1, 1);
  *long_period.mutable_last_day() = Day(2026, 6, 30);
  s = Submit(Claim("x6", "X6", {Line("C1", 100)}, long_period), &response);
  EXPECT_EQ(ReasonOf(s), "INVALID_PERIOD");
  // A loan never disbursed can be claimed, at an expected 0.
  s = Submit(Claim("x7", "X7", {Line("C4", 0)}), &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::SubsidyClaim claim;
  s = Get(response.claim().name(), &claim);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(claim.lines_size(), 1);
  EXPECT_EQ(claim.lines(0).expected().amount_fen(), 0);
  EXPECT_EQ(claim.lines(0).note(), "not disbursed");
}

TEST_F(SubsidyClaimsTest, ApprovalRecomputesTheExpectedAmountsAfterALateRepayment) {
  v1::SubsidyClaimResponse submitted;
  grpc::Status s = Submit(Claim("claim-late", "LATE", {Line("C1", kC1SubsidyFen)}), &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(submitted.claim().expected_total().amount_fen(), kC1SubsidyFen);

  // After the submission, half of C1 is repaid value-dated 2026-08-01, inside the quarter:
  //   interest = (10,000,000 × 41 + 5,000,000 × 51) × 435 / 3,600,000 = 80,354.17 → 80,354 fen
  //   subsidy  = 40,177.08 → 40,177 fen
  RepayInTheQuarter("repay-late", "C1", 50'000'00);
  constexpr int64_t kNewSubsidyFen = 40'177;
  constexpr int64_t kNewInterestFen = 80'354;
  ASSERT_EQ(SubsidyOf("C1"), kNewSubsidyFen);

  v1::SubsidyClaimResponse approved;
  s = Approve("approve-late", submitted.claim().name(), v1::APPROVE_AS_COMPUTED, &approved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // min(claimed, the NEW expected), not the stale 55,583 the claim was submitted with.
  EXPECT_EQ(approved.claim().approved_total().amount_fen(), kNewSubsidyFen);
  EXPECT_EQ(approved.claim().expected_total().amount_fen(), kNewSubsidyFen);
  EXPECT_GT(approved.claim().basis_sequence(), submitted.claim().basis_sequence());
  v1::SubsidyClaim claim;
  s = Get(submitted.claim().name(), &claim);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(claim.lines(0).approved().amount_fen(), kNewSubsidyFen);
  EXPECT_EQ(claim.lines(0).expected().amount_fen(), kNewSubsidyFen);
  EXPECT_EQ(claim.lines(0).interest().amount_fen(), kNewInterestFen);
  EXPECT_EQ(claim.lines(0).claimed().amount_fen(), kC1SubsidyFen);
  EXPECT_EQ(Balance("banks/B001/accounts/subsidy_receivable"), kNewSubsidyFen);
}

TEST_F(SubsidyClaimsTest, NoLineIsClaimedOrApprovedAboveItsContractInterest) {
  v1::SubsidyClaimResponse response;
  grpc::Status s = Submit(Claim("claim-over", "OVER", {Line("C1", kC1InterestFen + 1)}), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "CLAIM_EXCEEDS_INTEREST");
  EXPECT_EQ(FieldOf(s), "lines[0].claimed");

  // Exactly the interest may be claimed; after a late repayment the interest is lower, and
  // approving as claimed would pay more than it: refused; as computed is min(claimed, expected).
  v1::SubsidyClaimResponse submitted;
  s = Submit(Claim("claim-c2", "C2FULL", {Line("C2", kC2InterestFen)}), &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  RepayInTheQuarter("repay-c2", "C2", 25'000'00);
  v1::SubsidyClaimResponse approved;
  s = Approve("approve-c2", submitted.claim().name(), v1::APPROVE_AS_CLAIMED, &approved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(ReasonOf(s), "CLAIM_EXCEEDS_INTEREST");
  EXPECT_EQ(FieldOf(s), "lines[0].claimed");
  s = Approve("approve-c2b", submitted.claim().name(), v1::APPROVE_AS_COMPUTED, &approved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(approved.claim().approved_total().amount_fen(), SubsidyOf("C2"));
}

TEST_F(SubsidyClaimsTest, ARetryReplaysTheFirstAnswerEvenWhenItsBasisNoLongerComputes) {
  // P1 and P2: signed and disbursed on 2022-06-01, before any LPR fixing (2023-01-01). The
  // policy (50% of the interest, no rate cap) needs none, so their 2022 quarter is computed.
  for (const char* loan : {"P1", "P2"}) {
    v1::CreateLoanRequest create =
        CreateRequest(absl::StrCat("create-", loan), loan, 10'000'00, "370281", "B001");
    create.set_term_months(12);
    *create.mutable_contract_date() = Day(2022, 6, 1);
    v1::CreateLoanResponse created;
    grpc::Status s = loans_->CreateLoan(Context(kBank).get(), create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::DisburseLoanRequest disburse =
        DisburseRequest(absl::StrCat("disburse-", loan), loan, 10'000'00, "B001");
    *disburse.mutable_value_date() = Day(2022, 6, 1);
    v1::DisburseLoanResponse disbursed;
    s = loans_->DisburseLoan(Context(kBank).get(), disburse, &disbursed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::DatePeriod quarter_2022;
  *quarter_2022.mutable_first_day() = Day(2022, 6, 21);
  *quarter_2022.mutable_last_day() = Day(2022, 9, 20);
  const v1::SubmitSubsidyClaimRequest submit =
      Claim("claim-2022", "2022Q3", {Line("P1", 100)}, quarter_2022);
  v1::SubsidyClaimResponse submitted;
  grpc::Status s = Submit(submit, &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::SubsidyClaimResponse approved;
  s = Approve("approve-2022", submitted.claim().name(), v1::APPROVE_AS_COMPUTED, &approved);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // A version from 2022 on needs the LPR (borrower pays up to LPR − spread): the 2022 quarter
  // can no longer be computed.
  v1::AddSubsidyPolicyVersionRequest add;
  add.set_request_id("policy-2022");
  *add.mutable_version()->mutable_effective_from() = Day(2022, 1, 1);
  add.mutable_version()->set_mode(v1::BORROWER_PAYS_UP_TO_LPR_MINUS);
  add.mutable_version()->set_source("claims test: LPR needed");
  v1::PolicyVersionResponse added;
  s = policies_->AddSubsidyPolicyVersion(Context(kFinance).get(), add, &added);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::SubsidyClaimResponse refused;
  s = Submit(Claim("claim-2022-p2", "2022Q3-P2", {Line("P2", 100)}, quarter_2022), &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(FieldOf(s), "lines[0].loan");  // the line, and the loan in the message
  EXPECT_NE(s.error_message().find(LoanName("P2")), std::string::npos) << s.error_message();

  // Retries of the committed requests get their first answers, not that error.
  v1::SubsidyClaimResponse replayed;
  s = Submit(submit, &replayed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(replayed.commit().replayed());
  EXPECT_EQ(replayed.commit().sequence(), submitted.commit().sequence());
  s = Approve("approve-2022", submitted.claim().name(), v1::APPROVE_AS_COMPUTED, &replayed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(replayed.commit().replayed());
  EXPECT_EQ(replayed.commit().sequence(), approved.commit().sequence());
  EXPECT_EQ(replayed.claim().approved_total().amount_fen(),
            approved.claim().approved_total().amount_fen());
  // The same request id for another request is still REQUEST_ID_REUSED.
  s = Approve("approve-2022", submitted.claim().name(), v1::APPROVE_AS_CLAIMED, &replayed);
  EXPECT_EQ(ReasonOf(s), "REQUEST_ID_REUSED") << s.error_message();
}

}  // namespace
}  // namespace ledger
