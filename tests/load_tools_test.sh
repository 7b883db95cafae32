#!/usr/bin/env bash
# The load tools against the real ledgerd: a small mixed load_gen run (writes, reads, retried
# request ids), a small batch_load run (linked create+disburse set-up, batches of repayments)
# and a small repay_load run must each end with their own ledger check passing, and a wrong flag must be a
# usage error (exit 2). The server is started on a free loopback port and stopped by its PID.
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
load_gen="$runfiles/tools/load_gen"
batch_load="$runfiles/tools/batch_load"
repay_load="$runfiles/tools/repay_load"
work="${TEST_TMPDIR:-$(mktemp -d)}/load_tools"
rm -rf "$work" && mkdir -p "$work"
source "$runfiles/tests/ledgerd_harness.sh"
start_ledgerd "$work/data" --dev_plaintext

"$load_gen" --server="$server" --clients=3 --operations=600 --seconds=30 \
  --read_percent=20 --retry_percent=10 --json="$work/report.json" >"$work/out.txt" 2>&1 ||
  fail "load_gen failed: $(cat "$work/out.txt")"
grep -q "ledger_check=ok" "$work/out.txt" || fail "no ledger_check=ok: $(cat "$work/out.txt")"
grep -q '"RecordRepayment"' "$work/report.json" || fail "no per-RPC figures in the JSON report"

# Two clients, each 300 loans and 3 batches of 250 repayments (a loan repaid several times).
"$batch_load" --server="$server" --clients=2 --loans=300 --batch=250 --batches=3 --json=true \
  >"$work/batch.json" 2>"$work/batch.err" || fail "batch_load failed: $(cat "$work/batch.err")"
grep -q '"repayments":1500,' "$work/batch.json" || fail "not 1500 repayments: $(cat "$work/batch.json")"
grep -q '"ledger_check":"ok"' "$work/batch.json" || fail "no ledger check: $(cat "$work/batch.json")"

# Two clients, 20 repayments each (tools/bench_compare.sh drives the same tool at scale).
"$repay_load" --server="$server" --clients=2 --repayments=20 >"$work/repay.txt" 2>&1 ||
  fail "repay_load failed: $(cat "$work/repay.txt")"
grep -q "repayments=40 errors=0 .*ledger_check=ok" "$work/repay.txt" ||
  fail "repay_load: $(cat "$work/repay.txt")"

for tool in "$load_gen" "$batch_load" "$repay_load"; do
  set +e
  "$tool" --server="$server" --clients=0 >"$work/usage.txt" 2>&1
  status=$?
  set -e
  [[ $status -eq 2 ]] || fail "$(basename "$tool") --clients=0 exited $status, not 2 (usage error)"
done

stop_ledgerd
echo "PASS"
