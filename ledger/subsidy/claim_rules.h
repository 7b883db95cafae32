// Interest-subsidy claims as pure rules: a bank's submission, finance staff's approval or
// rejection, and the recorded payment. Each Decide function validates the request against what
// the writer loaded (ledger/engine/apply_command.cc) and returns the journal event with its
// postings, or refuses with a reason and the offending field. Nothing here reads or writes
// state: the event changes the claim only when ApplyEntry evolves it (claim_projection.h).
//
//   ClaimSubmitInputs inputs;                // loans, claimed days, tails, as loaded
//   absl::StatusOr<v1::Event> submitted =
//       DecideSubmitClaim(request, command.claim_basis(), inputs, today);
//   absl::StatusOr<v1::Event> approved =
//       DecideApproveClaim(approve_request, claim, command.claim_basis(), approve_inputs);
//
// Postings (docs/ACCOUNTS.md): approval of A posts Dr bank subsidy_receivable A / Cr bank
// interest_income A and Dr programme subsidy_expense A / Cr programme subsidy_payable A;
// payment of A posts Dr programme subsidy_payable A / Cr bank subsidy_receivable A; submission
// and rejection post nothing (nor does an approval of 0).
#ifndef LEDGER_SUBSIDY_CLAIM_RULES_H_
#define LEDGER_SUBSIDY_CLAIM_RULES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/subsidy/claim_projection.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {

// Claims not rejected that may cover days of one loan: a quarterly claim a year for 100 years.
inline constexpr int kMaxClaimedRangesPerLoan = 400;
inline constexpr int kMaxClaimRejectionReasonChars = 200;
inline constexpr int kMaxPaymentReferenceChars = 64;
// A line's note (the server's, e.g. "overdue; extension").
inline constexpr size_t kMaxClaimNoteChars = 200;

// What the writer loaded for a submission, read through the same ProjectionState the entry
// will be applied to.
struct ClaimSubmitInputs {
  bool claim_exists = false;  // a claim with the request's bank and claim id is stored
  // One per request line, same order: the loan the line names (nullopt if it does not exist or
  // its name is not one of the claim's bank's loans: the rules refuse those first), and the
  // days already claimed for it (empty if none). Ignored when the request has no lines or more
  // than kMaxClaimLines (refused before they are read).
  std::vector<std::optional<v1::Loan>> loans;
  std::vector<internal::ClaimedDays> claimed_days;
  // The sequence of the entry that added the latest subsidy policy version / LPR fixing (0 if
  // there is none): the expected amounts depend on them.
  uint64_t policy_tail_sequence = 0;
  uint64_t lpr_tail_sequence = 0;
};

// What the writer loaded for an approval: one per claim line, same order, the sequence of the
// latest entry of the line's loan; and the policy and LPR tails as for a submission.
struct ClaimApproveInputs {
  std::vector<uint64_t> loan_last_sequences;
  uint64_t policy_tail_sequence = 0;
  uint64_t lpr_tail_sequence = 0;
};

