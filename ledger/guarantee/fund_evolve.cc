#include "ledger/guarantee/fund_evolve.h"

#include "absl/strings/str_cat.h"
#include "ledger/base/money.h"
#include "ledger/guarantee/guarantee_rules.h"

namespace ledger {
namespace {

absl::Status DataLoss(const v1::GuaranteeFund& fund, uint64_t sequence, absl::string_view problem) {
  return absl::DataLossError(absl::StrCat(
      "entry ", sequence, " (fund ", fund.name().empty() ? "<none>" : fund.name(), "): ", problem));
}

// Adds `delta_fen` to `money`; DATA_LOSS instead of overflowing or going negative.
absl::Status AddTo(int64_t delta_fen, absl::string_view what, uint64_t sequence,
                   const v1::GuaranteeFund& fund, v1::Money* money) {
  absl::StatusOr<int64_t> sum = CheckedAdd(money->amount_fen(), delta_fen, what);
  if (!sum.ok()) return DataLoss(fund, sequence, absl::StrCat(what, " overflows"));
  if (*sum < 0) {
    return DataLoss(fund, sequence,
                    absl::StrCat(what, " would become negative (", money->amount_fen(), " + ",
                                 delta_fen, " fen)"));
  }
  *money = Cny(*sum);
  return absl::OkStatus();
}

// An amount carried by a journal event; a negative one can only be corruption.
absl::StatusOr<int64_t> EventAmount(const v1::Money& money, absl::string_view what,
                                    uint64_t sequence, const v1::GuaranteeFund& fund) {
  if (money.amount_fen() < 0) {
    return DataLoss(fund, sequence, absl::StrCat("the event's ", what, " is negative"));
  }
  return money.amount_fen();
}

absl::Status ApplyFundCreated(uint64_t sequence, const v1::FundCreated& created,
                              v1::GuaranteeFund* fund) {
  if (!fund->fund_id().empty()) {
    return DataLoss(*fund, sequence, "FundCreated for a fund that already exists");
  }
  if (created.fund_id().empty() || created.fund() != FormatFundName(created.fund_id())) {
    return DataLoss(*fund, sequence,
                    absl::StrCat("FundCreated names fund \"", created.fund(), "\" with id \"",
                                 created.fund_id(), "\""));
  }
  fund->set_name(created.fund());
  fund->set_fund_id(created.fund_id());
  fund->set_display_name(created.display_name());
  fund->set_scope(created.scope());
  fund->set_region_code(created.region_code());
  fund->set_leverage_multiple(created.leverage_multiple());
  fund->set_call_after_days(created.call_after_days());
  *fund->mutable_capital() = Cny(0);
  *fund->mutable_cash() = Cny(0);
  *fund->mutable_exposure() = Cny(0);
  *fund->mutable_compensation_paid() = Cny(0);
  *fund->mutable_recoveries() = Cny(0);
  fund->set_live_guarantees(0);
  fund->set_created_sequence(sequence);
  return absl::OkStatus();
}

// The money events of a fund, applied with `sign` +1, or -1 for their reversal.
absl::Status ApplyFundMoney(uint64_t sequence, const v1::Event& event, int sign,
                            v1::GuaranteeFund* fund) {
  absl::string_view event_fund;
  switch (event.kind_case()) {
    case v1::Event::kFundCapitalDeposited:
      event_fund = event.fund_capital_deposited().fund();
      break;
    case v1::Event::kCompensationPaid:
      event_fund = event.compensation_paid().fund();
      break;
    case v1::Event::kRecoveryRecorded:
      event_fund = event.recovery_recorded().fund();
      break;
    default:
      return DataLoss(*fund, sequence, "not a fund event");
  }
  if (fund->fund_id().empty()) {
    return DataLoss(*fund, sequence,
                    absl::StrCat("event for fund ", event_fund, " before it was created"));
  }
  if (event_fund != fund->name()) {
    return DataLoss(*fund, sequence, absl::StrCat("event names another fund: ", event_fund));
  }

  switch (event.kind_case()) {
    case v1::Event::kFundCapitalDeposited: {
      absl::StatusOr<int64_t> amount =
          EventAmount(event.fund_capital_deposited().amount(), "amount", sequence, *fund);
      if (!amount.ok()) return amount.status();
      if (absl::Status s =
              AddTo(sign * *amount, "capital", sequence, *fund, fund->mutable_capital());
          !s.ok()) {
        return s;
      }
      return AddTo(sign * *amount, "cash", sequence, *fund, fund->mutable_cash());
    }
    case v1::Event::kCompensationPaid: {
      const v1::CompensationPaid& paid = event.compensation_paid();
      absl::StatusOr<int64_t> principal =
          EventAmount(paid.principal(), "principal", sequence, *fund);
      if (!principal.ok()) return principal.status();
      absl::StatusOr<int64_t> interest = EventAmount(paid.interest(), "interest", sequence, *fund);
      if (!interest.ok()) return interest.status();
      absl::StatusOr<int64_t> total = CheckedAdd(*principal, *interest, "compensation");
      if (!total.ok()) return DataLoss(*fund, sequence, "compensation total overflows");
      if (absl::Status s = AddTo(-sign * *total, "cash", sequence, *fund, fund->mutable_cash());
          !s.ok()) {
        return s;
      }
      return AddTo(sign * *total, "compensation_paid", sequence, *fund,
                   fund->mutable_compensation_paid());
    }
    case v1::Event::kRecoveryRecorded: {
      absl::StatusOr<int64_t> to_fund =
          EventAmount(event.recovery_recorded().to_fund(), "to_fund", sequence, *fund);
      if (!to_fund.ok()) return to_fund.status();
      if (absl::Status s = AddTo(sign * *to_fund, "cash", sequence, *fund, fund->mutable_cash());
          !s.ok()) {
        return s;
      }
      return AddTo(sign * *to_fund, "recoveries", sequence, *fund, fund->mutable_recoveries());
    }
    default:
      return DataLoss(*fund, sequence, "not a fund event");
  }
}

}  // namespace

absl::Status EvolveFund(uint64_t sequence, const v1::Event& event, v1::GuaranteeFund* fund) {
  // Work on a copy so that a refusal half-way leaves `fund` as it was.
  v1::GuaranteeFund next = *fund;
  absl::Status applied;
  switch (event.kind_case()) {
    case v1::Event::kFundCreated:
      applied = ApplyFundCreated(sequence, event.fund_created(), &next);
      break;
    case v1::Event::kEntryReversed: {
      const v1::Event& original = event.entry_reversed().original();
      // Only money events are reversible for a fund; a fund's creation is not.
      if (original.kind_case() == v1::Event::kFundCreated ||
          original.kind_case() == v1::Event::kEntryReversed) {
        applied = DataLoss(*fund, sequence, "reversal of an event that cannot be reversed");
      } else {
        applied = ApplyFundMoney(sequence, original, /*sign=*/-1, &next);
      }
      break;
    }
    default:
      applied = ApplyFundMoney(sequence, event, /*sign=*/+1, &next);
      break;
  }
  if (!applied.ok()) return applied;
  next.set_last_sequence(sequence);
  *fund = std::move(next);
  return absl::OkStatus();
}

absl::Status ApplyExposureChange(int64_t delta_fen, int delta_guarantees, v1::GuaranteeFund* fund) {
  if (fund->fund_id().empty()) {
    return absl::DataLossError("exposure change for a fund that does not exist");
  }
  absl::StatusOr<int64_t> exposure_fen =
      CheckedAdd(fund->exposure().amount_fen(), delta_fen, "exposure");
  if (!exposure_fen.ok() || *exposure_fen < 0) {
    return absl::DataLossError(absl::StrCat("fund ", fund->name(), ": exposure ",
                                            fund->exposure().amount_fen(), " + ", delta_fen,
                                            " fen does not fit"));
  }
  const int64_t live_guarantees = int64_t{fund->live_guarantees()} + delta_guarantees;
  if (live_guarantees < 0 || live_guarantees > std::numeric_limits<int32_t>::max()) {
    return absl::DataLossError(absl::StrCat("fund ", fund->name(), ": live guarantees ",
                                            fund->live_guarantees(), " + ", delta_guarantees,
                                            " does not fit"));
  }
  *fund->mutable_exposure() = Cny(*exposure_fen);
  fund->set_live_guarantees(static_cast<int32_t>(live_guarantees));
  return absl::OkStatus();
}

}  // namespace ledger
