#include "ledger/model/entry_apply.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ledger/accounts/account_projection.h"
#include "ledger/accounts/chart.h"
#include "ledger/base/date.h"
#include "ledger/cohort/cohort_projection.h"
#include "ledger/guarantee/fund_evolve.h"
#include "ledger/guarantee/fund_projection.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/loan/loan_evolve.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/subsidy/claim_projection.h"
#include "ledger/subsidy/policy_projection.h"
#include "ledger/subsidy/repeat_loans.h"

namespace ledger {
namespace {

constexpr absl::string_view kReversalPrefix = "rev/";

// A fund the entry changes, loaded once, changed in place, written once.
struct TouchedFund {
  std::string fund_id;
  v1::GuaranteeFund fund;
};

absl::Status Bad(uint64_t sequence, absl::string_view problem) {
  const std::string prefix = absl::StrCat("entry ", sequence, " ");
  if (absl::StartsWith(problem, prefix)) return absl::DataLossError(problem);
  return absl::DataLossError(absl::StrCat("entry ", sequence, ": ", problem));
}

// The balance of `account` in `state` (0 before anything posted to it).
absl::StatusOr<int64_t> BalanceOf(ProjectionState& state, const std::string& account) {
  absl::StatusOr<v1::AccountBalance> balance = LoadAccount(state, account);
  if (absl::IsNotFound(balance.status())) return 0;
  if (!balance.ok()) return balance.status();
  return balance->balance().amount_fen();
}

// The postings must move exactly what the event did to its loan and funds: a loan's principal
// and interest accounts hold its outstanding principal and due interest, a fund's cash, capital
// and exposure accounts hold its cash, capital and exposure. Checked after every entry, so an
// entry whose postings disagree with its event (or a journal edited that way) cannot apply.
absl::Status CheckAccountsMatch(uint64_t sequence, const std::optional<v1::Loan>& loan,
                                const std::vector<TouchedFund>& funds, ProjectionState& state) {
  struct Pair {
    std::string account;
    int64_t expected_fen;
  };
  std::vector<Pair> pairs;
  if (loan) {
    pairs.push_back({LoanPrincipalAccount(loan->bank_id(), loan->loan_id()),
                     loan->outstanding_principal().amount_fen()});
    pairs.push_back({LoanInterestAccount(loan->bank_id(), loan->loan_id()),
                     loan->interest_receivable().amount_fen()});
  }
  for (const TouchedFund& touched : funds) {
    const v1::GuaranteeFund& f = touched.fund;
    pairs.push_back({FundCashAccount(f.fund_id()), f.cash().amount_fen()});
    pairs.push_back({FundCapitalAccount(f.fund_id()), -f.capital().amount_fen()});
    pairs.push_back({FundExposureAccount(f.fund_id()), f.exposure().amount_fen()});
  }
  for (const Pair& pair : pairs) {
    absl::StatusOr<int64_t> balance_fen = BalanceOf(state, pair.account);
    if (!balance_fen.ok()) return balance_fen.status();
    if (*balance_fen != pair.expected_fen) {
      return Bad(sequence, absl::StrCat("its postings leave ", pair.account, " at ", *balance_fen,
                                        " fen where its event leaves ", pair.expected_fen));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<TouchedFund*> Touch(uint64_t sequence, const std::string& fund_id, bool may_be_new,
                                   ProjectionState& state, std::vector<TouchedFund>* funds) {
  for (TouchedFund& touched : *funds) {
    if (touched.fund_id == fund_id) return &touched;
  }
  absl::StatusOr<v1::GuaranteeFund> fund = LoadFund(state, fund_id);
  if (absl::IsNotFound(fund.status()) && may_be_new) {
    fund = v1::GuaranteeFund();
  } else if (absl::IsNotFound(fund.status())) {
    return Bad(sequence, absl::StrCat("no earlier entry created fund ", fund_id));
  } else if (!fund.ok()) {
    return fund.status();
  }
  funds->push_back({fund_id, std::move(*fund)});
  return &funds->back();
}

// Subsidy policy versions and LPR fixings form append-only series ordered by effective date.
absl::Status ApplyPolicyEvent(uint64_t sequence, const v1::Event& event, ProjectionState& state,
                              internal::CommandResult* result) {
  if (event.has_subsidy_policy_version_added()) {
    const v1::SubsidyPolicyVersion& version = event.subsidy_policy_version_added().version();
    absl::StatusOr<PolicyTail> tail = LatestPolicyVersion(state);
    if (!tail.ok()) return tail.status();
    if (tail->count >= kMaxPolicyVersions ||
        (tail->latest &&
         ToCivilDay(version.effective_from()) <= ToCivilDay(tail->latest->effective_from()))) {
      return Bad(sequence, "a subsidy policy version that is not later than the latest");
    }
    PutPolicyVersion(version, sequence, state);
    if (absl::Status s = RecordRepeatLoanLimit(version, state); !s.ok()) return s;
    *result->mutable_policy_version() = version;
    result->mutable_policy_version()->set_sequence(sequence);  // as PutPolicyVersion stores it
  }
  if (event.has_lpr_fixing_recorded()) {
    const v1::LprFixing& fixing = event.lpr_fixing_recorded().fixing();
    absl::StatusOr<LprTail> tail = LatestLprFixing(state);
    if (!tail.ok()) return tail.status();
    if (tail->count >= kMaxLprFixings ||
        (tail->latest &&
         ToCivilDay(fixing.effective_from()) <= ToCivilDay(tail->latest->effective_from()))) {
      return Bad(sequence, "an LPR fixing that is not later than the latest");
    }
    PutLprFixing(fixing, sequence, state);
    *result->mutable_lpr_fixing() = fixing;
    result->mutable_lpr_fixing()->set_sequence(sequence);
  }
  return absl::OkStatus();
}

}  // namespace

std::string ReversalKey(uint64_t reversed_sequence) {
  return absl::StrCat(kReversalPrefix, JournalKey(reversed_sequence));
}

absl::StatusOr<uint64_t> ReversedBy(ProjectionState& state, uint64_t sequence) {
  absl::StatusOr<std::string> mark = state.Get(ReversalKey(sequence));
  if (absl::IsNotFound(mark.status())) return 0;
  if (!mark.ok()) return mark.status();
  uint64_t by = 0;
  if (!ParseJournalKey(*mark, &by)) {
    return absl::DataLossError(absl::StrCat("reversal mark of entry ", sequence, " is malformed"));
  }
  return by;
}

std::string DescribeReversalKey(absl::string_view key) {
  uint64_t sequence = 0;
  if (!absl::ConsumePrefix(&key, kReversalPrefix) || !ParseJournalKey(key, &sequence)) return "";
  return absl::StrCat("reversal mark of entry ", sequence);
}

absl::StatusOr<internal::CommandResult> ApplyEntry(uint64_t sequence, int64_t commit_time_us,
                                                   const v1::Event& event, ProjectionState& state) {
  if (event.kind_case() == v1::Event::KIND_NOT_SET) {
    return Bad(sequence, "the entry has no event, or one this build does not know");
  }
  std::vector<TouchedFund> funds;
  std::optional<v1::Loan> loan_after;
  funds.reserve(4);  // the event's own fund and the one whose exposure moves (pointers stay valid)

  // The loan, and the change in its live fund exposure.
  const std::string loan_name = LoanNameOfEvent(event);
  if (!loan_name.empty()) {
    const bool created = event.has_loan_created();
    std::optional<v1::Loan> before;
    absl::StatusOr<v1::Loan> loaded = LoadLoan(state, loan_name);
    if (loaded.ok()) {
      if (created) return Bad(sequence, absl::StrCat(loan_name, " is created twice"));
      before = std::move(*loaded);
    } else if (!absl::IsNotFound(loaded.status()) || !created) {
      if (absl::IsNotFound(loaded.status())) {
        return Bad(sequence, absl::StrCat("no earlier entry created ", loan_name));
      }
      return loaded.status();
    }
    v1::Loan after = before.value_or(v1::Loan());
    if (absl::Status s = EvolveLoan(sequence, event, &after); !s.ok()) {
      return Bad(sequence, s.message());
    }
    for (const ExposureMove& move : ExposureMoves(before ? &*before : nullptr, after)) {
      absl::StatusOr<TouchedFund*> fund = Touch(sequence, move.fund_id, false, state, &funds);
      if (!fund.ok()) return fund.status();
      if (absl::Status s =
              ApplyExposureChange(move.delta_fen, move.delta_guarantees, &(*fund)->fund);
          !s.ok()) {
        return Bad(sequence, s.message());
      }
      (*fund)->fund.set_last_sequence(sequence);
    }
    WriteLoan(before ? &*before : nullptr, after, sequence, state);
    if (created && !event.loan_created().person_key().empty()) {
      if (absl::Status s = RecordPersonLoan(event.loan_created().person_key(), loan_name, state);
          !s.ok()) {
        return Bad(sequence, s.message());
      }
    }
    loan_after = std::move(after);
  }

  // The fund the event itself concerns.
  const std::string fund_id = FundIdOfEvent(event);
  if (!fund_id.empty()) {
    const bool created = event.has_fund_created();
    absl::StatusOr<TouchedFund*> fund = Touch(sequence, fund_id, created, state, &funds);
    if (!fund.ok()) return fund.status();
    if (created && !(*fund)->fund.fund_id().empty()) {
      return Bad(sequence, absl::StrCat("fund ", fund_id, " is created twice"));
    }
    if (absl::Status s = EvolveFund(sequence, event, &(*fund)->fund); !s.ok()) {
      return Bad(sequence, s.message());
    }
  }
  for (const TouchedFund& touched : funds) PutFund(touched.fund, state);

  if (absl::Status s = ApplyPostings(sequence, commit_time_us, event.postings(), state); !s.ok()) {
    return Bad(sequence, s.message());
  }
  if (absl::Status s = CheckAccountsMatch(sequence, loan_after, funds, state); !s.ok()) return s;

  internal::CommandResult result;
  if (absl::Status s = ApplyPolicyEvent(sequence, event, state, &result); !s.ok()) return s;
  if (IsClaimEvent(event)) {
    // A claim's rows, and the claim as the entry left it (without lines) for the request record.
    if (absl::Status s = EvolveClaim(sequence, event, state, result.mutable_claim()); !s.ok()) {
      return s;
    }
  }

  if (IsCohortEvent(event)) {
    // A cohort's rows, and the cohort (or the county rules) as the entry left it.
    std::optional<v1::Cohort> cohort;
    if (absl::Status s = EvolveCohort(sequence, event, state, &cohort); !s.ok()) return s;
    if (cohort) *result.mutable_cohort() = std::move(*cohort);
    if (event.has_cohort_rules_set()) *result.mutable_cohort_rules() = event.cohort_rules_set();
  }

  if (event.has_entry_reversed()) {
    const uint64_t reversed = event.entry_reversed().reversed_sequence();
    if (reversed == 0 || reversed >= sequence) {
      return Bad(sequence, absl::StrCat("it reverses entry ", reversed, ", not an earlier one"));
    }
    absl::StatusOr<uint64_t> by = ReversedBy(state, reversed);
    if (!by.ok()) return by.status();
    if (*by != 0) {
      return Bad(sequence, absl::StrCat("entry ", reversed, " was already reversed by ", *by));
    }
    state.Put(ReversalKey(reversed), JournalKey(sequence));
  }
  // The loan and the fund the event concerns, as it left them: what the request record keeps.
  if (loan_after) *result.mutable_loan() = std::move(*loan_after);
  if (const std::string fund_id = FundIdOfEvent(event); !fund_id.empty()) {
    for (TouchedFund& touched : funds) {
      if (touched.fund_id == fund_id) *result.mutable_fund() = std::move(touched.fund);
    }
  }
  return result;
}

}  // namespace ledger