// A bank's claim for `request.period` and its lines, with the expected amounts the server
// computed outside the writer (`basis`, one line per request line). Refusals, in this order:
//   bank_id / claim_id: valid ids (FIELD_REQUIRED, INVALID_ID);
//   claim_id: unused for the bank (ALREADY_EXISTS, CLAIM_ALREADY_EXISTS);
//   period: as ParseSubsidyPeriod (ledger/subsidy/period.h; INVALID_DATE on period.first_day /
//     period.last_day, INVALID_PERIOD on "period"); last_day not after today
//     (FAILED_PRECONDITION, PERIOD_IN_FUTURE);
//   lines: 1..kMaxClaimLines (CLAIM_EMPTY, TOO_MANY_CLAIM_LINES);
//   lines[i].loan: a loan name (INVALID_LOAN_NAME) of the claim's bank (LOAN_OF_ANOTHER_BANK),
//     once per claim (DUPLICATE_CLAIM_LINE), that exists (NOT_FOUND, LOAN_NOT_FOUND);
//   lines[i].claimed: a CNY amount >= 0 (the ParseMoney reasons);
//   claim_basis: present with one line per request line, amounts in range, county codes of at
//     most 6 characters and notes of at most kMaxClaimNoteChars (INVALID_ARGUMENT,
//     FIELD_REQUIRED / OUT_OF_RANGE: the server's own doing, never the caller's);
//   staleness: every claimed loan's last entry, and the latest policy version and LPR fixing,
//     at or before basis.basis_sequence; otherwise ABORTED (CLAIM_BASIS_STALE): something the
//     expected amounts rest on changed while they were computed, and the client retries the
//     same request (the server then computes the basis again);
//   lines[i].claimed: at most the line's computed contract interest (FAILED_PRECONDITION,
//     CLAIM_EXCEEDS_INTEREST): a subsidy never exceeds the interest;
//   lines: claimed and expected totals at most kMaxAmountFen (INVALID_ARGUMENT,
//     AMOUNT_TOO_LARGE);
//   lines[i].loan: no day of the period already claimed for the loan by a claim not rejected
//     (FAILED_PRECONDITION, DAYS_ALREADY_CLAIMED, naming that claim), and fewer than
//     kMaxClaimedRangesPerLoan claimed ranges (FAILED_PRECONDITION, TOO_MANY_CLAIMED_RANGES).
// Event: subsidy_claim_submitted with the whole claim (state CLAIM_SUBMITTED, lines with the
// basis's expected, interest, county_code and note, line_count, claimed and expected totals,
// basis_sequence; sequences unset). No postings.
absl::StatusOr<v1::Event> DecideSubmitClaim(const v1::SubmitSubsidyClaimRequest& request,
                                            const internal::ClaimBasis& basis,
                                            const ClaimSubmitInputs& inputs, absl::CivilDay today);

// `claim` is the stored claim with its lines; `basis` the expected subsidy and interest of
// every line recomputed by the server for the approval (one line per claim line), exactly as
// for a submission: the claim's loans may have changed since (a late repayment value-dated in
// the period, an arrear, a reversal). Refusals, in this order: the claim must be
// CLAIM_SUBMITTED (FAILED_PRECONDITION, CLAIM_NOT_SUBMITTED); approval APPROVE_AS_CLAIMED or
// APPROVE_AS_COMPUTED (INVALID_ARGUMENT, INVALID_APPROVAL, field "approval"); the basis as for
// a submission (FIELD_REQUIRED / OUT_OF_RANGE, field claim_basis; ABORTED, CLAIM_BASIS_STALE);
// APPROVE_AS_CLAIMED: every line's claimed amount at most its fresh interest
// (FAILED_PRECONDITION, CLAIM_EXCEEDS_INTEREST, field "lines[i].claimed"); approved and
// expected totals at most kMaxAmountFen (AMOUNT_TOO_LARGE). Every line is approved at its
// claimed amount (AS_CLAIMED) or at min(claimed, fresh expected) (AS_COMPUTED). Event:
// subsidy_claim_approved with the approved amount per line and their total A, the fresh
// expected, interest and note per line and the basis_sequence, and the postings of A above.
absl::StatusOr<v1::Event> DecideApproveClaim(const v1::ApproveSubsidyClaimRequest& request,
                                             const v1::SubsidyClaim& claim,
                                             const internal::ClaimBasis& basis,
                                             const ClaimApproveInputs& inputs);

// The claim must be CLAIM_SUBMITTED (CLAIM_NOT_SUBMITTED); reason 1..200 characters
// (FIELD_REQUIRED, TEXT_TOO_LONG). Event: subsidy_claim_rejected. No postings; applying it frees
// the claim's days for another claim.
absl::StatusOr<v1::Event> DecideRejectClaim(const v1::RejectSubsidyClaimRequest& request,
                                            const v1::SubsidyClaim& claim);

// The claim must be CLAIM_APPROVED (FAILED_PRECONDITION, CLAIM_NOT_APPROVED); amount a CNY
// amount equal to its approved total (FAILED_PRECONDITION, PAYMENT_AMOUNT_MISMATCH);
// value_date valid, not after today (DATE_IN_FUTURE) and not before the period's last day
// (OUT_OF_RANGE); payment_reference 1..64 characters (FIELD_REQUIRED, TEXT_TOO_LONG). Event:
// subsidy_claim_paid with the payment postings above.
absl::StatusOr<v1::Event> DecideRecordPayment(const v1::RecordSubsidyPaymentRequest& request,
                                              const v1::SubsidyClaim& claim, absl::CivilDay today);

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_CLAIM_RULES_H_
