// Human output for journal entries: a one-line summary of each event, an
// aligned table for pages of entries, a detailed block for one entry and an
// unaligned line for `watch` (where later rows are not known yet, so columns
// cannot be sized).
//
//   std::cout << FormatEntryTable(entries);
//   std::cout << FormatEntry(entry);
//   std::cout << FormatEntryLine(entry) << "\n";
//   // "banks/B001/loans/L-1 disbursed 50,000.00 CNY on 2024-01-15, ..."
//   std::string summary = EventSummary(entry.event());
#ifndef CLIENTS_LEDGERCTL_ENTRY_VIEW_H_
#define CLIENTS_LEDGERCTL_ENTRY_VIEW_H_

#include <string>
#include <vector>

#include "clients/ledgerctl/columns.h"
#include "microloan/ledger/v1/journal.pb.h"

namespace ledgerctl {

// The oneof case's field name: "loan_created", "loan_disbursed",
// "guarantee_issued", ...; "unknown" for an event without a kind (or one this
// build does not know).
std::string EventKind(const microloan::ledger::v1::Event& event);

// One line saying what the event did, in people's terms, for every kind this
// build knows.
std::string EventSummary(const microloan::ledger::v1::Event& event);

// An entry per row: SEQ COMMIT_TIME PRINCIPAL REQUEST_ID EVENT SUMMARY HASH (the first 12 hex
// digits in a table, all of them in CSV).
const Columns<microloan::ledger::v1::JournalEntry>& EntryColumns();

// EntryColumns as a table.
std::string FormatEntryTable(const std::vector<microloan::ledger::v1::JournalEntry>& entries);

// All of one entry, with both hashes in full.
std::string FormatEntry(const microloan::ledger::v1::JournalEntry& entry);

// The table's cells separated by two spaces, without a newline.
std::string FormatEntryLine(const microloan::ledger::v1::JournalEntry& entry);

}  // namespace ledgerctl

#endif  // CLIENTS_LEDGERCTL_ENTRY_VIEW_H_
