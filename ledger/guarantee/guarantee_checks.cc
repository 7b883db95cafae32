#include "ledger/guarantee/guarantee_checks.h"

#include <sstream>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/guarantee/guarantee_rules.h"
#include "ledger/loan/loan_rules.h"

namespace ledger {
namespace guarantee_internal {

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

absl::Status CheckNewGuarantee(const v1::Loan& loan, absl::string_view guarantee_id,
                               const google::protobuf::RepeatedPtrField<std::string>& party_ids,
                               const v1::Date& value_date, absl::CivilDay today) {
  if (absl::Status s = CheckParties(party_ids); !s.ok()) return s;
  if (absl::Status s = CheckLoanOpen(loan); !s.ok()) return s;
  if (absl::Status s = CheckGuaranteeIdFree(loan, guarantee_id); !s.ok()) return s;
  if (absl::Status s = CheckRoomForGuarantee(loan); !s.ok()) return s;
  return CheckLoanValueDate(loan, value_date, today, /*after_last_event=*/false).status();
}

}  // namespace guarantee_internal
}  // namespace ledger
