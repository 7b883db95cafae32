#include "ledger/guarantee/guarantee_rules.h"

#include <algorithm>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/guarantee/guarantee_checks.h"

namespace ledger {

using guarantee_internal::CheckCoverageInRange;
using guarantee_internal::CheckFundNamed;
using guarantee_internal::CheckLoanNamed;
using guarantee_internal::CheckLoanOpen;
using guarantee_internal::CheckNewGuarantee;
using guarantee_internal::CheckNotFuture;
using guarantee_internal::FindFundGuaranteeOf;
using guarantee_internal::FindGuarantee;
using guarantee_internal::FindGuaranteeOfFund;
using guarantee_internal::InFundRegion;
using guarantee_internal::Int128Text;
using guarantee_internal::kCityCodeDigits;
using guarantee_internal::kFullCoverageBps;
using guarantee_internal::kFundNamePrefix;
using guarantee_internal::RefuseLoanState;

std::string FormatFundName(absl::string_view fund_id) {
  return absl::StrCat(kFundNamePrefix, fund_id);
}

absl::StatusOr<std::string> ParseFundName(absl::string_view name, absl::string_view field) {
  if (name.empty()) return InvalidArgument(reason::kFieldRequired, field, "fund name is required");
  absl::string_view fund_id = name;
  if (!absl::ConsumePrefix(&fund_id, kFundNamePrefix) || !ValidateId(fund_id, field).ok()) {
    return InvalidArgument(reason::kInvalidFundName, field,
                           "fund name must be guarantee_funds/{fund_id}");
  }
  return std::string(fund_id);
}

absl::int128 NewExposureLimitFen(const v1::GuaranteeFund& fund) {
  return absl::int128(fund.cash().amount_fen()) * fund.leverage_multiple();
}

absl::int128 ExposureBoundFen(const v1::GuaranteeFund& fund) {
  return absl::int128(fund.capital().amount_fen()) * fund.leverage_multiple();
}

int64_t ShareOf(int64_t amount_fen, int32_t bps) {
  Invariant(amount_fen >= 0 && bps >= 0 && bps <= kFullCoverageBps,
            "ShareOf takes a non-negative amount and 0..10000 bps");
  // Half-up: adding half the divisor before the (truncating, non-negative) division.
  const absl::int128 product = absl::int128(amount_fen) * bps;
  return static_cast<int64_t>((product + kFullCoverageBps / 2) / kFullCoverageBps);
}

absl::StatusOr<v1::Event> DecideCreateFund(const v1::CreateFundRequest& request,
                                           absl::CivilDay /*today*/) {
  if (absl::Status s = ValidateId(request.fund_id(), "fund_id"); !s.ok()) return s;
  if (request.display_name().empty()) {
    return InvalidArgument(reason::kFieldRequired, "display_name", "display_name is required");
  }
  if (CountCodePoints(request.display_name()) > kMaxDisplayNameChars) {
    return InvalidArgument(
        reason::kTextTooLong, "display_name",
        absl::StrCat("display_name has at most ", kMaxDisplayNameChars, " characters"));
  }
  switch (request.scope()) {
    case v1::COUNTY:
      if (request.region_code().empty()) {
        return InvalidArgument(reason::kFieldRequired, "region_code", "region_code is required");
      }
      // One reason for a bad region of either scope; the county check itself is shared.
      if (!ValidateCountyCode(request.region_code(), "region_code").ok()) {
        return InvalidArgument(reason::kInvalidRegionCode, "region_code",
                               "a COUNTY fund's region_code is a 6-digit county code");
      }
      break;
    case v1::CITY:
      if (request.region_code().empty()) {
        return InvalidArgument(reason::kFieldRequired, "region_code", "region_code is required");
      }
      if (request.region_code().size() != kCityCodeDigits ||
          !AllAsciiDigits(request.region_code())) {
        return InvalidArgument(reason::kInvalidRegionCode, "region_code",
                               "a CITY fund's region_code is a 4-digit city prefix");
      }
      break;
    default:
      return InvalidArgument(reason::kInvalidFundScope, "scope", "scope must be COUNTY or CITY");
  }
  if (request.leverage_multiple() < kMinLeverageMultiple ||
      request.leverage_multiple() > kMaxLeverageMultiple) {
    return InvalidArgument(reason::kLeverageOutOfRange, "leverage_multiple",
                           absl::StrCat("leverage_multiple must be ", kMinLeverageMultiple, "..",
                                        kMaxLeverageMultiple));
  }
  int32_t call_after_days = request.call_after_days();
  if (call_after_days == 0) {
    call_after_days = kDefaultCallAfterDays;
  } else if (call_after_days < 1 || call_after_days > kMaxCallAfterDays) {
    return InvalidArgument(reason::kCallAfterDaysOutOfRange, "call_after_days",
                           absl::StrCat("call_after_days must be 1..", kMaxCallAfterDays,
                                        " (0 means ", kDefaultCallAfterDays, ")"));
  }

  v1::Event event;
  v1::FundCreated* created = event.mutable_fund_created();
  created->set_fund(FormatFundName(request.fund_id()));
  created->set_fund_id(request.fund_id());
  created->set_display_name(request.display_name());
  created->set_scope(request.scope());
  created->set_region_code(request.region_code());
  created->set_leverage_multiple(request.leverage_multiple());
  created->set_call_after_days(call_after_days);
  return event;
}

absl::StatusOr<v1::Event> DecideDepositCapital(const v1::GuaranteeFund& fund,
                                               const v1::DepositFundCapitalRequest& request,
                                               absl::CivilDay today) {
  if (absl::Status s = CheckFundNamed(fund, request.name(), "name"); !s.ok()) return s;
  absl::StatusOr<int64_t> amount_fen = ParseMoney(request.amount(), "amount", Sign::kPositive);
  if (!amount_fen.ok()) return amount_fen.status();
  if (absl::StatusOr<absl::CivilDay> day = CheckNotFuture(request.value_date(), today); !day.ok()) {
    return day.status();
  }
  // Capital and cash both grow by the amount; refuse here what EvolveFund could not apply.
  for (const v1::Money* balance : {&fund.capital(), &fund.cash()}) {
    if (absl::StatusOr<int64_t> sum =
            CheckedAdd(balance->amount_fen(), *amount_fen, "amount.amount_fen");
        !sum.ok()) {
      return sum.status();
    }
  }

  v1::Event event;
  v1::FundCapitalDeposited* deposited = event.mutable_fund_capital_deposited();
  deposited->set_fund(FormatFundName(fund.fund_id()));
  *deposited->mutable_amount() = Cny(*amount_fen);
  *deposited->mutable_value_date() = request.value_date();
  PostingsBuilder postings;
  postings.Debit(FundCashAccount(fund.fund_id()), *amount_fen);
  postings.Credit(FundCapitalAccount(fund.fund_id()), *amount_fen);
  postings.Finish(&event);
  return event;
}

absl::StatusOr<v1::Event> DecideRequestFundGuarantee(const v1::Loan& loan,
                                                     const v1::GuaranteeFund& fund,
                                                     const v1::RequestFundGuaranteeRequest& request,
                                                     absl::CivilDay today) {
  if (absl::Status s = CheckLoanNamed(loan, request.loan()); !s.ok()) return s;
  if (absl::Status s = CheckFundNamed(fund, request.fund(), "fund"); !s.ok()) return s;
  if (absl::Status s = CheckCoverageInRange(request.coverage_bps()); !s.ok()) return s;
  if (absl::Status s = CheckNewGuarantee(loan, request.guarantee_id(), request.party_ids(),
                                         request.value_date(), today);
      !s.ok()) {
    return s;
  }
  if (!InFundRegion(loan, fund)) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kOutsideFundRegion, "fund",
        absl::StrCat("the loan's county ", loan.county_code(), " is outside the ",
                     v1::FundScope_Name(fund.scope()), " fund's region ", fund.region_code()));
  }
  if (const v1::Guarantee* existing = FindFundGuaranteeOf(loan); existing != nullptr) {
    // One fund guarantee per loan, even a requested, released or compensated one: exposure,
    // calls and recoveries all find "the" fund guarantee of a loan.
    return RefuseLoanState(
        reason::kFundGuaranteeExists,
        absl::StrCat("the loan already has fund guarantee ", existing->guarantee_id(), " (",
                     v1::GuaranteeState_Name(existing->state()), ")"));
  }
  // No leverage check: a request adds no exposure, and the fund measures its room when (and
  // if) it issues, against the balances it has then.

  v1::Event event;
  v1::GuaranteeRequested* requested = event.mutable_guarantee_requested();
  requested->set_loan(loan.name());
  v1::Guarantee* guarantee = requested->mutable_guarantee();
  guarantee->set_guarantee_id(request.guarantee_id());
  guarantee->set_form(v1::FUND_GUARANTEE);
  guarantee->set_fund_id(fund.fund_id());
  guarantee->set_coverage_bps(request.coverage_bps());
  *guarantee->mutable_party_ids() = request.party_ids();
  guarantee->set_state(v1::GUARANTEE_REQUESTED);
  *guarantee->mutable_requested_date() = request.value_date();
  return event;
}

