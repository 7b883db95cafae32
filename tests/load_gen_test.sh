#!/usr/bin/env bash
# The load generator against the real ledgerd: a small mixed run (writes, reads, retried
# request ids) must end with its own ledger check passing, and a wrong flag must be a usage
# error (exit 2). The server is started on a free loopback port and stopped by its PID.
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
load_gen="$runfiles/tools/load_gen"
work="${TEST_TMPDIR:-$(mktemp -d)}/load_gen"
rm -rf "$work" && mkdir -p "$work"
server_pid=""

fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() { [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

"$ledgerd" --dev_plaintext --listen=127.0.0.1:0 --data_dir="$work/data" \
  --port_file="$work/port" >"$work/ledgerd.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do  # at most 10 s
  [[ -s "$work/port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "ledgerd exited: $(cat "$work/ledgerd.log")"
  sleep 0.1
done
[[ -s "$work/port" ]] || fail "ledgerd did not report its port"
server="127.0.0.1:$(cat "$work/port")"

"$load_gen" --server="$server" --clients=3 --operations=600 --seconds=30 \
  --read_percent=20 --retry_percent=10 --json="$work/report.json" >"$work/out.txt" 2>&1 ||
  fail "load_gen failed: $(cat "$work/out.txt")"
grep -q "ledger_check=ok" "$work/out.txt" || fail "no ledger_check=ok: $(cat "$work/out.txt")"
grep -q '"RecordRepayment"' "$work/report.json" || fail "no per-RPC figures in the JSON report"

set +e
"$load_gen" --server="$server" --clients=0 >"$work/usage.txt" 2>&1
status=$?
set -e
[[ $status -eq 2 ]] || fail "--clients=0 exited $status, not 2 (usage error)"

kill -TERM "$server_pid" && wait "$server_pid" || true
server_pid=""
echo "PASS"
