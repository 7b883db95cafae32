"""The client against a real ledgerd in development mode (LEDGER_SERVER): loans, request-id
idempotency, paging across pages, and refusals decoded into LedgerError with reason and field.
"""

from __future__ import annotations

import socket
import unittest

import grpc

import ledgerclient
from ledgerclient import LedgerError, cny, date
from microloan.ledger.v1 import loan_pb2, types_pb2
from support import create_request, dev_client, lend


class LoanLifecycleTest(unittest.TestCase):
    """Bank PYL creates, disburses (in two parts) and repays a loan through the client."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.bank = dev_client("bank:PYL")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.bank.close()

    def test_create_disburse_repay(self) -> None:
        created = self.bank.loans.CreateLoan(create_request(
            "PYL", "L-1", "100000.00", contract_date="2025-01-10", term_months=24))
        self.assertEqual(created.loan.name, "banks/PYL/loans/L-1")
        self.assertEqual(created.loan.status, types_pb2.APPROVED)
        self.assertFalse(created.commit.replayed)
        name = created.loan.name
        for amount, day in (("60000", "2025-01-15"), ("40000", "2025-01-20")):
            self.bank.loans.DisburseLoan(loan_pb2.DisburseLoanRequest(
                name=name, amount=cny(amount), value_date=date(day)))
        repaid = self.bank.loans.RecordRepayment(loan_pb2.RecordRepaymentRequest(
            name=name, principal=cny("25000"), interest=cny("1087.50"),
            value_date=date("2025-03-20")))
        loan = repaid.loan
        self.assertEqual(loan.status, types_pb2.ACTIVE)
        self.assertEqual(loan.outstanding_principal.amount_fen, 7_500_000)
        self.assertEqual(ledgerclient.money_to_yuan(loan.outstanding_principal), "75000.00")
        self.assertEqual(ledgerclient.money_to_yuan(loan.repaid_interest), "1087.50")
        self.assertEqual(ledgerclient.money_to_yuan(loan.disbursed_principal), "100000.00")
        # The history: four entries, each with a request id the client generated.
        history = list(ledgerclient.paginate(
            self.bank.loans.ListLoanHistory, loan_pb2.ListLoanHistoryRequest(name=name),
            page_size=3))
        self.assertEqual(len(history), 4)
        self.assertEqual({e.principal for e in history}, {"bank:PYL"})
        self.assertEqual(len({e.request_id for e in history}), 4)
        # Repaid in full: closed.
        closed = self.bank.loans.RecordRepayment(loan_pb2.RecordRepaymentRequest(
            name=name, principal=cny("75000"), value_date=date("2025-04-20")))
        self.assertEqual(closed.loan.status, types_pb2.CLOSED)


class IdempotencyTest(unittest.TestCase):
    """The same request id twice is replayed; the same id with another payload is refused."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.bank = dev_client("bank:PYI")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.bank.close()

    def test_same_request_sent_twice_is_replayed(self) -> None:
        name = lend(self.bank, "PYI", "L-1", "50000.00")
        request = loan_pb2.DisburseLoanRequest(name=name, amount=cny("20000.00"),
                                               value_date=date("2025-06-02"))
        first = self.bank.loans.DisburseLoan(request)
        self.assertEqual(len(request.request_id), 36)  # the client gave it a UUIDv4
        second = self.bank.loans.DisburseLoan(request)  # e.g. after a lost answer
        self.assertFalse(first.commit.replayed)
        self.assertTrue(second.commit.replayed)
        self.assertEqual(second.commit.sequence, first.commit.sequence)
        loan = self.bank.loans.GetLoan(loan_pb2.GetLoanRequest(name=name))
        self.assertEqual(ledgerclient.money_to_yuan(loan.disbursed_principal), "20000.00")

        # The same id with a different amount: refused, nothing applied.
        changed = loan_pb2.DisburseLoanRequest()
        changed.CopyFrom(request)
        changed.amount.CopyFrom(cny("20000.01"))
        with self.assertRaises(LedgerError) as caught:
            self.bank.loans.DisburseLoan(changed)
        error = caught.exception
        self.assertEqual(error.code, grpc.StatusCode.ALREADY_EXISTS)
        self.assertEqual(error.reason, "REQUEST_ID_REUSED")
        self.assertEqual(error.field, "request_id")
        self.assertIn("ALREADY_EXISTS REQUEST_ID_REUSED (field: request_id)", str(error))
        loan = self.bank.loans.GetLoan(loan_pb2.GetLoanRequest(name=name))
        self.assertEqual(ledgerclient.money_to_yuan(loan.disbursed_principal), "20000.00")

    def test_callers_own_request_id_is_kept(self) -> None:
        loan = lend(self.bank, "PYI", "L-2", "50000.00")
        request = loan_pb2.DisburseLoanRequest(
            request_id="bank-txn-000123", name=loan, amount=cny("1.00"),
            value_date=date("2025-06-03"))
        first = self.bank.loans.DisburseLoan(request)
        again = self.bank.loans.DisburseLoan(loan_pb2.DisburseLoanRequest(
            request_id="bank-txn-000123", name=loan, amount=cny("1.00"),
            value_date=date("2025-06-03")))
        self.assertEqual(request.request_id, "bank-txn-000123")
        self.assertTrue(again.commit.replayed)
        self.assertEqual(again.commit.sequence, first.commit.sequence)


