#include "ledger/loan/loan_rules.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/loan/schedule.h"

namespace ledger {
namespace {

absl::Status RefuseState(absl::string_view reason, absl::string_view message) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason, "name", message);
}

// The refusal for a loan whose status does not allow `action`. Callers check the allowed
// statuses first; this only says why the loan's status is not one of them.
absl::Status RefuseStatus(const v1::Loan& loan, absl::string_view action) {
  switch (loan.status()) {
    case v1::APPROVED:
      return RefuseState(reason::kLoanNotDisbursed,
                         absl::StrCat("nothing has been disbursed yet; cannot ", action));
    case v1::CLOSED:
      return RefuseState(reason::kLoanClosed, absl::StrCat("the loan is closed; cannot ", action));
    case v1::COMPENSATED:
      return RefuseState(reason::kLoanCompensated,
                         absl::StrCat("a guarantee fund compensated the loan; cannot ", action));
    case v1::WRITTEN_OFF:
      return RefuseState(reason::kLoanWrittenOff,
                         absl::StrCat("the loan was written off; cannot ", action));
    default:
      return RefuseState(reason::kLoanNotActive,
                         absl::StrCat("the loan is not active; cannot ", action));
  }
}

// An unset Money (no currency, no amount) in an optional field means zero.
absl::StatusOr<int64_t> OptionalAmount(const v1::Money& money, absl::string_view field) {
  if (money.currency_code().empty() && money.amount_fen() == 0) return 0;
  return ParseMoney(money, field, Sign::kNonNegative);
}

// Loans created before schedules existed carry no maturity date; theirs is the contract date
// plus the term, as for every new loan.
absl::CivilDay MaturityOfLoan(const v1::Loan& loan) {
  if (IsSet(loan.maturity_date())) return ToCivilDay(loan.maturity_date());
  return MaturityOf(ToCivilDay(loan.contract_date()), loan.term_months());
}

const v1::Instalment* FindInstalment(const v1::Loan& loan, int32_t number) {
  for (const v1::Instalment& instalment : loan.schedule()) {
    if (instalment.number() == number) return &instalment;
  }
  return nullptr;
}

