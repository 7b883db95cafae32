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

// The period, validated: valid dates, first <= last, at most kMaxPeriodDays, not after today.
absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> CheckPeriod(const v1::DatePeriod& period,
                                                                      absl::CivilDay today) {
  absl::StatusOr<absl::CivilDay> first = ParseDate(period.first_day(), "period.first_day");
  if (!first.ok()) return first.status();
  absl::StatusOr<absl::CivilDay> last = ParseDate(period.last_day(), "period.last_day");
  if (!last.ok()) return last.status();
  if (*first > *last) {
    return InvalidArgument(reason::kInvalidPeriod, "period", "first_day is after last_day");
  }
  if (*last - *first + 1 > subsidy::kMaxPeriodDays) {
    return InvalidArgument(
        reason::kInvalidPeriod, "period",
        absl::StrCat("a claim's period is at most ", subsidy::kMaxPeriodDays, " days"));
  }
  if (*last > today) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kPeriodInFuture, "period.last_day",
                  absl::StrCat("the period ends ", FormatDate(period.last_day()),
                               ", after today: claim it once it has ended"));
  }
  return std::make_pair(*first, *last);
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

absl::Status CheckBasis(const v1::SubmitSubsidyClaimRequest& request,
                        const internal::ClaimBasis& basis) {
  if (basis.lines_size() != request.lines_size()) {
    return InvalidArgument(reason::kFieldRequired, "claim_basis",
                           absl::StrCat("the server's basis has ", basis.lines_size(),
                                        " lines for ", request.lines_size(), " claimed"));
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

// ABORTED if anything the expected amounts rest on came after the basis.
absl::Status CheckNotStale(const v1::SubmitSubsidyClaimRequest& request,
                           const internal::ClaimBasis& basis, const ClaimSubmitInputs& inputs) {
  const uint64_t as_of = basis.basis_sequence();
  auto stale = [&](absl::string_view field, absl::string_view what, uint64_t sequence) {
    return Refuse(absl::StatusCode::kAborted, reason::kClaimBasisStale, field,
                  absl::StrCat(what, " changed in entry ", sequence,
                               " after the expected amounts were computed (as of entry ", as_of,
                               "); retry the request"));
  };
  for (int i = 0; i < request.lines_size(); ++i) {
    if (inputs.loans[i]->last_sequence() > as_of) {
      return stale(LineField(i, "loan"), request.lines(i).loan(), inputs.loans[i]->last_sequence());
    }
  }
  if (inputs.policy_tail_sequence > as_of) {
    return stale("claim_basis", "the subsidy policy", inputs.policy_tail_sequence);
  }
  if (inputs.lpr_tail_sequence > as_of) {
    return stale("claim_basis", "the LPR", inputs.lpr_tail_sequence);
  }
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
  if (absl::Status s = CheckBasis(request, basis); !s.ok()) return s;
  if (absl::Status s = CheckNotStale(request, basis, inputs); !s.ok()) return s;
  const v1::Date first = ToDate(period->first);
  const v1::Date last = ToDate(period->second);
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
    absl::StatusOr<int64_t> claimed_sum = CheckedAdd(claimed_total_fen, claimed_fen[i], "lines");
    if (!claimed_sum.ok()) return claimed_sum.status();
    absl::StatusOr<int64_t> expected_sum =
        CheckedAdd(expected_total_fen, computed.expected_fen(), "claim_basis");
    if (!expected_sum.ok()) return expected_sum.status();
    claimed_total_fen = *claimed_sum;
    expected_total_fen = *expected_sum;
  }
  claim->set_line_count(request.lines_size());
  *claim->mutable_claimed_total() = Cny(claimed_total_fen);
  *claim->mutable_expected_total() = Cny(expected_total_fen);
  claim->set_basis_sequence(basis.basis_sequence());
  return event;
}

absl::StatusOr<v1::Event> DecideApproveClaim(const v1::ApproveSubsidyClaimRequest& request,
                                             const v1::SubsidyClaim& claim) {
  if (claim.state() != v1::CLAIM_SUBMITTED) return NotSubmitted(claim);
  if (request.approval() != v1::APPROVE_AS_CLAIMED &&
      request.approval() != v1::APPROVE_AS_COMPUTED) {
    return InvalidArgument(reason::kInvalidApproval, "approval",
                           "approval must be APPROVE_AS_CLAIMED or APPROVE_AS_COMPUTED");
  }
  Invariant(claim.lines_size() == claim.line_count(), "the claim is loaded with its lines");
  v1::Event event;
  v1::SubsidyClaimApproved* approved = event.mutable_subsidy_claim_approved();
  approved->set_claim(claim.name());
  approved->set_approval(request.approval());
  int64_t total_fen = 0;
  for (const v1::SubsidyClaimLine& line : claim.lines()) {
    const int64_t claimed_fen = line.claimed().amount_fen();
    const int64_t amount_fen = request.approval() == v1::APPROVE_AS_CLAIMED
                                   ? claimed_fen
                                   : std::min(claimed_fen, line.expected().amount_fen());
    absl::StatusOr<int64_t> sum = CheckedAdd(total_fen, amount_fen, "approval");
    if (!sum.ok()) return sum.status();
    total_fen = *sum;
    *approved->add_approved() = Cny(amount_fen);
  }
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
