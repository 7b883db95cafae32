// libFuzzer target: the decide step of every mutating RPC (ledger/engine/apply_command.h),
// without a server. The bytes are a serialized internal::LedgerCommand (the queued form of any
// mutating request; bytes that do not parse are ignored). DecideCommand runs it against an
// in-memory ledger holding one disbursed loan (banks/B001/loans/L1) and one funded guarantee
// fund (guarantee_funds/F1), both made through the same DecideCommand + ApplyEntry path; the
// day is pinned. A refusal Status is the expected answer to bad input; a crash, an abort (an
// Invariant) or an accepted event that then does not apply is a finding.
// Seeds: tests/fuzz/corpus/command/ (see tests/fuzz/make_seeds.cc).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ledger/base/date.h"
#include "ledger/base/ids.h"
#include "ledger/base/money.h"
#include "ledger/engine/apply_command.h"
#include "ledger/model/entry_apply.h"
#include "ledger/store/projection_state.h"
#include "microloan/ledger/internal/storage.pb.h"

namespace {

namespace internal = ::microloan::ledger::internal;
namespace v1 = ::microloan::ledger::v1;

const absl::CivilDay kToday(2024, 6, 30);
constexpr int64_t kCommitTimeUs = 1719720000000000;  // 2024-06-30 04:00 UTC

absl::StatusOr<v1::Event> NoEntry(uint64_t sequence) {
  (void)sequence;
  return absl::NotFoundError("no entries in the fuzzer's ledger");
}

// Decides and applies `command` over `state` as the commit path does; false if refused.
bool Run(const internal::LedgerCommand& command, ledger::MapProjectionState& state,
         uint64_t sequence, bool must_succeed) {
  ledger::DecideContext context;
  context.state = &state;
  context.entry_event = NoEntry;
  context.today = kToday;
  context.next_sequence = sequence;
  absl::StatusOr<v1::Event> event = ledger::DecideCommand(command, context);
  if (!event.ok()) {
    if (must_succeed) {
      std::fprintf(stderr, "fuzz setup refused: %s\n", event.status().ToString().c_str());
      std::abort();
    }
    return false;
  }
  ledger::StagedState staged(&state);
  absl::StatusOr<internal::CommandResult> result =
      ledger::ApplyEntry(sequence, kCommitTimeUs, *event, staged);
  if (!result.ok()) {
    // The engine reports this as "a decided event does not apply (a bug)".
    std::fprintf(stderr, "FINDING: decided event does not apply: %s\n%s\n",
                 result.status().ToString().c_str(), command.DebugString().c_str());
    std::abort();
  }
  staged.Commit();
  return true;
}

const ledger::MapProjectionState& Baseline() {
  static const ledger::MapProjectionState* baseline = [] {
    auto* state = new ledger::MapProjectionState;
    internal::LedgerCommand create;
    v1::CreateLoanRequest* c = create.mutable_create_loan();
    c->set_request_id("seed-create");
    c->set_bank_id("B001");
    c->set_loan_id("L1");
    c->set_borrower_id("BR-L1");
    c->set_county_code("370281");
    *c->mutable_principal() = ledger::Cny(10'000'000);
    c->set_annual_rate_bps(435);
    c->set_term_months(24);
    *c->mutable_contract_date() = ledger::ToDate(absl::CivilDay(2024, 1, 10));
    Run(create, *state, 1, true);

    internal::LedgerCommand disburse;
    v1::DisburseLoanRequest* d = disburse.mutable_disburse_loan();
    d->set_request_id("seed-disburse");
    d->set_name(ledger::FormatLoanName("B001", "L1"));
    *d->mutable_amount() = ledger::Cny(10'000'000);
    *d->mutable_value_date() = ledger::ToDate(absl::CivilDay(2024, 1, 15));
    Run(disburse, *state, 2, true);

    internal::LedgerCommand fund;
    v1::CreateFundRequest* f = fund.mutable_create_fund();
    f->set_request_id("seed-fund");
    f->set_fund_id("F1");
    f->set_display_name("Fund F1");
    f->set_scope(v1::COUNTY);
    f->set_region_code("370281");
    f->set_leverage_multiple(5);
    Run(fund, *state, 3, true);

    internal::LedgerCommand deposit;
    v1::DepositFundCapitalRequest* p = deposit.mutable_deposit_capital();
    p->set_request_id("seed-deposit");
    p->set_name("guarantee_funds/F1");
    *p->mutable_amount() = ledger::Cny(100'000'000);
    *p->mutable_value_date() = ledger::ToDate(absl::CivilDay(2024, 1, 15));
    Run(deposit, *state, 4, true);
    return state;
  }();
  return *baseline;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ledger::MapProjectionState& baseline = Baseline();
  internal::LedgerCommand command;
  if (!command.ParseFromArray(data, static_cast<int>(size))) return 0;
  (void)ledger::RequestIdOf(command);
  (void)ledger::Fingerprint(command);
  ledger::MapProjectionState state = baseline;
  Run(command, state, 5, false);
  return 0;
}
