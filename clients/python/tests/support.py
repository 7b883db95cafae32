"""Shared set-up of the client tests that talk to a real ledgerd.

python_client_test.sh starts the server and passes its address in LEDGER_SERVER (plaintext
development mode) or LEDGER_TLS_SERVER (mutual TLS, with the certificates in LEDGER_CERTS). The
test classes use bank ids of their own, so they neither see nor disturb each other's loans
whatever order they run in.
"""

from __future__ import annotations

import os

import ledgerclient
from microloan.ledger.v1 import loan_pb2


def env(name: str) -> str:
    """An environment variable the test script must set; a clear failure (never a silent
    skip) if it did not."""
    value = os.environ.get(name, "")
    if not value:
        raise RuntimeError(f"{name} is not set (run through python_client_test.sh)")
    return value


def dev_client(principal: str) -> ledgerclient.LedgerClient:
    """A client of the development server acting as ``principal``."""
    return ledgerclient.connect(env("LEDGER_SERVER"), principal=principal, timeout_s=20)


def create_request(bank: str, loan: str, principal_yuan: str,
                   contract_date: str = "2025-06-01", rate_bps: int = 435,
                   term_months: int = 12) -> loan_pb2.CreateLoanRequest:
    """A CreateLoan request of a bank's loan in county 370281, without a request id."""
    return loan_pb2.CreateLoanRequest(
        bank_id=bank, loan_id=loan, borrower_id="BR-" + loan, county_code="370281",
        principal=ledgerclient.cny(principal_yuan), annual_rate_bps=rate_bps,
        term_months=term_months, contract_date=ledgerclient.date(contract_date))


def lend(client: ledgerclient.LedgerClient, bank: str, loan: str, principal_yuan: str,
         disburse_on: str = "", contract_date: str = "2025-06-01") -> str:
    """Creates a loan (and disburses all of it on ``disburse_on``); returns its name."""
    created = client.loans.CreateLoan(create_request(bank, loan, principal_yuan, contract_date))
    if disburse_on:
        client.loans.DisburseLoan(loan_pb2.DisburseLoanRequest(
            name=created.loan.name, amount=ledgerclient.cny(principal_yuan),
            value_date=ledgerclient.date(disburse_on)))
    return created.loan.name
