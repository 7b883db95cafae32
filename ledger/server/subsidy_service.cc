#include "ledger/server/subsidy_service.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "ledger/auth/authorization.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/ids.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"
#include "ledger/journal/entry_codec.h"
#include "ledger/journal/journal_reader.h"
#include "ledger/loan/loan_projection.h"
#include "ledger/server/handler_support.h"
#include "ledger/store/projection_state.h"
#include "ledger/subsidy/calculator.h"
#include "ledger/subsidy/loan_facts.h"
#include "ledger/subsidy/policy_projection.h"

namespace ledger {
namespace {

constexpr char kComputeSubsidy[] = "microloan.ledger.v1.SubsidyService.ComputeSubsidy";

// The projections family as one snapshot holds it, for LoadLoan. Read-only: nothing applies
// events through it.
class SnapshotState : public ProjectionState {
 public:
  SnapshotState(const Store& store, const ReadSnapshot* at) : store_(store), at_(at) {}
  absl::StatusOr<std::string> Get(absl::string_view key) override {
    return store_.Get(Family::kProjections, key, at_);
  }
  void Put(absl::string_view, absl::string_view) override {
    Invariant(false, "a snapshot of the projections is read-only");
  }
  void Delete(absl::string_view) override {
    Invariant(false, "a snapshot of the projections is read-only");
  }