const v1::Arrear* FindArrear(const v1::Loan& loan, int32_t instalment) {
  for (const v1::Arrear& arrear : loan.arrears()) {
    if (arrear.instalment() == instalment) return &arrear;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<absl::CivilDay> CheckLoanValueDate(const v1::Loan& loan, const v1::Date& date,
                                                  absl::CivilDay today, bool after_last_event) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(date, "value_date");
  if (!day.ok()) return day.status();
  if (*day > today) {
    return InvalidArgument(reason::kDateInFuture, "value_date",
                           absl::StrCat("value_date ", FormatDate(date), " is after today"));
  }
  if (IsSet(loan.contract_date()) && *day < ToCivilDay(loan.contract_date())) {
    return InvalidArgument(
        reason::kDateBeforeContract, "value_date",
        absl::StrCat("value_date is before the contract date ", FormatDate(loan.contract_date())));
  }
  if (after_last_event && IsSet(loan.last_value_date()) &&
      *day < ToCivilDay(loan.last_value_date())) {
    return InvalidArgument(reason::kDateBeforeLastEvent, "value_date",
                           absl::StrCat("value_date is before the loan's latest value date ",
                                        FormatDate(loan.last_value_date())));
  }
  return day;
}

absl::StatusOr<v1::Event> DecideCreate(const v1::CreateLoanRequest& request, absl::CivilDay today) {
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
  // Proto3 keeps enum numbers it does not know; an unknown one would reach BuildSchedule.
  v1::RepaymentMethod method = request.repayment_method();
  if (method == v1::REPAYMENT_METHOD_UNSPECIFIED) method = v1::EQUAL_PRINCIPAL;
  if (!v1::RepaymentMethod_IsValid(method)) {
    return InvalidArgument(reason::kInvalidRepaymentMethod, "repayment_method",
                           absl::StrCat("unknown repayment_method ", method));
  }
  v1::PaymentFrequency frequency = request.payment_frequency();
  if (frequency == v1::PAYMENT_FREQUENCY_UNSPECIFIED) frequency = v1::MONTHLY;
  if (!v1::PaymentFrequency_IsValid(frequency)) {
    return InvalidArgument(reason::kInvalidPaymentFrequency, "payment_frequency",
                           absl::StrCat("unknown payment_frequency ", frequency));
  }

  v1::Event event;
  v1::LoanCreated* created = event.mutable_loan_created();
  created->set_loan(FormatLoanName(request.bank_id(), request.loan_id()));
  created->set_bank_id(request.bank_id());
  created->set_loan_id(request.loan_id());
  created->set_borrower_id(request.borrower_id());
  created->set_county_code(request.county_code());
  *created->mutable_principal() = Cny(*principal_fen);
  created->set_annual_rate_bps(request.annual_rate_bps());
  created->set_term_months(request.term_months());
  *created->mutable_contract_date() = request.contract_date();
  created->set_repayment_method(method);
  created->set_payment_frequency(frequency);
  for (v1::Instalment& instalment :
       BuildSchedule(*principal_fen, *contract, request.term_months(), method, frequency)) {
    *created->add_schedule() = std::move(instalment);
  }
  *created->mutable_maturity_date() = ToDate(MaturityOf(*contract, request.term_months()));
  return event;
}

absl::StatusOr<v1::Event> DecideDisbursement(const v1::Loan& loan,
                                             const v1::DisburseLoanRequest& request,
                                             absl::CivilDay today) {
  if (loan.status() != v1::APPROVED && loan.status() != v1::ACTIVE) {
    return RefuseStatus(loan, "disburse");
  }
  absl::StatusOr<int64_t> amount_fen = ParseMoney(request.amount(), "amount", Sign::kPositive);
  if (!amount_fen.ok()) return amount_fen.status();
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
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
  absl::StatusOr<int64_t> outstanding_fen =
      CheckedAdd(loan.outstanding_principal().amount_fen(), *amount_fen, "amount.amount_fen");
  if (!outstanding_fen.ok()) return outstanding_fen.status();

  v1::Event event;
  v1::LoanDisbursed* disbursed = event.mutable_loan_disbursed();
  disbursed->set_loan(loan.name());
  *disbursed->mutable_amount() = Cny(*amount_fen);
  *disbursed->mutable_value_date() = request.value_date();
  *disbursed->mutable_outstanding_principal_after() = Cny(*outstanding_fen);
  PostingsBuilder postings;
  postings.Transfer(BankFundingAccount(loan.bank_id()),
                    LoanPrincipalAccount(loan.bank_id(), loan.loan_id()), *amount_fen);
  postings.Finish(&event);
  return event;
}

absl::StatusOr<v1::Event> DecideRepayment(const v1::Loan& loan,
                                          const v1::RecordRepaymentRequest& request,
                                          absl::CivilDay today) {
  if (loan.status() != v1::ACTIVE) return RefuseStatus(loan, "record a repayment");
  absl::StatusOr<int64_t> principal_fen = OptionalAmount(request.principal(), "principal");
  if (!principal_fen.ok()) return principal_fen.status();
  absl::StatusOr<int64_t> interest_fen = OptionalAmount(request.interest(), "interest");
  if (!interest_fen.ok()) return interest_fen.status();
  if (*principal_fen == 0 && *interest_fen == 0) {
    return InvalidArgument(reason::kRepaymentEmpty, "principal.amount_fen",
                           "a repayment needs principal or interest greater than zero");
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
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
  absl::StatusOr<int64_t> received_fen =
      CheckedAdd(*principal_fen, *interest_fen, "interest.amount_fen");
  if (!received_fen.ok()) return received_fen.status();

  // Interest pays the due interest the arrears recorded first; only the rest is income now
  // (the due part was booked as income when it was marked overdue).
  const int64_t receivable_fen = loan.interest_receivable().amount_fen();
  const int64_t settled_fen = std::max<int64_t>(0, std::min(*interest_fen, receivable_fen));
  const int64_t outstanding_after_fen = outstanding_fen - *principal_fen;
  const bool closes = outstanding_after_fen == 0 && receivable_fen - settled_fen == 0;

  v1::Event event;
  v1::RepaymentRecorded* repaid = event.mutable_repayment_recorded();
  repaid->set_loan(loan.name());
  *repaid->mutable_principal() = Cny(*principal_fen);
  *repaid->mutable_interest() = Cny(*interest_fen);
  *repaid->mutable_value_date() = request.value_date();
  *repaid->mutable_outstanding_principal_after() = Cny(outstanding_after_fen);
  repaid->set_loan_closed(closes);
  *repaid->mutable_interest_receivable_settled() = Cny(settled_fen);
  PostingsBuilder postings;
  postings.Debit(BankRepaymentsAccount(loan.bank_id()), *received_fen);
  postings.Credit(LoanPrincipalAccount(loan.bank_id(), loan.loan_id()), *principal_fen);
  postings.Credit(LoanInterestAccount(loan.bank_id(), loan.loan_id()), settled_fen);
  postings.Credit(BankInterestIncomeAccount(loan.bank_id()), *interest_fen - settled_fen);
  postings.Finish(&event);
  return event;
}

absl::StatusOr<v1::Event> DecideMarkOverdue(const v1::Loan& loan,
                                            const v1::MarkInstalmentOverdueRequest& request,
                                            absl::CivilDay today) {
  if (loan.status() != v1::ACTIVE) return RefuseStatus(loan, "mark an instalment overdue");
  const v1::Instalment* instalment = FindInstalment(loan, request.instalment());
  if (instalment == nullptr) {
    return InvalidArgument(reason::kInstalmentNotFound, "instalment",
                           absl::StrCat("the schedule has no instalment ", request.instalment()));
  }
  if (FindArrear(loan, request.instalment()) != nullptr) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kArrearAlreadyMarked, "instalment",
                  absl::StrCat("instalment ", request.instalment(), " was already marked overdue"));
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  if (*day <= ToCivilDay(instalment->due_date())) {
    return InvalidArgument(reason::kInstalmentNotDue, "value_date",
                           absl::StrCat("instalment ", request.instalment(), " is due on ",
                                        FormatDate(instalment->due_date()),
                                        "; it is overdue only from the day after"));
  }
  absl::StatusOr<int64_t> principal_fen =
      OptionalAmount(request.principal_overdue(), "principal_overdue");
  if (!principal_fen.ok()) return principal_fen.status();
  absl::StatusOr<int64_t> interest_fen =
      OptionalAmount(request.interest_overdue(), "interest_overdue");
  if (!interest_fen.ok()) return interest_fen.status();
  if (*principal_fen == 0 && *interest_fen == 0) {
    return InvalidArgument(reason::kArrearEmpty, "principal_overdue.amount_fen",
                           "an arrear needs overdue principal or interest greater than zero");
  }
  // All uncured arrears together cannot leave more principal unpaid than is outstanding.
  int64_t already_overdue_fen = 0;
  for (const v1::Arrear& arrear : loan.arrears()) {
    if (!arrear.cured()) already_overdue_fen += arrear.principal_overdue().amount_fen();
  }
  const int64_t principal_limit_fen = std::min(
      instalment->principal_due().amount_fen(),
      std::max<int64_t>(0, loan.outstanding_principal().amount_fen() - already_overdue_fen));
  if (*principal_fen > principal_limit_fen) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kExceedsOutstanding,
        "principal_overdue.amount_fen",
        absl::StrCat("principal_overdue ", *principal_fen,
                     " fen exceeds what the instalment can leave unpaid (", principal_limit_fen,
                     " fen: its principal due, at most the outstanding principal not already "
                     "overdue on other instalments)"));
  }
  // Like the repayment bound: a sanity limit no legal rate reaches, not a computed amount.
  if (*interest_fen > loan.approved_principal().amount_fen()) {
    return InvalidArgument(reason::kInterestTooLarge, "interest_overdue.amount_fen",
                           "interest_overdue exceeds the approved principal");
  }
  absl::StatusOr<int64_t> receivable_fen = CheckedAdd(loan.interest_receivable().amount_fen(),
                                                      *interest_fen, "interest_overdue.amount_fen");
  if (!receivable_fen.ok()) return receivable_fen.status();

  v1::Event event;
  v1::ArrearMarked* marked = event.mutable_arrear_marked();
  marked->set_loan(loan.name());
  marked->set_instalment(request.instalment());
  *marked->mutable_due_date() = instalment->due_date();
  *marked->mutable_principal_overdue() = Cny(*principal_fen);
  *marked->mutable_interest_overdue() = Cny(*interest_fen);
  *marked->mutable_value_date() = request.value_date();
  // The interest now due is owed by the borrower and earned by the bank. Nothing moves when
  // only principal is overdue (it is already on the loan's principal account): an empty list
  // is a balanced one.
  PostingsBuilder postings;
  postings.Transfer(BankInterestIncomeAccount(loan.bank_id()),
                    LoanInterestAccount(loan.bank_id(), loan.loan_id()), *interest_fen);
  postings.Finish(&event);
  return event;
}

