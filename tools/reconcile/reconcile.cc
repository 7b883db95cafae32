#include "tools/reconcile/reconcile.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace reconcile {
namespace {

// Sums in int128: a million int64 amounts cannot overflow it; the result is checked once.
struct Acc {
  int64_t loans_claimed = 0;
  absl::int128 claimed_fen = 0;
  absl::int128 expected_fen = 0;
  absl::int128 over_claimed_fen = 0;
  int64_t discrepancies = 0;
};

absl::StatusOr<int64_t> Narrow(absl::int128 value, absl::string_view what) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return absl::OutOfRangeError(absl::StrCat(what, " does not fit in int64 fen"));
  }
  return static_cast<int64_t>(value);
}

absl::StatusOr<std::vector<Summary>> Summaries(const std::map<std::string, Acc>& accs,
                                               absl::string_view what) {
  std::vector<Summary> out;
  out.reserve(accs.size());
  for (const auto& [key, acc] : accs) {
    Summary s;
    s.key = key;
    s.loans_claimed = acc.loans_claimed;
    s.discrepancies = acc.discrepancies;
    absl::StatusOr<int64_t> v = Narrow(acc.claimed_fen, absl::StrCat(what, " claimed total"));
    if (!v.ok()) return v.status();
    s.claimed_fen = *v;
    v = Narrow(acc.expected_fen, absl::StrCat(what, " expected total"));
    if (!v.ok()) return v.status();
    s.expected_fen = *v;
    v = Narrow(acc.over_claimed_fen, absl::StrCat(what, " over-claimed total"));
    if (!v.ok()) return v.status();
    s.over_claimed_fen = *v;
    out.push_back(std::move(s));
  }
  return out;
}

bool DiscrepancyBefore(const Discrepancy& a, const Discrepancy& b) {
  const bool a_malformed = a.reason == Reason::kMalformedRow;
  const bool b_malformed = b.reason == Reason::kMalformedRow;
  if (a_malformed != b_malformed) return a_malformed;
  if (a_malformed) {
    return std::tie(a.line, a.loan, a.detail) < std::tie(b.line, b.loan, b.detail);
  }
  return std::make_tuple(std::cref(a.bank_id), std::cref(a.loan), static_cast<int>(a.reason)) <
         std::make_tuple(std::cref(b.bank_id), std::cref(b.loan), static_cast<int>(b.reason));
}

absl::int128 Abs(int64_t v) { return v < 0 ? -absl::int128(v) : absl::int128(v); }

}  // namespace

absl::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kMalformedRow:
      return "MALFORMED_ROW";
    case Reason::kOverClaimed:
      return "OVER_CLAIMED";
    case Reason::kUnderClaimed:
      return "UNDER_CLAIMED";
    case Reason::kUnknownLoan:
      return "UNKNOWN_LOAN";
    case Reason::kNotClaimed:
      return "NOT_CLAIMED";
  }
  return "UNKNOWN";
}

