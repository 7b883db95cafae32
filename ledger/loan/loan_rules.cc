#include "ledger/loan/loan_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

// A value date must not precede the contract, nor the loan's latest event (entries are in
// value-date order per loan, which the subsidy calculator relies on), nor be in the future.
absl::StatusOr<absl::CivilDay> CheckValueDate(const v1::Loan& loan, const v1::Date& date,
                                              absl::CivilDay today) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(date, "value_date");
  if (!day.ok()) return day.status();
  if (*day > today) {
    return InvalidArgument(reason::kDateInFuture, "value_date",
                           absl::StrCat("value_date ", FormatDate(date), " is after today"));
  }
  if (*day < ToCivilDay(loan.contract_date())) {
    return InvalidArgument(
        reason::kDateBeforeContract, "value_date",
        absl::StrCat("value_date is before the contract date ", FormatDate(loan.contract_date())));
  }
  if (IsSet(loan.last_value_date()) && *day < ToCivilDay(loan.last_value_date())) {
    return InvalidArgument(reason::kDateBeforeLastEvent, "value_date",
                           absl::StrCat("value_date is before the loan's latest value date ",
                                        FormatDate(loan.last_value_date())));
  }
  return day;
}

absl::Status RefuseState(absl::string_view reason, absl::string_view message) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason, "name", message);
}

// An unset Money (no currency, no amount) in an optional field means zero.
absl::StatusOr<int64_t> OptionalAmount(const v1::Money& money, absl::string_view field) {
  if (money.currency_code().empty() && money.amount_fen() == 0) return 0;
  return ParseMoney(money, field, Sign::kNonNegative);
}

// The ledger must never hold national ID or phone numbers (DOMAIN.md, privacy). Banks choose
// borrower ids; one that looks like a resident ID (18 characters: 17 digits then a digit or X;
// or the old 15 digits) or a mainland mobile number (11 digits starting with 1) is refused.
bool LooksLikePersonalNumber(absl::string_view id) {
  auto digits = [](absl::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (id.size() == 18) {
    return digits(id.substr(0, 17)) && (digits(id.substr(17)) || id[17] == 'X' || id[17] == 'x');
  }
  if (id.size() == 15) return digits(id);
  if (id.size() == 11) return digits(id) && id[0] == '1';
  return false;
}

}  // namespace

bool LoanInvariantsHold(const v1::Loan& loan) {
  const int64_t approved = loan.approved_principal().amount_fen();
  const int64_t disbursed = loan.disbursed_principal().amount_fen();
  const int64_t repaid = loan.repaid_principal().amount_fen();
  const int64_t outstanding = loan.outstanding_principal().amount_fen();
  const bool ok = 0 <= repaid && repaid <= disbursed && disbursed <= approved &&
                  outstanding == disbursed - repaid && loan.repaid_interest().amount_fen() >= 0 &&
                  (loan.status() != v1::CLOSED || outstanding == 0) &&
                  (loan.status() != v1::APPROVED || disbursed == 0);
  return ok;
}

void AssertLoanInvariants(const v1::Loan& loan) {
  if (!LoanInvariantsHold(loan)) {
    std::fprintf(stderr, "FATAL: loan %s violates its invariants: %s\n", loan.name().c_str(),
                 loan.ShortDebugString().c_str());
    std::abort();
  }
}

