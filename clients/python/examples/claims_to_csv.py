#!/usr/bin/python3
"""One settlement quarter's subsidy claims as CSV, for finance staff's spreadsheets.

    PYTHONPATH=$(bazel info bazel-bin)/clients/python:clients/python \\
        /usr/bin/python3 clients/python/examples/claims_to_csv.py \\
        --server=127.0.0.1:50051 --principal=finance --quarter=2025Q3 --out=claims.csv

Settlement quarters end on the 20th of March, June, September and December (banks settle
interest then), so 2025Q3 is 2025-06-21..2025-09-20 and 2025Q1 is 2024-12-21..2025-03-20, as in
tools/reconcile.

Filtering: ``SubsidyService.ListSubsidyClaims`` filters only by bank and state, so ``--bank``
and ``--state`` are applied by the server, and the quarter CLIENT-SIDE: a claim belongs to the
quarter when its period lies within the quarter's dates (a quarterly claim, or a monthly
product's claim for one month of it); a claim straddling two quarters is in neither.

One row per claim line, i.e. per claim and loan (listings carry no lines, so each claim of the
quarter is read with ``GetSubsidyClaim``): the claim's name, bank, the loan and its county, the
period, the amounts in yuan with exactly two decimals (claimed; the server's expected subsidy
and contract interest; approved, empty until approval), the claim's state and approval, and its
dates: submitted_on / decided_on (the commit dates of its journal entries, China Standard Time,
the ledger's calendar) and payment_date. ``--per_claim`` writes one row per claim with its
totals instead. Amounts are converted from integer fen as text, never through floats.

On failure it exits 1 with one line on stderr naming the gRPC code, the ledger's reason and
the field (e.g. ``claims_to_csv: error: PERMISSION_DENIED ... (field: bank_id): ...``); bad
flags exit 2. ``--out`` is written only once everything was read (no half files).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import re
import sys
import tempfile
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

try:
    import ledgerclient
    from ledgerclient import LedgerError, date_text, money_to_yuan
    from microloan.ledger.v1 import journal_pb2, subsidy_pb2, types_pb2
except ImportError as import_error:  # the generated modules are not on PYTHONPATH
    sys.exit(f"claims_to_csv: error: {import_error}; build //clients/python:ledgerclient and "
             "set PYTHONPATH (clients/python/README.md)")

CHINA_STANDARD_TIME = datetime.timezone(datetime.timedelta(hours=8))
STATES = {
    "submitted": subsidy_pb2.CLAIM_SUBMITTED,
    "approved": subsidy_pb2.CLAIM_APPROVED,
    "rejected": subsidy_pb2.CLAIM_REJECTED,
    "paid": subsidy_pb2.CLAIM_PAID,
}
STATE_NAMES = {value: name for name, value in STATES.items()}
APPROVALS = {subsidy_pb2.APPROVE_AS_CLAIMED: "as_claimed",
             subsidy_pb2.APPROVE_AS_COMPUTED: "as_computed"}

LINE_COLUMNS = [
    "claim", "bank_id", "claim_id", "loan", "county_code", "period_first_day",
    "period_last_day", "claimed_cny", "expected_cny", "interest_cny", "approved_cny", "state",
    "approval", "submitted_on", "decided_on", "payment_date", "payment_reference", "note",
]
CLAIM_COLUMNS = [
    "claim", "bank_id", "claim_id", "line_count", "period_first_day", "period_last_day",
    "claimed_cny", "expected_cny", "approved_cny", "paid_cny", "state", "approval",
    "submitted_on", "decided_on", "payment_date", "payment_reference", "rejection_reason",
]

_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")


def quarter_period(text: str) -> Tuple[datetime.date, datetime.date]:
    """The settlement period of "2025Q3": (2025-06-21, 2025-09-20); Q1 starts the December
    before. ValueError for anything else (years 2000..2199, as the ledger's dates)."""
    match = _QUARTER.match(text.strip())
    if not match or not 2000 <= int(match.group(1)) <= 2199:
        raise ValueError(f"not a quarter like 2025Q3: {text!r}")
    year, number = int(match.group(1)), int(match.group(2))
    last_month = 3 * number
    first = (datetime.date(year - 1, 12, 21) if number == 1
             else datetime.date(year, last_month - 3, 21))
    return first, datetime.date(year, last_month, 20)


def in_quarter(claim: subsidy_pb2.SubsidyClaim,
               quarter: Tuple[datetime.date, datetime.date]) -> bool:
    """True when the claim's whole period lies within the quarter."""
    try:
        first = ledgerclient.to_pydate(claim.period.first_day)
        last = ledgerclient.to_pydate(claim.period.last_day)
    except ValueError:
        return False
    return quarter[0] <= first and last <= quarter[1]


def _amount(money: "types_pb2.Money", present: bool = True) -> str:
    """Yuan text of an amount; "" when it does not apply yet (approved before approval)."""
    return money_to_yuan(money) if present else ""


class JournalDates:
    """Commit dates of journal entries, each entry read once (a claim's submission and its
    decision are separate entries; several lines of a claim share them)."""

    def __init__(self, client: ledgerclient.LedgerClient) -> None:
        self._client = client
        self._dates: Dict[int, str] = {}

    def of(self, sequence: int) -> str:
        """The entry's commit date in China Standard Time, "" for sequence 0 (none yet)."""
        if sequence == 0:
            return ""
        if sequence not in self._dates:
            entry = self._client.journal.GetEntry(journal_pb2.GetEntryRequest(sequence=sequence))
            when = entry.commit_time.ToDatetime(tzinfo=datetime.timezone.utc)
            self._dates[sequence] = when.astimezone(CHINA_STANDARD_TIME).date().isoformat()
        return self._dates[sequence]


def claim_rows(client: ledgerclient.LedgerClient, quarter: Tuple[datetime.date, datetime.date],
               bank_id: str = "", state: int = 0, per_claim: bool = False,
               page_size: int = 100) -> Iterable[List[str]]:
    """The CSV rows (without header) of the quarter's claims, in claim name order."""
    request = subsidy_pb2.ListSubsidyClaimsRequest(bank_id=bank_id, state=state)
    dates = JournalDates(client)
    for header in ledgerclient.paginate(client.subsidies.ListSubsidyClaims, request,
                                        page_size=page_size):
        if not in_quarter(header, quarter):
            continue
        approved = header.state in (subsidy_pb2.CLAIM_APPROVED, subsidy_pb2.CLAIM_PAID)
        common = {
            "claim": header.name,
            "bank_id": header.bank_id,
            "claim_id": header.claim_id,
            "period_first_day": date_text(header.period.first_day),
            "period_last_day": date_text(header.period.last_day),
            "state": STATE_NAMES.get(header.state, str(header.state)),
            "approval": APPROVALS.get(header.approval, ""),
            "submitted_on": dates.of(header.submitted_sequence),
            "decided_on": dates.of(header.decided_sequence),
            "payment_date": date_text(header.payment_date),
            "payment_reference": header.payment_reference,
        }
        if per_claim:
            row = dict(common, line_count=str(header.line_count),
                       claimed_cny=_amount(header.claimed_total),
                       expected_cny=_amount(header.expected_total),
                       approved_cny=_amount(header.approved_total, approved),
                       paid_cny=_amount(header.paid_total,
                                        header.state == subsidy_pb2.CLAIM_PAID),
                       rejection_reason=header.rejection_reason)
            yield [row[c] for c in CLAIM_COLUMNS]
            continue
        claim = client.subsidies.GetSubsidyClaim(
            subsidy_pb2.GetSubsidyClaimRequest(name=header.name))
        for line in claim.lines:
            row = dict(common, loan=line.loan, county_code=line.county_code,
                       claimed_cny=_amount(line.claimed), expected_cny=_amount(line.expected),
                       interest_cny=_amount(line.interest),
                       approved_cny=_amount(line.approved, approved), note=line.note)
            yield [row[c] for c in LINE_COLUMNS]


def write_csv(rows: Sequence[Sequence[str]], columns: Sequence[str], out: Optional[str]) -> None:
    """Writes header and rows to ``out`` (atomically, via a temporary file) or stdout."""
    text = io.StringIO()
    # CRLF, as RFC 4180 and ledgerctl write; it also makes the writer quote a lone CR.
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    if out is None:
        sys.stdout.write(text.getvalue())
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(prefix=".claims-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text.getvalue())
        # mkstemp makes the file owner-only; give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """The flags; argparse exits 2 with a usage line for bad ones."""
    parser = argparse.ArgumentParser(
        prog="claims_to_csv",
        description="One settlement quarter's subsidy claims from ledgerd as CSV.")
    parser.add_argument("--server", default="127.0.0.1:50051", help="ledgerd HOST:PORT")
    parser.add_argument("--quarter", required=True,
                        help="settlement quarter, e.g. 2025Q3 (2025-06-21..2025-09-20)")
    parser.add_argument("--out", help="CSV file to write (default: stdout)")
    parser.add_argument("--bank", default="", help="only this bank's claims (server-side)")
    parser.add_argument("--state", choices=sorted(STATES),
                        help="only claims in this state (server-side)")
    parser.add_argument("--per_claim", action="store_true",
                        help="one row per claim with its totals, not one per loan")
    parser.add_argument("--ca", help="mutual TLS: the CA certificate (PEM)")
    parser.add_argument("--cert", help="mutual TLS: your certificate (PEM)")
    parser.add_argument("--key", help="mutual TLS: your private key (PEM)")
    parser.add_argument("--principal", default="finance",
                        help="who you act as on a --dev_plaintext server (default finance)")
    parser.add_argument("--timeout_s", type=float, default=30, help="deadline of each call")
    args = parser.parse_args(argv)
    try:
        args.period = quarter_period(args.quarter)
    except ValueError as e:
        parser.error(f"--quarter: {e}")
    if any((args.ca, args.cert, args.key)) and not all((args.ca, args.cert, args.key)):
        parser.error("mutual TLS needs all of --ca, --cert and --key")
    if args.timeout_s <= 0:
        parser.error("--timeout_s must be positive")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the export; returns the exit code (0, or 1 after a one-line error)."""
    args = parse_args(argv)
    try:
        with ledgerclient.connect(args.server, ca=args.ca, cert=args.cert, key=args.key,
                                  principal=args.principal,
                                  timeout_s=args.timeout_s) as client:
            rows = list(claim_rows(client, args.period, bank_id=args.bank,
                                   state=STATES.get(args.state, 0),
                                   per_claim=args.per_claim))
        write_csv(rows, CLAIM_COLUMNS if args.per_claim else LINE_COLUMNS, args.out)
    except LedgerError as e:
        print(f"claims_to_csv: error: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError, RuntimeError) as e:
        print(f"claims_to_csv: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