class PagingTest(unittest.TestCase):
    """Seven loans of bank PYP listed three at a time: three pages, every loan once."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.bank = dev_client("bank:PYP")
        cls.names = [lend(cls.bank, "PYP", f"L-{i}", "1000.00") for i in range(7)]

    @classmethod
    def tearDownClass(cls) -> None:
        cls.bank.close()

    def test_follows_next_page_token(self) -> None:
        pages = []

        def counting(request: loan_pb2.ListLoansRequest) -> loan_pb2.ListLoansResponse:
            response = self.bank.loans.ListLoans(request)
            pages.append(len(response.loans))
            return response

        listed = [loan.name for loan in ledgerclient.paginate(
            counting, loan_pb2.ListLoansRequest(bank_id="PYP"), page_size=3)]
        self.assertEqual(listed, sorted(self.names))
        self.assertGreaterEqual(len(pages), 3)
        self.assertTrue(all(n <= 3 for n in pages))
        # The client method does the same.
        self.assertEqual(len(list(self.bank.paginate(
            self.bank.loans.ListLoans, loan_pb2.ListLoansRequest(bank_id="PYP"),
            page_size=2))), 7)

    def test_filters_apply_to_every_page(self) -> None:
        listed = list(ledgerclient.paginate(
            self.bank.loans.ListLoans,
            loan_pb2.ListLoansRequest(bank_id="PYP", status=types_pb2.ACTIVE), page_size=2))
        self.assertEqual(listed, [])  # none disbursed


class ErrorTest(unittest.TestCase):
    """Refusals arrive as LedgerError with the canonical code, the reason and the field."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.bank = dev_client("bank:PYE")
        cls.loan = lend(cls.bank, "PYE", "L-1", "1000.00", disburse_on="2025-06-01")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.bank.close()

    def test_over_repayment(self) -> None:
        with self.assertRaises(LedgerError) as caught:
            self.bank.loans.RecordRepayment(loan_pb2.RecordRepaymentRequest(
                name=self.loan, principal=cny("1000.01"), value_date=date("2025-06-20")))
        error = caught.exception
        self.assertEqual(error.code, grpc.StatusCode.FAILED_PRECONDITION)
        self.assertEqual(error.reason, "EXCEEDS_OUTSTANDING_PRINCIPAL")
        self.assertEqual(error.field, "principal.amount_fen")
        self.assertEqual(error.rpc, "LoanService.RecordRepayment")
        self.assertTrue(str(error).startswith(
            "FAILED_PRECONDITION EXCEEDS_OUTSTANDING_PRINCIPAL (field: principal.amount_fen): "),
            str(error))
        self.assertNotIn("\n", str(error))
        loan = self.bank.loans.GetLoan(loan_pb2.GetLoanRequest(name=self.loan))
        self.assertEqual(ledgerclient.money_to_yuan(loan.outstanding_principal), "1000.00")

    def test_bad_input(self) -> None:
        request = create_request("PYE", "L-2", "1000.00")
        request.county_code = "37028"  # five digits
        with self.assertRaises(LedgerError) as caught:
            self.bank.loans.CreateLoan(request)
        self.assertEqual(caught.exception.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(caught.exception.reason, "INVALID_COUNTY_CODE")
        self.assertEqual(caught.exception.field, "county_code")
        # A refused call is not remembered: its id may be reused for the corrected call.
        request.county_code = "370281"
        self.assertFalse(self.bank.loans.CreateLoan(request).commit.replayed)

    def test_not_found_and_page_size(self) -> None:
        with self.assertRaises(LedgerError) as caught:
            self.bank.loans.GetLoan(loan_pb2.GetLoanRequest(name="banks/PYE/loans/nope"))
        self.assertEqual((caught.exception.code, caught.exception.reason),
                         (grpc.StatusCode.NOT_FOUND, "LOAN_NOT_FOUND"))
        # Another bank's loan is as if it did not exist.
        with self.assertRaises(LedgerError) as caught:
            dev_client("bank:PYX").loans.GetLoan(loan_pb2.GetLoanRequest(name=self.loan))
        self.assertEqual(caught.exception.reason, "LOAN_NOT_FOUND")
        with self.assertRaises(LedgerError) as caught:
            list(ledgerclient.paginate(self.bank.loans.ListLoans,
                                       loan_pb2.ListLoansRequest(bank_id="PYE"),
                                       page_size=501))
        self.assertEqual(caught.exception.reason, "PAGE_SIZE_OUT_OF_RANGE")

    def test_server_not_there(self) -> None:
        with socket.socket() as s:  # a loopback port nobody listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        client = ledgerclient.connect(f"127.0.0.1:{port}", principal="bank:PYE", retries=0)
        with self.assertRaises(LedgerError) as caught:
            client.loans.GetLoan(loan_pb2.GetLoanRequest(name=self.loan))
        client.close()
        self.assertEqual(caught.exception.code, grpc.StatusCode.UNAVAILABLE)
        self.assertEqual(caught.exception.reason, "")

    def test_connect_arguments(self) -> None:
        with self.assertRaises(ValueError):
            ledgerclient.connect("127.0.0.1:1", ca="ca.pem")  # cert and key missing
        with self.assertRaises(ValueError):
            ledgerclient.connect("127.0.0.1:1", ca="/nonexistent/ca.pem",
                                 cert="/nonexistent/c.pem", key="/nonexistent/c.key")


if __name__ == "__main__":
    unittest.main()
