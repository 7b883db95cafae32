// Interest-subsidy claims as stored projections of the journal (family "projections"):
//
//   claim_key   := "subsidy_claim/" bank_id 0x00 claim_id        -> v1.SubsidyClaim, no lines
//   lines_key   := "subsidy_claim_lines/" bank_id 0x00 claim_id  -> v1.SubsidyClaim, lines only
//   claimed_key := "claimed_days/" bank_id 0x00 loan_id          -> internal.ClaimedDays
//
// A claim's header and its (up to 1,000) lines are kept apart so that listings read headers
// only. A loan's claimed days are the periods of the claims not rejected that name it, ordered
// by first day and never overlapping, so a new claim is checked with one read per loan.
//
//   absl::StatusOr<v1::SubsidyClaim> claim = LoadClaim(state, "B001", "2024Q2");  // NOT_FOUND
//   absl::Status s = EvolveClaim(sequence, event, state);   // in ApplyEntry, for claim events
//   absl::StatusOr<v1::ListSubsidyClaimsResponse> page =
//       ListClaims(store, "B001", v1::CLAIM_SUBMITTED, 50, page_token);
#ifndef LEDGER_SUBSIDY_CLAIM_PROJECTION_H_
#define LEDGER_SUBSIDY_CLAIM_PROJECTION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/date.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/internal/storage.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/subsidy.pb.h"

namespace ledger {

// A claim has at most this many lines (the rules refuse more; a replay treats more as DATA_LOSS).
inline constexpr int kMaxClaimLines = 1000;
inline constexpr int kDefaultClaimPageSize = 50;
inline constexpr int kMaxClaimPageSize = 500;
// A page of ListClaims reads at most this many headers, so a filter that matches little cannot
// turn one call into a full scan; the page then comes back short with a next_page_token.
inline constexpr int kMaxClaimsScannedPerPage = 5000;

std::string ClaimKey(absl::string_view bank_id, absl::string_view claim_id);
std::string ClaimLinesKey(absl::string_view bank_id, absl::string_view claim_id);
std::string ClaimedDaysKey(absl::string_view bank_id, absl::string_view loan_id);

// True when the event is one of the four claim events (EvolveClaim applies it).
bool IsClaimEvent(const v1::Event& event);

// The claim's header (no lines) / the claim with its lines, as `state` holds it. NOT_FOUND
// (CLAIM_NOT_FOUND, field "name") if there is no such claim; DATA_LOSS if a row does not parse.
absl::StatusOr<v1::SubsidyClaim> LoadClaim(ProjectionState& state, absl::string_view bank_id,
                                           absl::string_view claim_id);
absl::StatusOr<v1::SubsidyClaim> LoadClaimWithLines(ProjectionState& state,
                                                    absl::string_view bank_id,
                                                    absl::string_view claim_id);
// The lines alone (a SubsidyClaim holding only `lines`).
absl::StatusOr<v1::SubsidyClaim> LoadClaimLines(ProjectionState& state, absl::string_view bank_id,
                                                absl::string_view claim_id);
// The loan's claimed days (empty if none are claimed).
absl::StatusOr<internal::ClaimedDays> LoadClaimedDays(ProjectionState& state,
                                                      absl::string_view bank_id,
                                                      absl::string_view loan_id);

// The interest subsidy the loan received: the approved amounts of its lines in claims that
// were paid (0 if none). DATA_LOSS if a stored amount is out of range.
//   absl::StatusOr<int64_t> received_fen = SubsidyReceivedFen(state, "B001", "L1");
absl::StatusOr<int64_t> SubsidyReceivedFen(ProjectionState& state, absl::string_view bank_id,
                                           absl::string_view loan_id);

// Applies a claim event (journal entry `sequence`) to the claim rows:
//   submitted: writes the header (sequences set: submitted_sequence) and the lines, and adds
//     the period to each line's loan's claimed days;
//   approved: state, approval, approved per line (also kept in each line's loan's claimed range,
//     approved_fen), approved_total, decided_sequence; and, from
//     the figures recomputed for the approval (absent in entries written before approvals
//     recomputed them), each line's expected, interest and note, expected_total and
//     basis_sequence (the submitted figures stay in the submission's entry);
//   rejected: state, rejection_reason, decided_sequence, and removes the claim's period from
//     each line's loan's claimed days (they may be claimed again);
//   paid: state, paid_total, payment_reference, payment_date, paid_sequence; marks each line's
//     loan's claimed range paid.
// On success `*claim` (if not null) is the header as the entry left it. DATA_LOSS if the event
// does not fit the stored claim or the rules: a second submission; a submission with no or
// more than kMaxClaimLines lines, first_day after last_day, an amount out of range, or totals
// that are not the sums of its lines; a decision on a claim not submitted; an approval whose
// line is not its claimed amount (AS_CLAIMED) or min(claimed, expected) (AS_COMPUTED, with
// the recomputed expected if the event has it), or whose total is not their sum; a payment of
// another amount; days claimed twice. The rules refuse all of these first, so only a journal
// that was not written by them gets there. REQUIRES: IsClaimEvent(event).
absl::Status EvolveClaim(uint64_t sequence, const v1::Event& event, ProjectionState& state,
                         v1::SubsidyClaim* claim);

// Claims without lines, in (bank_id, claim_id) order, from one snapshot: those of `bank_id`
// (all banks if empty) in `state` (any if UNSPECIFIED; INVALID_STATUS, field "state", if it is
// no SubsidyClaimState: the one place the filter is checked). page_size 0 means
// kDefaultClaimPageSize, at most kMaxClaimPageSize (PAGE_SIZE_OUT_OF_RANGE); page tokens are
// KeyPageToken{listing = "subsidy_claims"} bound to the filters (INVALID_PAGE_TOKEN otherwise).
// Reads at most `max_scanned` headers per page (tests pass fewer).
absl::StatusOr<v1::ListSubsidyClaimsResponse> ListClaims(
    const Store& store, absl::string_view bank_id, v1::SubsidyClaimState state, int page_size,
    absl::string_view page_token, int max_scanned = kMaxClaimsScannedPerPage);

// "subsidy claim banks/B001/subsidy_claims/C1", "lines of subsidy claim ...", "claimed days of
// banks/B001/loans/L1", or "" if `key` is none of these (audit reports).
std::string DescribeClaimKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_SUBSIDY_CLAIM_PROJECTION_H_
