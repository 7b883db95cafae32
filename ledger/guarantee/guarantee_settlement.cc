// The settlement rules of guarantee_rules.h: calls, compensation and recoveries.
#include <algorithm>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/guarantee/guarantee_checks.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/loan/delinquency.h"

namespace ledger {

using guarantee_internal::CheckLoanNamed;
using guarantee_internal::FindFundGuaranteeOf;
using guarantee_internal::FindGuaranteeOfFund;
using guarantee_internal::RefuseLoanState;

absl::StatusOr<v1::Event> DecideFileGuaranteeCall(const v1::Loan& loan,
                                                  const v1::GuaranteeFund& fund,
                                                  const v1::FileGuaranteeCallRequest& request,
                                                  absl::CivilDay today) {
  if (absl::Status s = CheckLoanNamed(loan, request.loan()); !s.ok()) return s;
  absl::StatusOr<const v1::Guarantee*> guarantee =
      FindGuaranteeOfFund(loan, fund, request.guarantee_id());
  if (!guarantee.ok()) return guarantee.status();
  switch ((*guarantee)->state()) {
    case v1::GUARANTEE_LIVE:
      break;
    case v1::GUARANTEE_CALL_FILED:
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kCallAlreadyFiled,
                    "guarantee_id", "the guarantee has already been called");
    case v1::GUARANTEE_COMPENSATED:
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kAlreadyCompensated,
                    "guarantee_id", "the fund has already paid this guarantee");
    default:
      return Refuse(
          absl::StatusCode::kFailedPrecondition, reason::kGuaranteeNotLive, "guarantee_id",
          absl::StrCat("the guarantee is ", v1::GuaranteeState_Name((*guarantee)->state()),
                       "; only a live guarantee can be called"));
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  const int days_past_due = DaysPastDue(loan, *day);
  if (days_past_due == 0) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kNotOverdue, "value_date",
        absl::StrCat("the loan is not past due as of ", FormatDate(request.value_date())));
  }
  if (days_past_due <= fund.call_after_days()) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kCallTooEarly, "value_date",
                  absl::StrCat("the loan is ", days_past_due, " days past due as of ",
                               FormatDate(request.value_date()),
                               "; the fund's guarantees can be called once it is more than ",
                               fund.call_after_days(), " days past due"));
  }

  v1::Event event;
  v1::GuaranteeCallFiled* filed = event.mutable_guarantee_call_filed();
  filed->set_loan(loan.name());
  filed->set_guarantee_id(request.guarantee_id());
  filed->set_fund(FormatFundName(fund.fund_id()));
  filed->set_days_past_due(days_past_due);
  *filed->mutable_value_date() = request.value_date();
  return event;
}

