// What a journal event does to the loan it concerns: the one function that changes loan state.
// The commit path applies each new event through it, and the audit's replay applies the whole
// journal through it, so stored loans and replayed loans cannot be built two ways.
//
// Loans keep running amounts (disbursed, repaid, compensated, written off, ...); the status is
// derived from them after every event, and so is each fund guarantee's state (released when the
// loan closes, live again if a reversal reopens it). A reversal (EntryReversed) applies the
// reversed event's amounts with the opposite sign, then derives again.
//
//   v1::Loan loan;                                   // empty before LoanCreated
//   absl::Status s = EvolveLoan(sequence, event, &loan);
//   if (!s.ok()) { /* DATA_LOSS: the event cannot apply; `loan` is unchanged */ }
//   std::optional<FundExposure> exposure = LiveFundExposure(loan);
#ifndef LEDGER_LOAN_LOAN_EVOLVE_H_
#define LEDGER_LOAN_LOAN_EVOLVE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger {

// Applies `event` (journal entry `sequence`) to `loan`. LoanCreated needs an empty loan; every
// other loan event needs the loan it names. Sets created/last sequence and entry count.
// DATA_LOSS naming the loan if the event does not fit the loan or would break an invariant;
// `loan` is then unchanged.
absl::Status EvolveLoan(uint64_t sequence, const v1::Event& event, v1::Loan* loan);

// The loan an event concerns ("" for fund-only events). For EntryReversed, the reversed
// event's loan.
std::string LoanNameOfEvent(const v1::Event& event);

// The guarantee fund an event concerns directly (fund events, compensation, recoveries; ""
// otherwise). For EntryReversed, the reversed event's fund.
std::string FundIdOfEvent(const v1::Event& event);

// Who made a money entry, and so who may reverse it: the bank (disbursements, repayments,
// arrear markings, write-offs) or a guarantee fund (capital deposits, compensation,
// recoveries). kNone for every entry that moves no money, and for reversals themselves.
enum class MoneyEntryMaker { kNone, kBank, kFund };
MoneyEntryMaker MakerOfMoneyEntry(const v1::Event& event);

// The loan's fund guarantee while it counts against the fund's leverage (state LIVE or
// CALL_FILED): the fund and the guaranteed principal. nullopt otherwise.
struct FundExposure {
  std::string fund_id;
  int64_t amount_fen = 0;
};
std::optional<FundExposure> LiveFundExposure(const v1::Loan& loan);

// How an entry that took a loan from `before` (nullptr for a new loan) to `after` moves fund
// exposure: per fund, the change in live guaranteed principal and in the number of live
// guarantees. Empty when nothing moved. The commit path books it as memorandum postings and
// applies it to the fund; both read it from here so they cannot disagree.
struct ExposureMove {
  std::string fund_id;
  int64_t delta_fen = 0;
  int delta_guarantees = 0;
};
std::vector<ExposureMove> ExposureMoves(const v1::Loan* before, const v1::Loan& after);

// Whether the loan's amounts are consistent: every amount >= 0; repaid <= disbursed <=
// approved; outstanding == disbursed - repaid - compensated - written off - recovered by the
// bank (principal parts); nothing disbursed when APPROVED; nothing owed when CLOSED.
bool LoanInvariantsHold(const v1::Loan& loan);
// Which of those fails, for people ("" if none).
std::string InvariantProblem(const v1::Loan& loan);

}  // namespace ledger

#endif  // LEDGER_LOAN_LOAN_EVOLVE_H_
