#!/usr/bin/env bash
# ledgerd's operations surface over real loopback ports: the /metrics page parses with the
# Prometheus project's own parser and its counters move with traffic; every RPC leaves one
# JSON log line with its principal and request id (with --log_requests=errors only the failed
# ones, while metrics still count every call).
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
ledgerctl="$runfiles/clients/ledgerctl/ledgerctl"
metrics_page="$runfiles/tests/metrics_page.py"
work="${TEST_TMPDIR:-$(mktemp -d)}/metrics"
rm -rf "$work" && mkdir -p "$work"
source "$runfiles/tests/ledgerd_harness.sh"
python=/usr/bin/python3  # Debian's, with python3-prometheus-client

start_ledgerd "$work/data" --dev_plaintext
[[ -n "$http_server" ]] || fail "no HTTP port"
ctl() { "$ledgerctl" --server="$server" --principal=bank:B001 "$@"; }

"$python" "$metrics_page" snapshot "http://$http_server/metrics" "$work/before.json"

loan=banks/B001/loans/L-1
ctl create --bank=B001 --loan=L-1 --borrower=BR-7 --county=370281 --principal_amount=100000 \
  --rate_bps=435 --term_months=24 --contract_date=2024-01-10 --request_id=metrics-c1 >/dev/null
ctl disburse --loan=$loan --amount=60000 --value_date=2024-01-15 --request_id=metrics-d1 >/dev/null
ctl disburse --loan=$loan --amount=60000 --value_date=2024-01-15 --request_id=metrics-d1 >/dev/null
ctl get --loan=$loan >/dev/null
ctl get --loan=banks/B001/loans/NOPE >/dev/null 2>&1 && fail "an unknown loan was found"
ctl disburse --loan=$loan --amount=60000 --value_date=2024-01-16 --request_id=metrics-d2 \
  >/dev/null 2>&1 && fail "disbursing beyond the approved principal succeeded"

# gRPC's health service (its requests are raw bytes to an interceptor) and a path no service
# has, chosen by the client: both answered, and the unknown path is labelled "unknown".
"$python" - "$server" <<'PY'
import sys, grpc
channel = grpc.insecure_channel(sys.argv[1])
# An empty HealthCheckRequest; the answer is status SERVING (field 1 = 1).
assert channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=5) == b"\x08\x01"
try:
    channel.unary_unary("/no.Such/Method")(b"", timeout=5)
    raise SystemExit("an unknown method answered")
except grpc.RpcError as e:
    assert e.code() == grpc.StatusCode.UNIMPLEMENTED, e
PY
"$python" "$metrics_page" snapshot "http://$http_server/metrics" "$work/after.json"
"$python" "$metrics_page" compare "$work/before.json" "$work/after.json"

# One JSON object per line on stderr; the RPC lines carry method, principal and request id.
"$python" - "$work/ledgerd.log" <<'PY'
import json, sys
rpcs = []
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue  # the plain start-up banner and warning
    entry = json.loads(line)  # raises on a malformed line
    for key in ("ts", "level", "event"):
        assert key in entry, (key, line)
    if entry["event"] == "rpc":
        rpcs.append(entry)
created = [e for e in rpcs if e["method"].endswith("/CreateLoan")]
assert len(created) == 1, created
assert created[0]["principal"] == "bank:B001" and created[0]["request_id"] == "metrics-c1", created
assert created[0]["code"] == "OK" and created[0]["latency_us"] >= 0, created
missing = [e for e in rpcs if e["method"].endswith("/GetLoan") and e["code"] == "NOT_FOUND"]
assert len(missing) == 1 and missing[0]["reason"] == "LOAN_NOT_FOUND", missing
assert missing[0]["field"] == "name", missing
started = [json.loads(l) for l in open(sys.argv[1]) if '"event":"started"' in l]
assert len(started) == 1 and started[0]["grpc_port"] > 0 and started[0]["http_port"] > 0
print("logs ok:", len(rpcs), "rpc lines")
PY

# The HTTP port answers only what it serves.
code=$("$python" -c "
import urllib.request, urllib.error
try:
    urllib.request.urlopen('http://$http_server/no-such-page', timeout=5)
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)")
[[ "$code" == 404 ]] || fail "an unknown HTTP path answered $code"

stop_ledgerd
grep -q '"event":"stopped"' "$work/ledgerd.log" || fail "no JSON stop line"

# --log_requests=errors: the NOT_FOUND call is logged, the OK one is not, both are counted.
start_ledgerd "$work/data" --dev_plaintext --log_requests=errors
"$python" "$metrics_page" snapshot "http://$http_server/metrics" "$work/before_errors.json"
ctl get --loan=$loan >/dev/null
ctl get --loan=banks/B001/loans/NOPE >/dev/null 2>&1 && fail "an unknown loan was found"
"$python" "$metrics_page" snapshot "http://$http_server/metrics" "$work/after_errors.json"
stop_ledgerd
[[ $(grep -c '"event":"rpc"' "$work/ledgerd.log") == 1 ]] ||
  fail "not exactly one rpc line: $(grep '"event":"rpc"' "$work/ledgerd.log")"
grep '"event":"rpc"' "$work/ledgerd.log" | grep -q '"code":"NOT_FOUND"' ||
  fail "the one rpc line is not the failed call"
"$python" "$metrics_page" counted "$work/before_errors.json" "$work/after_errors.json" \
  microloan.ledger.v1.LoanService/GetLoan OK 1 NOT_FOUND 1
echo "PASS"
