// Hand-made funds and loans, and small assertions, shared by the guarantee rules' tests.
#ifndef LEDGER_GUARANTEE_GUARANTEE_TEST_SUPPORT_H_
#define LEDGER_GUARANTEE_GUARANTEE_TEST_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "ledger/base/date.h"
#include "ledger/base/error.h"
#include "ledger/base/money.h"
#include "ledger/base/namespaces.h"
#include "microloan/ledger/v1/guarantee.pb.h"
#include "microloan/ledger/v1/journal.pb.h"
#include "microloan/ledger/v1/loan.pb.h"

namespace ledger::testing {

inline v1::Date D(int y, int m, int d) { return ToDate(absl::CivilDay(y, m, d)); }

// Fund F1 of county 370281: `capital_fen` of capital (all of it cash; 1,000,000 CNY unless
// given) at 5x, `exposure_fen` exposed, calls after 90 days.
inline v1::GuaranteeFund SampleFund(int64_t capital_fen = 1'000'000'00, int64_t exposure_fen = 0) {
  v1::GuaranteeFund f;
  f.set_name("guarantee_funds/F1");
  f.set_fund_id("F1");
  f.set_display_name("Qingdao youth fund");
  f.set_scope(v1::COUNTY);
  f.set_region_code("370281");
  f.set_leverage_multiple(5);
  f.set_call_after_days(90);
  *f.mutable_capital() = Cny(capital_fen);
  *f.mutable_cash() = Cny(capital_fen);
  *f.mutable_exposure() = Cny(exposure_fen);
  *f.mutable_compensation_paid() = Cny(0);
  *f.mutable_recoveries() = Cny(0);
  f.set_created_sequence(1);
  f.set_last_sequence(2);
  return f;
}

// Loan banks/B001/loans/L1 of county 370281, ACTIVE: 100,000 CNY approved and disbursed, 20,000
// repaid, no guarantees, no arrears.
inline v1::Loan SampleLoan() {
  v1::Loan l;
  l.set_name("banks/B001/loans/L1");
  l.set_bank_id("B001");
  l.set_loan_id("L1");
  l.set_county_code("370281");
  l.set_status(v1::ACTIVE);
  *l.mutable_approved_principal() = Cny(100'000'00);
  *l.mutable_disbursed_principal() = Cny(100'000'00);
  *l.mutable_repaid_principal() = Cny(20'000'00);
  *l.mutable_outstanding_principal() = Cny(80'000'00);
  *l.mutable_contract_date() = D(2024, 1, 10);
  *l.mutable_last_value_date() = D(2024, 3, 20);
  return l;
}

// SampleFund() guaranteeing 80% of SampleLoan()'s unrepaid 80,000 CNY: 64,000 CNY exposed in one
// live guarantee; `cash_fen` of cash.
inline v1::GuaranteeFund ExposedFund(int64_t cash_fen = 1'000'000'00) {
  v1::GuaranteeFund f = SampleFund();
  *f.mutable_cash() = Cny(cash_fen);
  *f.mutable_exposure() = Cny(64'000'00);
  f.set_live_guarantees(1);
  return f;
}

// A fund guarantee is of fund F1 at 80%.
inline v1::Guarantee* AddGuarantee(v1::Loan& loan, const std::string& id, v1::GuaranteeForm form,
                                   v1::GuaranteeState state) {
  v1::Guarantee* g = loan.add_guarantees();
  g->set_guarantee_id(id);
  g->set_form(form);
  g->set_state(state);
  if (form == v1::FUND_GUARANTEE) {
    g->set_fund_id("F1");
    g->set_coverage_bps(8000);
  }
  return g;
}

// SampleLoan() once the bank asked fund F1 for guarantee G1 at `coverage_bps` on 2024-01-12
// (entry 3, one party), as EvolveLoan leaves it: GUARANTEE_REQUESTED, not yet issued.
inline v1::Loan RequestedLoan(int32_t coverage_bps = 8000) {
  v1::Loan l = SampleLoan();
  v1::Guarantee* g = AddGuarantee(l, "G1", v1::FUND_GUARANTEE, v1::GUARANTEE_REQUESTED);
  g->set_coverage_bps(coverage_bps);
  g->add_party_ids("guarantor-1");
  *g->mutable_requested_date() = D(2024, 1, 12);
  g->set_requested_sequence(3);
  return l;
}

// "DEBIT account amount currency" per leg, in order.
inline std::vector<std::string> Legs(const v1::Event& event) {
  std::vector<std::string> legs;
  for (const v1::Posting& p : event.postings()) {
    legs.push_back(absl::StrCat(p.side() == v1::DEBIT ? "DEBIT " : "CREDIT ", p.account(), " ",
                                p.amount().amount_fen(), " ", p.amount().currency_code()));
  }
  return legs;
}

template <typename T>
std::string Why(const absl::StatusOr<T>& result) {
  return ReasonOf(result.status());
}
template <typename T>
std::string Where(const absl::StatusOr<T>& result) {
  return FieldOf(result.status());
}
template <typename T>
absl::StatusCode Code(const absl::StatusOr<T>& result) {
  return result.status().code();
}

}  // namespace ledger::testing

#endif  // LEDGER_GUARANTEE_GUARANTEE_TEST_SUPPORT_H_
