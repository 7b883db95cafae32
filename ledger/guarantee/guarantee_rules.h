// Guarantee funds and guarantees as pure functions: given the loan and fund as they stand and a
// command, either the journal event (with its money postings) or a refusal with a specific
// reason. What the events do to a fund is EvolveFund's job (fund_evolve.h); what they do to a loan
// is EvolveLoan's (ledger/loan/loan_evolve.h). Exposure postings (the memorandum pair fund exposure
// / fund commitments) are not built here: the commit path adds them for any event that changes a
// loan's live fund exposure (ledger/engine/apply_command.cc).
//
//   absl::StatusOr<v1::Event> event = DecideIssueFundGuarantee(loan, fund, request, today);
//
// Amounts: shares are coverage_bps / 10000 of an amount in fen, computed in 128 bits and
// rounded half-up to the fen once.
#ifndef LEDGER_GUARANTEE_GUARANTEE_RULES_H_
#define LEDGER_GUARANTEE_GUARANTEE_RULES_H_

#include <cstdint>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/guarantee_service.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

inline constexpr int kMinLeverageMultiple = 1;
inline constexpr int kMaxLeverageMultiple = 20;
inline constexpr int kDefaultCallAfterDays = 90;
inline constexpr int kMaxCallAfterDays = 720;
inline constexpr int kMaxGuaranteesPerLoan = 8;
inline constexpr int kMaxPartiesPerGuarantee = 10;
inline constexpr int kMaxDisplayNameChars = 100;

// "guarantee_funds/{fund_id}" and back (INVALID_FUND_NAME, field `field`).
std::string FormatFundName(absl::string_view fund_id);
absl::StatusOr<std::string> ParseFundName(absl::string_view name, absl::string_view field);

// The leverage limits. New exposure (issuing a guarantee) is held to the fund's cash x leverage:
// what it can still pay. Every state must keep exposure within capital x leverage: a payout
// lowers cash without cutting exposure already issued, so a reversal (which restores an earlier
// state, and may revive a guarantee) is held to capital, not to cash.
absl::int128 NewExposureLimitFen(const v1::GuaranteeFund& fund);
absl::int128 ExposureBoundFen(const v1::GuaranteeFund& fund);

// round_half_up(amount_fen * bps / 10000). REQUIRES: amount_fen >= 0, 0 <= bps <= 10000.
int64_t ShareOf(int64_t amount_fen, int32_t bps);

absl::StatusOr<v1::Event> DecideCreateFund(const v1::CreateFundRequest& request,
                                           absl::CivilDay today);

// Dr fund cash, Cr fund capital.
absl::StatusOr<v1::Event> DecideDepositCapital(const v1::GuaranteeFund& fund,
                                               const v1::DepositFundCapitalRequest& request,
                                               absl::CivilDay today);

// The bank asks the fund to guarantee an APPROVED or ACTIVE loan within the fund's region:
// guarantee_id free on the loan, no other fund guarantee on it (in any state), coverage
// 1..10000 bps, parties as for other forms. The event records a FUND_GUARANTEE in state
// GUARANTEE_REQUESTED with requested_date = value date. No postings and no exposure yet, so no
// leverage check (the fund may still refuse by not issuing). The fund must exist.
absl::StatusOr<v1::Event> DecideRequestFundGuarantee(const v1::Loan& loan,
                                                     const v1::GuaranteeFund& fund,
                                                     const v1::RequestFundGuaranteeRequest& request,
                                                     absl::CivilDay today);

// The fund issues the guarantee the bank requested: the loan's guarantee `guarantee_id` must be
// a FUND_GUARANTEE of this fund in state GUARANTEE_REQUESTED (none: GUARANTEE_NOT_REQUESTED;
// already issued: GUARANTEE_ALREADY_EXISTS), and request.coverage_bps must equal the requested
// coverage (GUARANTEE_TERMS_DIFFER). The loan must still be APPROVED or ACTIVE. The guaranteed
// principal is the coverage share of (approved - repaid principal). Refused with
// LEVERAGE_LIMIT_EXCEEDED when the fund's exposure plus it would exceed its cash (capital +
// recoveries - compensation paid: what it can still pay) x leverage_multiple. The event's
// guarantee is the requested one with guaranteed_principal and issued_date (= value date) set.
absl::StatusOr<v1::Event> DecideIssueFundGuarantee(const v1::Loan& loan,
                                                   const v1::GuaranteeFund& fund,
                                                   const v1::IssueFundGuaranteeRequest& request,
                                                   absl::CivilDay today);

absl::StatusOr<v1::Event> DecideRecordGuarantee(const v1::Loan& loan,
                                                const v1::RecordGuaranteeRequest& request,
                                                absl::CivilDay today);

// The bank calls a LIVE fund guarantee once the loan is more than the fund's call_after_days
// past due as of the value date (delinquency.h). No postings.
absl::StatusOr<v1::Event> DecideFileGuaranteeCall(const v1::Loan& loan,
                                                  const v1::GuaranteeFund& fund,
                                                  const v1::FileGuaranteeCallRequest& request,
                                                  absl::CivilDay today);

// The fund pays a CALL_FILED guarantee while the loan is still overdue (NOT_OVERDUE otherwise):
// the coverage share of the outstanding principal, at most the guarantee's guaranteed principal
// (what its leverage was measured on), and of the due interest (interest receivable). Cr fund cash,
// Dr bank funding (the total); Dr fund compensation (the total), Cr loan principal, Cr loan
// interest. Refused if the fund's cash is short.
absl::StatusOr<v1::Event> DecidePayCompensation(const v1::Loan& loan, const v1::GuaranteeFund& fund,
                                                const v1::PayCompensationRequest& request,
                                                absl::CivilDay today);

// Money recovered from the borrower of a compensated loan: the coverage share to the fund
// (Dr fund cash, Cr fund recoveries), the rest to the bank (Dr bank repayments; Cr loan
// principal, then loan interest, then, if the bank wrote its share off, Cr bank write-offs up to
// what it wrote off and has not yet recovered: to_bank_written_off). The fund's recoveries may
// not exceed what it paid; the bank's part may not exceed what it is still owed plus what it
// wrote off and has not recovered.
absl::StatusOr<v1::Event> DecideRecovery(const v1::Loan& loan, const v1::GuaranteeFund& fund,
                                         const v1::RecordRecoveryRequest& request,
                                         absl::CivilDay today);

}  // namespace ledger

#endif  // LEDGER_GUARANTEE_GUARANTEE_RULES_H_
