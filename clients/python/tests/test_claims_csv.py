"""Subsidy claims made through the client, then exported by examples/claims_to_csv.py.

Finance sets a policy (public finance pays 50% of the contract interest, from 2021) and an LPR
fixing; bank CQ1 lends C1 (100,000.00) and C2 (50,000.00), bank CQ2 lends D1 (60,000.00) and D2,
all at 435 bp, contracted and disbursed 2025-06-01. Hand-computed figures (Actual/360, rounded
half-up once per period):

  2025Q3 = 2025-06-21..2025-09-20, 10 + 31 + 31 + 20 = 92 days
    C1 interest 10,000,000 x 435 x 92 / 3,600,000 = 111,166.67 -> 1111.67; subsidy 555.83
    C2 interest  5,000,000 x 435 x 92 / 3,600,000 =  55,583.33 ->  555.83; subsidy 277.92
  2025-07-21..2025-08-20 (a monthly claim inside 2025Q3), 11 + 20 = 31 days
    D1 interest  6,000,000 x 435 x 31 / 3,600,000 =  22,475.00 ->  224.75;
       subsidy 11,237.5 -> 112.38 (half-up)

Claims: CQ1/2025Q3 (C1 at 555.83, C2 over-claimed at 300.00) approved at the computed amounts
(833.75) and paid; CQ1/2025Q4 (C1, 2025-09-21..2025-12-20) only submitted; CQ2/M2025-08 (D1)
rejected; CQ2/straddle (D2, 2025-09-01..2025-09-30) in neither quarter.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import unittest
from typing import List, Sequence

import grpc

import ledgerclient
from ledgerclient import LedgerError, cny, date
from microloan.ledger.v1 import policy_pb2, subsidy_pb2
from support import dev_client, env, lend

CST = datetime.timezone(datetime.timedelta(hours=8))
LINE_HEADER = [
    "claim", "bank_id", "claim_id", "loan", "county_code", "period_first_day",
    "period_last_day", "claimed_cny", "expected_cny", "interest_cny", "approved_cny", "state",
    "approval", "submitted_on", "decided_on", "payment_date", "payment_reference", "note",
]
CLAIM_HEADER = [
    "claim", "bank_id", "claim_id", "line_count", "period_first_day", "period_last_day",
    "claimed_cny", "expected_cny", "approved_cny", "paid_cny", "state", "approval",
    "submitted_on", "decided_on", "payment_date", "payment_reference", "rejection_reason",
]


def period(first: str, last: str) -> subsidy_pb2.DatePeriod:
    return subsidy_pb2.DatePeriod(first_day=date(first), last_day=date(last))


def claim_request(bank: str, claim_id: str, first: str, last: str,
                  lines: Sequence[tuple]) -> subsidy_pb2.SubmitSubsidyClaimRequest:
    return subsidy_pb2.SubmitSubsidyClaimRequest(
        bank_id=bank, claim_id=claim_id, period=period(first, last),
        lines=[subsidy_pb2.SubsidyClaimLine(loan=loan, claimed=cny(yuan))
               for loan, yuan in lines])


class WriteCsvTest(unittest.TestCase):
    """The example's CSV writer alone: RFC 4180, whatever free text a claim carries."""

    def test_quotes_a_lone_carriage_return_and_ends_lines_with_crlf(self) -> None:
        spec = importlib.util.spec_from_file_location("claims_to_csv", env("LEDGER_EXAMPLE"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory() as directory:
            out = os.path.join(directory, "claims.csv")
            module.write_csv([["late\rresubmit", 'say "x", then', "ok"]], ["a", "b", "c"], out)
            with open(out, newline="", encoding="utf-8") as f:
                text = f.read()
            self.assertEqual(text, 'a,b,c\r\n"late\rresubmit","say ""x"", then",ok\r\n')
            self.assertEqual(list(csv.reader(io.StringIO(text, newline=""))),
                             [["a", "b", "c"], ["late\rresubmit", 'say "x", then', "ok"]])
            umask = os.umask(0)
            os.umask(umask)
            self.assertEqual(os.stat(out).st_mode & 0o777, 0o666 & ~umask)


class ClaimsToCsvTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.today_before = datetime.datetime.now(CST).date().isoformat()
        finance = dev_client("finance")
        cls.finance = finance
        finance.policies.AddSubsidyPolicyVersion(policy_pb2.AddSubsidyPolicyVersionRequest(
            version=policy_pb2.SubsidyPolicyVersion(
                effective_from=date("2021-01-01"), mode=policy_pb2.PERCENT_OF_INTEREST,
                subsidy_share_bps=5000, source="test policy")))
        finance.policies.RecordLprFixing(policy_pb2.RecordLprFixingRequest(
            fixing=policy_pb2.LprFixing(effective_from=date("2023-01-01"), lpr_bps=345)))
        cq1, cq2 = finance.with_principal("bank:CQ1"), finance.with_principal("bank:CQ2")
        c1 = lend(cq1, "CQ1", "C1", "100000.00", disburse_on="2025-06-01")
        c2 = lend(cq1, "CQ1", "C2", "50000.00", disburse_on="2025-06-01")
        d1 = lend(cq2, "CQ2", "D1", "60000.00", disburse_on="2025-06-01")
        d2 = lend(cq2, "CQ2", "D2", "10000.00", disburse_on="2025-06-01")

        q3 = cq1.subsidies.SubmitSubsidyClaim(claim_request(
            "CQ1", "2025Q3", "2025-06-21", "2025-09-20", [(c1, "555.83"), (c2, "300.00")]))
        cls.submitted = q3
        approved = finance.subsidies.ApproveSubsidyClaim(subsidy_pb2.ApproveSubsidyClaimRequest(
            name=q3.claim.name, approval=subsidy_pb2.APPROVE_AS_COMPUTED))
        finance.subsidies.RecordSubsidyPayment(subsidy_pb2.RecordSubsidyPaymentRequest(
            name=q3.claim.name, amount=approved.claim.approved_total,
            value_date=date("2025-10-15"), payment_reference="T-2025-0042"))
        cq1.subsidies.SubmitSubsidyClaim(claim_request(
            "CQ1", "2025Q4", "2025-09-21", "2025-12-20", [(c1, "100.00")]))
        monthly = cq2.subsidies.SubmitSubsidyClaim(claim_request(
            "CQ2", "M2025-08", "2025-07-21", "2025-08-20", [(d1, "112.38")]))
        finance.subsidies.RejectSubsidyClaim(subsidy_pb2.RejectSubsidyClaimRequest(
            name=monthly.claim.name, reason="sent twice"))
        cq2.subsidies.SubmitSubsidyClaim(claim_request(
            "CQ2", "straddle", "2025-09-01", "2025-09-30", [(d2, "1.00")]))
        cls.today_after = datetime.datetime.now(CST).date().isoformat()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.finance.close()

    def run_example(self, *flags: str, principal: str = "finance") -> subprocess.CompletedProcess:
        """Runs claims_to_csv.py against the test server, as a finance user would."""
        return subprocess.run(
            [sys.executable, env("LEDGER_EXAMPLE"), f"--server={env('LEDGER_SERVER')}",
             f"--principal={principal}", *flags],
            capture_output=True, text=True, timeout=60, check=False)

    def rows(self, output: str, header: List[str]) -> List[List[str]]:
        table = list(csv.reader(io.StringIO(output)))
        self.assertEqual(table[0], header)
        return table[1:]

    def assert_today(self, day: str) -> None:
        self.assertIn(day, {self.today_before, self.today_after})

    def test_the_workflow_through_the_client(self) -> None:
        claim = self.submitted.claim
        self.assertEqual(claim.name, "banks/CQ1/subsidy_claims/2025Q3")
        self.assertEqual(ledgerclient.money_to_yuan(claim.expected_total), "833.75")
        self.assertEqual(ledgerclient.money_to_yuan(claim.claimed_total), "855.83")
        # Claims are mutations too: the generated request id makes a retry a replay.
        with self.assertRaises(LedgerError) as caught:
            self.finance.with_principal("bank:CQ1").subsidies.SubmitSubsidyClaim(
                claim_request("CQ1", "2025Q3", "2025-06-21", "2025-09-20",
                              [("banks/CQ1/loans/C1", "1.00")]))
        self.assertEqual(caught.exception.code, grpc.StatusCode.ALREADY_EXISTS)
        self.assertEqual(caught.exception.reason, "CLAIM_ALREADY_EXISTS")

    def test_quarter_as_lines(self) -> None:
        done = self.run_example("--quarter=2025Q3")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stderr, "")
        rows = self.rows(done.stdout, LINE_HEADER)
        self.assertEqual(len(rows), 3, rows)
        c1, c2, d1 = rows
        self.assertEqual(c1[:12], [
            "banks/CQ1/subsidy_claims/2025Q3", "CQ1", "2025Q3", "banks/CQ1/loans/C1", "370281",
            "2025-06-21", "2025-09-20", "555.83", "555.83", "1111.67", "555.83", "paid"])
        self.assertEqual(c1[12:13] + c1[15:], ["as_computed", "2025-10-15", "T-2025-0042", ""])
        self.assertEqual(c2[3:12], ["banks/CQ1/loans/C2", "370281", "2025-06-21",
                                    "2025-09-20", "300.00", "277.92", "555.83", "277.92",
                                    "paid"])
        self.assertEqual(d1[:12], [
            "banks/CQ2/subsidy_claims/M2025-08", "CQ2", "M2025-08", "banks/CQ2/loans/D1",
            "370281", "2025-07-21", "2025-08-20", "112.38", "112.38", "224.75", "", "rejected"])
        self.assertEqual(d1[12:13] + d1[15:], ["", "", "", ""])
        for row in rows:  # submitted_on and decided_on: the commits' dates (today, CST)
            self.assert_today(row[13])
            self.assert_today(row[14])

    def test_quarter_per_claim_to_file(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "claims.csv")
            done = self.run_example("--quarter=2025q3", "--per_claim", f"--out={out}")
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stdout, "")
            with open(out, encoding="utf-8", newline="") as f:
                rows = self.rows(f.read(), CLAIM_HEADER)
            self.assertEqual(os.listdir(tmp), ["claims.csv"])  # no temporary file left
        self.assertEqual([r[0] for r in rows], ["banks/CQ1/subsidy_claims/2025Q3",
                                                "banks/CQ2/subsidy_claims/M2025-08"])
        paid, rejected = rows
        self.assertEqual(paid[3:12], ["2", "2025-06-21", "2025-09-20", "855.83", "833.75",
                                      "833.75", "833.75", "paid", "as_computed"])
        self.assertEqual(paid[14:], ["2025-10-15", "T-2025-0042", ""])
        self.assertEqual(rejected[3:12], ["1", "2025-07-21", "2025-08-20", "112.38", "112.38",
                                          "", "", "rejected", ""])
        self.assertEqual(rejected[14:], ["", "", "sent twice"])

    def test_only_the_quarter_asked(self) -> None:
        done = self.run_example("--quarter=2025Q4")
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = self.rows(done.stdout, LINE_HEADER)
        self.assertEqual([(r[0], r[3], r[7], r[10], r[11], r[14]) for r in rows], [
            ("banks/CQ1/subsidy_claims/2025Q4", "banks/CQ1/loans/C1", "100.00", "", "submitted",
             "")])
        # A quarter without claims: the header alone.
        done = self.run_example("--quarter=2025Q2")
        # (text=True reads CRLF as "\n")
        self.assertEqual((done.returncode, done.stdout), (0, ",".join(LINE_HEADER) + "\n"))

    def test_server_side_filters(self) -> None:
        done = self.run_example("--quarter=2025Q3", "--bank=CQ2")
        self.assertEqual([r[0] for r in self.rows(done.stdout, LINE_HEADER)],
                         ["banks/CQ2/subsidy_claims/M2025-08"])
        done = self.run_example("--quarter=2025Q3", "--state=paid", "--per_claim")
        self.assertEqual([r[0] for r in self.rows(done.stdout, CLAIM_HEADER)],
                         ["banks/CQ1/subsidy_claims/2025Q3"])
        # A bank sees its own claims only (an empty --bank means its own).
        done = self.run_example("--quarter=2025Q3", principal="bank:CQ1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual({r[1] for r in self.rows(done.stdout, LINE_HEADER)}, {"CQ1"})

    def test_refusal_is_one_readable_line(self) -> None:
        done = self.run_example("--quarter=2025Q3", "--bank=CQ2", principal="bank:CQ1")
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
        self.assertTrue(done.stderr.startswith(
            "claims_to_csv: error: PERMISSION_DENIED "), done.stderr)
        self.assertIn("(field: bank_id)", done.stderr)

    def test_quarter_periods(self) -> None:
        spec = importlib.util.spec_from_file_location("claims_to_csv", env("LEDGER_EXAMPLE"))
        example = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(example)
        d = datetime.date
        self.assertEqual(example.quarter_period("2026Q1"), (d(2025, 12, 21), d(2026, 3, 20)))
        self.assertEqual(example.quarter_period("2026Q2"), (d(2026, 3, 21), d(2026, 6, 20)))
        self.assertEqual(example.quarter_period("2026q3"), (d(2026, 6, 21), d(2026, 9, 20)))
        self.assertEqual(example.quarter_period("2026Q4"), (d(2026, 9, 21), d(2026, 12, 20)))
        for bad in ["2026Q0", "2026Q5", "26Q1", "1999Q1", "2026-Q1", ""]:
            with self.assertRaises(ValueError, msg=bad):
                example.quarter_period(bad)

    def test_bad_flags(self) -> None:
        done = self.run_example("--quarter=2025Q5")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--quarter", done.stderr)
        done = self.run_example("--quarter=2025Q3", "--ca=ca.pem")
        self.assertEqual(done.returncode, 2)
        self.assertIn("--cert", done.stderr)


if __name__ == "__main__":
    unittest.main()
