#include "clients/ledgerctl/entry_view.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "google/protobuf/descriptor.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

using microloan::ledger::v1::Event;
using microloan::ledger::v1::JournalEntry;

constexpr size_t kShortHashDigits = 12;

std::string Amount(const microloan::ledger::v1::Money& money) { return ledger::FormatMoney(money); }
std::string Day(const microloan::ledger::v1::Date& date) { return ledger::FormatDate(date); }

// Arrears, extensions and write-offs; funds and guarantees; reversals.
std::string LaterEventSummary(const Event& event) {
  switch (event.kind_case()) {
    case Event::kArrearMarked: {
      const auto& e = event.arrear_marked();
      return absl::StrCat(e.loan(), " instalment ", e.instalment(), " (due ", Day(e.due_date()),
                          ") overdue: principal ", Amount(e.principal_overdue()), " + interest ",
                          Amount(e.interest_overdue()), ", on ", Day(e.value_date()));
    }
    case Event::kArrearCured: {
      const auto& e = event.arrear_cured();
      return absl::StrCat(e.loan(), " instalment ", e.instalment(), " cured on ",
                          Day(e.value_date()));
    }
    case Event::kLoanExtended: {
      const auto& e = event.loan_extended();
      return absl::StrCat(e.loan(), " extended from ", Day(e.from_maturity()), " to ",
                          Day(e.to_maturity()), " on ", Day(e.value_date()));
    }
    case Event::kLoanWrittenOff: {
      const auto& e = event.loan_written_off();
      return absl::StrCat(e.loan(), " written off: principal ", Amount(e.principal()),
                          " + interest ", Amount(e.interest()), " on ", Day(e.value_date()));
    }
    case Event::kFundCreated: {
      const auto& e = event.fund_created();
      return absl::StrCat(e.fund(), " created: ", e.display_name(), ", ", EnumName(e.scope()), " ",
                          e.region_code(), ", leverage ", e.leverage_multiple(), "x, call after ",
                          e.call_after_days(), " days");
    }
    case Event::kFundCapitalDeposited: {
      const auto& e = event.fund_capital_deposited();
      return absl::StrCat(e.fund(), " capital deposited ", Amount(e.amount()), " on ",
                          Day(e.value_date()));
    }
    case Event::kGuaranteeRequested: {
      const auto& e = event.guarantee_requested();
      const auto& g = e.guarantee();
      std::string text = absl::StrCat(e.loan(), " requested guarantee ", g.guarantee_id(), " of ",
                                      g.fund_id(), ", ", FormatRateBps(g.coverage_bps()));
      if (!g.party_ids().empty()) {
        absl::StrAppend(&text, ", parties ", absl::StrJoin(g.party_ids(), ","));
      }
      return absl::StrCat(text, " on ", Day(g.requested_date()));
    }
    case Event::kGuaranteeIssued: {
      const auto& e = event.guarantee_issued();
      const auto& g = e.guarantee();
      std::string text =
          absl::StrCat(e.loan(), " guarantee ", g.guarantee_id(), " ", EnumName(g.form()));
      if (g.form() == microloan::ledger::v1::FUND_GUARANTEE) {
        absl::StrAppend(&text, " by ", g.fund_id(), ", ", FormatRateBps(g.coverage_bps()), " = ",
                        Amount(g.guaranteed_principal()));
      }
      if (!g.party_ids().empty()) {
        absl::StrAppend(&text, ", parties ", absl::StrJoin(g.party_ids(), ","));
      }
      return absl::StrCat(text, " on ", Day(g.issued_date()));
    }
    case Event::kGuaranteeCallFiled: {
      const auto& e = event.guarantee_call_filed();
      return absl::StrCat(e.loan(), " called guarantee ", e.guarantee_id(), " of ", e.fund(),
                          " at ", e.days_past_due(), " days past due, on ", Day(e.value_date()));
    }
    case Event::kCompensationPaid: {
      const auto& e = event.compensation_paid();
      return absl::StrCat(e.fund(), " compensated ", e.loan(), " (", e.guarantee_id(),
                          "): principal ", Amount(e.principal()), " + interest ",
                          Amount(e.interest()), " on ", Day(e.value_date()));
    }
    case Event::kRecoveryRecorded: {
      const auto& e = event.recovery_recorded();
      std::string text =
          absl::StrCat(e.loan(), " recovered ", Amount(e.amount()), " on ", Day(e.value_date()),
                       ": ", Amount(e.to_fund()), " to ", e.fund(), ", principal ",
                       Amount(e.to_bank_principal()), " + interest ", Amount(e.to_bank_interest()));
      if (e.to_bank_written_off().amount_fen() != 0) {
        absl::StrAppend(&text, " + written off ", Amount(e.to_bank_written_off()));
      }
      return absl::StrCat(text, " to the bank");
    }
    case Event::kEntryReversed: {
      const auto& e = event.entry_reversed();
      return absl::StrCat("reversed entry ", e.reversed_sequence(), " (", EventKind(e.original()),
                          "): ", e.reason());
    }
    case Event::kSubsidyClaimSubmitted: {
      const auto& c = event.subsidy_claim_submitted().claim();
      return absl::StrCat(c.name(), " submitted for ", Day(c.period().first_day()), "..",
                          Day(c.period().last_day()), ": ", c.line_count(), " loans, claimed ",
                          Amount(c.claimed_total()), ", expected ", Amount(c.expected_total()));
    }
    case Event::kSubsidyClaimApproved: {
      const auto& e = event.subsidy_claim_approved();
      return absl::StrCat(e.claim(), " approved ",
                          e.approval() == microloan::ledger::v1::APPROVE_AS_CLAIMED
                              ? "as claimed: "
                              : "as computed: ",
                          Amount(e.approved_total()));
    }
    case Event::kSubsidyClaimRejected: {
      const auto& e = event.subsidy_claim_rejected();
      return absl::StrCat(e.claim(), " rejected: ", e.reason());
    }
    case Event::kSubsidyClaimPaid: {
      const auto& e = event.subsidy_claim_paid();
      return absl::StrCat(e.claim(), " paid ", Amount(e.amount()), " on ", Day(e.value_date()),
                          ", reference ", e.payment_reference());
    }
    default:
      return "(event not known to this ledgerctl; see --json)";
  }
}

}  // namespace

