// Keys of the subsidy claim projections (family "projections"):
//
//   claim_key   := "subsidy_claim/" bank_id 0x00 claim_id        -> v1.SubsidyClaim, no lines
//   lines_key   := "subsidy_claim_lines/" bank_id 0x00 claim_id  -> v1.SubsidyClaim, lines only
//   claimed_key := "claimed_days/" bank_id 0x00 loan_id          -> internal.ClaimedDays
//
// Ids never contain 0x00 or '/', so the separator keeps (bank, id) pairs apart and key order is
// (bank_id, claim_id) order. No prefix is a prefix of another family's ("subsidy_claim/" and
// "subsidy_claim_lines/" differ at their 14th byte; "subsidy_policy/", "loan/", "acct/", ...
// differ earlier). The header carries the claim's sequences; the lines row carries only
// `lines` (with `approved` once approved).
#include "ledger/subsidy/claim_projection.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/store/projection_row.h"

namespace ledger {
namespace {

constexpr absl::string_view kClaimPrefix = "subsidy_claim/";
constexpr absl::string_view kLinesPrefix = "subsidy_claim_lines/";
constexpr absl::string_view kClaimedPrefix = "claimed_days/";
constexpr absl::string_view kClaimListing = "subsidy_claims";
constexpr char kSep = '\0';

std::string Pair(absl::string_view prefix, absl::string_view a, absl::string_view b) {
  return absl::StrCat(prefix, a, std::string(1, kSep), b);
}

absl::Status Bad(uint64_t sequence, absl::string_view problem) {
  return absl::DataLossError(absl::StrCat("entry ", sequence, ": ", problem));
}

// The claim a decision names, as stored: header and lines.
absl::StatusOr<v1::SubsidyClaim> DecidedClaim(uint64_t sequence, absl::string_view name,
                                              ProjectionState& state) {
  absl::StatusOr<ClaimId> id = ParseClaimName(name, "claim");
  if (!id.ok()) return Bad(sequence, absl::StrCat("\"", name, "\" is not a claim name"));
  absl::StatusOr<v1::SubsidyClaim> claim = LoadClaimWithLines(state, id->bank_id, id->claim_id);
  if (absl::IsNotFound(claim.status())) {
    return Bad(sequence, absl::StrCat("no earlier entry submitted ", name));
  }
  return claim;
}

// Writes the header (without lines) and the lines row of `claim`.
void PutClaim(const v1::SubsidyClaim& claim, ProjectionState& state) {
  v1::SubsidyClaim header = claim;
  header.clear_lines();
  v1::SubsidyClaim lines;
  *lines.mutable_lines() = claim.lines();
  state.Put(ClaimKey(claim.bank_id(), claim.claim_id()), header.SerializeAsString());
  state.Put(ClaimLinesKey(claim.bank_id(), claim.claim_id()), lines.SerializeAsString());
}

void PutClaimedDays(absl::string_view bank_id, absl::string_view loan_id,
                    const internal::ClaimedDays& days, ProjectionState& state) {
  if (days.ranges_size() == 0) {
    state.Delete(ClaimedDaysKey(bank_id, loan_id));
  } else {
    state.Put(ClaimedDaysKey(bank_id, loan_id), days.SerializeAsString());
  }
}

// Applies `change` to the claimed days of every loan of the claim's lines.
template <typename Change>
absl::Status ForEachLineLoan(uint64_t sequence, const v1::SubsidyClaim& claim,
                             ProjectionState& state, Change change) {
  for (const v1::SubsidyClaimLine& line : claim.lines()) {
    absl::StatusOr<LoanName> loan = ParseLoanName(line.loan(), "loan");
    if (!loan.ok() || loan->bank_id != claim.bank_id()) {
      return Bad(sequence, absl::StrCat(claim.name(), " claims \"", line.loan(),
                                        "\", not a loan of its bank"));
    }
    absl::StatusOr<internal::ClaimedDays> days =
        LoadClaimedDays(state, loan->bank_id, loan->loan_id);
    if (!days.ok()) return days.status();
    if (absl::Status s = change(line.loan(), &*days); !s.ok()) return Bad(sequence, s.message());
    PutClaimedDays(loan->bank_id, loan->loan_id, *days, state);
  }
  return absl::OkStatus();
}

// Changes the range of claim `name` in a loan's claimed days (exactly one exists while the
// claim is not rejected).
template <typename Mark>
absl::Status MarkRange(absl::string_view loan, absl::string_view name, internal::ClaimedDays* days,
                       Mark mark) {
  for (internal::ClaimedRange& range : *days->mutable_ranges()) {
    if (range.claim() == name) {
      mark(&range);
      return absl::OkStatus();
    }
  }
  return absl::DataLossError(absl::StrCat(loan, " has no claimed days of ", name));
}

absl::Status ApplySubmitted(uint64_t sequence, const v1::SubsidyClaim& submitted,
                            ProjectionState& state, v1::SubsidyClaim* out) {
  absl::StatusOr<absl::CivilDay> first = ParseDate(submitted.period().first_day(), "");
  absl::StatusOr<absl::CivilDay> last = ParseDate(submitted.period().last_day(), "");
  if (submitted.state() != v1::CLAIM_SUBMITTED ||
      submitted.name() != ClaimName(submitted.bank_id(), submitted.claim_id()) ||
      submitted.lines_size() != submitted.line_count() || submitted.lines_size() == 0 ||
      submitted.lines_size() > kMaxClaimLines || !first.ok() || !last.ok() || *first > *last) {
    return Bad(sequence, absl::StrCat("the submitted claim ", submitted.name(), " is malformed"));
  }
  // The rules store the sums of the lines; each amount is in range, so the sums cannot overflow.
  int64_t claimed_fen = 0;
  int64_t expected_fen = 0;
  for (const v1::SubsidyClaimLine& line : submitted.lines()) {
    if (!IsStoredAmount(line.claimed()) || !IsStoredAmount(line.expected())) {
      return Bad(sequence, absl::StrCat("an amount of ", submitted.name(), " is out of range"));
    }
    claimed_fen += line.claimed().amount_fen();
    expected_fen += line.expected().amount_fen();
  }
  if (claimed_fen != submitted.claimed_total().amount_fen() ||
      expected_fen != submitted.expected_total().amount_fen()) {
    return Bad(sequence,
               absl::StrCat("the totals of ", submitted.name(), " are not the sums of its lines"));
  }
  absl::StatusOr<v1::SubsidyClaim> existing =
      LoadClaim(state, submitted.bank_id(), submitted.claim_id());
  if (existing.ok()) return Bad(sequence, absl::StrCat(submitted.name(), " is submitted twice"));
  if (!absl::IsNotFound(existing.status())) return existing.status();
  v1::SubsidyClaim claim = submitted;
  claim.set_submitted_sequence(sequence);
  internal::ClaimedRange range;
  range.set_first_day(DayNumber(claim.period().first_day()));
  range.set_last_day(DayNumber(claim.period().last_day()));
  range.set_claim(claim.name());
  absl::Status added = ForEachLineLoan(
      sequence, claim, state, [&](absl::string_view loan, internal::ClaimedDays* days) {
        for (const internal::ClaimedRange& other : days->ranges()) {
          if (other.first_day() <= range.last_day() && range.first_day() <= other.last_day()) {
            return absl::DataLossError(
                absl::StrCat(loan, " has days claimed by ", other.claim(), " and ", claim.name()));
          }
        }
        auto* ranges = days->mutable_ranges();
        const int index = static_cast<int>(
            std::lower_bound(ranges->begin(), ranges->end(), range,
                             [](const internal::ClaimedRange& a, const internal::ClaimedRange& b) {
                               return a.first_day() < b.first_day();
                             }) -
            ranges->begin());
        *ranges->Add() = range;
        // Move the appended range to its place: ranges stay ordered by first day.
        for (int j = ranges->size() - 1; j > index; --j) ranges->SwapElements(j, j - 1);
        return absl::OkStatus();
      });
  if (!added.ok()) return added;
  PutClaim(claim, state);
  *out = std::move(claim);
  return absl::OkStatus();
}

absl::Status ApplyApproved(uint64_t sequence, const v1::SubsidyClaimApproved& approved,
                           ProjectionState& state, v1::SubsidyClaim* out) {
  absl::StatusOr<v1::SubsidyClaim> claim = DecidedClaim(sequence, approved.claim(), state);
  if (!claim.ok()) return claim.status();
  if (claim->state() != v1::CLAIM_SUBMITTED) {
    return Bad(sequence, absl::StrCat("it approves ", claim->name(), ", which is ",
                                      v1::SubsidyClaimState_Name(claim->state())));
  }
  const int lines = claim->lines_size();
  if (approved.approved_size() != lines) {
    return Bad(sequence, absl::StrCat("it approves ", approved.approved_size(), " lines of ",
                                      claim->name(), ", which has ", lines));
  }
  if (approved.approval() != v1::APPROVE_AS_CLAIMED &&
      approved.approval() != v1::APPROVE_AS_COMPUTED) {
    return Bad(sequence, absl::StrCat("it approves ", claim->name(), " by no known approval"));
  }
  // The figures recomputed for the approval; an entry written before approvals recomputed them
  // has none, and was decided on the submitted ones.
  const bool recomputed = approved.expected_size() > 0;
  if (recomputed && (approved.expected_size() != lines || approved.interest_size() != lines ||
                     approved.note_size() != lines)) {
    return Bad(sequence, absl::StrCat("its recomputed figures do not cover the ", lines,
                                      " lines of ", claim->name()));
  }
  int64_t total_fen = 0;
  int64_t expected_total_fen = 0;
  for (int i = 0; i < lines; ++i) {
    v1::SubsidyClaimLine* line = claim->mutable_lines(i);
    const int64_t amount_fen = approved.approved(i).amount_fen();
    const int64_t claimed_fen = line->claimed().amount_fen();
    if (recomputed) {
      if (!IsStoredAmount(approved.expected(i)) || !IsStoredAmount(approved.interest(i))) {
        return Bad(sequence, absl::StrCat("recomputed figures of line ", i, " are out of range"));
      }
      *line->mutable_expected() = approved.expected(i);
      *line->mutable_interest() = approved.interest(i);
      line->set_note(approved.note(i));
    }
    const int64_t expected_fen = line->expected().amount_fen();
    const int64_t due_fen = approved.approval() == v1::APPROVE_AS_CLAIMED
                                ? claimed_fen
                                : std::min(claimed_fen, expected_fen);
    if (!IsStoredAmount(approved.approved(i)) || amount_fen > claimed_fen ||
        amount_fen != due_fen) {
      return Bad(sequence, absl::StrCat("approved amount of line ", i, " is not its ",
                                        v1::ClaimApproval_Name(approved.approval()), " amount"));
    }
    total_fen += amount_fen;  // at most kMaxClaimLines lines of kMaxAmountFen: no overflow
    expected_total_fen += expected_fen;
    *line->mutable_approved() = approved.approved(i);
  }
  if (total_fen != approved.approved_total().amount_fen() ||
      approved.approved_total().currency_code() != kCny) {
    return Bad(sequence, "its approved total is not the sum of its lines");
  }
  if (recomputed) {
    *claim->mutable_expected_total() = Cny(expected_total_fen);
    claim->set_basis_sequence(approved.basis_sequence());
  }
  // Each loan's range remembers its line's approved amount (what SubsidyReceivedFen sums).
  std::map<std::string, int64_t> approved_by_loan_fen;
  for (const v1::SubsidyClaimLine& line : claim->lines()) {
    approved_by_loan_fen[line.loan()] = line.approved().amount_fen();
  }
  absl::Status marked = ForEachLineLoan(
      sequence, *claim, state, [&](absl::string_view loan, internal::ClaimedDays* days) {
        return MarkRange(loan, claim->name(), days, [&](internal::ClaimedRange* range) {
          range->set_approved_fen(approved_by_loan_fen[std::string(loan)]);
        });
      });
  if (!marked.ok()) return marked;
  claim->set_state(v1::CLAIM_APPROVED);
  claim->set_approval(approved.approval());
  *claim->mutable_approved_total() = approved.approved_total();
  claim->set_decided_sequence(sequence);
  PutClaim(*claim, state);
  *out = *std::move(claim);
  return absl::OkStatus();
}

absl::Status ApplyRejected(uint64_t sequence, const v1::SubsidyClaimRejected& rejected,
                           ProjectionState& state, v1::SubsidyClaim* out) {
  absl::StatusOr<v1::SubsidyClaim> claim = DecidedClaim(sequence, rejected.claim(), state);
  if (!claim.ok()) return claim.status();
  if (claim->state() != v1::CLAIM_SUBMITTED) {
    return Bad(sequence, absl::StrCat("it rejects ", claim->name(), ", which is ",
                                      v1::SubsidyClaimState_Name(claim->state())));
  }
  const std::string& name = claim->name();
  absl::Status freed = ForEachLineLoan(
      sequence, *claim, state, [&](absl::string_view loan, internal::ClaimedDays* days) {
        auto* ranges = days->mutable_ranges();
        const int before = ranges->size();
        ranges->erase(
            std::remove_if(ranges->begin(), ranges->end(),
                           [&](const internal::ClaimedRange& r) { return r.claim() == name; }),
            ranges->end());
        if (ranges->size() != before - 1) {
          return absl::DataLossError(
              absl::StrCat(loan, " has no claimed days of ", name, " to free"));
        }
        return absl::OkStatus();
      });
  if (!freed.ok()) return freed;
  claim->set_state(v1::CLAIM_REJECTED);
  claim->set_rejection_reason(rejected.reason());
  claim->set_decided_sequence(sequence);
  PutClaim(*claim, state);
  *out = *std::move(claim);
  return absl::OkStatus();
}

absl::Status ApplyPaid(uint64_t sequence, const v1::SubsidyClaimPaid& paid, ProjectionState& state,
                       v1::SubsidyClaim* out) {
  absl::StatusOr<v1::SubsidyClaim> claim = DecidedClaim(sequence, paid.claim(), state);
  if (!claim.ok()) return claim.status();
  if (claim->state() != v1::CLAIM_APPROVED) {
    return Bad(sequence, absl::StrCat("it pays ", claim->name(), ", which is ",
                                      v1::SubsidyClaimState_Name(claim->state())));
  }
  if (paid.amount().amount_fen() != claim->approved_total().amount_fen()) {
    return Bad(sequence, absl::StrCat("it pays ", claim->name(), " other than its approved total"));
  }
  absl::Status marked = ForEachLineLoan(
      sequence, *claim, state, [&](absl::string_view loan, internal::ClaimedDays* days) {
        return MarkRange(loan, claim->name(), days,
                         [](internal::ClaimedRange* range) { range->set_paid(true); });
      });
  if (!marked.ok()) return marked;
  claim->set_state(v1::CLAIM_PAID);
  *claim->mutable_paid_total() = paid.amount();
  claim->set_payment_reference(paid.payment_reference());
  *claim->mutable_payment_date() = paid.value_date();
  claim->set_paid_sequence(sequence);
  // Of the claim's rows only the header changes; the lines row stays as approval left it.
  v1::SubsidyClaim header = *claim;
  header.clear_lines();
  state.Put(ClaimKey(claim->bank_id(), claim->claim_id()), header.SerializeAsString());
  *out = *std::move(claim);
  return absl::OkStatus();
}

std::string ListingOf(absl::string_view bank_id, v1::SubsidyClaimState state) {
  return absl::StrCat(kClaimListing, "/", bank_id, "/", static_cast<int>(state));
}

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument(reason::kInvalidPageToken, "page_token", why);
}

// "bank_id/claim_id"-style description of the (a, b) after a prefix, or "" if malformed.
bool SplitPair(absl::string_view rest, std::string* a, std::string* b) {
  std::vector<absl::string_view> parts = absl::StrSplit(rest, kSep);
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) return false;
  *a = std::string(parts[0]);
  *b = std::string(parts[1]);
  return true;
}

}  // namespace

