#include "ledger/subsidy/claim_rules.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/subsidy/calculator.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/period.h"

namespace ledger {
namespace {

constexpr size_t kCountyCodeChars = 6;

std::string LineField(int index, absl::string_view leaf) {
  return absl::StrCat("lines[", index, "].", leaf);
}

absl::Status NotSubmitted(const v1::SubsidyClaim& claim) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason::kClaimNotSubmitted, "name",
                absl::StrCat(claim.name(), " is ", v1::SubsidyClaimState_Name(claim.state()),
                             "; only a submitted claim is decided"));
}

// The period, validated (ParseSubsidyPeriod, field "period") and not after today.
absl::StatusOr<subsidy::Period> CheckPeriod(const v1::DatePeriod& period, absl::CivilDay today) {
  absl::StatusOr<subsidy::Period> parsed = ParseSubsidyPeriod(period, "period");
  if (!parsed.ok()) return parsed.status();
  if (parsed->last_day > today) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kPeriodInFuture, "period.last_day",
                  absl::StrCat("the period ends ", FormatDate(period.last_day()),
                               ", after today: claim it once it has ended"));
  }
  return parsed;
}

// A total of the claim above the money bound: the claim is too large to be one claim.
absl::Status CheckTotal(int64_t total_fen, absl::string_view what) {
  if (total_fen <= kMaxAmountFen) return absl::OkStatus();
  return InvalidArgument(
      reason::kAmountTooLarge, "lines",
      absl::StrCat("the claim's ", what, " would be ", FormatMoney(Cny(total_fen)),
                   ", above the largest amount the ledger keeps, ", FormatMoney(Cny(kMaxAmountFen)),
                   "; split the claim"));
}

// A line's claimed amount above the contract interest the server computed for its loan and the
// period: a subsidy never exceeds the interest.
absl::Status ExceedsInterest(int index, absl::string_view loan, int64_t claimed_fen,
                             int64_t interest_fen) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason::kClaimExceedsInterest,
                LineField(index, "claimed"),
                absl::StrCat(loan, " is claimed ", FormatMoney(Cny(claimed_fen)),
                             ", more than its contract interest for the period, ",
                             FormatMoney(Cny(interest_fen))));
}

// Each line's loan: a loan name of the claim's bank, once, that exists.
absl::Status CheckLineLoans(const v1::SubmitSubsidyClaimRequest& request,
                            const ClaimSubmitInputs& inputs) {
  std::set<std::string> seen;
  for (int i = 0; i < request.lines_size(); ++i) {
    const std::string field = LineField(i, "loan");
    const std::string& loan = request.lines(i).loan();
    absl::StatusOr<LoanName> name = ParseLoanName(loan, field);
    if (!name.ok()) return name.status();
    if (name->bank_id != request.bank_id()) {
      return InvalidArgument(reason::kLoanOfAnotherBank, field,
                             absl::StrCat(loan, " is not a loan of bank ", request.bank_id()));
    }
    if (!seen.insert(loan).second) {
      return InvalidArgument(reason::kDuplicateClaimLine, field,
                             absl::StrCat(loan, " is claimed on more than one line"));
    }
    if (!inputs.loans[i].has_value()) {
      return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, field,
                    absl::StrCat("no loan ", loan));
    }
    Invariant(inputs.loans[i]->name() == loan, "the loaded loan is the line's");
  }
  return absl::OkStatus();
}

absl::Status CheckBasis(int line_count, const internal::ClaimBasis& basis) {
  if (basis.lines_size() != line_count) {
    return InvalidArgument(reason::kFieldRequired, "claim_basis",
                           absl::StrCat("the server's basis has ", basis.lines_size(),
                                        " lines for ", line_count, " claimed"));
  }
  for (int i = 0; i < basis.lines_size(); ++i) {
    const internal::ClaimLineBasis& line = basis.lines(i);
    if (line.expected_fen() < 0 || line.expected_fen() > kMaxAmountFen || line.interest_fen() < 0 ||
        line.interest_fen() > kMaxAmountFen || line.county_code().size() > kCountyCodeChars ||
        CountCodePoints(line.note()) > kMaxClaimNoteChars) {
      return InvalidArgument(
          reason::kOutOfRange, absl::StrCat("claim_basis.lines[", i, "]"),
          "the server's expected amount, interest, county or note is out of range");
    }
  }
  return absl::OkStatus();
}

