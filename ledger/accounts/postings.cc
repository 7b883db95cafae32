#include "ledger/accounts/postings.h"

#include "absl/strings/str_cat.h"
#include "ledger/base/invariant.h"
#include "ledger/base/money.h"

namespace ledger {
namespace {

v1::Posting Leg(const std::string& account, v1::PostingSide side, int64_t amount_fen) {
  v1::Posting leg;
  leg.set_account(account);
  leg.set_side(side);
  *leg.mutable_amount() = Cny(amount_fen);
  return leg;
}

}  // namespace

void PostingsBuilder::Debit(const std::string& account, int64_t amount_fen) {
  Invariant(amount_fen >= 0, "posting amounts are not negative");
  if (amount_fen > 0) legs_.push_back(Leg(account, v1::DEBIT, amount_fen));
}

void PostingsBuilder::Credit(const std::string& account, int64_t amount_fen) {
  Invariant(amount_fen >= 0, "posting amounts are not negative");
  if (amount_fen > 0) legs_.push_back(Leg(account, v1::CREDIT, amount_fen));
}

void PostingsBuilder::Transfer(const std::string& from, const std::string& to, int64_t amount_fen) {
  Credit(from, amount_fen);
  Debit(to, amount_fen);
}

void PostingsBuilder::Finish(v1::Event* event) {
  for (v1::Posting& leg : legs_) *event->add_postings() = std::move(leg);
  legs_.clear();
  const absl::Status balanced = CheckBalanced(event->postings());
  Invariant(balanced.ok(), absl::StrCat("an entry's postings balance: ", balanced.message()));
}

std::vector<v1::Posting> SwappedSides(const google::protobuf::RepeatedPtrField<v1::Posting>& in) {
  std::vector<v1::Posting> out(in.begin(), in.end());
  for (v1::Posting& leg : out) leg.set_side(leg.side() == v1::DEBIT ? v1::CREDIT : v1::DEBIT);
  return out;
}

absl::Status CheckBalanced(const google::protobuf::RepeatedPtrField<v1::Posting>& postings) {
  if (postings.size() > kMaxPostingsPerEntry) {
    return absl::DataLossError(absl::StrCat("an entry has ", postings.size(), " postings; at most ",
                                            kMaxPostingsPerEntry));
  }
  int64_t debits_fen = 0;
  int64_t credits_fen = 0;
  for (const v1::Posting& leg : postings) {
    if (leg.account().empty() || leg.amount().currency_code() != kCny ||
        leg.amount().amount_fen() <= 0 || (leg.side() != v1::DEBIT && leg.side() != v1::CREDIT)) {
      return absl::DataLossError(absl::StrCat("posting to \"", leg.account(),
                                              "\" is malformed: it needs an account, a side and "
                                              "a positive CNY amount"));
    }
    int64_t& sum = leg.side() == v1::DEBIT ? debits_fen : credits_fen;
    absl::StatusOr<int64_t> next = CheckedAdd(sum, leg.amount().amount_fen(), "amount_fen");
    if (!next.ok()) return absl::DataLossError("the postings' sum overflows");
    sum = *next;
  }
  if (debits_fen != credits_fen) {
    return absl::DataLossError(
        absl::StrCat("debits ", debits_fen, " fen and credits ", credits_fen, " fen differ"));
  }
  return absl::OkStatus();
}

}  // namespace ledger