std::string ClaimKey(absl::string_view bank_id, absl::string_view claim_id) {
  return Pair(kClaimPrefix, bank_id, claim_id);
}
std::string ClaimLinesKey(absl::string_view bank_id, absl::string_view claim_id) {
  return Pair(kLinesPrefix, bank_id, claim_id);
}
std::string ClaimedDaysKey(absl::string_view bank_id, absl::string_view loan_id) {
  return Pair(kClaimedPrefix, bank_id, loan_id);
}

bool IsClaimEvent(const v1::Event& event) {
  return event.has_subsidy_claim_submitted() || event.has_subsidy_claim_approved() ||
         event.has_subsidy_claim_rejected() || event.has_subsidy_claim_paid();
}

absl::StatusOr<v1::SubsidyClaim> LoadClaim(ProjectionState& state, absl::string_view bank_id,
                                           absl::string_view claim_id) {
  absl::StatusOr<v1::SubsidyClaim> claim =
      ReadRow<v1::SubsidyClaim>(state, ClaimKey(bank_id, claim_id), ClaimName(bank_id, claim_id));
  if (absl::IsNotFound(claim.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kClaimNotFound, "name",
                  absl::StrCat("no claim ", ClaimName(bank_id, claim_id)));
  }
  return claim;
}

absl::StatusOr<v1::SubsidyClaim> LoadClaimLines(ProjectionState& state, absl::string_view bank_id,
                                                absl::string_view claim_id) {
  const std::string what = absl::StrCat("lines of ", ClaimName(bank_id, claim_id));
  absl::StatusOr<v1::SubsidyClaim> lines =
      ReadRow<v1::SubsidyClaim>(state, ClaimLinesKey(bank_id, claim_id), what);
  if (absl::IsNotFound(lines.status())) {
    return Refuse(absl::StatusCode::kNotFound, reason::kClaimNotFound, "name",
                  absl::StrCat("no ", what));
  }
  return lines;
}