absl::StatusOr<v1::Event> DecideIssueFundGuarantee(const v1::Loan& loan,
                                                   const v1::GuaranteeFund& fund,
                                                   const v1::IssueFundGuaranteeRequest& request,
                                                   absl::CivilDay today) {
  if (absl::Status s = CheckLoanNamed(loan, request.loan()); !s.ok()) return s;
  if (absl::Status s = CheckFundNamed(fund, request.fund(), "fund"); !s.ok()) return s;
  if (absl::Status s = CheckCoverageInRange(request.coverage_bps()); !s.ok()) return s;
  if (absl::Status s = ValidateId(request.guarantee_id(), "guarantee_id"); !s.ok()) return s;
  const v1::Guarantee* requested = FindGuarantee(loan, request.guarantee_id());
  if (requested == nullptr || requested->form() != v1::FUND_GUARANTEE) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kGuaranteeNotRequested,
                  "guarantee_id",
                  absl::StrCat("the bank has not requested a fund guarantee ",
                               request.guarantee_id(), " on the loan"));
  }
  if (requested->fund_id() != fund.fund_id()) {
    // Another fund's request is none of this fund's business (as in FindGuaranteeOfFund).
    return Refuse(absl::StatusCode::kNotFound, reason::kGuaranteeNotFound, "guarantee_id",
                  absl::StrCat("guarantee ", request.guarantee_id(), " is not a guarantee of fund ",
                               FormatFundName(fund.fund_id())));
  }
  // The loan first: a request left unissued when the loan closed shows as RELEASED, and what
  // stops the fund then is the loan, not an earlier issue.
  if (absl::Status s = CheckLoanOpen(loan); !s.ok()) return s;
  if (requested->state() != v1::GUARANTEE_REQUESTED) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kGuaranteeAlreadyExists, "guarantee_id",
                  absl::StrCat("guarantee ", request.guarantee_id(), " was already issued (",
                               v1::GuaranteeState_Name(requested->state()), ")"));
  }
  if (request.coverage_bps() != requested->coverage_bps()) {
    // The fund states what it agrees to; a different share is a different guarantee, which the
    // bank would have to request.
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kGuaranteeTermsDiffer,
                  "coverage_bps",
                  absl::StrCat("the bank requested ", requested->coverage_bps(),
                               " bps of coverage, not ", request.coverage_bps()));
  }
  // Issuing follows the loan's life like calls do: the guaranteed base is measured on the loan
  // as it stands at the value date.
  absl::StatusOr<absl::CivilDay> day =
      CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/true);
  if (!day.ok()) return day.status();
  if (IsSet(requested->requested_date()) && *day < ToCivilDay(requested->requested_date())) {
    return InvalidArgument(reason::kDateBeforeLastEvent, "value_date",
                           absl::StrCat("value_date is before the request's date ",
                                        FormatDate(requested->requested_date())));
  }

  const int64_t unrepaid_fen =
      loan.approved_principal().amount_fen() - loan.repaid_principal().amount_fen();
  const int64_t guaranteed_fen =
      ShareOf(std::max<int64_t>(unrepaid_fen, 0), request.coverage_bps());
  if (guaranteed_fen <= 0) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kAmountNotPositive, "coverage_bps",
                  absl::StrCat(request.coverage_bps(), " bps of the loan's unrepaid principal ",
                               unrepaid_fen, " fen rounds to nothing"));
  }
  // The limit is on cash, not capital: compensation already paid is money the fund no longer
  // has to stand behind new guarantees. 128 bits: cash x 20 can pass int64 for a large fund.
  const absl::int128 limit_fen = NewExposureLimitFen(fund);
  const absl::int128 exposure_after_fen =
      absl::int128(fund.exposure().amount_fen()) + guaranteed_fen;
  if (exposure_after_fen > limit_fen) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kLeverageLimitExceeded, "coverage_bps",
        absl::StrCat("guaranteeing ", guaranteed_fen, " fen would bring the fund's exposure from ",
                     fund.exposure().amount_fen(), " to ", Int128Text(exposure_after_fen),
                     " fen, above its limit of ", Int128Text(limit_fen), " fen (cash ",
                     fund.cash().amount_fen(), " fen x ", fund.leverage_multiple(), ")"));
  }

  v1::Event event;
  v1::GuaranteeIssued* issued = event.mutable_guarantee_issued();
  issued->set_loan(loan.name());
  v1::Guarantee* guarantee = issued->mutable_guarantee();
  *guarantee = *requested;
  *guarantee->mutable_guaranteed_principal() = Cny(guaranteed_fen);
  *guarantee->mutable_issued_date() = request.value_date();
  guarantee->set_state(v1::GUARANTEE_LIVE);
  return event;
}

