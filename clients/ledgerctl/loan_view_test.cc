#include "clients/ledgerctl/loan_view.h"

#include "clients/ledgerctl/test_support.h"
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
  loan.set_repayment_method(microloan::ledger::v1::EQUAL_PRINCIPAL);
  loan.set_payment_frequency(microloan::ledger::v1::MONTHLY);
  *loan.mutable_maturity_date() = Day(2026, 1, 10);
  *loan.mutable_as_of_date() = loan.contract_date();
  loan.set_delinquency_bucket(microloan::ledger::v1::CURRENT);
  return loan;
}

// ActiveLoan two months later: an instalment overdue, a fund guarantee and a joint-liability
// group, compensated in part.
Loan TroubledLoan() {
  Loan loan = ActiveLoan();
  loan.set_status(microloan::ledger::v1::COMPENSATED);
  *loan.mutable_interest_receivable() = ledger::Cny(36250);
  *loan.mutable_compensated_principal() = ledger::Cny(3920000);
  *loan.mutable_recovered_to_bank() = ledger::Cny(1);
  loan.set_days_past_due(95);
  loan.set_delinquency_bucket(microloan::ledger::v1::DPD_OVER_90);
  *loan.mutable_as_of_date() = Day(2024, 6, 14);
  microloan::ledger::v1::Extension* extension = loan.mutable_extension();
  *extension->mutable_from_maturity() = Day(2026, 1, 10);
  *extension->mutable_to_maturity() = Day(2026, 7, 10);
  *extension->mutable_granted_date() = Day(2024, 3, 1);
  extension->set_sequence(5);
  *loan.mutable_maturity_date() = extension->to_maturity();
  for (int number = 1; number <= 2; ++number) {
    microloan::ledger::v1::Instalment* instalment = loan.add_schedule();
    instalment->set_number(number);
    *instalment->mutable_due_date() = Day(2024, 1 + number, 10);
    *instalment->mutable_principal_due() = ledger::Cny(number == 1 ? 416667 : 416666);
  }
  microloan::ledger::v1::Arrear* arrear = loan.add_arrears();
  arrear->set_instalment(2);
  *arrear->mutable_due_date() = Day(2024, 3, 10);
  *arrear->mutable_principal_overdue() = ledger::Cny(416666);
  *arrear->mutable_interest_overdue() = ledger::Cny(36250);
  *arrear->mutable_marked_date() = Day(2024, 3, 15);
  microloan::ledger::v1::Guarantee* fund = loan.add_guarantees();
  fund->set_guarantee_id("G1");
  fund->set_form(microloan::ledger::v1::FUND_GUARANTEE);
  fund->set_fund_id("F1");
  fund->set_coverage_bps(8000);
  *fund->mutable_guaranteed_principal() = ledger::Cny(8000000);
  fund->set_state(microloan::ledger::v1::GUARANTEE_COMPENSATED);
  *fund->mutable_issued_date() = Day(2024, 1, 16);
  microloan::ledger::v1::Guarantee* joint = loan.add_guarantees();
  joint->set_guarantee_id("G2");
  joint->set_form(microloan::ledger::v1::JOINT_LIABILITY);
  joint->add_party_ids("BR-11");
  joint->add_party_ids("BR-12");
  joint->set_state(microloan::ledger::v1::GUARANTEE_RECORDED);
  *joint->mutable_issued_date() = Day(2024, 1, 16);
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
            "interest_receivable:     0.00 CNY\n"
            "annual_rate:             4.35% (435 bps)\n"
            "term:                    24 months\n"
            "repayment:               EQUAL_PRINCIPAL, MONTHLY\n"
            "contract_date:           2024-01-10\n"
            "maturity_date:           2026-01-10\n"
            "first_disbursement_date: 2024-01-10\n"
            "last_value_date:         2024-01-10\n"
            "closed_date:             -\n"
            "days_past_due:           0 (CURRENT) as of 2024-01-10\n"
            "created_sequence:        1\n"
            "last_sequence:           3\n"
            "entry_count:             3\n");
}

TEST(FormatLoan, RecoveriesOfWhatTheBankWroteOff) {
  Loan loan = TroubledLoan();
  *loan.mutable_recovered_written_off() = ledger::Cny(50000);
  const std::string block = FormatLoan(loan);
  EXPECT_NE(block.find("\nrecovered_to_bank:       0.01 CNY\n"
                       "recovered_written_off:   500.00 CNY\n"),
            std::string::npos)
      << block;
  EXPECT_EQ(FormatLoan(TroubledLoan()).find("recovered_written_off"), std::string::npos);
}

TEST(FormatLoan, FiguresOfALoanGoneBadOnlyWhenNonZero) {
  const std::string block = FormatLoan(TroubledLoan());
  EXPECT_NE(block.find("\nstatus:                  COMPENSATED\n"), std::string::npos) << block;
  EXPECT_NE(block.find("\ninterest_receivable:     362.50 CNY\n"
                       "compensated_principal:   39,200.00 CNY\n"
                       "recovered_to_bank:       0.01 CNY\n"
                       "annual_rate:"),
            std::string::npos)
      << block;
  EXPECT_NE(block.find("\nmaturity_date:           2026-07-10\n"
                       "extended:                from 2026-01-10 on 2024-03-01 (entry 5)\n"),
            std::string::npos)
      << block;
  EXPECT_NE(block.find("\ndays_past_due:           95 (DPD_OVER_90) as of 2024-06-14\n"),
            std::string::npos)
      << block;
  EXPECT_EQ(block.find("written_off"), std::string::npos) << block;
  EXPECT_EQ(FormatLoan(ActiveLoan()).find("compensated"), std::string::npos);
}

TEST(FormatLoanDetail, ScheduleArrearsAndGuaranteesBelowTheBlock) {
  const std::string detail = FormatLoanDetail(TroubledLoan());
  const std::string tables = detail.substr(FormatLoan(TroubledLoan()).size());
  EXPECT_EQ(tables,
            "\nschedule:\n"
            "INSTALMENT  DUE_DATE    PRINCIPAL_DUE\n"
            "         1  2024-02-10   4,166.67 CNY\n"
            "         2  2024-03-10   4,166.66 CNY\n"
            "\narrears:\n"
            "INSTALMENT  DUE_DATE    PRINCIPAL_OVERDUE  INTEREST_OVERDUE  MARKED_ON   CURED_ON\n"
            "         2  2024-03-10       4,166.66 CNY        362.50 CNY  2024-03-15  -\n"
            "\nguarantees:\n"
            "ID  FORM             FUND           COVERAGE     GUARANTEED  STATE                  "
            "ISSUED_ON   PARTIES\n"
            "G1  FUND_GUARANTEE   F1    80.00% (8000 bps)  80,000.00 CNY  GUARANTEE_COMPENSATED  "
            "2024-01-16  -\n"
            "G2  JOINT_LIABILITY  -                     -              -  GUARANTEE_RECORDED     "
            "2024-01-16  BR-11,BR-12\n");
  // A loan with none of them prints just the block.
  Loan plain = ActiveLoan();
  EXPECT_EQ(FormatLoanDetail(plain), FormatLoan(plain));
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