absl::StatusOr<v1::SubsidyClaim> LoadClaimWithLines(ProjectionState& state,
                                                    absl::string_view bank_id,
                                                    absl::string_view claim_id) {
  absl::StatusOr<v1::SubsidyClaim> claim = LoadClaim(state, bank_id, claim_id);
  if (!claim.ok()) return claim.status();
  absl::StatusOr<v1::SubsidyClaim> lines = LoadClaimLines(state, bank_id, claim_id);
  if (absl::IsNotFound(lines.status())) {
    // Header and lines are written together: one without the other is a broken store.
    return absl::DataLossError(absl::StrCat(claim->name(), " is stored without its lines"));
  }
  if (!lines.ok()) return lines.status();
  *claim->mutable_lines() = std::move(*lines->mutable_lines());
  if (claim->lines_size() != claim->line_count()) {
    return absl::DataLossError(absl::StrCat(claim->name(), " is stored with ", claim->lines_size(),
                                            " of its ", claim->line_count(), " lines"));
  }
  return claim;
}

absl::StatusOr<internal::ClaimedDays> LoadClaimedDays(ProjectionState& state,
                                                      absl::string_view bank_id,
                                                      absl::string_view loan_id) {
  absl::StatusOr<internal::ClaimedDays> days = ReadRow<internal::ClaimedDays>(
      state, ClaimedDaysKey(bank_id, loan_id),
      absl::StrCat("claimed days of ", FormatLoanName(bank_id, loan_id)));
  if (absl::IsNotFound(days.status())) return internal::ClaimedDays();
  return days;
}

