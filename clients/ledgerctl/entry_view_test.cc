#include "clients/ledgerctl/entry_view.h"

#include "clients/ledgerctl/test_support.h"
#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

using microloan::ledger::v1::JournalEntry;

JournalEntry Disbursed() {
  JournalEntry entry;
  entry.set_sequence(2);
  entry.mutable_commit_time()->set_seconds(1705284184);
  entry.set_principal("bank:B001");
  entry.set_request_id("r-2");
  auto* disbursed = entry.mutable_event()->mutable_loan_disbursed();
  disbursed->set_loan("banks/B001/loans/L-1");
  *disbursed->mutable_amount() = ledger::Cny(5000000);
  *disbursed->mutable_value_date() = Day(2024, 1, 15);
  *disbursed->mutable_outstanding_principal_after() = ledger::Cny(5000000);
  entry.set_prev_hash(std::string(32, '\x00'));
  entry.set_hash(std::string(32, '\xab'));
  return entry;
}

JournalEntry Repaid() {
  JournalEntry entry;
  entry.set_sequence(10);
  entry.mutable_commit_time()->set_seconds(1705284185);
  entry.set_principal("bank:B001");
  entry.set_request_id("r-10");
  auto* repaid = entry.mutable_event()->mutable_repayment_recorded();
  repaid->set_loan("banks/B001/loans/L-1");
  *repaid->mutable_interest() = ledger::Cny(1234);
  *repaid->mutable_value_date() = Day(2024, 2, 15);
  *repaid->mutable_outstanding_principal_after() = ledger::Cny(0);
  repaid->set_loan_closed(true);
  entry.set_hash(std::string(32, '\x01'));
  return entry;
}

TEST(EventSummary, EachKind) {
  EXPECT_EQ(EventSummary(Disbursed().event()),
            "banks/B001/loans/L-1 disbursed 50,000.00 CNY on 2024-01-15, outstanding "
            "50,000.00 CNY");
  EXPECT_EQ(EventSummary(Repaid().event()),
            "banks/B001/loans/L-1 repaid interest 12.34 CNY on 2024-02-15, "
            "outstanding 0.00 "
            "CNY, loan closed");
  microloan::ledger::v1::Event created;
  auto* loan_created = created.mutable_loan_created();
  loan_created->set_loan("banks/B001/loans/L-1");
  *loan_created->mutable_principal() = ledger::Cny(10000000);
  loan_created->set_annual_rate_bps(435);
  loan_created->set_term_months(24);
  *loan_created->mutable_contract_date() = Day(2024, 1, 10);
  loan_created->set_borrower_id("BR-9");
  loan_created->set_county_code("370281");
  EXPECT_EQ(EventKind(created), "loan_created");
  EXPECT_EQ(EventSummary(created),
            "banks/B001/loans/L-1 approved 100,000.00 CNY at 4.35% (435 bps) "
            "for 24 months "
            "from 2024-01-10, borrower BR-9, county 370281");
  EXPECT_EQ(EventKind(microloan::ledger::v1::Event()), "unknown");
}