absl::StatusOr<v1::Event> DecidePayCompensation(const v1::Loan& loan, const v1::GuaranteeFund& fund,
                                                const v1::PayCompensationRequest& request,
                                                absl::CivilDay today) {
  if (absl::Status s = CheckLoanNamed(loan, request.loan()); !s.ok()) return s;
  absl::StatusOr<const v1::Guarantee*> guarantee =
      FindGuaranteeOfFund(loan, fund, request.guarantee_id());
  if (!guarantee.ok()) return guarantee.status();
  switch ((*guarantee)->state()) {
    case v1::GUARANTEE_CALL_FILED:
      break;
    case v1::GUARANTEE_LIVE:
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kCallNotFiled, "guarantee_id",
                    "the bank has not called the guarantee; the fund pays only a call");
    case v1::GUARANTEE_COMPENSATED:
      return Refuse(absl::StatusCode::kFailedPrecondition, reason::kAlreadyCompensated,
                    "guarantee_id", "the fund has already paid this guarantee");
    default:
      return Refuse(
          absl::StatusCode::kFailedPrecondition, reason::kGuaranteeNotLive, "guarantee_id",
          absl::StrCat("the guarantee is ", v1::GuaranteeState_Name((*guarantee)->state())));
  }
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  // The call rested on the loan being overdue; a loan that caught up (an arrear reversed, say)
  // is the bank's again, and the fund owes nothing for it.
  if (DaysPastDue(loan, *day) == 0) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kNotOverdue, "value_date",
        absl::StrCat("the loan is no longer overdue as of ", FormatDate(request.value_date())));
  }

  const int32_t bps = (*guarantee)->coverage_bps();
  // Capped at the guaranteed principal: the fund's leverage was measured on it, and principal
  // the loan took on after the guarantee was issued is not what the fund agreed to cover.
  const int64_t principal_fen = std::min(ShareOf(loan.outstanding_principal().amount_fen(), bps),
                                         (*guarantee)->guaranteed_principal().amount_fen());
  const int64_t interest_fen = ShareOf(loan.interest_receivable().amount_fen(), bps);
  absl::StatusOr<int64_t> total_fen = CheckedAdd(principal_fen, interest_fen, "guarantee_id");
  if (!total_fen.ok()) return total_fen.status();
  if (*total_fen == 0) {
    return RefuseLoanState(reason::kNothingOwed,
                           "the covered share of the loan's outstanding principal and due "
                           "interest is nothing");
  }
  if (fund.cash().amount_fen() < *total_fen) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kFundInsufficientCash,
                  "guarantee_id",
                  absl::StrCat("compensation of ", *total_fen, " fen needs more than the fund's ",
                               fund.cash().amount_fen(), " fen of cash"));
  }

  v1::Event event;
  v1::CompensationPaid* paid = event.mutable_compensation_paid();
  paid->set_loan(loan.name());
  paid->set_guarantee_id(request.guarantee_id());
  paid->set_fund(FormatFundName(fund.fund_id()));
  *paid->mutable_principal() = Cny(principal_fen);
  *paid->mutable_interest() = Cny(interest_fen);
  *paid->mutable_value_date() = request.value_date();
  PostingsBuilder postings;
  postings.Transfer(/*from=*/FundCashAccount(fund.fund_id()),
                    /*to=*/BankFundingAccount(loan.bank_id()), *total_fen);
  postings.Debit(FundCompensationAccount(fund.fund_id()), *total_fen);
  postings.Credit(LoanPrincipalAccount(loan.bank_id(), loan.loan_id()), principal_fen);
  postings.Credit(LoanInterestAccount(loan.bank_id(), loan.loan_id()), interest_fen);
  postings.Finish(&event);
  return event;
}

