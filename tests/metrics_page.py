"""Checks ledgerd's /metrics page with the Prometheus project's own text-format parser.

Usage: metrics_page.py snapshot URL OUT.json     # parse the page, save its samples
       metrics_page.py compare BEFORE.json AFTER.json
       metrics_page.py counted BEFORE.json AFTER.json METHOD CODE N [CODE N ...]
The compare step asserts what the traffic between the two snapshots must have moved.
"""
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def fail(message: str) -> None:
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def snapshot(url: str, out: str) -> None:
    with urllib.request.urlopen(url, timeout=10) as response:
        if response.status != 200:
            fail(f"{url} answered {response.status}")
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith("text/plain; version=0.0.4"):
            fail(f"content type {content_type!r} is not Prometheus text 0.0.4")
        text = response.read().decode("utf-8")
    samples = {}
    types = {}
    # The parser raises on anything that is not valid exposition text.
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for sample in family.samples:
            key = sample.name + json.dumps(sorted(sample.labels.items()))
            if key in samples:
                fail(f"sample {key} appears twice")
            samples[key] = sample.value
    json.dump({"samples": samples, "types": types}, open(out, "w"))


def value(page: dict, name: str, **labels) -> float:
    return page["samples"].get(name + json.dumps(sorted(labels.items())), 0.0)


def compare(before_path: str, after_path: str) -> None:
    before = json.load(open(before_path))
    after = json.load(open(after_path))
    for name, kind in [("ledger_rpcs", "counter"), ("ledger_rpc_duration_seconds", "histogram"),
                       ("ledger_commit_commands", "histogram"),
                       ("ledger_commit_write_duration_seconds", "histogram"),
                       ("ledger_journal_entries", "gauge"), ("ledger_rocksdb_sst_bytes", "gauge"),
                       ("ledger_rocksdb_memtable_bytes", "gauge"), ("ledger_writable", "gauge"),
                       ("ledger_commit_queue_commands", "gauge")]:
        if after["types"].get(name) != kind:
            fail(f"{name} is {after['types'].get(name)!r}, expected {kind}")

    loans = "microloan.ledger.v1.LoanService/"

    def moved(name: str, by: float, **labels) -> None:
        delta = value(after, name, **labels) - value(before, name, **labels)
        if delta != by:
            fail(f"{name}{labels} moved by {delta}, expected {by}")

    moved("ledger_rpcs_total", 1, method=loans + "CreateLoan", code="OK")
    moved("ledger_rpcs_total", 2, method=loans + "DisburseLoan", code="OK")
    moved("ledger_rpcs_total", 1, method=loans + "GetLoan", code="OK")
    moved("ledger_rpcs_total", 1, method=loans + "GetLoan", code="NOT_FOUND")
    moved("ledger_rpcs_total", 1, method=loans + "DisburseLoan", code="FAILED_PRECONDITION")
    moved("ledger_rpc_duration_seconds_count", 2, method=loans + "DisburseLoan", code="OK")
    moved("ledger_refusals_total", 1, method=loans + "GetLoan", reason="LOAN_NOT_FOUND")
    moved("ledger_refusals_total", 1, method=loans + "DisburseLoan",
          reason="EXCEEDS_APPROVED_PRINCIPAL")
    moved("ledger_rpcs_total", 1, method="grpc.health.v1.Health/Check", code="OK")
    moved("ledger_rpcs_total", 1, method="unknown", code="UNIMPLEMENTED")
    for key in after["samples"]:
        if "no.Such" in key:
            fail(f"a client-chosen method name became a label: {key}")
    # A retried request id is answered from its record: no commit.
    moved("ledger_commit_commands_count", 2)
    moved("ledger_commit_entries_sum", 2)
    moved("ledger_journal_entries", 2)
    if value(after, "ledger_commit_write_duration_seconds_sum") <= \
            value(before, "ledger_commit_write_duration_seconds_sum"):
        fail("the commit write time did not grow")
    if value(after, "ledger_writable") != 1:
        fail("the ledger should be writable")
    if value(after, "ledger_rocksdb_memtable_bytes") <= 0:
        fail("the memtables hold the new entries")
    # Every call answered by the time of the scrape (over HTTP, not gRPC) has left the gauge.
    if value(after, "ledger_rpcs_in_flight") != 0:
        fail(f"{value(after, 'ledger_rpcs_in_flight')} calls still in flight")
    inf = value(after, "ledger_rpc_duration_seconds_bucket", method=loans + "GetLoan", code="OK",
                le="+Inf")
    count = value(after, "ledger_rpc_duration_seconds_count", method=loans + "GetLoan", code="OK")
    if inf != count or count < 1:
        fail(f"+Inf bucket {inf} differs from count {count}")
    print("metrics ok")


def counted(before_path: str, after_path: str, method: str, pairs: list) -> None:
    """ledger_rpcs_total{method, code} moved by exactly N for each CODE N given."""
    before = json.load(open(before_path))
    after = json.load(open(after_path))
    for code, n in zip(pairs[::2], pairs[1::2]):
        delta = (value(after, "ledger_rpcs_total", method=method, code=code) -
                 value(before, "ledger_rpcs_total", method=method, code=code))
        if delta != int(n):
            fail(f"{method} {code} counted {delta}, expected {n}")
    print("counted ok")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "counted":
        counted(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        fail(f"unknown step {sys.argv[1]}")