// ABORTED if anything the expected amounts rest on came after the basis: line i's loan (named
// loan(i)) last changed in entry last_sequence(i), for i < line_count.
template <typename LoanOf, typename LastSequenceOf>
absl::Status CheckNotStale(int line_count, LoanOf loan, LastSequenceOf last_sequence,
                           const internal::ClaimBasis& basis, uint64_t policy_tail_sequence,
                           uint64_t lpr_tail_sequence) {
  const uint64_t as_of = basis.basis_sequence();
  auto stale = [&](absl::string_view field, absl::string_view what, uint64_t sequence) {
    return Refuse(absl::StatusCode::kAborted, reason::kClaimBasisStale, field,
                  absl::StrCat(what, " changed in entry ", sequence,
                               " after the expected amounts were computed (as of entry ", as_of,
                               "); retry the request"));
  };
  for (int i = 0; i < line_count; ++i) {
    if (last_sequence(i) > as_of) return stale(LineField(i, "loan"), loan(i), last_sequence(i));
  }
  if (policy_tail_sequence > as_of) {
    return stale("claim_basis", "the subsidy policy", policy_tail_sequence);
  }
  if (lpr_tail_sequence > as_of) return stale("claim_basis", "the LPR", lpr_tail_sequence);
  return absl::OkStatus();
}