absl::StatusOr<v1::Event> DecideCureArrear(const v1::Loan& loan,
                                           const v1::CureArrearRequest& request,
                                           absl::CivilDay today) {
  // A loan whose last repayment closed it may still carry the arrear that repayment cured.
  if (loan.status() != v1::ACTIVE && loan.status() != v1::CLOSED) {
    return RefuseStatus(loan, "cure an arrear");
  }
  const v1::Arrear* arrear = FindArrear(loan, request.instalment());
  if (arrear == nullptr) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kArrearNotFound, "instalment",
                  absl::StrCat("instalment ", request.instalment(), " is not marked overdue"));
  }
  if (arrear->cured()) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kArrearAlreadyCured, "instalment",
                  absl::StrCat("instalment ", request.instalment(), " was already cured on ",
                               FormatDate(arrear->cured_date())));
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  if (IsSet(arrear->marked_date()) && *day < ToCivilDay(arrear->marked_date())) {
    return InvalidArgument(reason::kDateBeforeLastEvent, "value_date",
                           absl::StrCat("value_date is before the arrear was marked on ",
                                        FormatDate(arrear->marked_date())));
  }

  v1::Event event;
  v1::ArrearCured* cured = event.mutable_arrear_cured();
  cured->set_loan(loan.name());
  cured->set_instalment(request.instalment());
  *cured->mutable_value_date() = request.value_date();
  return event;
}

