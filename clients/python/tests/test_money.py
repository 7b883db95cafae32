"""Unit tests without a server: money and dates, error decoding, request ids, paging.

These pin the parts a server test would only catch by accident: a float sneaking into an
amount, a trailer the server might send differently, a page token loop.
"""

from __future__ import annotations

import datetime
import unittest
from decimal import Decimal
from typing import List, Sequence, Tuple

import grpc

import ledgerclient
from google.rpc import error_details_pb2, status_pb2
from ledgerclient import LedgerError
from microloan.ledger.v1 import batch_pb2, loan_pb2, types_pb2


class MoneyTest(unittest.TestCase):
    def test_fen_to_yuan(self) -> None:
        cases = {0: "0.00", 5: "0.05", -5: "-0.05", 100: "1.00", 123456: "1234.56",
                 -123456: "-1234.56", 10**12: "10000000000.00",
                 2**63 - 1: "92233720368547758.07"}
        for fen, text in cases.items():
            self.assertEqual(ledgerclient.fen_to_yuan(fen), text)

    def test_yuan_to_fen(self) -> None:
        cases = {"1234.56": 123456, "1234.5": 123450, "1234": 123400, "-0.05": -5,
                 "0.10": 10, "+7.01": 701, ".5": 50, " 42.00 ": 4200,
                 "92233720368547758.07": 2**63 - 1}
        for text, fen in cases.items():
            self.assertEqual(ledgerclient.yuan_to_fen(text), fen, text)
        self.assertEqual(ledgerclient.yuan_to_fen(Decimal("0.30")), 30)
        self.assertEqual(ledgerclient.yuan_to_fen(Decimal("1E+2")), 10000)

    def test_refuses_what_is_not_exact(self) -> None:
        for bad in ["1.234", "abc", "", ".", "1,000.00", "1e3", "--1", "0.1.2", "１２３４.５６"]:
            with self.assertRaises(ValueError, msg=bad):
                ledgerclient.yuan_to_fen(bad)
        with self.assertRaises(ValueError):
            ledgerclient.yuan_to_fen(Decimal("0.001"))
        with self.assertRaises(ValueError):
            ledgerclient.yuan_to_fen(Decimal("NaN"))
        for bad_type in [0.1, 5, True, None]:
            with self.assertRaises(TypeError, msg=repr(bad_type)):
                ledgerclient.yuan_to_fen(bad_type)  # type: ignore[arg-type]
        for bad_type in [1.5, "12", False]:
            with self.assertRaises(TypeError, msg=repr(bad_type)):
                ledgerclient.fen_to_yuan(bad_type)  # type: ignore[arg-type]

    def test_round_trip(self) -> None:
        # 0.1 + 0.2 style sums stay exact: every fen value formats and parses back to itself.
        for fen in list(range(-1001, 1002)) + [10**12 + 1, -(10**12) - 99]:
            self.assertEqual(ledgerclient.yuan_to_fen(ledgerclient.fen_to_yuan(fen)), fen)
        total = sum(ledgerclient.yuan_to_fen(t) for t in ["0.10", "0.20"])
        self.assertEqual(ledgerclient.fen_to_yuan(total), "0.30")

    def test_messages(self) -> None:
        m = ledgerclient.cny("1087.50")
        self.assertEqual((m.currency_code, m.amount_fen), ("CNY", 108750))
        self.assertEqual(ledgerclient.money_to_yuan(m), "1087.50")
        self.assertEqual(ledgerclient.money_to_yuan(types_pb2.Money()), "0.00")
        with self.assertRaises(ValueError):
            ledgerclient.money_to_yuan(types_pb2.Money(currency_code="USD", amount_fen=1))

    def test_dates(self) -> None:
        d = ledgerclient.date("2025-06-01")
        self.assertEqual((d.year, d.month, d.day), (2025, 6, 1))
        self.assertEqual(ledgerclient.date_text(d), "2025-06-01")
        self.assertEqual(ledgerclient.date_text(types_pb2.Date()), "")
        self.assertEqual(ledgerclient.date(datetime.date(2024, 2, 29)).day, 29)
        self.assertEqual(ledgerclient.to_pydate(d), datetime.date(2025, 6, 1))
        for bad in ["2025-02-30", "2025-6-1", "20250601", ""]:
            with self.assertRaises(ValueError, msg=bad):
                ledgerclient.date(bad)