absl::StatusOr<Transition> ApplyCreate(const v1::CreateLoanRequest& request, absl::CivilDay today) {
  if (absl::Status s = ValidateId(request.bank_id(), "bank_id"); !s.ok()) return s;
  if (absl::Status s = ValidateId(request.loan_id(), "loan_id"); !s.ok()) return s;
  if (absl::Status s = ValidateId(request.borrower_id(), "borrower_id"); !s.ok()) return s;
  if (LooksLikePersonalNumber(request.borrower_id())) {
    return InvalidArgument(reason::kPersonalDataNotAllowed, "borrower_id",
                           "borrower_id looks like a national ID or phone number; use the "
                           "bank's own opaque customer id");
  }
  if (absl::Status s = ValidateCountyCode(request.county_code(), "county_code"); !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> principal_fen =
      ParseMoney(request.principal(), "principal", Sign::kPositive);
  if (!principal_fen.ok()) return principal_fen.status();
  if (*principal_fen > kMaxPrincipalFen) {
    return InvalidArgument(reason::kAmountTooLarge, "principal.amount_fen",
                           absl::StrCat("principal exceeds ", kMaxPrincipalFen, " fen"));
  }
  if (request.annual_rate_bps() < kMinRateBps || request.annual_rate_bps() > kMaxRateBps) {
    return InvalidArgument(
        reason::kRateOutOfRange, "annual_rate_bps",
        absl::StrCat("annual_rate_bps must be ", kMinRateBps, "..", kMaxRateBps));
  }
  if (request.term_months() < kMinTermMonths || request.term_months() > kMaxTermMonths) {
    return InvalidArgument(
        reason::kTermOutOfRange, "term_months",
        absl::StrCat("term_months must be ", kMinTermMonths, "..", kMaxTermMonths));
  }
  absl::StatusOr<absl::CivilDay> contract = ParseDate(request.contract_date(), "contract_date");
  if (!contract.ok()) return contract.status();
  if (*contract > today) {
    return InvalidArgument(reason::kDateInFuture, "contract_date", "contract_date is after today");
  }

  Transition t;
  v1::Loan& loan = t.loan;
  loan.set_name(FormatLoanName(request.bank_id(), request.loan_id()));
  loan.set_bank_id(request.bank_id());
  loan.set_loan_id(request.loan_id());
  loan.set_borrower_id(request.borrower_id());
  loan.set_county_code(request.county_code());
  *loan.mutable_approved_principal() = Cny(*principal_fen);
  loan.set_annual_rate_bps(request.annual_rate_bps());
  loan.set_term_months(request.term_months());
  *loan.mutable_contract_date() = request.contract_date();
  loan.set_status(v1::APPROVED);
  *loan.mutable_disbursed_principal() = Cny(0);
  *loan.mutable_repaid_principal() = Cny(0);
  *loan.mutable_outstanding_principal() = Cny(0);
  *loan.mutable_repaid_interest() = Cny(0);
  AssertLoanInvariants(loan);

  v1::LoanCreated* created = t.event.mutable_loan_created();
  created->set_loan(loan.name());
  created->set_bank_id(loan.bank_id());
  created->set_loan_id(loan.loan_id());
  created->set_borrower_id(loan.borrower_id());
  created->set_county_code(loan.county_code());
  *created->mutable_principal() = loan.approved_principal();
  created->set_annual_rate_bps(loan.annual_rate_bps());
  created->set_term_months(loan.term_months());
  *created->mutable_contract_date() = loan.contract_date();
  return t;
}

absl::StatusOr<Transition> ApplyDisbursement(const v1::Loan& loan,
                                             const v1::DisburseLoanRequest& request,
                                             absl::CivilDay today) {
  AssertLoanInvariants(loan);
  if (loan.status() == v1::CLOSED) {
    return RefuseState(reason::kLoanClosed, "the loan is closed; nothing more can be disbursed");
  }
  absl::StatusOr<int64_t> amount_fen = ParseMoney(request.amount(), "amount", Sign::kPositive);
  if (!amount_fen.ok()) return amount_fen.status();
  absl::StatusOr<absl::CivilDay> day = CheckValueDate(loan, request.value_date(), today);
  if (!day.ok()) return day.status();
  absl::StatusOr<int64_t> disbursed_fen =
      CheckedAdd(loan.disbursed_principal().amount_fen(), *amount_fen, "amount.amount_fen");
  if (!disbursed_fen.ok()) return disbursed_fen.status();
  if (*disbursed_fen > loan.approved_principal().amount_fen()) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kExceedsApprovedPrincipal,
        "amount.amount_fen",
        absl::StrCat("disbursing ", *amount_fen, " fen would bring the total to ", *disbursed_fen,
                     " fen, above the approved ", loan.approved_principal().amount_fen(), " fen"));
  }

  Transition t;
  t.loan = loan;
  *t.loan.mutable_disbursed_principal() = Cny(*disbursed_fen);
  *t.loan.mutable_outstanding_principal() =
      Cny(*disbursed_fen - loan.repaid_principal().amount_fen());
  t.loan.set_status(v1::ACTIVE);
  if (!IsSet(loan.first_disbursement_date())) {
    *t.loan.mutable_first_disbursement_date() = request.value_date();
  }
  *t.loan.mutable_last_value_date() = request.value_date();
  AssertLoanInvariants(t.loan);

  v1::LoanDisbursed* event = t.event.mutable_loan_disbursed();
  event->set_loan(loan.name());
  *event->mutable_amount() = Cny(*amount_fen);
  *event->mutable_value_date() = request.value_date();
  *event->mutable_outstanding_principal_after() = t.loan.outstanding_principal();
  return t;
}

