// Checks shared by the guarantee rules (guarantee_rules.cc, guarantee_settlement.cc): which loan
// and fund a request names, value dates, parties, and finding a loan's guarantees. Internal to
// //ledger/guarantee; callers use guarantee_rules.h.
#ifndef LEDGER_GUARANTEE_GUARANTEE_CHECKS_H_
#define LEDGER_GUARANTEE_GUARANTEE_CHECKS_H_

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "ledger/loan/loan_rules.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {
namespace guarantee_internal {

constexpr absl::string_view kFundNamePrefix = "guarantee_funds/";
constexpr int32_t kFullCoverageBps = 10000;
constexpr size_t kCityCodeDigits = 4;

// absl::StrCat has no int128 overload in Debian 12's Abseil.
std::string Int128Text(absl::int128 value);

absl::Status RefuseLoanState(absl::string_view reason, absl::string_view message);

// The rules are handed the loan the engine loaded by the request's name; a request naming
// another loan (or none) must not act on it.
absl::Status CheckLoanNamed(const v1::Loan& loan, absl::string_view request_loan);

// Same for the fund: `name` must parse and name `fund`, which must exist.
absl::Status CheckFundNamed(const v1::GuaranteeFund& fund, absl::string_view name,
                            absl::string_view field);

// Guarantees are put on loans that are still the bank's and still owed: APPROVED (at
// origination) or ACTIVE.
absl::Status CheckLoanOpen(const v1::Loan& loan);

// A county fund covers its county's loans; a city fund those of every county whose code starts
// with the city's four digits.
bool InFundRegion(const v1::Loan& loan, const v1::GuaranteeFund& fund);

absl::Status CheckCoverageInRange(int32_t coverage_bps);

absl::StatusOr<absl::CivilDay> CheckNotFuture(const v1::Date& date, absl::CivilDay today);

absl::Status CheckParties(const google::protobuf::RepeatedPtrField<std::string>& party_ids);

const v1::Guarantee* FindGuarantee(const v1::Loan& loan, absl::string_view guarantee_id);

const v1::Guarantee* FindFundGuaranteeOf(const v1::Loan& loan);

// A new guarantee of any form needs an id not yet used on the loan.
absl::Status CheckGuaranteeIdFree(const v1::Loan& loan, absl::string_view guarantee_id);

// Bounds the loan record (guarantees are stored inside it).
absl::Status CheckRoomForGuarantee(const v1::Loan& loan);

// The fund guarantee `guarantee_id` of `fund` on the loan. A guarantee of another fund is
// reported as not found: to this fund's operator it is not one of theirs.
absl::StatusOr<const v1::Guarantee*> FindGuaranteeOfFund(const v1::Loan& loan,
                                                         const v1::GuaranteeFund& fund,
                                                         absl::string_view guarantee_id);

// What any new guarantee (a fund's requested, or another form recorded) needs: valid parties,
// an open loan (APPROVED or ACTIVE), an id not yet used on it, room for one more, and a value
// date from the contract to today (it may be recorded late).
absl::Status CheckNewGuarantee(const v1::Loan& loan, absl::string_view guarantee_id,
                               const google::protobuf::RepeatedPtrField<std::string>& party_ids,
                               const v1::Date& value_date, absl::CivilDay today);

}  // namespace guarantee_internal
}  // namespace ledger

#endif  // LEDGER_GUARANTEE_GUARANTEE_CHECKS_H_