absl::StatusOr<v1::Event> DecideRecovery(const v1::Loan& loan, const v1::GuaranteeFund& fund,
                                         const v1::RecordRecoveryRequest& request,
                                         absl::CivilDay today) {
  if (absl::Status s = CheckLoanNamed(loan, request.loan()); !s.ok()) return s;
  const v1::Guarantee* guarantee = FindFundGuaranteeOf(loan);
  if (loan.compensated_by_sequence() == 0 || guarantee == nullptr) {
    return RefuseLoanState(reason::kLoanNotCompensated,
                           "no guarantee fund has compensated the loan; the bank records the "
                           "borrower's payments as repayments");
  }
  if (fund.fund_id().empty() || guarantee->fund_id() != fund.fund_id()) {
    return Refuse(
        absl::StatusCode::kNotFound, reason::kGuaranteeNotFound, "loan",
        absl::StrCat("the loan's fund guarantee is not of fund ", FormatFundName(fund.fund_id())));
  }
  absl::StatusOr<int64_t> amount_fen = ParseMoney(request.amount(), "amount", Sign::kPositive);
  if (!amount_fen.ok()) return amount_fen.status();
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();

  const int64_t to_fund_fen = ShareOf(*amount_fen, guarantee->coverage_bps());
  const int64_t to_bank_fen = *amount_fen - to_fund_fen;
  // Amounts are bounded (kMaxAmountFen) and loan amounts far below int64's limit, yet the
  // sums stay checked: a corrupt loan must be refused, not wrap.
  absl::StatusOr<int64_t> compensated_fen =
      CheckedAdd(loan.compensated_principal().amount_fen(),
                 loan.compensated_interest().amount_fen(), "amount.amount_fen");
  if (!compensated_fen.ok()) return compensated_fen.status();
  absl::StatusOr<int64_t> recovered_after_fen =
      CheckedAdd(loan.recovered_to_fund().amount_fen(), to_fund_fen, "amount.amount_fen");
  if (!recovered_after_fen.ok()) return recovered_after_fen.status();
  if (*recovered_after_fen > *compensated_fen) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kRecoveryExceedsCompensation,
        "amount.amount_fen",
        absl::StrCat("the fund's share of ", to_fund_fen, " fen would bring its recoveries to ",
                     *recovered_after_fen, " fen, above the ", *compensated_fen, " fen it paid"));
  }
  // The bank's part settles what it is still owed (principal, then due interest), then what it
  // wrote off and has not yet got back; the written-off part reduces its write-off loss.
  const int64_t outstanding_fen = loan.outstanding_principal().amount_fen();
  const int64_t receivable_fen = loan.interest_receivable().amount_fen();
  absl::StatusOr<int64_t> written_off_fen =
      CheckedAdd(loan.written_off_principal().amount_fen(),
                 loan.written_off_interest().amount_fen(), "amount.amount_fen");
  if (!written_off_fen.ok()) return written_off_fen.status();
  const int64_t unrecovered_write_off_fen =
      std::max<int64_t>(*written_off_fen - loan.recovered_written_off().amount_fen(), 0);
  absl::StatusOr<int64_t> owed_to_bank_fen =
      CheckedAdd(outstanding_fen, receivable_fen, "amount.amount_fen");
  if (!owed_to_bank_fen.ok()) return owed_to_bank_fen.status();
  absl::StatusOr<int64_t> bank_room_fen =
      CheckedAdd(*owed_to_bank_fen, unrecovered_write_off_fen, "amount.amount_fen");
  if (!bank_room_fen.ok()) return bank_room_fen.status();
  if (to_bank_fen > *bank_room_fen) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kRecoveryExceedsOutstanding,
        "amount.amount_fen",
        absl::StrCat("the bank's share of ", to_bank_fen, " fen is more than the ",
                     *owed_to_bank_fen,
                     " fen of principal and due interest still owed to it plus "
                     "the ",
                     unrecovered_write_off_fen, " fen it wrote off and has not recovered"));
  }
  const int64_t to_bank_principal_fen = std::min(to_bank_fen, outstanding_fen);
  const int64_t to_bank_interest_fen =
      std::min(to_bank_fen - to_bank_principal_fen, receivable_fen);
  const int64_t to_bank_written_off_fen =
      to_bank_fen - to_bank_principal_fen - to_bank_interest_fen;

  v1::Event event;
  v1::RecoveryRecorded* recovered = event.mutable_recovery_recorded();
  recovered->set_loan(loan.name());
  recovered->set_fund(FormatFundName(fund.fund_id()));
  *recovered->mutable_amount() = Cny(*amount_fen);
  *recovered->mutable_to_fund() = Cny(to_fund_fen);
  *recovered->mutable_to_bank_principal() = Cny(to_bank_principal_fen);
  *recovered->mutable_to_bank_interest() = Cny(to_bank_interest_fen);
  *recovered->mutable_to_bank_written_off() = Cny(to_bank_written_off_fen);
  *recovered->mutable_value_date() = request.value_date();
  PostingsBuilder postings;
  postings.Debit(FundCashAccount(fund.fund_id()), to_fund_fen);
  postings.Credit(FundRecoveriesAccount(fund.fund_id()), to_fund_fen);
  postings.Debit(BankRepaymentsAccount(loan.bank_id()), to_bank_fen);
  postings.Credit(LoanPrincipalAccount(loan.bank_id(), loan.loan_id()), to_bank_principal_fen);
  postings.Credit(LoanInterestAccount(loan.bank_id(), loan.loan_id()), to_bank_interest_fen);
  // Money back on a written-off amount offsets the write-off expense.
  postings.Credit(BankWriteOffsAccount(loan.bank_id()), to_bank_written_off_fen);
  postings.Finish(&event);
  return event;
}

}  // namespace ledger
