#include "clients/ledgerctl/common_flags.h"

#include <utility>

namespace ledgerctl {

FlagSpec LoanNameFlag() {
  return {"loan", true, "NAME", "the loan's name: banks/{bank}/loans/{loan}"};
}

FlagSpec ValueDateFlag() {
  return {"value_date", true, "YYYY-MM-DD", "the date the bank booked it"};
}

FlagSpec RequestIdFlag() {
  return {"request_id", true, "ID",
          "idempotency key (default: a new UUID, printed to stderr); reuse it "
          "to retry"};
}

FlagSpec FundFlag() {
  return {"fund", true, "ID", "the guarantee fund's id, e.g. F1 (or guarantee_funds/F1)"};
}

std::vector<FlagSpec> PagingFlags(const std::string& max_hint) {
  return {
      {"page_size", true, "N", "results per call (default: the server's; " + max_hint + ")"},
      {"page_token", true, "T", "continue from a previous next_page_token"},
      {"all", false, "", "follow next_page_token to the end (at most 10000 pages)"},
  };
}

std::vector<FlagSpec> ConcatFlags(std::vector<std::vector<FlagSpec>> groups) {
  std::vector<FlagSpec> all;
  for (std::vector<FlagSpec>& group : groups) {
    for (FlagSpec& spec : group) all.push_back(std::move(spec));
  }
  return all;
}

}  // namespace ledgerctl
