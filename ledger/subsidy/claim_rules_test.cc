#include "ledger/subsidy/claim_rules.h"

#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

const absl::CivilDay kToday(2024, 6, 30);

v1::Loan Loan(const std::string& loan_id, uint64_t last_sequence) {
  v1::Loan loan;
  loan.set_name("banks/B001/loans/" + loan_id);
  loan.set_bank_id("B001");
  loan.set_loan_id(loan_id);
  loan.set_last_sequence(last_sequence);
  return loan;
}

// A valid submission of two lines (claimed 100.00 and 50.00; expected 90.00 and 60.00) and
// what the writer would load for it.
struct Submission {
  v1::SubmitSubsidyClaimRequest request;
  internal::ClaimBasis basis;
  ClaimSubmitInputs inputs;

  Submission() {
    request.set_request_id("r1");
    request.set_bank_id("B001");
    request.set_claim_id("2024Q2");
    *request.mutable_period()->mutable_first_day() = ToDate(absl::CivilDay(2024, 3, 21));
    *request.mutable_period()->mutable_last_day() = ToDate(absl::CivilDay(2024, 6, 20));
    AddLine("L1", 100'00, 90'00, "");
    AddLine("L2", 50'00, 60'00, "overdue");
    basis.set_basis_sequence(10);
    inputs.policy_tail_sequence = 2;
    inputs.lpr_tail_sequence = 3;
  }

  void AddLine(const std::string& loan_id, int64_t claimed_fen, int64_t expected_fen,
               const std::string& note) {
    v1::SubsidyClaimLine* line = request.add_lines();
    line->set_loan("banks/B001/loans/" + loan_id);
    *line->mutable_claimed() = Cny(claimed_fen);
    internal::ClaimLineBasis* b = basis.add_lines();
    b->set_expected_fen(expected_fen);
    b->set_interest_fen(expected_fen * 2);
    b->set_county_code("370281");
    b->set_note(note);
    inputs.loans.push_back(Loan(loan_id, 5));
    inputs.claimed_days.emplace_back();
  }

  absl::StatusOr<v1::Event> Decide() const {
    return DecideSubmitClaim(request, basis, inputs, kToday);
  }
};

internal::ClaimedRange Range(int32_t first, int32_t last, const std::string& claim) {
  internal::ClaimedRange range;
  range.set_first_day(first);
  range.set_last_day(last);
  range.set_claim(claim);
  return range;
}

void ExpectRefused(const absl::StatusOr<v1::Event>& event, absl::StatusCode code,
                   absl::string_view reason, absl::string_view field) {
  ASSERT_FALSE(event.ok()) << "accepted";
  EXPECT_EQ(event.status().code(), code) << event.status();
  EXPECT_EQ(ReasonOf(event.status()), reason) << event.status();
  EXPECT_EQ(FieldOf(event.status()), field) << event.status();
}

