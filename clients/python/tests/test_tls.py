"""The client over mutual TLS (LEDGER_TLS_SERVER, certificates of tools/dev_certs.sh in
LEDGER_CERTS): the caller is the certificate's CN whatever ``principal`` says, a plaintext
client gets nowhere, and the example exports over TLS.

The server's policy file grants bank-B001 the bank role for B001 and finance-1 finance.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unittest

import grpc

import ledgerclient
from ledgerclient import LedgerError
from microloan.ledger.v1 import loan_pb2
from support import create_request, env


def certs(name: str) -> dict:
    """connect()'s TLS arguments for the development certificate ``name``."""
    directory = env("LEDGER_CERTS")
    return {"ca": os.path.join(directory, "ca.pem"),
            "cert": os.path.join(directory, f"{name}.pem"),
            "key": os.path.join(directory, f"{name}.key")}


class MutualTlsTest(unittest.TestCase):
    def test_caller_is_the_certificate(self) -> None:
        with ledgerclient.connect(env("LEDGER_TLS_SERVER"), principal="someone-else",
                                  **certs("bank-B001")) as bank:
            created = bank.loans.CreateLoan(create_request("B001", "T-1", "1000.00"))
            history = list(ledgerclient.paginate(
                bank.loans.ListLoanHistory,
                loan_pb2.ListLoanHistoryRequest(name=created.loan.name)))
        self.assertEqual([e.principal for e in history], ["bank-B001"])

    def test_scope_comes_from_the_policy_file(self) -> None:
        with ledgerclient.connect(env("LEDGER_TLS_SERVER"), **certs("bank-B001")) as bank:
            with self.assertRaises(LedgerError) as caught:
                bank.loans.CreateLoan(create_request("B002", "T-2", "1000.00"))
        self.assertEqual(caught.exception.code, grpc.StatusCode.PERMISSION_DENIED)
        self.assertEqual(caught.exception.field, "bank_id")

    def test_plaintext_client_is_refused(self) -> None:
        with ledgerclient.connect(env("LEDGER_TLS_SERVER"), principal="finance",
                                  retries=0) as plain:
            with self.assertRaises(LedgerError) as caught:
                plain.loans.ListLoans(loan_pb2.ListLoansRequest())
        self.assertEqual(caught.exception.code, grpc.StatusCode.UNAVAILABLE)

    def test_example_over_tls(self) -> None:
        tls = certs("finance-1")
        done = subprocess.run(
            [sys.executable, env("LEDGER_EXAMPLE"), f"--server={env('LEDGER_TLS_SERVER')}",
             "--quarter=2025Q3", f"--ca={tls['ca']}", f"--cert={tls['cert']}",
             f"--key={tls['key']}"],
            capture_output=True, text=True, timeout=60, check=False)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(done.stdout.startswith("claim,bank_id,claim_id,loan,"), done.stdout)
        self.assertEqual(len(done.stdout.splitlines()), 1)  # no claims on this server


if __name__ == "__main__":
    unittest.main()
