// The double-entry check of one journal entry: its postings' debits equal its credits, in each
// currency.
//
// Journal entries carry no postings yet: accounts and postings come with a later issue. Until
// then PostingsOf returns none for every event kind and the audit says plainly that there was
// nothing to balance (it does not pretend to have checked anything). When events gain
// postings, PostingsOf reads them and the audit's balance check runs over every entry as it
// stands.
//
//   std::vector<Posting> postings = PostingsOf(body.event());
//   if (!postings.empty()) {
//     absl::Status s = CheckBalanced(postings);   // DATA_LOSS naming the currency and the sums
//   }
#ifndef LEDGER_AUDIT_BALANCE_H_
#define LEDGER_AUDIT_BALANCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

struct Posting {
  enum class Side { kDebit, kCredit };
  std::string account;
  Side side = Side::kDebit;
  std::string currency_code;
  int64_t amount_fen = 0;  // positive
};

// The postings an event carries: none for every event kind today (see above).
std::vector<Posting> PostingsOf(const v1::Event& event);

// OK if there are postings, every amount is positive and, per currency, debits sum to credits.
// DATA_LOSS saying which rule is broken otherwise.
absl::Status CheckBalanced(const std::vector<Posting>& postings);

}  // namespace ledger

#endif  // LEDGER_AUDIT_BALANCE_H_