TEST(DecideSubmitClaimTest, EventCarriesTheWholeClaimWithTheBasis) {
  Submission s;
  absl::StatusOr<v1::Event> event = s.Decide();
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->postings_size(), 0);
  const v1::SubsidyClaim& claim = event->subsidy_claim_submitted().claim();
  EXPECT_EQ(claim.name(), "banks/B001/subsidy_claims/2024Q2");
  EXPECT_EQ(claim.bank_id(), "B001");
  EXPECT_EQ(claim.claim_id(), "2024Q2");
  EXPECT_EQ(FormatDate(claim.period().first_day()), "2024-03-21");
  EXPECT_EQ(FormatDate(claim.period().last_day()), "2024-06-20");
  EXPECT_EQ(claim.state(), v1::CLAIM_SUBMITTED);
  ASSERT_EQ(claim.lines_size(), 2);
  EXPECT_EQ(claim.line_count(), 2);
  EXPECT_EQ(claim.lines(1).loan(), "banks/B001/loans/L2");
  EXPECT_EQ(claim.lines(1).claimed().amount_fen(), 50'00);
  EXPECT_EQ(claim.lines(1).expected().amount_fen(), 60'00);
  EXPECT_EQ(claim.lines(1).interest().amount_fen(), 120'00);
  EXPECT_EQ(claim.lines(1).county_code(), "370281");
  EXPECT_EQ(claim.lines(1).note(), "overdue");
  EXPECT_FALSE(claim.lines(0).has_approved());
  EXPECT_EQ(claim.claimed_total().amount_fen(), 150'00);
  EXPECT_EQ(claim.expected_total().amount_fen(), 150'00);
  EXPECT_EQ(claim.basis_sequence(), 10u);
  EXPECT_EQ(claim.submitted_sequence(), 0u);
}

TEST(DecideSubmitClaimTest, EachRuleRefusesWithItsReasonAndField) {
  using Code = absl::StatusCode;
  struct Case {
    std::string what;
    std::function<void(Submission&)> change;
    Code code;
    std::string reason;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"no bank", [](Submission& s) { s.request.set_bank_id(""); }, Code::kInvalidArgument,
       reason::kFieldRequired, "bank_id"},
      {"bad claim id", [](Submission& s) { s.request.set_claim_id("2024/Q2"); },
       Code::kInvalidArgument, reason::kInvalidId, "claim_id"},
      {"claim exists", [](Submission& s) { s.inputs.claim_exists = true; }, Code::kAlreadyExists,
       reason::kClaimAlreadyExists, "claim_id"},
      {"no first day", [](Submission& s) { s.request.mutable_period()->clear_first_day(); },
       Code::kInvalidArgument, reason::kFieldRequired, "period.first_day"},
      {"invalid last day",
       [](Submission& s) { s.request.mutable_period()->mutable_last_day()->set_day(31); },
       Code::kInvalidArgument, reason::kInvalidDate, "period.last_day"},
      {"first after last",
       [](Submission& s) {
         *s.request.mutable_period()->mutable_first_day() = ToDate(absl::CivilDay(2024, 6, 21));
       },
       Code::kInvalidArgument, reason::kInvalidPeriod, "period"},
      {"401 days",
       [](Submission& s) {
         *s.request.mutable_period()->mutable_first_day() =
             ToDate(absl::CivilDay(2024, 6, 20) - 400);
       },
       Code::kInvalidArgument, reason::kInvalidPeriod, "period"},
      {"ends after today",
       [](Submission& s) { *s.request.mutable_period()->mutable_last_day() = ToDate(kToday + 1); },
       Code::kFailedPrecondition, reason::kPeriodInFuture, "period.last_day"},
      {"no lines",
       [](Submission& s) {
         s.request.clear_lines();
         s.inputs.loans.clear();
         s.inputs.claimed_days.clear();
       },
       Code::kInvalidArgument, reason::kClaimEmpty, "lines"},
      {"1001 lines",
       [](Submission& s) {
         for (int i = 0; i < 999; ++i) s.request.add_lines()->set_loan("banks/B001/loans/X");
         s.inputs.loans.clear();
         s.inputs.claimed_days.clear();
       },
       Code::kInvalidArgument, reason::kTooManyClaimLines, "lines"},
      {"bad loan name",
       [](Submission& s) { s.request.mutable_lines(1)->set_loan("banks/B001/L2"); },
       Code::kInvalidArgument, reason::kInvalidLoanName, "lines[1].loan"},
      {"another bank's loan",
       [](Submission& s) { s.request.mutable_lines(1)->set_loan("banks/B002/loans/L2"); },
       Code::kInvalidArgument, reason::kLoanOfAnotherBank, "lines[1].loan"},
      {"loan twice",
       [](Submission& s) {
         s.request.mutable_lines(1)->set_loan("banks/B001/loans/L1");
         s.inputs.loans[1] = Loan("L1", 5);
       },
       Code::kInvalidArgument, reason::kDuplicateClaimLine, "lines[1].loan"},
      {"no such loan", [](Submission& s) { s.inputs.loans[0].reset(); }, Code::kNotFound,
       reason::kLoanNotFound, "lines[0].loan"},
      {"negative claimed",
       [](Submission& s) { *s.request.mutable_lines(1)->mutable_claimed() = Cny(-1); },
       Code::kInvalidArgument, reason::kAmountNegative, "lines[1].claimed.amount_fen"},
      {"claimed in USD",
       [](Submission& s) {
         s.request.mutable_lines(0)->mutable_claimed()->set_currency_code("USD");
       },
       Code::kInvalidArgument, reason::kCurrencyNotSupported, "lines[0].claimed.currency_code"},
      {"no basis", [](Submission& s) { s.basis.clear_lines(); }, Code::kInvalidArgument,
       reason::kFieldRequired, "claim_basis"},
      {"basis out of range", [](Submission& s) { s.basis.mutable_lines(0)->set_expected_fen(-1); },
       Code::kInvalidArgument, reason::kOutOfRange, "claim_basis.lines[0]"},
      {"basis note too long",
       [](Submission& s) { s.basis.mutable_lines(1)->set_note(std::string(201, 'n')); },
       Code::kInvalidArgument, reason::kOutOfRange, "claim_basis.lines[1]"},
      {"loan changed after the basis",
       [](Submission& s) { s.inputs.loans[1]->set_last_sequence(11); }, Code::kAborted,
       reason::kClaimBasisStale, "lines[1].loan"},
      {"policy added after the basis", [](Submission& s) { s.inputs.policy_tail_sequence = 11; },
       Code::kAborted, reason::kClaimBasisStale, "claim_basis"},
      {"LPR fixed after the basis", [](Submission& s) { s.inputs.lpr_tail_sequence = 11; },
       Code::kAborted, reason::kClaimBasisStale, "claim_basis"},
      {"claimed above the interest",
       [](Submission& s) { s.basis.mutable_lines(0)->set_interest_fen(100'00 - 1); },
       Code::kFailedPrecondition, reason::kClaimExceedsInterest, "lines[0].claimed"},
      {"claimed total above the money bound",
       [](Submission& s) {
         for (int i = 0; i < 2; ++i) {
           *s.request.mutable_lines(i)->mutable_claimed() = Cny(kMaxAmountFen);
           s.basis.mutable_lines(i)->set_interest_fen(kMaxAmountFen);
         }
       },
       Code::kInvalidArgument, reason::kAmountTooLarge, "lines"},
      {"expected total above the money bound",
       [](Submission& s) {
         for (int i = 0; i < 2; ++i) s.basis.mutable_lines(i)->set_expected_fen(kMaxAmountFen);
       },
       Code::kInvalidArgument, reason::kAmountTooLarge, "lines"},
      {"overlapping days",
       [](Submission& s) {
         *s.inputs.claimed_days[1].add_ranges() =
             Range(20231221, 20240321, "banks/B001/subsidy_claims/2024Q1");
       },
       Code::kFailedPrecondition, reason::kDaysAlreadyClaimed, "lines[1].loan"},
      {"400 ranges",
       [](Submission& s) {
         for (int i = 0; i < kMaxClaimedRangesPerLoan; ++i) {
           *s.inputs.claimed_days[0].add_ranges() = Range(20000101 + i, 20000101 + i, "x");
         }
       },
       Code::kFailedPrecondition, reason::kTooManyClaimedRanges, "lines[0].loan"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Submission s;
    c.change(s);
    ExpectRefused(s.Decide(), c.code, c.reason, c.field);
  }
}

TEST(DecideSubmitClaimTest, StaleRefusalTellsTheClientToRetryAndAdjacentDaysAreFree) {
  Submission s;
  s.inputs.loans[0]->set_last_sequence(12);
  absl::StatusOr<v1::Event> stale = s.Decide();
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.status().message().find("retry"), absl::string_view::npos);

  Submission adjacent;  // the quarters before and after: no day in common
  *adjacent.inputs.claimed_days[0].add_ranges() = Range(20231221, 20240320, "q1");
  *adjacent.inputs.claimed_days[0].add_ranges() = Range(20240621, 20240920, "q3");
  EXPECT_TRUE(adjacent.Decide().ok());

  Submission overlap;
  *overlap.inputs.claimed_days[0].add_ranges() = Range(20240620, 20240920, "q3");
  absl::StatusOr<v1::Event> refused = overlap.Decide();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("q3"), absl::string_view::npos);  // names it
}

TEST(DecideSubmitClaimTest, ExactlyTheLimitsAreAccepted) {
  Submission s;
  *s.request.mutable_period()->mutable_first_day() = ToDate(absl::CivilDay(2024, 6, 20) - 399);
  *s.request.mutable_period()->mutable_last_day() = ToDate(absl::CivilDay(2024, 6, 20));
  s.basis.set_basis_sequence(5);
  s.inputs.policy_tail_sequence = 5;
  s.inputs.lpr_tail_sequence = 5;
  for (int i = 0; i < kMaxClaimedRangesPerLoan - 1; ++i) {
    *s.inputs.claimed_days[0].add_ranges() = Range(20000101 + i, 20000101 + i, "x");
  }
  s.basis.mutable_lines(0)->set_interest_fen(100'00);  // claimed exactly the interest
  *s.request.mutable_lines(1)->mutable_claimed() = Cny(kMaxAmountFen - 100'00);
  s.basis.mutable_lines(1)->set_interest_fen(kMaxAmountFen);  // totals exactly the bound
  EXPECT_TRUE(s.Decide().ok());
}

// A submitted claim with its lines, as the projection holds it.
v1::SubsidyClaim Submitted() {
  Submission s;
  v1::SubsidyClaim claim = s.Decide()->subsidy_claim_submitted().claim();
  claim.set_submitted_sequence(11);
  return claim;
}

std::vector<std::string> Legs(const v1::Event& event) {
  std::vector<std::string> legs;
  for (const v1::Posting& p : event.postings()) {
    legs.push_back(absl::StrCat(p.side() == v1::DEBIT ? "Dr " : "Cr ", p.account(), " ",
                                p.amount().amount_fen()));
  }
  return legs;
}

// An approval of Submitted() with the basis the server would recompute: by default the
// submitted figures (expected 90.00 and 60.00, interest 180.00 and 120.00) as of entry 12.
struct Approval {
  v1::ApproveSubsidyClaimRequest request;
  v1::SubsidyClaim claim = Submitted();
  internal::ClaimBasis basis;
  ClaimApproveInputs inputs;

  explicit Approval(v1::ClaimApproval approval) {
    request.set_request_id("a1");
    request.set_name("banks/B001/subsidy_claims/2024Q2");
    request.set_approval(approval);
    basis.set_basis_sequence(12);
    for (const v1::SubsidyClaimLine& line : claim.lines()) {
      internal::ClaimLineBasis* b = basis.add_lines();
      b->set_expected_fen(line.expected().amount_fen());
      b->set_interest_fen(line.interest().amount_fen());
      b->set_county_code(line.county_code());
      b->set_note(line.note());
      inputs.loan_last_sequences.push_back(5);
    }
    inputs.policy_tail_sequence = 2;
    inputs.lpr_tail_sequence = 3;
  }

  absl::StatusOr<v1::Event> Decide() const {
    return DecideApproveClaim(request, claim, basis, inputs);
  }
};

TEST(DecideApproveClaimTest, AsComputedTakesTheLesserOfClaimedAndExpected) {
  Approval a(v1::APPROVE_AS_COMPUTED);
  absl::StatusOr<v1::Event> event = a.Decide();
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::SubsidyClaimApproved& approved = event->subsidy_claim_approved();
  EXPECT_EQ(approved.claim(), "banks/B001/subsidy_claims/2024Q2");
  EXPECT_EQ(approved.approval(), v1::APPROVE_AS_COMPUTED);
  ASSERT_EQ(approved.approved_size(), 2);
  EXPECT_EQ(approved.approved(0).amount_fen(), 90'00);  // min(100, 90)
  EXPECT_EQ(approved.approved(1).amount_fen(), 50'00);  // min(50, 60)
  EXPECT_EQ(approved.approved_total().amount_fen(), 140'00);
  EXPECT_EQ(Legs(*event), (std::vector<std::string>{
                              "Cr banks/B001/accounts/interest_income 14000",
                              "Dr banks/B001/accounts/subsidy_receivable 14000",
                              "Cr programme/accounts/subsidy_payable 14000",
                              "Dr programme/accounts/subsidy_expense 14000",
                          }));
}

TEST(DecideApproveClaimTest, AsComputedUsesTheRecomputedFiguresAndRecordsThem) {
  // Since the submission, L1 was repaid early (expected 90.00 -> 30.00) and L2 fell overdue
  // (expected 60.00 -> 40.00): the approval pays min(claimed, the NEW expected).
  Approval a(v1::APPROVE_AS_COMPUTED);
  a.basis.mutable_lines(0)->set_expected_fen(30'00);
  a.basis.mutable_lines(0)->set_interest_fen(60'00);
  a.basis.mutable_lines(1)->set_expected_fen(40'00);
  a.basis.mutable_lines(1)->set_note("overdue; extension");
  absl::StatusOr<v1::Event> event = a.Decide();
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::SubsidyClaimApproved& approved = event->subsidy_claim_approved();
  EXPECT_EQ(approved.approved(0).amount_fen(), 30'00);  // min(100, 30)
  EXPECT_EQ(approved.approved(1).amount_fen(), 40'00);  // min(50, 40)
  EXPECT_EQ(approved.approved_total().amount_fen(), 70'00);
  ASSERT_EQ(approved.expected_size(), 2);
  ASSERT_EQ(approved.interest_size(), 2);
  ASSERT_EQ(approved.note_size(), 2);
  EXPECT_EQ(approved.expected(0).amount_fen(), 30'00);
  EXPECT_EQ(approved.interest(0).amount_fen(), 60'00);
  EXPECT_EQ(approved.expected(1).amount_fen(), 40'00);
  EXPECT_EQ(approved.note(1), "overdue; extension");
  EXPECT_EQ(approved.basis_sequence(), 12u);
}

TEST(DecideApproveClaimTest, AsClaimedTakesTheClaimedAmountsAndZeroPostsNothing) {
  Approval a(v1::APPROVE_AS_CLAIMED);
  absl::StatusOr<v1::Event> event = a.Decide();
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->subsidy_claim_approved().approved(0).amount_fen(), 100'00);
  EXPECT_EQ(event->subsidy_claim_approved().approved_total().amount_fen(), 150'00);
  EXPECT_EQ(event->postings_size(), 4);

  for (v1::SubsidyClaimLine& line : *a.claim.mutable_lines()) *line.mutable_claimed() = Cny(0);
  event = a.Decide();
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->subsidy_claim_approved().approved_total().amount_fen(), 0);
  EXPECT_EQ(event->postings_size(), 0);
}

TEST(DecideApproveClaimTest, AsClaimedNeverExceedsTheFreshInterest) {
  // L1's interest for the period fell to 99.99 (repaid early) after 100.00 was claimed.
  Approval a(v1::APPROVE_AS_CLAIMED);
  a.basis.mutable_lines(0)->set_interest_fen(100'00 - 1);
  ExpectRefused(a.Decide(), absl::StatusCode::kFailedPrecondition, reason::kClaimExceedsInterest,
                "lines[0].claimed");
  // As computed, the line is min(claimed, expected) and is approved.
  a.request.set_approval(v1::APPROVE_AS_COMPUTED);
  EXPECT_TRUE(a.Decide().ok());
  // Exactly the interest is fine.
  a.request.set_approval(v1::APPROVE_AS_CLAIMED);
  a.basis.mutable_lines(0)->set_interest_fen(100'00);
  EXPECT_TRUE(a.Decide().ok());
}

TEST(DecideApproveClaimTest, RefusesAnUnknownApprovalAClaimNotSubmittedAndABadBasis) {
  Approval unknown(v1::CLAIM_APPROVAL_UNSPECIFIED);
  ExpectRefused(unknown.Decide(), absl::StatusCode::kInvalidArgument, reason::kInvalidApproval,
                "approval");
  for (v1::SubsidyClaimState state : {v1::CLAIM_APPROVED, v1::CLAIM_REJECTED, v1::CLAIM_PAID}) {
    Approval a(v1::APPROVE_AS_CLAIMED);
    a.claim.set_state(state);
    ExpectRefused(a.Decide(), absl::StatusCode::kFailedPrecondition, reason::kClaimNotSubmitted,
                  "name");
  }
  Approval no_basis(v1::APPROVE_AS_COMPUTED);
  no_basis.basis.Clear();
  ExpectRefused(no_basis.Decide(), absl::StatusCode::kInvalidArgument, reason::kFieldRequired,
                "claim_basis");
  Approval out_of_range(v1::APPROVE_AS_COMPUTED);
  out_of_range.basis.mutable_lines(1)->set_interest_fen(kMaxAmountFen + 1);
  ExpectRefused(out_of_range.Decide(), absl::StatusCode::kInvalidArgument, reason::kOutOfRange,
                "claim_basis.lines[1]");
  Approval stale_loan(v1::APPROVE_AS_COMPUTED);
  stale_loan.inputs.loan_last_sequences[1] = 13;  // a repayment after the basis
  ExpectRefused(stale_loan.Decide(), absl::StatusCode::kAborted, reason::kClaimBasisStale,
                "lines[1].loan");
  Approval stale_policy(v1::APPROVE_AS_COMPUTED);
  stale_policy.inputs.policy_tail_sequence = 13;
  ExpectRefused(stale_policy.Decide(), absl::StatusCode::kAborted, reason::kClaimBasisStale,
                "claim_basis");
  Approval stale_lpr(v1::APPROVE_AS_COMPUTED);
  stale_lpr.inputs.lpr_tail_sequence = 13;
  ExpectRefused(stale_lpr.Decide(), absl::StatusCode::kAborted, reason::kClaimBasisStale,
                "claim_basis");
}

TEST(DecideApproveClaimTest, TotalsAboveTheMoneyBoundAreRefused) {
  Approval a(v1::APPROVE_AS_CLAIMED);
  for (int i = 0; i < 2; ++i) {
    *a.claim.mutable_lines(i)->mutable_claimed() = Cny(kMaxAmountFen);
    a.basis.mutable_lines(i)->set_interest_fen(kMaxAmountFen);
  }
  ExpectRefused(a.Decide(), absl::StatusCode::kInvalidArgument, reason::kAmountTooLarge, "lines");
  Approval b(v1::APPROVE_AS_COMPUTED);
  for (int i = 0; i < 2; ++i) b.basis.mutable_lines(i)->set_expected_fen(kMaxAmountFen);
  ExpectRefused(b.Decide(), absl::StatusCode::kInvalidArgument, reason::kAmountTooLarge, "lines");
}

TEST(DecideRejectClaimTest, NeedsASubmittedClaimAndAReasonOfAtMost200Characters) {
  v1::RejectSubsidyClaimRequest request;
  request.set_reason("duplicate of 2024Q2b");
  absl::StatusOr<v1::Event> event = DecideRejectClaim(request, Submitted());
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->subsidy_claim_rejected().claim(), "banks/B001/subsidy_claims/2024Q2");
  EXPECT_EQ(event->subsidy_claim_rejected().reason(), "duplicate of 2024Q2b");
  EXPECT_EQ(event->postings_size(), 0);

  std::string longest;
  for (int i = 0; i < kMaxClaimRejectionReasonChars; ++i) longest += "\xe9\x87\x8d";  // 重
  request.set_reason(longest);
  EXPECT_TRUE(DecideRejectClaim(request, Submitted()).ok());
  request.set_reason(longest + "x");
  ExpectRefused(DecideRejectClaim(request, Submitted()), absl::StatusCode::kInvalidArgument,
                reason::kTextTooLong, "reason");
  request.set_reason("");
  ExpectRefused(DecideRejectClaim(request, Submitted()), absl::StatusCode::kInvalidArgument,
                reason::kFieldRequired, "reason");
  request.set_reason("late");
  v1::SubsidyClaim approved = Submitted();
  approved.set_state(v1::CLAIM_APPROVED);
  ExpectRefused(DecideRejectClaim(request, approved), absl::StatusCode::kFailedPrecondition,
                reason::kClaimNotSubmitted, "name");
}

v1::SubsidyClaim Approved() {
  v1::SubsidyClaim claim = Submitted();
  claim.set_state(v1::CLAIM_APPROVED);
  *claim.mutable_approved_total() = Cny(140'00);
  return claim;
}

v1::RecordSubsidyPaymentRequest Payment() {
  v1::RecordSubsidyPaymentRequest request;
  request.set_name("banks/B001/subsidy_claims/2024Q2");
  *request.mutable_amount() = Cny(140'00);
  *request.mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 28));
  request.set_payment_reference("TRSY-2024-0001");
  return request;
}

TEST(DecideRecordPaymentTest, PaysTheApprovedTotalFromThePayableToTheBanksReceivable) {
  absl::StatusOr<v1::Event> event = DecideRecordPayment(Payment(), Approved(), kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::SubsidyClaimPaid& paid = event->subsidy_claim_paid();
  EXPECT_EQ(paid.claim(), "banks/B001/subsidy_claims/2024Q2");
  EXPECT_EQ(paid.amount().amount_fen(), 140'00);
  EXPECT_EQ(FormatDate(paid.value_date()), "2024-06-28");
  EXPECT_EQ(paid.payment_reference(), "TRSY-2024-0001");
  EXPECT_EQ(Legs(*event), (std::vector<std::string>{
                              "Cr banks/B001/accounts/subsidy_receivable 14000",
                              "Dr programme/accounts/subsidy_payable 14000",
                          }));
}

TEST(DecideRecordPaymentTest, EachRuleRefusesWithItsReasonAndField) {
  using Code = absl::StatusCode;
  struct Case {
    std::string what;
    std::function<void(v1::RecordSubsidyPaymentRequest&, v1::SubsidyClaim&)> change;
    Code code;
    std::string reason;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"submitted", [](auto&, auto& c) { c.set_state(v1::CLAIM_SUBMITTED); },
       Code::kFailedPrecondition, reason::kClaimNotApproved, "name"},
      {"paid already", [](auto&, auto& c) { c.set_state(v1::CLAIM_PAID); },
       Code::kFailedPrecondition, reason::kClaimNotApproved, "name"},
      {"rejected", [](auto&, auto& c) { c.set_state(v1::CLAIM_REJECTED); },
       Code::kFailedPrecondition, reason::kClaimNotApproved, "name"},
      {"other amount", [](auto& r, auto&) { *r.mutable_amount() = Cny(139'99); },
       Code::kFailedPrecondition, reason::kPaymentAmountMismatch, "amount"},
      {"negative amount", [](auto& r, auto&) { *r.mutable_amount() = Cny(-1); },
       Code::kInvalidArgument, reason::kAmountNegative, "amount.amount_fen"},
      {"no value date", [](auto& r, auto&) { r.clear_value_date(); }, Code::kInvalidArgument,
       reason::kFieldRequired, "value_date"},
      {"value date tomorrow", [](auto& r, auto&) { *r.mutable_value_date() = ToDate(kToday + 1); },
       Code::kInvalidArgument, reason::kDateInFuture, "value_date"},
      {"value date inside the period",
       [](auto& r, auto&) { *r.mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 19)); },
       Code::kInvalidArgument, reason::kOutOfRange, "value_date"},
      {"no reference", [](auto& r, auto&) { r.clear_payment_reference(); }, Code::kInvalidArgument,
       reason::kFieldRequired, "payment_reference"},
      {"long reference",
       [](auto& r, auto&) {
         r.set_payment_reference(std::string(kMaxPaymentReferenceChars + 1, 'x'));
       },
       Code::kInvalidArgument, reason::kTextTooLong, "payment_reference"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::RecordSubsidyPaymentRequest request = Payment();
    v1::SubsidyClaim claim = Approved();
    c.change(request, claim);
    ExpectRefused(DecideRecordPayment(request, claim, kToday), c.code, c.reason, c.field);
  }
  // The period's last day itself, and a zero approval paid with zero, are fine.
  v1::RecordSubsidyPaymentRequest request = Payment();
  *request.mutable_value_date() = ToDate(absl::CivilDay(2024, 6, 20));
  EXPECT_TRUE(DecideRecordPayment(request, Approved(), kToday).ok());
  v1::SubsidyClaim zero = Approved();
  *zero.mutable_approved_total() = Cny(0);
  *request.mutable_amount() = Cny(0);
  absl::StatusOr<v1::Event> event = DecideRecordPayment(request, zero, kToday);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->postings_size(), 0);
}

}  // namespace
}  // namespace ledger