class FakeRpcError(grpc.RpcError):
    """What grpcio raises for a failed unary call, with the same accessors."""

    def __init__(self, code: grpc.StatusCode, details: str,
                 trailing: Sequence[Tuple[str, object]] = ()) -> None:
        super().__init__()
        self._code, self._details, self._trailing = code, details, tuple(trailing)

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> Tuple[Tuple[str, object], ...]:
        return self._trailing


def status_trailer(reason: str, field: str, domain: str = "ledger.microloan",
                   message: str = "") -> Tuple[str, bytes]:
    """A grpc-status-details-bin trailer as ledger/server/status_mapping.cc builds it."""
    status = status_pb2.Status(code=9, message=message)
    info = error_details_pb2.ErrorInfo(reason=reason, domain=domain)
    if field:
        info.metadata["field"] = field
    status.details.add().Pack(info)
    if field:
        bad = error_details_pb2.BadRequest()
        bad.field_violations.add(field=field, description="the description")
        status.details.add().Pack(bad)
    return ("grpc-status-details-bin", status.SerializeToString())


class ErrorTest(unittest.TestCase):
    def test_reason_and_field_from_the_trailer(self) -> None:
        error = ledgerclient.from_rpc_error(FakeRpcError(
            grpc.StatusCode.FAILED_PRECONDITION,
            "EXCEEDS_OUTSTANDING_PRINCIPAL: more than\nthe outstanding principal",
            [("other", "x"), status_trailer("EXCEEDS_OUTSTANDING_PRINCIPAL",
                                            "principal.amount_fen")]),
            "LoanService.RecordRepayment")
        self.assertIsInstance(error, LedgerError)
        self.assertEqual(error.code, grpc.StatusCode.FAILED_PRECONDITION)
        self.assertEqual(error.reason, "EXCEEDS_OUTSTANDING_PRINCIPAL")
        self.assertEqual(error.field, "principal.amount_fen")
        self.assertEqual(error.violations, [("principal.amount_fen", "the description")])
        self.assertEqual(error.rpc, "LoanService.RecordRepayment")
        self.assertEqual(str(error), "FAILED_PRECONDITION EXCEEDS_OUTSTANDING_PRINCIPAL "
                         "(field: principal.amount_fen): more than the outstanding principal")

    def test_without_details(self) -> None:
        error = ledgerclient.from_rpc_error(FakeRpcError(
            grpc.StatusCode.UNAVAILABLE, "failed to connect to all addresses"))
        self.assertEqual((error.reason, error.field), ("", ""))
        self.assertEqual(str(error), "UNAVAILABLE: failed to connect to all addresses")

    def test_malformed_trailer_keeps_the_error(self) -> None:
        error = ledgerclient.from_rpc_error(FakeRpcError(
            grpc.StatusCode.INTERNAL, "boom", [("grpc-status-details-bin", b"\xff\xff")]))
        self.assertEqual((error.code, error.reason, error.message),
                         (grpc.StatusCode.INTERNAL, "", "boom"))

    def test_undecodable_detail_is_skipped(self) -> None:
        status = status_pb2.Status(code=14)
        bad = status.details.add()
        bad.type_url = "type.googleapis.com/google.rpc.ErrorInfo"
        bad.value = b"\xff\xff\xff"
        error = ledgerclient.from_rpc_error(FakeRpcError(
            grpc.StatusCode.UNAVAILABLE, "try again",
            [("grpc-status-details-bin", status.SerializeToString())]))
        self.assertIsInstance(error, LedgerError)
        self.assertEqual((error.code, error.reason), (grpc.StatusCode.UNAVAILABLE, ""))

    def test_prefers_the_ledger_domain(self) -> None:
        status = status_pb2.Status(code=3)
        status.details.add().Pack(error_details_pb2.ErrorInfo(reason="PROXY", domain="proxy"))
        info = error_details_pb2.ErrorInfo(reason="INVALID_COUNTY_CODE",
                                           domain="ledger.microloan")
        info.metadata["field"] = "county_code"
        status.details.add().Pack(info)
        error = ledgerclient.from_rpc_error(FakeRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, "x",
            [("grpc-status-details-bin", status.SerializeToString())]))
        self.assertEqual((error.reason, error.field), ("INVALID_COUNTY_CODE", "county_code"))

    def test_field_from_bad_request_alone(self) -> None:
        status = status_pb2.Status(code=3)
        bad = error_details_pb2.BadRequest()
        bad.field_violations.add(field="lines[2].loan", description="d")
        status.details.add().Pack(bad)
        error = ledgerclient.from_rpc_error(FakeRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, "x",
            [("grpc-status-details-bin", status.SerializeToString())]))
        self.assertEqual(error.field, "lines[2].loan")


