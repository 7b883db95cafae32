// Building and checking the double-entry record of one journal entry.
//
// Every entry that moves money carries postings whose debits equal their credits. Rules build
// them with a PostingsBuilder; Finish asserts the balance (a programming error otherwise, never
// bad input) and appends them to the event. An account's balance is its debits minus its
// credits, so all balances together always sum to zero.
//
//   PostingsBuilder postings;
//   postings.Transfer(/*from=*/BankFundingAccount("B001"),
//                     /*to=*/LoanPrincipalAccount("B001", "L1"), amount_fen);  // Cr from, Dr to
//   postings.Finish(&event);
#ifndef LEDGER_ACCOUNTS_POSTINGS_H_
#define LEDGER_ACCOUNTS_POSTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledger {

// More legs than any entry the rules build (a recovery has six).
inline constexpr int kMaxPostingsPerEntry = 16;

class PostingsBuilder {
 public:
  // Zero amounts are skipped (an entry lists only what moved). REQUIRES: amount_fen >= 0.
  void Debit(const std::string& account, int64_t amount_fen);
  void Credit(const std::string& account, int64_t amount_fen);
  // Money leaving `from` (credited) and arriving in `to` (debited).
  void Transfer(const std::string& from, const std::string& to, int64_t amount_fen);
  // Appends the postings to event->postings(). Aborts if debits != credits or there are more
  // than kMaxPostingsPerEntry legs.
  void Finish(v1::Event* event);

 private:
  std::vector<v1::Posting> legs_;
};

// The same postings with debit and credit swapped: what a reversal posts.
std::vector<v1::Posting> SwappedSides(const google::protobuf::RepeatedPtrField<v1::Posting>& in);

// OK if every posting names an account, has a side and a positive CNY amount, there are at
// most kMaxPostingsPerEntry, and debits equal credits (overflow-checked). DATA_LOSS saying
// which rule is broken otherwise. An empty list is balanced.
absl::Status CheckBalanced(const google::protobuf::RepeatedPtrField<v1::Posting>& postings);

}  // namespace ledger

#endif  // LEDGER_ACCOUNTS_POSTINGS_H_