absl::StatusOr<v1::Event> DecideExtension(const v1::Loan& loan,
                                          const v1::ExtendLoanRequest& request,
                                          absl::CivilDay today) {
  if (loan.status() != v1::ACTIVE) return RefuseStatus(loan, "extend");
  if (loan.has_extension()) {
    return RefuseState(reason::kExtensionAlreadyGranted,
                       absl::StrCat("the loan was already extended to ",
                                    FormatDate(loan.extension().to_maturity())));
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  // Not yet extended, so the current maturity is the original one.
  const absl::CivilDay maturity = MaturityOfLoan(loan);
  if (*day > maturity) {
    return InvalidArgument(reason::kExtensionAfterMaturity, "value_date",
                           absl::StrCat("an extension is granted on or before the maturity date ",
                                        FormatDate(ToDate(maturity))));
  }
  absl::StatusOr<absl::CivilDay> to_maturity =
      ParseDate(request.new_maturity_date(), "new_maturity_date");
  if (!to_maturity.ok()) return to_maturity.status();
  if (*to_maturity <= maturity) {
    return InvalidArgument(reason::kExtensionNotLater, "new_maturity_date",
                           absl::StrCat("new_maturity_date must be after the maturity date ",
                                        FormatDate(ToDate(maturity))));
  }
  const absl::CivilDay latest = AddMonthsClamped(maturity, 12);
  if (*to_maturity > latest) {
    return InvalidArgument(
        reason::kExtensionTooLong, "new_maturity_date",
        absl::StrCat("an extension is at most one year: new_maturity_date may be at most ",
                     FormatDate(ToDate(latest))));
  }

  v1::Event event;
  v1::LoanExtended* extended = event.mutable_loan_extended();
  extended->set_loan(loan.name());
  *extended->mutable_from_maturity() = ToDate(maturity);
  *extended->mutable_to_maturity() = request.new_maturity_date();
  *extended->mutable_value_date() = request.value_date();
  return event;
}

absl::StatusOr<v1::Event> DecideWriteOff(const v1::Loan& loan,
                                         const v1::WriteOffLoanRequest& request,
                                         absl::CivilDay today) {
  if (loan.status() != v1::ACTIVE && loan.status() != v1::COMPENSATED) {
    return RefuseStatus(loan, "write off");
  }
  // While a fund stands behind the loan the loss is (partly) the fund's: the bank calls the
  // guarantee and is compensated first, then writes off what remains.
  for (const v1::Guarantee& guarantee : loan.guarantees()) {
    if (guarantee.form() == v1::FUND_GUARANTEE && (guarantee.state() == v1::GUARANTEE_LIVE ||
                                                   guarantee.state() == v1::GUARANTEE_CALL_FILED)) {
      return RefuseState(reason::kLoanGuaranteed,
                         absl::StrCat("fund guarantee ", guarantee.guarantee_id(),
                                      " is live; call it and receive compensation first"));
    }
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  const int64_t principal_fen = loan.outstanding_principal().amount_fen();
  const int64_t interest_fen = loan.interest_receivable().amount_fen();
  if (principal_fen == 0 && interest_fen == 0) {
    return RefuseState(reason::kNothingOwed, "no principal and no due interest are owed");
  }
  absl::StatusOr<int64_t> total_fen = CheckedAdd(principal_fen, interest_fen, "name");
  if (!total_fen.ok()) return total_fen.status();

  v1::Event event;
  v1::LoanWrittenOff* written_off = event.mutable_loan_written_off();
  written_off->set_loan(loan.name());
  *written_off->mutable_principal() = Cny(principal_fen);
  *written_off->mutable_interest() = Cny(interest_fen);
  *written_off->mutable_value_date() = request.value_date();
  PostingsBuilder postings;
  postings.Debit(BankWriteOffsAccount(loan.bank_id()), *total_fen);
  postings.Credit(LoanPrincipalAccount(loan.bank_id(), loan.loan_id()), principal_fen);
  postings.Credit(LoanInterestAccount(loan.bank_id(), loan.loan_id()), interest_fen);
  postings.Finish(&event);
  return event;
}

}  // namespace ledger