class RequestIdTest(unittest.TestCase):
    def test_fills_only_an_empty_id(self) -> None:
        request = loan_pb2.DisburseLoanRequest(name="banks/B/loans/L")
        first = ledgerclient.ensure_request_id(request)
        self.assertEqual(len(first), 36)
        self.assertEqual(first[14], "4")  # UUID version 4
        self.assertEqual(request.request_id, first)
        self.assertEqual(ledgerclient.ensure_request_id(request), first)  # a retry keeps it
        own = loan_pb2.DisburseLoanRequest(request_id="bank-txn-1")
        self.assertEqual(ledgerclient.ensure_request_id(own), "bank-txn-1")
        self.assertNotEqual(ledgerclient.new_request_id(), ledgerclient.new_request_id())

    def test_reads_have_none(self) -> None:
        request = loan_pb2.GetLoanRequest(name="banks/B/loans/L")
        self.assertEqual(ledgerclient.ensure_request_id(request), "")
        self.assertEqual(request, loan_pb2.GetLoanRequest(name="banks/B/loans/L"))

    def test_batch_commands_each_get_one(self) -> None:
        batch = batch_pb2.SubmitBatchRequest()
        batch.commands.add().create_loan.loan_id = "L1"
        batch.commands.add().disburse_loan.request_id = "kept"
        ledgerclient.ensure_request_id(batch)
        self.assertEqual(len(batch.commands[0].create_loan.request_id), 36)
        self.assertEqual(batch.commands[1].disburse_loan.request_id, "kept")


class PagingTest(unittest.TestCase):
    def fake_list(self, pages: List[Tuple[List[str], str]]):
        """A ListLoans stand-in answering ``pages`` in turn; records the requests."""
        self.requests: List[loan_pb2.ListLoansRequest] = []

        def method(request: loan_pb2.ListLoansRequest) -> loan_pb2.ListLoansResponse:
            copy = loan_pb2.ListLoansRequest()
            copy.CopyFrom(request)
            self.requests.append(copy)
            names, token = pages[len(self.requests) - 1]
            return loan_pb2.ListLoansResponse(
                loans=[loan_pb2.Loan(name=n) for n in names], next_page_token=token)
        return method

    def test_follows_tokens_through_short_and_empty_pages(self) -> None:
        method = self.fake_list([(["a", "b"], "t1"), ([], "t2"), (["c"], "")])
        request = loan_pb2.ListLoansRequest(bank_id="B001")
        names = [loan.name for loan in ledgerclient.paginate(method, request, page_size=2)]
        self.assertEqual(names, ["a", "b", "c"])
        self.assertEqual([r.page_token for r in self.requests], ["", "t1", "t2"])
        self.assertTrue(all(r.page_size == 2 and r.bank_id == "B001" for r in self.requests))
        self.assertEqual(request, loan_pb2.ListLoansRequest(bank_id="B001"))  # not changed

    def test_repeated_token_stops(self) -> None:
        method = self.fake_list([(["a"], "t"), (["b"], "t")])
        with self.assertRaises(RuntimeError):
            list(ledgerclient.paginate(method, loan_pb2.ListLoansRequest()))

    def test_token_cycle_stops(self) -> None:
        method = self.fake_list([(["a"], "A"), (["b"], "B"), (["c"], "A")])
        with self.assertRaises(RuntimeError):
            list(ledgerclient.paginate(method, loan_pb2.ListLoansRequest()))
        self.assertEqual(len(self.requests), 3)

    def test_bounds(self) -> None:
        method = self.fake_list([(["a"], "t"), (["b"], "")])
        self.assertEqual(len(list(ledgerclient.paginate(
            method, loan_pb2.ListLoansRequest(), max_pages=1))), 1)
        for size in (0, -1, 1001):
            with self.assertRaises(ValueError):
                list(ledgerclient.paginate(method, loan_pb2.ListLoansRequest(),
                                           page_size=size))
        with self.assertRaises(ValueError):
            list(ledgerclient.paginate(method, loan_pb2.GetLoanRequest()))


if __name__ == "__main__":
    unittest.main()
