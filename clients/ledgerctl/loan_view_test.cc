#include "clients/ledgerctl/loan_view.h"

#include "gtest/gtest.h"
#include "ledger/base/money.h"

namespace ledgerctl {
namespace {

using microloan::ledger::v1::Loan;

Loan ActiveLoan() {
  Loan loan;
  loan.set_name("banks/B001/loans/L-1");
  loan.set_bank_id("B001");
  loan.set_loan_id("L-1");
  loan.set_borrower_id("BR-9");
  loan.set_county_code("370281");
  *loan.mutable_approved_principal() = ledger::Cny(10000000);
  loan.set_annual_rate_bps(435);
  loan.set_term_months(24);
  loan.mutable_contract_date()->set_year(2024);
  loan.mutable_contract_date()->set_month(1);
  loan.mutable_contract_date()->set_day(10);
  loan.set_status(microloan::ledger::v1::ACTIVE);
  *loan.mutable_disbursed_principal() = ledger::Cny(5000000);
  *loan.mutable_repaid_principal() = ledger::Cny(100000);
  *loan.mutable_outstanding_principal() = ledger::Cny(4900000);
  *loan.mutable_repaid_interest() = ledger::Cny(1234);
  *loan.mutable_first_disbursement_date() = loan.contract_date();
  *loan.mutable_last_value_date() = loan.contract_date();
  loan.set_created_sequence(1);
  loan.set_last_sequence(3);
  loan.set_entry_count(3);
  return loan;
}

TEST(FormatLoan, ReadableBlock) {
  EXPECT_EQ(FormatLoan(ActiveLoan()),
            "name:                    banks/B001/loans/L-1\n"
            "status:                  ACTIVE\n"
            "borrower:                BR-9\n"
            "county:                  370281\n"
            "approved_principal:      100,000.00 CNY\n"
            "disbursed_principal:     50,000.00 CNY\n"
            "repaid_principal:        1,000.00 CNY\n"
            "outstanding_principal:   49,000.00 CNY\n"
            "repaid_interest:         12.34 CNY\n"
            "annual_rate:             4.35% (435 bps)\n"
            "term:                    24 months\n"
            "contract_date:           2024-01-10\n"
            "first_disbursement_date: 2024-01-10\n"
            "last_value_date:         2024-01-10\n"
            "closed_date:             -\n"
            "created_sequence:        1\n"
            "last_sequence:           3\n"
            "entry_count:             3\n");
}

TEST(FormatLoanWithCommit, SaysReplayedOnlyWhenReplayed) {
  microloan::ledger::v1::CommitInfo commit;
  commit.set_sequence(3);
  std::string fresh = FormatLoanWithCommit(ActiveLoan(), commit);
  EXPECT_NE(fresh.find("\nsequence:                3\n"), std::string::npos) << fresh;
  EXPECT_EQ(fresh.find("replayed"), std::string::npos) << fresh;
  commit.set_replayed(true);
  std::string replayed = FormatLoanWithCommit(ActiveLoan(), commit);
  EXPECT_NE(replayed.find("\nreplayed:                yes\n"), std::string::npos) << replayed;
}

TEST(FormatLoanTable, AlignedColumns) {
  Loan second;
  second.set_name("banks/B001/loans/L-22");
  second.set_status(microloan::ledger::v1::APPROVED);
  second.set_county_code("370281");
  EXPECT_EQ(FormatLoanTable({ActiveLoan(), second}),
            "NAME                   STATUS    COUNTY    OUTSTANDING      DISBURSED  "
            "LAST_VALUE_DATE\n"
            "banks/B001/loans/L-1   ACTIVE    370281  49,000.00 CNY  50,000.00 CNY  "
            "2024-01-10\n"
            "banks/B001/loans/L-22  APPROVED  370281       0.00 CNY       0.00 CNY  "
            "-\n");
}

}  // namespace
}  // namespace ledgerctl
