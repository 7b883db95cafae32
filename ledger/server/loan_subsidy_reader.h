// The subsidy of loans as of one consistent read of the store, shared by the calculator
// (ComputeSubsidy), the batch listing (ListLoanSubsidies) and the expected amounts of a claim
// (claim_basis.h): a loan, the journal head and the loan's entries come from one snapshot, and
// the policy versions and LPR fixings are read once, after the snapshot was taken, so that every
// version or fixing up to the snapshot's head is among them (one that came later may be too:
// the writer refuses a claim whose basis such a one makes stale).
//
//   absl::StatusOr<std::unique_ptr<LoanSubsidyReader>> reader = LoanSubsidyReader::Open(store);
//   absl::StatusOr<v1::Loan> loan = LoanIfVisible(caller, (*reader)->LoadLoan(name), name);
//   absl::StatusOr<LoanPeriodSubsidy> s = (*reader)->ForPeriod(*loan, period);
//   ... s->subsidy_fen, s->note; (*reader)->head_sequence() is the as_of_sequence ...
#ifndef LEDGER_SERVER_LOAN_SUBSIDY_READER_H_
#define LEDGER_SERVER_LOAN_SUBSIDY_READER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/store.h"
#include "ledger/store/store_projection_state.h"
#include "ledger/subsidy/calculator.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

// A loan has at most a few thousand journal entries; the reader refuses (RESOURCE_EXHAUSTED,
// LOAN_HISTORY_TOO_LONG) to gather more than this many.
inline constexpr int kMaxSubsidyHistoryEntries = 10'000;
// One reader (one request: a page of ListLoanSubsidies, a claim's basis) reads at most this
// many journal entries over all its loans (RESOURCE_EXHAUSTED, LOAN_HISTORY_TOO_LONG), so that
// no request ties up a callback thread for long: 1,000 loans of 200 entries each.
inline constexpr int64_t kMaxSubsidyEntriesPerRequest = 200'000;

// The note of a loan with nothing disbursed by a period's end (LoanSubsidy.note).
inline constexpr char kNotDisbursedNote[] = "not disbursed";

// One loan's figures for one period.
struct LoanPeriodSubsidy {
  int64_t interest_fen = 0;
  int64_t subsidy_fen = 0;
  int64_t borrower_fen = 0;
  // The distinct exclusion reasons of the period's lines, in order of first appearance, joined
  // with "; "; or kNotDisbursedNote (amounts 0). Empty if every day is subsidised.
  std::string note;
  // The calculator's full answer; nullopt when the loan was not disbursed by the period's end.
  std::optional<subsidy::SubsidyResult> result;
};

// The distinct exclusion reasons of `result`'s lines joined with "; ".
std::string ExclusionNote(const subsidy::SubsidyResult& result);

class LoanSubsidyReader {
 public:
  // Takes the snapshot, reads its journal head, then the policy versions and LPR fixings.
  // Facts reads at most `max_entries` journal entries in all (tests pass fewer).
  static absl::StatusOr<std::unique_ptr<LoanSubsidyReader>> Open(
      const Store* store, int64_t max_entries = kMaxSubsidyEntriesPerRequest);

  // The journal entry the snapshot ends at: the as_of_sequence of what is computed.
  uint64_t head_sequence() const { return head_sequence_; }

  // The loan as the snapshot holds it (LoadLoan: NOT_FOUND LOAN_NOT_FOUND field "name" if
  // absent). Callers check the caller's scope (LoanIfVisible).
  absl::StatusOr<v1::Loan> LoadLoan(absl::string_view name) const;

  // `loan`'s facts from its journal entries up to the snapshot's head. FAILED_PRECONDITION
  // (LOAN_NOT_DISBURSED) if nothing disbursed remains; RESOURCE_EXHAUSTED
  // (LOAN_HISTORY_TOO_LONG, field "loan") above kMaxSubsidyHistoryEntries entries, or when the
  // entries this reader has read would exceed its `max_entries`.
  // REQUIRES: `loan` was read from this reader.
  absl::StatusOr<subsidy::LoanFacts> Facts(const v1::Loan& loan) const;

  // The calculator on `facts` for `period` with the policies read at Open.
  absl::StatusOr<subsidy::SubsidyResult> Compute(const subsidy::LoanFacts& facts,
                                                 const subsidy::Period& period) const;

  // `loan`'s figures for `period`. A loan with nothing disbursed (by the period's end) is not an
  // error here: zero amounts and note kNotDisbursedNote. Other errors pass through.
  absl::StatusOr<LoanPeriodSubsidy> ForPeriod(const v1::Loan& loan,
                                              const subsidy::Period& period) const;

 private:
  LoanSubsidyReader(const Store* store, std::unique_ptr<ReadSnapshot> snapshot,
                    int64_t max_entries);
  ~LoanSubsidyReader();
  friend struct std::default_delete<LoanSubsidyReader>;

  const Store* const store_;
  const std::unique_ptr<ReadSnapshot> snapshot_;
  std::unique_ptr<StoreProjectionState> state_;
  const int64_t max_entries_;
  mutable int64_t entries_read_ = 0;
  uint64_t head_sequence_ = 0;
  std::vector<subsidy::PolicyVersion> policies_;
  std::vector<subsidy::LprFixing> lprs_;
};

}  // namespace ledger

#endif  // LEDGER_SERVER_LOAN_SUBSIDY_READER_H_