absl::StatusOr<Reconciliation> Reconcile(const ReconcileInput& input) {
  if (input.tolerance_fen < 0) {
    return absl::InvalidArgumentError("tolerance_fen must be >= 0");
  }
  absl::flat_hash_map<std::string, const ExpectedLoan*> expected_by_loan;
  expected_by_loan.reserve(input.expected.size());
  for (const ExpectedLoan& e : input.expected) {
    if (!expected_by_loan.emplace(e.loan, &e).second) {
      return absl::InvalidArgumentError(absl::StrCat("the ledger listed ", e.loan, " twice"));
    }
  }

  Reconciliation result;
  std::vector<Discrepancy>& out = result.discrepancies;
  std::map<std::string, Acc> banks;
  std::map<std::string, Acc> counties;
  absl::int128 total_claimed = 0, total_expected = 0, total_over = 0, total_under = 0;
  absl::flat_hash_set<std::string> claimed_loans;   // well-formed, counted once
  absl::flat_hash_set<std::string> reported_loans;  // claimed or named by a malformed row

  for (const RowError& e : input.malformed) {
    Discrepancy d;
    d.reason = Reason::kMalformedRow;
    d.loan = e.loan;
    d.bank_id = e.bank_id;
    d.line = e.line;
    d.detail = e.message;  // it names the column
    if (auto it = expected_by_loan.find(e.loan); !e.loan.empty() && it != expected_by_loan.end()) {
      d.county_code = it->second->county_code;
    }
    if (!e.bank_id.empty()) ++banks[e.bank_id].discrepancies;
    if (!e.loan.empty()) reported_loans.insert(e.loan);
    out.push_back(std::move(d));
  }

  for (const ClaimedLoan& c : input.claims) {
    if (c.claimed_fen < 0) {
      return absl::InvalidArgumentError(absl::StrCat(c.loan, ": negative claimed amount"));
    }
    if (!claimed_loans.insert(c.loan).second) {
      Discrepancy d;
      d.reason = Reason::kMalformedRow;
      d.loan = c.loan;
      d.bank_id = c.bank_id;
      d.line = c.line;
      d.detail = "loan claimed more than once; only its first claim counts";
      ++banks[c.bank_id].discrepancies;
      out.push_back(std::move(d));
      continue;
    }
    reported_loans.insert(c.loan);
    auto it = expected_by_loan.find(c.loan);
    const ExpectedLoan* e = it == expected_by_loan.end() ? nullptr : it->second;
    Discrepancy d;
    d.loan = c.loan;
    d.bank_id = c.bank_id;
    d.county_code = e != nullptr ? e->county_code : c.county_code;
    d.claimed_fen = c.claimed_fen;
    d.expected_fen = e != nullptr ? e->expected_fen : 0;
    d.line = c.line;
    absl::StatusOr<int64_t> difference =
        Narrow(absl::int128(d.claimed_fen) - absl::int128(d.expected_fen), c.loan + " difference");
    if (!difference.ok()) return difference.status();
    d.difference_fen = *difference;
    Acc& bank = banks[c.bank_id];
    Acc& county = counties[d.county_code];
    for (Acc* acc : {&bank, &county}) {
      ++acc->loans_claimed;
      acc->claimed_fen += c.claimed_fen;
    }
    total_claimed += c.claimed_fen;
    bool report = true;
    if (e == nullptr) {
      d.reason = Reason::kUnknownLoan;
      d.detail = "the ledger lists no such loan for the period";
    } else if (d.difference_fen > input.tolerance_fen) {
      d.reason = Reason::kOverClaimed;
      d.detail = e->note;
    } else if (d.difference_fen < -input.tolerance_fen) {
      d.reason = Reason::kUnderClaimed;
      d.detail = e->note;
    } else {
      report = false;
    }
    if (!report) continue;
    if (d.reason == Reason::kUnderClaimed) {
      total_under -= d.difference_fen;
    } else {
      // An unknown loan's whole claim is over-claimed, whatever the tolerance.
      for (Acc* acc : {&bank, &county}) acc->over_claimed_fen += d.difference_fen;
      total_over += d.difference_fen;
    }
    ++bank.discrepancies;
    ++county.discrepancies;
    out.push_back(std::move(d));
  }

  // The ledger's loans of the banks that claimed, in the ledger's order.
  for (const ExpectedLoan& e : input.expected) {
    auto bank_it = banks.find(e.bank_id);
    if (bank_it == banks.end()) continue;
    Acc& bank = bank_it->second;
    Acc& county = counties[e.county_code];
    bank.expected_fen += e.expected_fen;
    county.expected_fen += e.expected_fen;
    total_expected += e.expected_fen;
    if (reported_loans.contains(e.loan) || e.expected_fen <= input.tolerance_fen) continue;
    Discrepancy d;
    d.reason = Reason::kNotClaimed;
    d.loan = e.loan;
    d.bank_id = e.bank_id;
    d.county_code = e.county_code;
    d.expected_fen = e.expected_fen;
    d.difference_fen = -e.expected_fen;  // expected_fen > tolerance >= 0: no overflow
    d.detail = e.note;
    total_under += e.expected_fen;
    ++bank.discrepancies;
    ++county.discrepancies;
    out.push_back(std::move(d));
  }

  std::sort(out.begin(), out.end(), DiscrepancyBefore);
  absl::StatusOr<std::vector<Summary>> by_bank = Summaries(banks, "a bank's");
  if (!by_bank.ok()) return by_bank.status();
  result.by_bank = *std::move(by_bank);
  absl::StatusOr<std::vector<Summary>> by_county = Summaries(counties, "a county's");
  if (!by_county.ok()) return by_county.status();
  result.by_county = *std::move(by_county);

  Totals& t = result.totals;
  t.loans_claimed = static_cast<int64_t>(claimed_loans.size());
  for (auto [value, field, what] :
       {std::make_tuple(total_claimed, &t.claimed_fen, "the claimed total"),
        std::make_tuple(total_expected, &t.expected_fen, "the expected total"),
        std::make_tuple(total_over, &t.over_claimed_fen, "the over-claimed total"),
        std::make_tuple(total_under, &t.under_claimed_fen, "the under-claimed total")}) {
    absl::StatusOr<int64_t> v = Narrow(value, what);
    if (!v.ok()) return v.status();
    *field = *v;
  }
  t.discrepancies = static_cast<int64_t>(out.size());
  for (const Discrepancy& d : out) {
    switch (d.reason) {
      case Reason::kMalformedRow:
        ++t.malformed_rows;
        break;
      case Reason::kOverClaimed:
        ++t.over_claimed;
        break;
      case Reason::kUnderClaimed:
        ++t.under_claimed;
        break;
      case Reason::kUnknownLoan:
        ++t.unknown_loans;
        break;
      case Reason::kNotClaimed:
        ++t.not_claimed;
        break;
    }
  }
  return result;
}

std::vector<Discrepancy> LargestDiscrepancies(const std::vector<Discrepancy>& discrepancies,
                                              size_t n) {
  std::vector<const Discrepancy*> order;
  order.reserve(discrepancies.size());
  for (const Discrepancy& d : discrepancies) order.push_back(&d);
  const size_t k = std::min(n, order.size());
  std::partial_sort(order.begin(), order.begin() + k, order.end(),
                    [](const Discrepancy* a, const Discrepancy* b) {
                      const absl::int128 abs_a = Abs(a->difference_fen);
                      const absl::int128 abs_b = Abs(b->difference_fen);
                      if (abs_a != abs_b) return abs_a > abs_b;
                      return DiscrepancyBefore(*a, *b);
                    });
  std::vector<Discrepancy> out;
  out.reserve(k);
  for (size_t i = 0; i < k; ++i) out.push_back(*order[i]);
  return out;
}

}  // namespace reconcile
