// Accounts as stored projections of the journal: each account's balance, each account's
// postings in journal order, and the totals per kind of account behind the trial balance.
//
// ApplyPostings is the one place that changes these rows; the commit path and the audit's
// replay both call it with their ProjectionState (ledger/store/projection_state.h), so they
// cannot disagree on a key or a value. Reads for the RPC layer go straight to the Store. Key
// formats are at the top of account_projection.cc and in docs/STORAGE.md.
//
//   absl::Status s = ApplyPostings(sequence, commit_time_us, event.postings(), state);
//   AccountProjection accounts(store);
//   absl::StatusOr<v1::AccountBalance> b = accounts.Get("banks/B001/accounts/funding");
//   absl::StatusOr<v1::ListAccountPostingsResponse> page = accounts.ListPostings(request);
//   absl::StatusOr<v1::TrialBalance> trial = accounts.GetTrialBalance(request);
#ifndef LEDGER_ACCOUNTS_ACCOUNT_PROJECTION_H_
#define LEDGER_ACCOUNTS_ACCOUNT_PROJECTION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/base/namespaces.h"
#include "ledger/store/projection_state.h"
#include "ledger/store/store.h"
#include "microloan/ledger/v1/account.pb.h"
#include "microloan/ledger/v1/types.pb.h"

namespace ledger {

inline constexpr int kDefaultPostingPageSize = 100;
inline constexpr int kMaxPostingPageSize = 1000;
inline constexpr int kDefaultTrialBalancePageSize = 100;
inline constexpr int kMaxTrialBalancePageSize = 1000;

// Applies the postings of journal entry `sequence` (committed at `commit_time_us`) to the
// account rows in `state`: each account's balance, its kind's totals and one posting row per
// leg. Entries are applied once each, in sequence order: DATA_LOSS if an account already
// records `sequence` or a later one, if an account name is not in the chart, if the postings
// do not pass CheckBalanced, or if a sum overflows. On any error nothing has been written. An
// empty list changes nothing.
absl::Status ApplyPostings(uint64_t sequence, int64_t commit_time_us,
                           const google::protobuf::RepeatedPtrField<v1::Posting>& postings,
                           ProjectionState& state);

// The balance row of `account` as `state` holds it. NOT_FOUND (ACCOUNT_NOT_FOUND, field
// "account") if nothing has posted to it.
absl::StatusOr<v1::AccountBalance> LoadAccount(ProjectionState& state, absl::string_view account);

class AccountProjection {
 public:
  explicit AccountProjection(const Store* store) : store_(store) {}

  // INVALID_ARGUMENT (INVALID_ACCOUNT, field "account") for a name not in the chart; NOT_FOUND
  // (ACCOUNT_NOT_FOUND, field "account") for an account nothing has posted to.
  absl::StatusOr<v1::AccountBalance> Get(absl::string_view account) const;

  // The account's postings, oldest first. An account nothing has posted to has none (not
  // NOT_FOUND: the name is valid, the list is empty).
  absl::StatusOr<v1::ListAccountPostingsResponse> ListPostings(
      const v1::ListAccountPostingsRequest& request) const;

  // Totals per kind and a page of accounts in name order, all read at one point in time.
  absl::StatusOr<v1::TrialBalance> GetTrialBalance(const v1::GetTrialBalanceRequest& request) const;

 private:
  const Store* store_;
};

// What an account key of the projections family is, for audit reports: "balance of
// banks/B001/accounts/funding", "posting 2 of entry 17 to banks/B001/accounts/funding" (the
// leg's index in the entry's postings), "totals of kind BANK_FUNDING"; "" for any other key.
std::string DescribeAccountKey(absl::string_view key);

}  // namespace ledger

#endif  // LEDGER_ACCOUNTS_ACCOUNT_PROJECTION_H_
