#include "ledger/audit/balance.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/base/money.h"

namespace ledger {

std::vector<Posting> PostingsOf(const v1::Event& event) {
  // Each event kind is listed, so that a new kind is a compiler warning here (-Wswitch) and
  // gets its postings read once events carry them.
  switch (event.kind_case()) {
    case v1::Event::kLoanCreated:
    case v1::Event::kLoanDisbursed:
    case v1::Event::kRepaymentRecorded:
    case v1::Event::KIND_NOT_SET:
      break;
  }
  return {};
}

absl::Status CheckBalanced(const std::vector<Posting>& postings) {
  if (postings.empty()) return absl::DataLossError("an entry with postings has none");
  std::map<std::string, std::pair<int64_t, int64_t>> sums_fen;  // currency -> debits, credits
  for (const Posting& posting : postings) {
    if (posting.amount_fen <= 0) {
      return absl::DataLossError(absl::StrCat("posting to ", posting.account, " has amount ",
                                              posting.amount_fen, " fen; amounts are positive"));
    }
    auto& [debits_fen, credits_fen] = sums_fen[posting.currency_code];
    int64_t& sum = posting.side == Posting::Side::kDebit ? debits_fen : credits_fen;
    absl::StatusOr<int64_t> next = CheckedAdd(sum, posting.amount_fen, "amount_fen");
    if (!next.ok()) return absl::DataLossError("the postings' sum overflows");
    sum = *next;
  }
  for (const auto& [currency, sums] : sums_fen) {
    if (sums.first != sums.second) {
      return absl::DataLossError(absl::StrCat("debits ", sums.first, " fen and credits ",
                                              sums.second, " fen differ in ", currency));
    }
  }
  return absl::OkStatus();
}

}  // namespace ledger
