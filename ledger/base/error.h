// Refusals with a machine-readable reason and the offending field.
//
// Inside the ledger every fallible call returns absl::Status. A refusal of bad input carries,
// besides the canonical code and a human message, two payloads: a stable reason string
// (AIP-193's ErrorInfo.reason, e.g. "AMOUNT_EXCEEDS_OUTSTANDING") and the request field at
// fault (e.g. "principal.amount_fen"). The RPC edge (ledger/server/status_mapping.h) turns
// them into google.rpc.ErrorInfo and BadRequest details.
//
//   return Refuse(absl::StatusCode::kInvalidArgument, reason::kAmountNotPositive,
//                 "amount.amount_fen", "amount must be positive");
//   ...
//   if (ReasonOf(status) == reason::kAmountNotPositive) { ... }
#ifndef LEDGER_BASE_ERROR_H_
#define LEDGER_BASE_ERROR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ledger {

// The stable reasons. Clients match on these strings; never rename one.
namespace reason {
inline constexpr char kFieldRequired[] = "FIELD_REQUIRED";
inline constexpr char kInvalidId[] = "INVALID_ID";
inline constexpr char kInvalidRequestId[] = "INVALID_REQUEST_ID";
inline constexpr char kInvalidCountyCode[] = "INVALID_COUNTY_CODE";
inline constexpr char kInvalidLoanName[] = "INVALID_LOAN_NAME";
inline constexpr char kInvalidDate[] = "INVALID_DATE";
inline constexpr char kDateInFuture[] = "DATE_IN_FUTURE";
inline constexpr char kDateBeforeContract[] = "DATE_BEFORE_CONTRACT";
inline constexpr char kDateBeforeLastEvent[] = "DATE_BEFORE_LAST_EVENT";
inline constexpr char kCurrencyNotSupported[] = "CURRENCY_NOT_SUPPORTED";
inline constexpr char kAmountNotPositive[] = "AMOUNT_NOT_POSITIVE";
inline constexpr char kAmountNegative[] = "AMOUNT_NEGATIVE";
inline constexpr char kAmountTooLarge[] = "AMOUNT_TOO_LARGE";
inline constexpr char kRateOutOfRange[] = "RATE_OUT_OF_RANGE";
inline constexpr char kTermOutOfRange[] = "TERM_OUT_OF_RANGE";
inline constexpr char kRepaymentEmpty[] = "REPAYMENT_EMPTY";
inline constexpr char kLoanNotFound[] = "LOAN_NOT_FOUND";
inline constexpr char kLoanAlreadyExists[] = "LOAN_ALREADY_EXISTS";
inline constexpr char kLoanClosed[] = "LOAN_CLOSED";
inline constexpr char kLoanNotDisbursed[] = "LOAN_NOT_DISBURSED";
inline constexpr char kExceedsApprovedPrincipal[] = "EXCEEDS_APPROVED_PRINCIPAL";
inline constexpr char kExceedsOutstanding[] = "EXCEEDS_OUTSTANDING_PRINCIPAL";
inline constexpr char kInterestTooLarge[] = "INTEREST_TOO_LARGE";
inline constexpr char kArithmeticOverflow[] = "ARITHMETIC_OVERFLOW";
inline constexpr char kRequestIdReused[] = "REQUEST_ID_REUSED";
inline constexpr char kInvalidPageToken[] = "INVALID_PAGE_TOKEN";
inline constexpr char kPageSizeOutOfRange[] = "PAGE_SIZE_OUT_OF_RANGE";
inline constexpr char kEntryNotFound[] = "ENTRY_NOT_FOUND";
inline constexpr char kQueueFull[] = "COMMIT_QUEUE_FULL";
inline constexpr char kShuttingDown[] = "SHUTTING_DOWN";
inline constexpr char kStorageFailed[] = "STORAGE_FAILED";
inline constexpr char kDeadlinePassed[] = "DEADLINE_PASSED_IN_QUEUE";
inline constexpr char kCommandTooLarge[] = "COMMAND_TOO_LARGE";
inline constexpr char kBatchTooLarge[] = "BATCH_TOO_LARGE";
inline constexpr char kLinkedChainOpen[] = "LINKED_CHAIN_OPEN";
inline constexpr char kLinkedCommandFailed[] = "LINKED_COMMAND_FAILED";
inline constexpr char kOutOfRange[] = "OUT_OF_RANGE";
inline constexpr char kInvalidStatus[] = "INVALID_STATUS";
inline constexpr char kPersonalDataNotAllowed[] = "PERSONAL_DATA_NOT_ALLOWED";
inline constexpr char kInvalidNationalId[] = "INVALID_NATIONAL_ID";
inline constexpr char kIdentityKeyNotConfigured[] = "IDENTITY_KEY_NOT_CONFIGURED";
inline constexpr char kRepeatLoanLimit[] = "REPEAT_LOAN_LIMIT";
inline constexpr char kUnknownCommand[] = "UNKNOWN_COMMAND";
inline constexpr char kInvalidPrincipal[] = "INVALID_PRINCIPAL";
inline constexpr char kPermissionDenied[] = "PERMISSION_DENIED";
inline constexpr char kUnknownPrincipal[] = "UNKNOWN_PRINCIPAL";
inline constexpr char kTooManyStreams[] = "TOO_MANY_STREAMS";
inline constexpr char kCheckpointKeyNotConfigured[] = "CHECKPOINT_KEY_NOT_CONFIGURED";
inline constexpr char kInvalidBackupName[] = "INVALID_BACKUP_NAME";
inline constexpr char kBackupExists[] = "BACKUP_EXISTS";
// Replication (ledger/replica).
inline constexpr char kNotPrimary[] = "NOT_PRIMARY";
inline constexpr char kReplicaDiverged[] = "REPLICA_DIVERGED";
// Schedules, arrears, extensions, write-offs.
inline constexpr char kInvalidRepaymentMethod[] = "INVALID_REPAYMENT_METHOD";
inline constexpr char kInvalidPaymentFrequency[] = "INVALID_PAYMENT_FREQUENCY";
inline constexpr char kLoanNotActive[] = "LOAN_NOT_ACTIVE";
inline constexpr char kLoanCompensated[] = "LOAN_COMPENSATED";
inline constexpr char kLoanWrittenOff[] = "LOAN_WRITTEN_OFF";
inline constexpr char kInstalmentNotFound[] = "INSTALMENT_NOT_FOUND";
inline constexpr char kInstalmentNotDue[] = "INSTALMENT_NOT_DUE";
inline constexpr char kArrearAlreadyMarked[] = "ARREAR_ALREADY_MARKED";
inline constexpr char kArrearNotFound[] = "ARREAR_NOT_FOUND";
inline constexpr char kArrearAlreadyCured[] = "ARREAR_ALREADY_CURED";
inline constexpr char kArrearEmpty[] = "ARREAR_EMPTY";
inline constexpr char kExtensionAlreadyGranted[] = "EXTENSION_ALREADY_GRANTED";
inline constexpr char kExtensionTooLong[] = "EXTENSION_TOO_LONG";
inline constexpr char kExtensionNotLater[] = "EXTENSION_NOT_LATER";
inline constexpr char kExtensionAfterMaturity[] = "EXTENSION_AFTER_MATURITY";
inline constexpr char kLoanGuaranteed[] = "LOAN_GUARANTEED";
inline constexpr char kNothingOwed[] = "NOTHING_OWED";
// Guarantee funds and guarantees.
inline constexpr char kInvalidFundName[] = "INVALID_FUND_NAME";
inline constexpr char kFundNotFound[] = "FUND_NOT_FOUND";
inline constexpr char kFundAlreadyExists[] = "FUND_ALREADY_EXISTS";
inline constexpr char kInvalidFundScope[] = "INVALID_FUND_SCOPE";
inline constexpr char kInvalidRegionCode[] = "INVALID_REGION_CODE";
inline constexpr char kLeverageOutOfRange[] = "LEVERAGE_OUT_OF_RANGE";
inline constexpr char kCallAfterDaysOutOfRange[] = "CALL_AFTER_DAYS_OUT_OF_RANGE";
inline constexpr char kTextTooLong[] = "TEXT_TOO_LONG";
inline constexpr char kLeverageLimitExceeded[] = "LEVERAGE_LIMIT_EXCEEDED";
inline constexpr char kOutsideFundRegion[] = "OUTSIDE_FUND_REGION";
inline constexpr char kInvalidGuaranteeForm[] = "INVALID_GUARANTEE_FORM";
inline constexpr char kCoverageOutOfRange[] = "COVERAGE_OUT_OF_RANGE";
inline constexpr char kGuaranteeAlreadyExists[] = "GUARANTEE_ALREADY_EXISTS";
inline constexpr char kFundGuaranteeExists[] = "FUND_GUARANTEE_EXISTS";
inline constexpr char kTooManyGuarantees[] = "TOO_MANY_GUARANTEES";
inline constexpr char kTooManyParties[] = "TOO_MANY_PARTIES";
inline constexpr char kGuaranteeNotFound[] = "GUARANTEE_NOT_FOUND";
inline constexpr char kGuaranteeNotRequested[] = "GUARANTEE_NOT_REQUESTED";
inline constexpr char kGuaranteeTermsDiffer[] = "GUARANTEE_TERMS_DIFFER";
inline constexpr char kGuaranteeNotLive[] = "GUARANTEE_NOT_LIVE";
inline constexpr char kNotOverdue[] = "NOT_OVERDUE";
inline constexpr char kCallTooEarly[] = "CALL_TOO_EARLY";
inline constexpr char kCallAlreadyFiled[] = "CALL_ALREADY_FILED";
inline constexpr char kCallNotFiled[] = "CALL_NOT_FILED";
inline constexpr char kAlreadyCompensated[] = "ALREADY_COMPENSATED";
inline constexpr char kFundInsufficientCash[] = "FUND_INSUFFICIENT_CASH";
inline constexpr char kLoanNotCompensated[] = "LOAN_NOT_COMPENSATED";
inline constexpr char kRecoveryExceedsCompensation[] = "RECOVERY_EXCEEDS_COMPENSATION";
inline constexpr char kRecoveryExceedsOutstanding[] = "RECOVERY_EXCEEDS_OUTSTANDING";
// Subsidy policy versions and LPR fixings.
inline constexpr char kPolicyVersionNotLater[] = "POLICY_VERSION_NOT_LATER";
inline constexpr char kLprFixingNotLater[] = "LPR_FIXING_NOT_LATER";
inline constexpr char kInvalidSubsidyMode[] = "INVALID_SUBSIDY_MODE";
inline constexpr char kTooManyVersions[] = "TOO_MANY_VERSIONS";
// The subsidy what-if.
inline constexpr char kTooManyPeriods[] = "TOO_MANY_PERIODS";
inline constexpr char kInvalidPeriod[] = "INVALID_PERIOD";
inline constexpr char kLoanHistoryTooLong[] = "LOAN_HISTORY_TOO_LONG";
// Subsidy claims.
inline constexpr char kInvalidClaimName[] = "INVALID_CLAIM_NAME";
inline constexpr char kClaimAlreadyExists[] = "CLAIM_ALREADY_EXISTS";
inline constexpr char kClaimNotFound[] = "CLAIM_NOT_FOUND";
inline constexpr char kClaimEmpty[] = "CLAIM_EMPTY";
inline constexpr char kTooManyClaimLines[] = "TOO_MANY_CLAIM_LINES";
inline constexpr char kDuplicateClaimLine[] = "DUPLICATE_CLAIM_LINE";
inline constexpr char kLoanOfAnotherBank[] = "LOAN_OF_ANOTHER_BANK";
inline constexpr char kPeriodInFuture[] = "PERIOD_IN_FUTURE";
inline constexpr char kDaysAlreadyClaimed[] = "DAYS_ALREADY_CLAIMED";
inline constexpr char kTooManyClaimedRanges[] = "TOO_MANY_CLAIMED_RANGES";
inline constexpr char kClaimBasisStale[] = "CLAIM_BASIS_STALE";
inline constexpr char kClaimExceedsInterest[] = "CLAIM_EXCEEDS_INTEREST";
inline constexpr char kClaimNotSubmitted[] = "CLAIM_NOT_SUBMITTED";
inline constexpr char kClaimNotApproved[] = "CLAIM_NOT_APPROVED";
inline constexpr char kInvalidApproval[] = "INVALID_APPROVAL";
inline constexpr char kPaymentAmountMismatch[] = "PAYMENT_AMOUNT_MISMATCH";
// Cohorts ("one helps ten").
inline constexpr char kInvalidCohortName[] = "INVALID_COHORT_NAME";
inline constexpr char kCohortNotFound[] = "COHORT_NOT_FOUND";
inline constexpr char kCohortAlreadyExists[] = "COHORT_ALREADY_EXISTS";
inline constexpr char kInvalidProgrammeYear[] = "INVALID_PROGRAMME_YEAR";
inline constexpr char kInvalidMentorKind[] = "INVALID_MENTOR_KIND";
inline constexpr char kMentorLimit[] = "MENTOR_LIMIT";
inline constexpr char kCohortFull[] = "COHORT_FULL";
inline constexpr char kCohortClosed[] = "COHORT_CLOSED";
inline constexpr char kCohortAlreadyClosed[] = "COHORT_ALREADY_CLOSED";
inline constexpr char kMenteeAlreadyEnrolled[] = "MENTEE_ALREADY_ENROLLED";
inline constexpr char kMenteeInOtherCohort[] = "MENTEE_IN_OTHER_COHORT";
inline constexpr char kUnknownBorrower[] = "UNKNOWN_BORROWER";
inline constexpr char kMenteeNotFound[] = "MENTEE_NOT_FOUND";
inline constexpr char kMenteeWithdrawn[] = "MENTEE_WITHDRAWN";
inline constexpr char kOutcomeMissing[] = "OUTCOME_MISSING";
inline constexpr char kOutcomeForUnknownMentee[] = "OUTCOME_FOR_UNKNOWN_MENTEE";
inline constexpr char kCloseBeforeYearEnd[] = "CLOSE_BEFORE_YEAR_END";
inline constexpr char kOutsideProgrammeYear[] = "OUTSIDE_PROGRAMME_YEAR";
inline constexpr char kInvalidSupportKind[] = "INVALID_SUPPORT_KIND";
inline constexpr char kTooManySupportRecords[] = "TOO_MANY_SUPPORT_RECORDS";
// Accounts and reversals.
inline constexpr char kInvalidAccount[] = "INVALID_ACCOUNT";
inline constexpr char kAccountNotFound[] = "ACCOUNT_NOT_FOUND";
inline constexpr char kReversalOfReversal[] = "REVERSAL_OF_REVERSAL";
inline constexpr char kAlreadyReversed[] = "ALREADY_REVERSED";
inline constexpr char kNotReversible[] = "NOT_REVERSIBLE";
inline constexpr char kReversalConflict[] = "REVERSAL_CONFLICT";
}  // namespace reason

// A status with `code`, `message`, and the reason/field payloads. `field` may be empty.
absl::Status Refuse(absl::StatusCode code, absl::string_view reason, absl::string_view field,
                    absl::string_view message);

// Shorthand for the most common refusal: INVALID_ARGUMENT.
absl::Status InvalidArgument(absl::string_view reason, absl::string_view field,
                             absl::string_view message);

// The reason payload, or "" if the status has none.
std::string ReasonOf(const absl::Status& status);
// The field payload, or "" if the status has none.
std::string FieldOf(const absl::Status& status);

}  // namespace ledger

#endif  // LEDGER_BASE_ERROR_H_