std::string EventKind(const Event& event) {
  // The oneof's field name, read from the descriptor, so a kind added to the API is named
  // here without a code change.
  const google::protobuf::OneofDescriptor* kind = Event::descriptor()->FindOneofByName("kind");
  const google::protobuf::FieldDescriptor* field =
      kind == nullptr ? nullptr : Event::GetReflection()->GetOneofFieldDescriptor(event, kind);
  return field == nullptr ? "unknown" : field->name();
}

std::string EventSummary(const Event& event) {
  switch (event.kind_case()) {
    case Event::kLoanCreated: {
      const auto& created = event.loan_created();
      return absl::StrCat(created.loan(), " approved ", ledger::FormatMoney(created.principal()),
                          " at ", FormatRateBps(created.annual_rate_bps()), " for ",
                          created.term_months(), " months from ",
                          ledger::FormatDate(created.contract_date()), ", borrower ",
                          created.borrower_id(), ", county ", created.county_code());
    }
    case Event::kLoanDisbursed: {
      const auto& disbursed = event.loan_disbursed();
      return absl::StrCat(disbursed.loan(), " disbursed ", ledger::FormatMoney(disbursed.amount()),
                          " on ", ledger::FormatDate(disbursed.value_date()), ", outstanding ",
                          ledger::FormatMoney(disbursed.outstanding_principal_after()));
    }
    case Event::kRepaymentRecorded: {
      const auto& repaid = event.repayment_recorded();
      std::vector<std::string> parts;
      if (repaid.has_principal()) {
        parts.push_back(absl::StrCat("principal ", ledger::FormatMoney(repaid.principal())));
      }
      if (repaid.has_interest()) {
        parts.push_back(absl::StrCat("interest ", ledger::FormatMoney(repaid.interest())));
      }
      return absl::StrCat(repaid.loan(), " repaid ", absl::StrJoin(parts, " + "), " on ",
                          ledger::FormatDate(repaid.value_date()), ", outstanding ",
                          ledger::FormatMoney(repaid.outstanding_principal_after()),
                          repaid.loan_closed() ? ", loan closed" : "");
    }
    default:
      return LaterEventSummary(event);
  }
}

const Columns<JournalEntry>& EntryColumns() {
  static const auto* columns = new Columns<JournalEntry>{
      {"SEQ", Align::kRight,
       [](const JournalEntry& entry) -> Cell { return absl::StrCat(entry.sequence()); }},
      {"COMMIT_TIME", Align::kLeft,
       [](const JournalEntry& entry) -> Cell { return FormatTimestamp(entry.commit_time()); }},
      {"PRINCIPAL", Align::kLeft,
       [](const JournalEntry& entry) -> Cell { return entry.principal(); }},
      {"REQUEST_ID", Align::kLeft,
       [](const JournalEntry& entry) -> Cell { return entry.request_id(); }},
      {"EVENT", Align::kLeft,
       [](const JournalEntry& entry) -> Cell { return EventKind(entry.event()); }},
      {"SUMMARY", Align::kLeft,
       [](const JournalEntry& entry) -> Cell { return EventSummary(entry.event()); }},
      {"HASH", Align::kLeft,
       [](const JournalEntry& entry) {
         return Cell::Split(HexPrefix(entry.hash(), kShortHashDigits), HexString(entry.hash()));
       }},
  };
  return *columns;
}

std::string FormatEntryTable(const std::vector<JournalEntry>& entries) {
  return RenderTable(EntryColumns(), entries);
}

std::string FormatEntry(const JournalEntry& entry) {
  return FormatKeyValues({
      {"sequence", absl::StrCat(entry.sequence())},
      {"commit_time", FormatTimestamp(entry.commit_time())},
      {"principal", entry.principal()},
      {"request_id", entry.request_id()},
      {"event", EventKind(entry.event())},
      {"summary", EventSummary(entry.event())},
      {"prev_hash", HexString(entry.prev_hash())},
      {"hash", HexString(entry.hash())},
  });
}

std::string FormatEntryLine(const JournalEntry& entry) {
  std::vector<std::string> cells;
  for (const ColumnDef<JournalEntry>& column : EntryColumns()) {
    cells.push_back(column.cell(entry).table_text());
  }
  return absl::StrJoin(cells, "  ");
}

}  // namespace ledgerctl
