#include "ledger/guarantee/guarantee_rules.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/accounts/chart.h"
#include "ledger/accounts/postings.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/loan/delinquency.h"

namespace ledger {
namespace {

constexpr absl::string_view kFundNamePrefix = "guarantee_funds/";
constexpr int32_t kFullCoverageBps = 10000;
constexpr size_t kCityCodeDigits = 4;

// absl::StrCat has no int128 overload in Debian 12's Abseil.
std::string Int128Text(absl::int128 value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

absl::Status RefuseLoanState(absl::string_view reason, absl::string_view message) {
  return Refuse(absl::StatusCode::kFailedPrecondition, reason, "loan", message);
}

// The rules are handed the loan the engine loaded by the request's name; a request naming
// another loan (or none) must not act on it.
absl::Status CheckLoanNamed(const v1::Loan& loan, absl::string_view request_loan) {
  if (absl::StatusOr<LoanName> parsed = ParseLoanName(request_loan, "loan"); !parsed.ok()) {
    return parsed.status();
  }
  if (loan.name().empty()) {
    return Refuse(absl::StatusCode::kNotFound, reason::kLoanNotFound, "loan",
                  absl::StrCat("loan ", request_loan, " does not exist"));
  }
  if (loan.name() != request_loan) {
    return InvalidArgument(
        reason::kInvalidLoanName, "loan",
        absl::StrCat("request names loan ", request_loan, " but the loan is ", loan.name()));
  }
  return absl::OkStatus();
}

// Same for the fund: `name` must parse and name `fund`, which must exist.
absl::Status CheckFundNamed(const v1::GuaranteeFund& fund, absl::string_view name,
                            absl::string_view field) {
  absl::StatusOr<std::string> fund_id = ParseFundName(name, field);
  if (!fund_id.ok()) return fund_id.status();
  if (fund.fund_id().empty()) {
    return Refuse(absl::StatusCode::kNotFound, reason::kFundNotFound, field,
                  absl::StrCat("guarantee fund ", name, " does not exist"));
  }
  if (*fund_id != fund.fund_id()) {
    return InvalidArgument(reason::kInvalidFundName, field,
                           absl::StrCat("request names fund ", name, " but the fund is ",
                                        FormatFundName(fund.fund_id())));
  }
  return absl::OkStatus();
}

// Guarantees are put on loans that are still the bank's and still owed: APPROVED (at
// origination) or ACTIVE.
absl::Status CheckLoanOpen(const v1::Loan& loan) {
  switch (loan.status()) {
    case v1::APPROVED:
    case v1::ACTIVE:
      return absl::OkStatus();
    case v1::CLOSED:
      return RefuseLoanState(reason::kLoanClosed, "the loan is closed; it needs no guarantee");
    case v1::COMPENSATED:
      return RefuseLoanState(reason::kLoanCompensated,
                             "the loan was compensated by its guarantee fund");
    case v1::WRITTEN_OFF:
      return RefuseLoanState(reason::kLoanWrittenOff, "the loan was written off");
    default:
      return RefuseLoanState(reason::kInvalidStatus,
                             absl::StrCat("the loan's status ", v1::LoanStatus_Name(loan.status()),
                                          " takes no guarantee"));
  }
}

// A county fund covers its county's loans; a city fund those of every county whose code starts
// with the city's four digits.
bool InFundRegion(const v1::Loan& loan, const v1::GuaranteeFund& fund) {
  if (fund.region_code().empty()) return false;
  switch (fund.scope()) {
    case v1::COUNTY:
      return loan.county_code() == fund.region_code();
    case v1::CITY:
      return absl::StartsWith(loan.county_code(), fund.region_code());
    default:
      return false;
  }
}

absl::Status CheckCoverageInRange(int32_t coverage_bps) {
  if (coverage_bps < 1 || coverage_bps > kFullCoverageBps) {
    return InvalidArgument(reason::kCoverageOutOfRange, "coverage_bps",
                           "coverage_bps must be 1..10000");
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> CheckNotFuture(const v1::Date& date, absl::CivilDay today) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(date, "value_date");
  if (!day.ok()) return day.status();
  if (*day > today) {
    return InvalidArgument(reason::kDateInFuture, "value_date",
                           absl::StrCat("value_date ", FormatDate(date), " is after today"));
  }
  return day;
}

// A loan event's value date: not in the future, not before the contract and, for events that
// follow the loan's life (calls, compensation, recoveries), not before its latest event, since
// a loan's entries are in value-date order (the subsidy calculator relies on it). A guarantee
// may be recorded late for a date back to the contract (it was agreed at origination).
absl::StatusOr<absl::CivilDay> CheckLoanValueDate(const v1::Loan& loan, const v1::Date& date,
                                                  absl::CivilDay today, bool after_last_event) {
  absl::StatusOr<absl::CivilDay> day = CheckNotFuture(date, today);
  if (!day.ok()) return day.status();
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

absl::Status CheckParties(const google::protobuf::RepeatedPtrField<std::string>& party_ids) {
  if (party_ids.size() > kMaxPartiesPerGuarantee) {
    return InvalidArgument(reason::kTooManyParties, "party_ids",
                           absl::StrCat("a guarantee has at most ", kMaxPartiesPerGuarantee,
                                        " parties; ", party_ids.size(), " given"));
  }
  absl::flat_hash_set<absl::string_view> seen;
  for (int i = 0; i < party_ids.size(); ++i) {
    const std::string field = absl::StrCat("party_ids[", i, "]");
    if (absl::Status s = ValidateId(party_ids[i], field); !s.ok()) return s;
    if (LooksLikePersonalNumber(party_ids[i])) {
      return InvalidArgument(reason::kPersonalDataNotAllowed, field,
                             "party id looks like a national ID or phone number; use the "
                             "bank's own opaque id");
    }
    if (!seen.insert(party_ids[i]).second) {
      return InvalidArgument(reason::kInvalidId, field,
                             absl::StrCat("party ", party_ids[i], " is listed twice"));
    }
  }
  return absl::OkStatus();
}

const v1::Guarantee* FindGuarantee(const v1::Loan& loan, absl::string_view guarantee_id) {
  for (const v1::Guarantee& guarantee : loan.guarantees()) {
    if (guarantee.guarantee_id() == guarantee_id) return &guarantee;
  }
  return nullptr;
}

const v1::Guarantee* FindFundGuaranteeOf(const v1::Loan& loan) {
  for (const v1::Guarantee& guarantee : loan.guarantees()) {
    if (guarantee.form() == v1::FUND_GUARANTEE) return &guarantee;
  }
  return nullptr;
}

// A new guarantee of any form needs an id not yet used on the loan.
absl::Status CheckGuaranteeIdFree(const v1::Loan& loan, absl::string_view guarantee_id) {
  if (absl::Status s = ValidateId(guarantee_id, "guarantee_id"); !s.ok()) return s;
  if (FindGuarantee(loan, guarantee_id) != nullptr) {
    return Refuse(absl::StatusCode::kAlreadyExists, reason::kGuaranteeAlreadyExists, "guarantee_id",
                  absl::StrCat("the loan already has a guarantee ", guarantee_id));
  }
  return absl::OkStatus();
}

// Bounds the loan record (guarantees are stored inside it).
absl::Status CheckRoomForGuarantee(const v1::Loan& loan) {
  if (loan.guarantees_size() >= kMaxGuaranteesPerLoan) {
    return RefuseLoanState(
        reason::kTooManyGuarantees,
        absl::StrCat("a loan has at most ", kMaxGuaranteesPerLoan, " guarantees"));
  }
  return absl::OkStatus();
}

// The fund guarantee `guarantee_id` of `fund` on the loan. A guarantee of another fund is
// reported as not found: to this fund's operator it is not one of theirs.
absl::StatusOr<const v1::Guarantee*> FindGuaranteeOfFund(const v1::Loan& loan,
                                                         const v1::GuaranteeFund& fund,
                                                         absl::string_view guarantee_id) {
  if (absl::Status s = ValidateId(guarantee_id, "guarantee_id"); !s.ok()) return s;
  const v1::Guarantee* guarantee = FindGuarantee(loan, guarantee_id);
  if (guarantee == nullptr) {
    return Refuse(absl::StatusCode::kNotFound, reason::kGuaranteeNotFound, "guarantee_id",
                  absl::StrCat("the loan has no guarantee ", guarantee_id));
  }
  if (guarantee->form() != v1::FUND_GUARANTEE) {
    return Refuse(absl::StatusCode::kFailedPrecondition, reason::kInvalidGuaranteeForm,
                  "guarantee_id",
                  absl::StrCat("guarantee ", guarantee_id, " is a ",
                               v1::GuaranteeForm_Name(guarantee->form()),
                               "; only a fund guarantee is called and compensated"));
  }
  if (fund.fund_id().empty() || guarantee->fund_id() != fund.fund_id()) {
    return Refuse(absl::StatusCode::kNotFound, reason::kGuaranteeNotFound, "guarantee_id",
                  absl::StrCat("guarantee ", guarantee_id, " is not a guarantee of fund ",
                               FormatFundName(fund.fund_id())));
  }
  return guarantee;
}

}  // namespace

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
  if (absl::Status s = CheckParties(request.party_ids()); !s.ok()) return s;
  if (absl::Status s = CheckLoanOpen(loan); !s.ok()) return s;
  if (!InFundRegion(loan, fund)) {
    return Refuse(
        absl::StatusCode::kFailedPrecondition, reason::kOutsideFundRegion, "fund",
        absl::StrCat("the loan's county ", loan.county_code(), " is outside the ",
                     v1::FundScope_Name(fund.scope()), " fund's region ", fund.region_code()));
  }
  if (absl::Status s = CheckGuaranteeIdFree(loan, request.guarantee_id()); !s.ok()) return s;
  if (const v1::Guarantee* existing = FindFundGuaranteeOf(loan); existing != nullptr) {
    // One fund guarantee per loan, even a requested, released or compensated one: exposure,
    // calls and recoveries all find "the" fund guarantee of a loan.
    return RefuseLoanState(
        reason::kFundGuaranteeExists,
        absl::StrCat("the loan already has fund guarantee ", existing->guarantee_id(), " (",
                     v1::GuaranteeState_Name(existing->state()), ")"));
  }
  if (absl::Status s = CheckRoomForGuarantee(loan); !s.ok()) return s;
  if (absl::StatusOr<absl::CivilDay> day =
          CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/false);
      !day.ok()) {
    return day.status();
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
  const absl::int128 limit_fen = absl::int128(fund.cash().amount_fen()) * fund.leverage_multiple();
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
  if (absl::Status s = CheckParties(request.party_ids()); !s.ok()) return s;
  if (absl::Status s = CheckLoanOpen(loan); !s.ok()) return s;
  if (absl::Status s = CheckGuaranteeIdFree(loan, request.guarantee_id()); !s.ok()) return s;
  if (absl::Status s = CheckRoomForGuarantee(loan); !s.ok()) return s;
  if (absl::StatusOr<absl::CivilDay> day =
          CheckLoanValueDate(loan, request.value_date(), today, /*after_last_event=*/false);
      !day.ok()) {
    return day.status();
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