TEST(EventSummary, GuaranteesFundsAndReversals) {
  microloan::ledger::v1::Event issued;
  auto* guarantee_issued = issued.mutable_guarantee_issued();
  guarantee_issued->set_loan("banks/B001/loans/L-1");
  auto* guarantee = guarantee_issued->mutable_guarantee();
  guarantee->set_guarantee_id("G1");
  guarantee->set_form(microloan::ledger::v1::FUND_GUARANTEE);
  guarantee->set_fund_id("F1");
  guarantee->set_coverage_bps(8000);
  *guarantee->mutable_guaranteed_principal() = ledger::Cny(8000000);
  guarantee->add_party_ids("GP-1");
  *guarantee->mutable_issued_date() = Day(2024, 1, 16);
  EXPECT_EQ(EventKind(issued), "guarantee_issued");
  EXPECT_EQ(EventSummary(issued),
            "banks/B001/loans/L-1 guarantee G1 FUND_GUARANTEE by F1, 80.00% (8000 bps) = "
            "80,000.00 CNY, parties GP-1 on 2024-01-16");

  microloan::ledger::v1::Event requested;
  auto* guarantee_requested = requested.mutable_guarantee_requested();
  guarantee_requested->set_loan("banks/B001/loans/L-1");
  auto* asked = guarantee_requested->mutable_guarantee();
  asked->set_guarantee_id("G1");
  asked->set_form(microloan::ledger::v1::FUND_GUARANTEE);
  asked->set_fund_id("F1");
  asked->set_coverage_bps(8000);
  asked->add_party_ids("GP-1");
  asked->add_party_ids("GP-2");
  *asked->mutable_requested_date() = Day(2024, 1, 15);
  EXPECT_EQ(EventKind(requested), "guarantee_requested");
  EXPECT_EQ(EventSummary(requested),
            "banks/B001/loans/L-1 requested guarantee G1 of F1, 80.00% (8000 bps), parties "
            "GP-1,GP-2 on 2024-01-15");

  microloan::ledger::v1::Event recovered;
  auto* recovery = recovered.mutable_recovery_recorded();
  recovery->set_loan("banks/B001/loans/L-1");
  recovery->set_fund("guarantee_funds/F1");
  *recovery->mutable_amount() = ledger::Cny(500000);
  *recovery->mutable_to_fund() = ledger::Cny(400000);
  *recovery->mutable_to_bank_principal() = ledger::Cny(0);
  *recovery->mutable_to_bank_interest() = ledger::Cny(0);
  *recovery->mutable_value_date() = Day(2024, 9, 1);
  const std::string plain = EventSummary(recovered);
  *recovery->mutable_to_bank_written_off() = ledger::Cny(100000);
  EXPECT_EQ(EventSummary(recovered),
            "banks/B001/loans/L-1 recovered 5,000.00 CNY on 2024-09-01: 4,000.00 CNY to "
            "guarantee_funds/F1, principal 0.00 CNY + interest 0.00 CNY + written off 1,000.00 CNY "
            "to the bank");
  EXPECT_EQ(plain,
            "banks/B001/loans/L-1 recovered 5,000.00 CNY on 2024-09-01: 4,000.00 CNY to "
            "guarantee_funds/F1, principal 0.00 CNY + interest 0.00 CNY to the bank");

  microloan::ledger::v1::Event deposited;
  auto* capital = deposited.mutable_fund_capital_deposited();
  capital->set_fund("guarantee_funds/F1");
  *capital->mutable_amount() = ledger::Cny(2000000);
  *capital->mutable_value_date() = Day(2024, 1, 2);
  EXPECT_EQ(EventSummary(deposited),
            "guarantee_funds/F1 capital deposited 20,000.00 CNY on 2024-01-02");

  microloan::ledger::v1::Event reversed;
  auto* reversal = reversed.mutable_entry_reversed();
  reversal->set_reversed_sequence(4);
  reversal->set_reason("booked twice");
  *reversal->mutable_original() = Disbursed().event();
  EXPECT_EQ(EventKind(reversed), "entry_reversed");
  EXPECT_EQ(EventSummary(reversed), "reversed entry 4 (loan_disbursed): booked twice");

  microloan::ledger::v1::Event marked;
  auto* arrear = marked.mutable_arrear_marked();
  arrear->set_loan("banks/B001/loans/L-1");
  arrear->set_instalment(1);
  *arrear->mutable_due_date() = Day(2024, 2, 10);
  *arrear->mutable_principal_overdue() = ledger::Cny(100000);
  *arrear->mutable_interest_overdue() = ledger::Cny(36250);
  *arrear->mutable_value_date() = Day(2024, 2, 20);
  EXPECT_EQ(EventSummary(marked),
            "banks/B001/loans/L-1 instalment 1 (due 2024-02-10) overdue: principal 1,000.00 CNY "
            "+ interest 362.50 CNY, on 2024-02-20");
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

TEST(FormatEntryTable, AlignedWithShortHash) {
  const std::vector<std::string> lines = Lines(FormatEntryTable({Disbursed(), Repaid()}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("SEQ  COMMIT_TIME               PRINCIPAL  REQUEST_ID  EVENT    ", 0),
            0u)
      << lines[0];
  // SEQ is right-aligned; every other column starts where its header starts.
  EXPECT_EQ(lines[1].rfind("  2  2024-01-15T02:03:04.000Z  bank:B001  r-2         ", 0), 0u)
      << lines[1];
  EXPECT_EQ(lines[2].rfind(" 10  2024-01-15T02:03:05.000Z  bank:B001  r-10        ", 0), 0u)
      << lines[2];
  EXPECT_EQ(lines[1].find("loan_disbursed"), lines[0].find("EVENT"));
  EXPECT_EQ(lines[2].find("repayment_recorded"), lines[0].find("EVENT"));
  EXPECT_EQ(lines[1].find("banks/"), lines[0].find("SUMMARY"));
  EXPECT_EQ(lines[2].find("banks/"), lines[0].find("SUMMARY"));
  // The hash column, 12 hex digits, lines up after the longest summary.
  EXPECT_EQ(lines[1].find("abababababab"), lines[0].find("HASH"));
  EXPECT_EQ(lines[2].find("010101010101"), lines[0].find("HASH"));
  EXPECT_EQ(lines[2].substr(lines[2].size() - 25), "loan closed  010101010101");
  EXPECT_EQ(lines[1].size(), lines[2].size());
}

TEST(FormatEntry, FullHashes) {
  std::string block = FormatEntry(Disbursed());
  EXPECT_NE(block.find("prev_hash:   " + std::string(64, '0') + "\n"), std::string::npos) << block;
  std::string full_hash;
  for (int i = 0; i < 32; ++i) full_hash += "ab";
  EXPECT_NE(block.find("\nhash:        " + full_hash + "\n"), std::string::npos) << block;
  EXPECT_NE(block.find("event:       loan_disbursed\n"), std::string::npos) << block;
}

TEST(FormatEntryLine, OneLine) {
  EXPECT_EQ(FormatEntryLine(Disbursed()),
            "2  2024-01-15T02:03:04.000Z  bank:B001  r-2  loan_disbursed  "
            "banks/B001/loans/L-1 "
            "disbursed 50,000.00 CNY on 2024-01-15, outstanding 50,000.00 CNY  "
            "abababababab");
}

}  // namespace
}  // namespace ledgerctl