// No day of [first, last] is claimed already for any line's loan, and there is room for one
// more range.
absl::Status CheckDaysFree(const v1::SubmitSubsidyClaimRequest& request,
                           const ClaimSubmitInputs& inputs, int32_t first, int32_t last) {
  for (int i = 0; i < request.lines_size(); ++i) {
    const internal::ClaimedDays& days = inputs.claimed_days[i];
    for (const internal::ClaimedRange& range : days.ranges()) {
      if (range.first_day() <= last && first <= range.last_day()) {
        return Refuse(absl::StatusCode::kFailedPrecondition, reason::kDaysAlreadyClaimed,
                      LineField(i, "loan"),
                      absl::StrCat(request.lines(i).loan(), " has days ", range.first_day(), "..",
                                   range.last_day(), " claimed by ", range.claim(),
                                   ", which is not rejected"));
      }
    }
    if (days.ranges_size() >= kMaxClaimedRangesPerLoan) {
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kTooManyClaimedRanges,
                    LineField(i, "loan"),
                    absl::StrCat(request.lines(i).loan(), " is already in ",
                                 kMaxClaimedRangesPerLoan, " claims"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Event> DecideSubmitClaim(const v1::SubmitSubsidyClaimRequest& request,
                                            const internal::ClaimBasis& basis,
                                            const ClaimSubmitInputs& inputs, absl::CivilDay today) {
  if (absl::Status s = ValidateId(request.bank_id(), "bank_id"); !s.ok()) return s;
  if (absl::Status s = ValidateId(request.claim_id(), "claim_id"); !s.ok()) return s;
  const std::string name = ClaimName(request.bank_id(), request.claim_id());
  if (inputs.claim_exists) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kClaimAlreadyExists, "claim_id",
                  absl::StrCat(name, " already exists"));
  }
  auto period = CheckPeriod(request.period(), today);
  if (!period.ok()) return period.status();
  if (request.lines_size() == 0) {
    return InvalidArgument(reason::kClaimEmpty, "lines", "a claim has at least one line");
  }
  if (request.lines_size() > kMaxClaimLines) {
    return InvalidArgument(reason::kTooManyClaimLines, "lines",
                           absl::StrCat("a claim has at most ", kMaxClaimLines, " lines"));
  }
  Invariant(inputs.loans.size() == static_cast<size_t>(request.lines_size()) &&
                inputs.claimed_days.size() == static_cast<size_t>(request.lines_size()),
            "the writer loads one loan and one claimed-days row per claim line");
  if (absl::Status s = CheckLineLoans(request, inputs); !s.ok()) return s;
  std::vector<int64_t> claimed_fen(request.lines_size());
  for (int i = 0; i < request.lines_size(); ++i) {
    absl::StatusOr<int64_t> amount =
        ParseMoney(request.lines(i).claimed(), LineField(i, "claimed"), Sign::kNonNegative);
    if (!amount.ok()) return amount.status();
    claimed_fen[i] = *amount;
  }
  if (absl::Status s = CheckBasis(request.lines_size(), basis); !s.ok()) return s;
  if (absl::Status s = CheckNotStale(
          request.lines_size(),
          [&](int i) -> const std::string& { return request.lines(i).loan(); },
          [&](int i) { return inputs.loans[i]->last_sequence(); }, basis,
          inputs.policy_tail_sequence, inputs.lpr_tail_sequence);
      !s.ok()) {
    return s;
  }
  for (int i = 0; i < request.lines_size(); ++i) {
    if (claimed_fen[i] > basis.lines(i).interest_fen()) {
      return ExceedsInterest(i, request.lines(i).loan(), claimed_fen[i],
                             basis.lines(i).interest_fen());
    }
  }
  const v1::Date first = ToDate(period->first_day);
  const v1::Date last = ToDate(period->last_day);
  if (absl::Status s = CheckDaysFree(request, inputs, DayNumber(first), DayNumber(last)); !s.ok()) {
    return s;
  }

  v1::Event event;
  v1::SubsidyClaim* claim = event.mutable_subsidy_claim_submitted()->mutable_claim();
  claim->set_name(name);
  claim->set_bank_id(request.bank_id());
  claim->set_claim_id(request.claim_id());
  *claim->mutable_period()->mutable_first_day() = first;
  *claim->mutable_period()->mutable_last_day() = last;
  claim->set_state(v1::CLAIM_SUBMITTED);
  int64_t claimed_total_fen = 0;
  int64_t expected_total_fen = 0;
  for (int i = 0; i < request.lines_size(); ++i) {
    const internal::ClaimLineBasis& computed = basis.lines(i);
    v1::SubsidyClaimLine* line = claim->add_lines();
    line->set_loan(request.lines(i).loan());
    *line->mutable_claimed() = Cny(claimed_fen[i]);
    *line->mutable_expected() = Cny(computed.expected_fen());
    *line->mutable_interest() = Cny(computed.interest_fen());
    line->set_county_code(computed.county_code());
    line->set_note(computed.note());
    // At most kMaxClaimLines amounts of at most kMaxAmountFen each: no overflow.
    claimed_total_fen += claimed_fen[i];
    expected_total_fen += computed.expected_fen();
  }
  if (absl::Status s = CheckTotal(claimed_total_fen, "claimed total"); !s.ok()) return s;
  if (absl::Status s = CheckTotal(expected_total_fen, "expected total"); !s.ok()) return s;
  claim->set_line_count(request.lines_size());
  *claim->mutable_claimed_total() = Cny(claimed_total_fen);
  *claim->mutable_expected_total() = Cny(expected_total_fen);
  claim->set_basis_sequence(basis.basis_sequence());
  return event;
}

absl::StatusOr<v1::Event> DecideApproveClaim(const v1::ApproveSubsidyClaimRequest& request,
                                             const v1::SubsidyClaim& claim,
                                             const internal::ClaimBasis& basis,
                                             const ClaimApproveInputs& inputs) {
  if (claim.state() != v1::CLAIM_SUBMITTED) return NotSubmitted(claim);
  if (request.approval() != v1::APPROVE_AS_CLAIMED &&
      request.approval() != v1::APPROVE_AS_COMPUTED) {
    return InvalidArgument(reason::kInvalidApproval, "approval",
                           "approval must be APPROVE_AS_CLAIMED or APPROVE_AS_COMPUTED");
  }
  Invariant(claim.lines_size() == claim.line_count(), "the claim is loaded with its lines");
  Invariant(inputs.loan_last_sequences.size() == static_cast<size_t>(claim.lines_size()),
            "the writer loads one loan per claim line");
  if (absl::Status s = CheckBasis(claim.lines_size(), basis); !s.ok()) return s;
  if (absl::Status s = CheckNotStale(
          claim.lines_size(), [&](int i) -> const std::string& { return claim.lines(i).loan(); },
          [&](int i) { return inputs.loan_last_sequences[i]; }, basis, inputs.policy_tail_sequence,
          inputs.lpr_tail_sequence);
      !s.ok()) {
    return s;
  }
  v1::Event event;
  v1::SubsidyClaimApproved* approved = event.mutable_subsidy_claim_approved();
  approved->set_claim(claim.name());
  approved->set_approval(request.approval());
  approved->set_basis_sequence(basis.basis_sequence());
  int64_t total_fen = 0;
  int64_t expected_total_fen = 0;
  for (int i = 0; i < claim.lines_size(); ++i) {
    const v1::SubsidyClaimLine& line = claim.lines(i);
    const internal::ClaimLineBasis& fresh = basis.lines(i);
    const int64_t claimed_fen = line.claimed().amount_fen();
    if (request.approval() == v1::APPROVE_AS_CLAIMED && claimed_fen > fresh.interest_fen()) {
      return ExceedsInterest(i, line.loan(), claimed_fen, fresh.interest_fen());
    }
    const int64_t amount_fen = request.approval() == v1::APPROVE_AS_CLAIMED
                                   ? claimed_fen
                                   : std::min(claimed_fen, fresh.expected_fen());
    // At most kMaxClaimLines amounts of at most kMaxAmountFen each: no overflow.
    total_fen += amount_fen;
    expected_total_fen += fresh.expected_fen();
    *approved->add_approved() = Cny(amount_fen);
    *approved->add_expected() = Cny(fresh.expected_fen());
    *approved->add_interest() = Cny(fresh.interest_fen());
    approved->add_note(fresh.note());
  }
  if (absl::Status s = CheckTotal(total_fen, "approved total"); !s.ok()) return s;
  if (absl::Status s = CheckTotal(expected_total_fen, "expected total"); !s.ok()) return s;
  *approved->mutable_approved_total() = Cny(total_fen);
  PostingsBuilder postings;
  postings.Transfer(/*from=*/BankInterestIncomeAccount(claim.bank_id()),
                    /*to=*/BankSubsidyReceivableAccount(claim.bank_id()), total_fen);
  postings.Transfer(/*from=*/SubsidyPayableAccount(), /*to=*/SubsidyExpenseAccount(), total_fen);
  postings.Finish(&event);
  return event;
}

absl::StatusOr<v1::Event> DecideRejectClaim(const v1::RejectSubsidyClaimRequest& request,
                                            const v1::SubsidyClaim& claim) {
  if (claim.state() != v1::CLAIM_SUBMITTED) return NotSubmitted(claim);
  if (request.reason().empty()) {
    return InvalidArgument(reason::kFieldRequired, "reason", "say why the claim is rejected");
  }
  if (CountCodePoints(request.reason()) > kMaxClaimRejectionReasonChars) {
    return InvalidArgument(
        reason::kTextTooLong, "reason",
        absl::StrCat("reason is at most ", kMaxClaimRejectionReasonChars, " characters"));
  }
  v1::Event event;
  event.mutable_subsidy_claim_rejected()->set_claim(claim.name());
  event.mutable_subsidy_claim_rejected()->set_reason(request.reason());
  return event;
}

absl::StatusOr<v1::Event> DecideRecordPayment(const v1::RecordSubsidyPaymentRequest& request,
                                              const v1::SubsidyClaim& claim, absl::CivilDay today) {
  if (claim.state() != v1::CLAIM_APPROVED) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kClaimNotApproved, "name",
                  absl::StrCat(claim.name(), " is ", v1::SubsidyClaimState_Name(claim.state()),
                               "; only an approved claim is paid"));
  }
  absl::StatusOr<int64_t> amount_fen = ParseMoney(request.amount(), "amount", Sign::kNonNegative);
  if (!amount_fen.ok()) return amount_fen.status();
  if (*amount_fen != claim.approved_total().amount_fen()) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kPaymentAmountMismatch, "amount",
                  absl::StrCat("the payment must be the approved total, ",
                               FormatMoney(claim.approved_total())));
  }
  absl::StatusOr<absl::CivilDay> value_day = ParseDate(request.value_date(), "value_date");
  if (!value_day.ok()) return value_day.status();
  if (*value_day > today) {
    return InvalidArgument(reason::kDateInFuture, "value_date", "value_date is after today");
  }
  if (*value_day < ToCivilDay(claim.period().last_day())) {
    return InvalidArgument(reason::kOutOfRange, "value_date",
                           absl::StrCat("value_date is before the claim's period ends, ",
                                        FormatDate(claim.period().last_day())));
  }
  if (request.payment_reference().empty()) {
    return InvalidArgument(reason::kFieldRequired, "payment_reference",
                           "payment_reference is required: the treasury's transfer reference");
  }
  if (CountCodePoints(request.payment_reference()) > kMaxPaymentReferenceChars) {
    return InvalidArgument(
        reason::kTextTooLong, "payment_reference",
        absl::StrCat("payment_reference is at most ", kMaxPaymentReferenceChars, " characters"));
  }
  v1::Event event;
  v1::SubsidyClaimPaid* paid = event.mutable_subsidy_claim_paid();
  paid->set_claim(claim.name());
  *paid->mutable_amount() = Cny(*amount_fen);
  *paid->mutable_value_date() = ToDate(*value_day);
  paid->set_payment_reference(request.payment_reference());
  PostingsBuilder postings;
  postings.Transfer(/*from=*/BankSubsidyReceivableAccount(claim.bank_id()),
                    /*to=*/SubsidyPayableAccount(), *amount_fen);
  postings.Finish(&event);
  return event;
}

}  // namespace ledger