 private:
  const Store& store_;
  const ReadSnapshot* const at_;
};

// The request's periods, validated: at most kMaxSubsidyPeriods, valid dates, first_day <=
// last_day, at most kMaxPeriodDays each. INVALID_ARGUMENT (field "periods") otherwise.
absl::StatusOr<std::vector<subsidy::Period>> RequestedPeriods(
    const v1::ComputeSubsidyRequest& request) {
  if (request.periods_size() > kMaxSubsidyPeriods) {
    return InvalidArgument(reason::kTooManyPeriods, "periods",
                           absl::StrCat("at most ", kMaxSubsidyPeriods, " periods a call, not ",
                                        request.periods_size()));
  }
  std::vector<subsidy::Period> periods;
  for (const v1::DatePeriod& period : request.periods()) {
    absl::StatusOr<absl::CivilDay> first = ParseDate(period.first_day(), "periods");
    if (!first.ok()) return first.status();
    absl::StatusOr<absl::CivilDay> last = ParseDate(period.last_day(), "periods");
    if (!last.ok()) return last.status();
    if (*last < *first) {
      return InvalidArgument(reason::kInvalidPeriod, "periods",
                             absl::StrCat("period ", absl::FormatCivilTime(*first), "..",
                                          absl::FormatCivilTime(*last), " ends before it starts"));
    }
    if (*last - *first + 1 > subsidy::kMaxPeriodDays) {
      return InvalidArgument(
          reason::kInvalidPeriod, "periods",
          absl::StrCat("period ", absl::FormatCivilTime(*first), "..", absl::FormatCivilTime(*last),
                       " is longer than ", subsidy::kMaxPeriodDays, " days"));
    }
    periods.push_back({*first, *last});
  }
  return periods;
}

// The quarterly settlement periods from the first disbursement to today, the latest
// kMaxSubsidyPeriods of them (none if the first disbursement is after today).
absl::StatusOr<std::vector<subsidy::Period>> DefaultPeriods(const subsidy::LoanFacts& facts) {
  const absl::CivilDay today = LedgerToday();
  if (today < facts.first_disbursement_date) return std::vector<subsidy::Period>();
  absl::StatusOr<std::vector<subsidy::Period>> periods = subsidy::SettlementPeriods(
      facts.first_disbursement_date, today, subsidy::Frequency::kQuarterly);
  if (!periods.ok()) return periods.status();
  if (periods->size() > static_cast<size_t>(kMaxSubsidyPeriods)) {
    periods->erase(periods->begin(), periods->end() - kMaxSubsidyPeriods);
  }
  return periods;
}

void FillPeriod(const subsidy::SubsidyResult& result, v1::PeriodSubsidy* out) {
  *out->mutable_period()->mutable_first_day() = ToDate(result.period.first_day);
  *out->mutable_period()->mutable_last_day() = ToDate(result.period.last_day);
  *out->mutable_interest() = Cny(result.interest_fen);
  *out->mutable_subsidy() = Cny(result.subsidy_fen);
  *out->mutable_borrower() = Cny(result.borrower_fen);
  for (const subsidy::SubsidyLine& line : result.lines) {
    v1::SubsidyLine* l = out->add_lines();
    *l->mutable_first_day() = ToDate(line.first_day);
    *l->mutable_last_day() = ToDate(line.last_day);
    l->set_days(line.days);
    *l->mutable_balance() = Cny(line.balance_fen);
    *l->mutable_eligible_balance() = Cny(line.eligible_balance_fen);
    l->set_contract_rate_bps(line.contract_rate_bps);
    l->set_subsidy_rate_bp_e4(line.subsidy_rate_bp_e4);
    l->set_lpr_bps(line.lpr_bps.value_or(0));
    if (line.policy_effective_from.has_value()) {
      *l->mutable_policy_effective_from() = ToDate(*line.policy_effective_from);
    }
    l->set_exclusion_reason(line.exclusion_reason);
  }
}

}  // namespace

grpc::ServerUnaryReactor* SubsidyServiceImpl::ComputeSubsidy(
    grpc::CallbackServerContext* context, const v1::ComputeSubsidyRequest* request,
    v1::ComputeSubsidyResponse* response) {
  return AnswerRead(context, *callers_, kComputeSubsidy, [&](const Caller& caller) -> absl::Status {
    // The loan as GetLoan finds it: out of the caller's scope is LOAN_NOT_FOUND, as if absent.
    const std::string& name = request->loan();
    absl::StatusOr<LoanName> parsed = ParseLoanName(name, "loan");
    if (!parsed.ok()) return parsed.status();
    if (absl::Status s = CheckLoanNameScope(caller, name, "loan"); !s.ok()) return s;
    absl::StatusOr<std::vector<subsidy::Period>> requested = RequestedPeriods(*request);
    if (!requested.ok()) return requested.status();

    // One snapshot: the loan, the journal head and the loan's entries agree with each other.
    const std::unique_ptr<ReadSnapshot> snapshot = store_->NewSnapshot();
    SnapshotState state(*store_, snapshot.get());
    absl::StatusOr<v1::Loan> loan = LoanIfVisible(caller, LoadLoan(state, name), name, "loan");
    if (!loan.ok()) return loan.status();
    absl::StatusOr<JournalHead> head = ReadHead(*store_, snapshot.get());
    if (!head.ok()) return head.status();

    // LoanProjection::History reads the latest state; a loan's history only ever grows, so
    // its entries up to the snapshot's head are exactly the snapshot's.
    bool more = false;
    absl::StatusOr<std::vector<uint64_t>> sequences = LoanProjection(store_).History(
        parsed->bank_id, parsed->loan_id, 0, kMaxSubsidyHistoryEntries + 1, &more);
    if (!sequences.ok()) return sequences.status();
    const auto past_head = std::upper_bound(sequences->begin(), sequences->end(), head->sequence);
    more = more && past_head == sequences->end();
    sequences->erase(past_head, sequences->end());
    if (more || sequences->size() > static_cast<size_t>(kMaxSubsidyHistoryEntries)) {
      return Refuse(absl::StatusCode::kResourceExhausted, reason::kLoanHistoryTooLong, "loan",
                    absl::StrCat(name, " has more than ", kMaxSubsidyHistoryEntries,
                                 " journal entries; its subsidy cannot be computed online"));
    }
    LoanFactsBuilder facts(*loan);
    for (uint64_t sequence : *sequences) {
      absl::StatusOr<std::string> record =
          store_->Get(Family::kJournal, JournalKey(sequence), snapshot.get());
      if (!record.ok()) return record.status();
      absl::StatusOr<DecodedEntry> decoded = DecodeEntry(*record);
      if (!decoded.ok()) return decoded.status();
      absl::StatusOr<v1::JournalEntry> entry = ToJournalEntry(*decoded);
      if (!entry.ok()) return entry.status();
      facts.Add(sequence, entry->event());
    }
    absl::StatusOr<subsidy::LoanFacts> built = facts.Build();
    if (!built.ok()) return built.status();

    // Policy versions and LPR fixings are read from the latest state, not the snapshot: a
    // version or fixing committed meanwhile may already apply.
    absl::StatusOr<std::vector<subsidy::PolicyVersion>> policies = CalculatorPolicies(*store_);
    if (!policies.ok()) return policies.status();
    absl::StatusOr<std::vector<subsidy::LprFixing>> lprs = CalculatorLprFixings(*store_);
    if (!lprs.ok()) return lprs.status();

    absl::StatusOr<std::vector<subsidy::Period>> periods =
        requested->empty() ? DefaultPeriods(*built) : std::move(requested);
    if (!periods.ok()) return periods.status();
    response->set_loan(name);
    response->set_as_of_sequence(head->sequence);
    for (const subsidy::Period& period : *periods) {
      absl::StatusOr<subsidy::SubsidyResult> result =
          subsidy::ComputeSubsidy(*built, *policies, *lprs, period);
      if (!result.ok()) return result.status();
      FillPeriod(*result, response->add_periods());
    }
    return absl::OkStatus();
  });
}

}  // namespace ledger