absl::StatusOr<v1::Event> DecideRecordGuarantee(const v1::Loan& loan,
                                                const v1::RecordGuaranteeRequest& request,
                                                absl::CivilDay today) {
  if (absl::Status s = CheckLoanNamed(loan, request.loan()); !s.ok()) return s;
  switch (request.form()) {
    case v1::COUNTER_GUARANTEE:
    case v1::JOINT_LIABILITY:
    case v1::CREDIT_GUARANTEE:
      break;
    case v1::FUND_GUARANTEE:
      return InvalidArgument(reason::kInvalidGuaranteeForm, "form",
                             "a fund guarantee is requested from its fund "
                             "(RequestFundGuarantee), which issues it");
    default:
      return InvalidArgument(reason::kInvalidGuaranteeForm, "form",
                             "form must be COUNTER_GUARANTEE, JOINT_LIABILITY or "
                             "CREDIT_GUARANTEE");
  }
  if (request.party_ids().empty() &&
      (request.form() == v1::JOINT_LIABILITY || request.form() == v1::COUNTER_GUARANTEE)) {
    return InvalidArgument(
        reason::kFieldRequired, "party_ids",
        absl::StrCat(v1::GuaranteeForm_Name(request.form()), " needs at least one party"));
  }
  if (absl::Status s = CheckNewGuarantee(loan, request.guarantee_id(), request.party_ids(),
                                         request.value_date(), today);
      !s.ok()) {
    return s;
  }

  v1::Event event;
  v1::GuaranteeIssued* issued = event.mutable_guarantee_issued();
  issued->set_loan(loan.name());
  v1::Guarantee* guarantee = issued->mutable_guarantee();
  guarantee->set_guarantee_id(request.guarantee_id());
  guarantee->set_form(request.form());
  *guarantee->mutable_party_ids() = request.party_ids();
  guarantee->set_state(v1::GUARANTEE_RECORDED);
  *guarantee->mutable_issued_date() = request.value_date();
  return event;
}

}  // namespace ledger