absl::StatusOr<Transition> ApplyRepayment(const v1::Loan& loan,
                                          const v1::RecordRepaymentRequest& request,
                                          absl::CivilDay today) {
  AssertLoanInvariants(loan);
  if (loan.status() == v1::CLOSED) {
    return RefuseState(reason::kLoanClosed, "the loan is closed; nothing is outstanding");
  }
  if (loan.status() == v1::APPROVED) {
    return RefuseState(reason::kLoanNotDisbursed, "nothing has been disbursed yet");
  }
  absl::StatusOr<int64_t> principal_fen = OptionalAmount(request.principal(), "principal");
  if (!principal_fen.ok()) return principal_fen.status();
  absl::StatusOr<int64_t> interest_fen = OptionalAmount(request.interest(), "interest");
  if (!interest_fen.ok()) return interest_fen.status();
  if (*principal_fen == 0 && *interest_fen == 0) {
    return InvalidArgument(reason::kRepaymentEmpty, "principal.amount_fen",
                           "a repayment needs principal or interest greater than zero");
  }
  absl::StatusOr<absl::CivilDay> day = CheckValueDate(loan, request.value_date(), today);
  if (!day.ok()) return day.status();
  const int64_t outstanding_fen = loan.outstanding_principal().amount_fen();
  if (*principal_fen > outstanding_fen) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kExceedsOutstanding,
                  "principal.amount_fen",
                  absl::StrCat("principal ", *principal_fen, " fen exceeds the outstanding ",
                               outstanding_fen, " fen"));
  }
  absl::StatusOr<int64_t> repaid_interest_fen =
      CheckedAdd(loan.repaid_interest().amount_fen(), *interest_fen, "interest.amount_fen");
  if (!repaid_interest_fen.ok()) return repaid_interest_fen.status();
  if (*repaid_interest_fen > loan.disbursed_principal().amount_fen()) {
    return InvalidArgument(reason::kInterestTooLarge, "interest.amount_fen",
                           "total interest would exceed the disbursed principal");
  }

  Transition t;
  t.loan = loan;
  // Cannot overflow: principal <= outstanding <= disbursed <= kMaxAmountFen.
  *t.loan.mutable_repaid_principal() = Cny(loan.repaid_principal().amount_fen() + *principal_fen);
  *t.loan.mutable_outstanding_principal() = Cny(outstanding_fen - *principal_fen);
  *t.loan.mutable_repaid_interest() = Cny(*repaid_interest_fen);
  *t.loan.mutable_last_value_date() = request.value_date();
  const bool closes = outstanding_fen - *principal_fen == 0;
  if (closes) {
    t.loan.set_status(v1::CLOSED);
    *t.loan.mutable_closed_date() = request.value_date();
  }
  AssertLoanInvariants(t.loan);

  v1::RepaymentRecorded* event = t.event.mutable_repayment_recorded();
  event->set_loan(loan.name());
  *event->mutable_principal() = Cny(*principal_fen);
  *event->mutable_interest() = Cny(*interest_fen);
  *event->mutable_value_date() = request.value_date();
  *event->mutable_outstanding_principal_after() = t.loan.outstanding_principal();
  event->set_loan_closed(closes);
  return t;
}

}  // namespace ledger