absl::StatusOr<int64_t> SubsidyReceivedFen(ProjectionState& state, absl::string_view bank_id,
                                           absl::string_view loan_id) {
  absl::StatusOr<internal::ClaimedDays> days = LoadClaimedDays(state, bank_id, loan_id);
  if (!days.ok()) return days.status();
  // At most kMaxClaimedRangesPerLoan ranges of at most kMaxAmountFen each: no overflow.
  int64_t received_fen = 0;
  for (const internal::ClaimedRange& range : days->ranges()) {
    if (!range.paid()) continue;
    if (range.approved_fen() < 0 || range.approved_fen() > kMaxAmountFen) {
      return absl::DataLossError(absl::StrCat("claimed days of ", FormatLoanName(bank_id, loan_id),
                                              " hold an approved amount out of range"));
    }
    received_fen += range.approved_fen();
  }
  return received_fen;
}

absl::Status EvolveClaim(uint64_t sequence, const v1::Event& event, ProjectionState& state,
                         v1::SubsidyClaim* claim) {
  Invariant(IsClaimEvent(event), "EvolveClaim is given a claim event");
  v1::SubsidyClaim after;
  absl::Status applied;
  if (event.has_subsidy_claim_submitted()) {
    applied = ApplySubmitted(sequence, event.subsidy_claim_submitted().claim(), state, &after);
  } else if (event.has_subsidy_claim_approved()) {
    applied = ApplyApproved(sequence, event.subsidy_claim_approved(), state, &after);
  } else if (event.has_subsidy_claim_rejected()) {
    applied = ApplyRejected(sequence, event.subsidy_claim_rejected(), state, &after);
  } else {
    applied = ApplyPaid(sequence, event.subsidy_claim_paid(), state, &after);
  }
  if (!applied.ok()) return applied;
  if (claim != nullptr) {
    after.clear_lines();
    *claim = std::move(after);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ListSubsidyClaimsResponse> ListClaims(const Store& store,
                                                         absl::string_view bank_id,
                                                         v1::SubsidyClaimState state, int page_size,
                                                         absl::string_view page_token,
                                                         int max_scanned) {
  Invariant(max_scanned > 0, "a page reads at least one claim");
  if (!bank_id.empty()) {
    if (absl::Status s = ValidateId(bank_id, "bank_id"); !s.ok()) return s;
  }
  if (!v1::SubsidyClaimState_IsValid(state)) {
    return InvalidArgument(reason::kInvalidStatus, "state", "unknown claim state");
  }
  absl::StatusOr<int> size = ResolvePageSize(page_size, kDefaultClaimPageSize, kMaxClaimPageSize);
  if (!size.ok()) return size.status();
  const std::string prefix = bank_id.empty()
                                 ? std::string(kClaimPrefix)
                                 : absl::StrCat(kClaimPrefix, bank_id, std::string(1, kSep));
  const std::string listing = ListingOf(bank_id, state);
  std::string start = prefix;
  if (!page_token.empty()) {
    std::string bytes;
    internal::KeyPageToken token;
    if (!absl::WebSafeBase64Unescape(page_token, &bytes) || !token.ParseFromString(bytes)) {
      return BadToken("page_token is not one this server issued");
    }
    if (token.listing() != listing || !absl::StartsWith(token.after_key(), prefix)) {
      return BadToken("page_token was issued for a different listing or filters");
    }
    // A key followed by 0x00 is the smallest key after it.
    start = absl::StrCat(token.after_key(), std::string(1, kSep));
  }

  std::unique_ptr<ReadSnapshot> snapshot = store.NewSnapshot();
  v1::ListSubsidyClaimsResponse response;
  std::string last_key;
  bool more = false;
  int scanned = 0;
  absl::Status problem;
  absl::Status scan = store.Scan(
      Family::kProjections, start, prefix,
      [&](absl::string_view key, absl::string_view value) {
        if (response.claims_size() >= *size || scanned >= max_scanned) {
          more = true;  // one row past the page (or the scan bound): a next page exists
          return false;
        }
        ++scanned;
        last_key = std::string(key);
        v1::SubsidyClaim claim;
        if (!claim.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          problem = absl::DataLossError(
              absl::StrCat("stored claim ", DescribeClaimKey(key), " does not parse"));
          return false;
        }
        if (state == v1::SUBSIDY_CLAIM_STATE_UNSPECIFIED || claim.state() == state) {
          *response.add_claims() = std::move(claim);
        }
        return true;
      },
      snapshot.get());
  if (!scan.ok()) return scan;
  if (!problem.ok()) return problem;
  if (more) {
    internal::KeyPageToken token;
    token.set_listing(listing);
    token.set_after_key(last_key);
    std::string out;
    absl::WebSafeBase64Escape(token.SerializeAsString(), &out);
    response.set_next_page_token(std::move(out));
  }
  return response;
}

std::string DescribeClaimKey(absl::string_view key) {
  std::string a, b;
  if (absl::ConsumePrefix(&key, kClaimPrefix)) {
    return SplitPair(key, &a, &b) ? absl::StrCat("subsidy claim ", ClaimName(a, b)) : "";
  }
  if (absl::ConsumePrefix(&key, kLinesPrefix)) {
    return SplitPair(key, &a, &b) ? absl::StrCat("lines of subsidy claim ", ClaimName(a, b)) : "";
  }
  if (absl::ConsumePrefix(&key, kClaimedPrefix)) {
    return SplitPair(key, &a, &b) ? absl::StrCat("claimed days of ", FormatLoanName(a, b)) : "";
  }
  return "";
}

}  // namespace ledger
