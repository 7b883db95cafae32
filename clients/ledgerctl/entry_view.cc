#include "clients/ledgerctl/entry_view.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ledgerctl/display.h"
#include "clients/ledgerctl/table.h"
#include "ledger/base/date.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

using microloan::ledger::v1::Event;
using microloan::ledger::v1::JournalEntry;

constexpr size_t kShortHashDigits = 12;

std::vector<std::string> EntryCells(const JournalEntry& entry) {
  return {absl::StrCat(entry.sequence()),
          FormatTimestamp(entry.commit_time()),
          entry.principal(),
          entry.request_id(),
          EventKind(entry.event()),
          EventSummary(entry.event()),
          HexPrefix(entry.hash(), kShortHashDigits)};
}

}  // namespace

std::string EventKind(const Event& event) {
  switch (event.kind_case()) {
    case Event::kLoanCreated:
      return "loan_created";
    case Event::kLoanDisbursed:
      return "loan_disbursed";
    case Event::kRepaymentRecorded:
      return "repayment_recorded";
    default:
      return "unknown";
  }
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
      return "(event not known to this ledgerctl; see --json)";
  }
}

std::string FormatEntryTable(const std::vector<JournalEntry>& entries) {
  Table table({{"SEQ", Align::kRight},
               {"COMMIT_TIME"},
               {"PRINCIPAL"},
               {"REQUEST_ID"},
               {"EVENT"},
               {"SUMMARY"},
               {"HASH"}});
  for (const JournalEntry& entry : entries) table.AddRow(EntryCells(entry));
  return table.Render();
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
  return absl::StrJoin(EntryCells(entry), "  ");
}

}  // namespace ledgerctl
