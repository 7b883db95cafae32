#!/usr/bin/env bash
# The side-by-side table of docs/BENCHMARKS.md: durable repayments per second of this ledger
# (one call per repayment, and BatchService batches) against the PostgreSQL baseline
# (tools/pg_baseline.sh), for 1, 4, 16 and 64 clients, all in one run on one machine, with the
# ratios computed from that run. A benchmarking tool, not a test; not run in CI.
#
#   tools/bench_compare.sh [--clients "1 4 16 64"] [--out DIR] [--skip-pg]
#
# It builds ledgerd and the load tools with -c opt, starts ledgerd on 127.0.0.1 (a free port,
# development plaintext, a fresh data directory under --out) and stops it by its PID at the
# end; the PostgreSQL baseline starts and stops its own server the same way.
#   unary: tools/repay_load, N clients, each its own loan, 8,000 repayments in all;
#   batch: tools/batch_load, N clients, each a batch of min(8000, 64000/N) repayments over as
#          many of its own loans, 64,000 repayments in all;
#   PostgreSQL: tools/pg_baseline.sh, N pgbench clients, 10 s.
# Every tool checks afterwards that each acknowledged repayment is in its ledger exactly once.
set -euo pipefail

clients="1 4 16 64"
out="/tmp/bench_compare"
skip_pg=0
while (($#)); do
  case "$1" in
    --clients) clients="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --skip-pg) skip_pg=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench_compare: unknown argument: $1" >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bazel build -c opt //ledger/server:ledgerd //tools:repay_load //tools:batch_load >&2
# bazel-bin follows the last build's configuration; the opt outputs stay here.
bin="bazel-out/k8-opt/bin"

# Only ever delete a directory this script made.
if [[ -e "$out" && ! -e "$out/.bench_compare" ]]; then
  echo "bench_compare: $out exists and is not an earlier bench_compare output; give --out" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$out"
touch "$out/.bench_compare"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

"$bin/ledger/server/ledgerd" --dev_plaintext --listen=127.0.0.1:0 --http_listen= \
  --data_dir="$out/data" --port_file="$out/port" >"$out/ledgerd.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [[ -s "$out/port" ]] && break; sleep 0.1; done
[[ -s "$out/port" ]] || { echo "bench_compare: ledgerd did not start" >&2; exit 1; }
server="127.0.0.1:$(cat "$out/port")"

echo "machine: nproc=$(nproc) cpu='$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)'" \
  "mem=$(free -g | awk '/Mem:/{print $2}')GiB disk=$(df -h "$out" | awk 'NR==2{print $1}')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

: >"$out/ledger.jsonl"
for n in $clients; do
  per_client=$(((8000 + n - 1) / n))
  unary=$("$bin/tools/repay_load" --server="$server" --clients="$n" --repayments="$per_client")
  echo "unary  $unary"
  batch_size=$((64000 / n)); ((batch_size > 8000)) && batch_size=8000
  batches=$((64000 / (n * batch_size)))
  batch=$("$bin/tools/batch_load" --server="$server" --clients="$n" --batch="$batch_size" \
    --batches="$batches" --loans="$batch_size" --json=true)
  echo "batch  $batch"
  python3 - "$n" "$unary" "$batch" >>"$out/ledger.jsonl" <<'PY'
import json, re, sys
n, unary, batch = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
fields = dict(re.findall(r"(\w+)=([\w.]+)", unary))
ok = fields["ledger_check"] == "ok" and batch["ledger_check"] == "ok"
print(json.dumps({"clients": n, "unary_per_s": float(fields["throughput"]),
                  "unary_p50_ms": float(fields["p50"]), "unary_p99_ms": float(fields["p99"]),
                  "batch_per_s": batch["repayments_per_s"], "batch_size": batch["batch"],
                  "batch_p99_ms": batch["batch_p99_ms"], "checks": "ok" if ok else "FAILED"}))
PY
done
rss_kib=$(awk '/VmHWM/{print $2}' "/proc/$server_pid/status")
stop_server
echo "ledgerd peak RSS: $((rss_kib / 1024)) MiB; data directory: $(du -sh "$out/data" | cut -f1)"

if ((skip_pg)); then
  : >"$out/pg.jsonl"
else
  tools/pg_baseline.sh --clients "$clients" --seconds 10 --json "$out/pg.jsonl" >"$out/pg.log"
  sed -n '/^## summary/,$p' "$out/pg.log"
fi

python3 - "$out/ledger.jsonl" "$out/pg.jsonl" <<'PY'
import json, sys
ledger = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pg = {r["clients"]: r for r in (json.loads(l) for l in open(sys.argv[2]) if l.strip())}
best_pg = max((r["tps"] for r in pg.values()), default=0)
print()
print("| clients | unary/s | unary p50 | unary p99 | batch/s (size) | batch p99 | PostgreSQL/s "
      "| PostgreSQL p99 | unary ÷ PG | batch ÷ PG | checks |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in ledger:
    p = pg.get(r["clients"])
    ratio = lambda x: f"{x / p['tps']:.1f}x" if p else "-"
    print(f"| {r['clients']} | {r['unary_per_s']:,.0f} | {r['unary_p50_ms']:.2f} ms "
          f"| {r['unary_p99_ms']:.2f} ms | {r['batch_per_s']:,.0f} ({r['batch_size']}) "
          f"| {r['batch_p99_ms']:,.0f} ms | {p['tps']:,.0f} | {p['p99_ms']:.1f} ms | "
          f"{ratio(r['unary_per_s'])} | {ratio(r['batch_per_s'])} | {r['checks']} |"
          if p else
          f"| {r['clients']} | {r['unary_per_s']:,.0f} | {r['unary_p50_ms']:.2f} ms "
          f"| {r['unary_p99_ms']:.2f} ms | {r['batch_per_s']:,.0f} ({r['batch_size']}) "
          f"| {r['batch_p99_ms']:,.0f} ms | - | - | - | - | {r['checks']} |")
if best_pg:
    best_unary = max(r["unary_per_s"] for r in ledger)
    best_batch = max(r["batch_per_s"] for r in ledger)
    print(f"\nbest: unary {best_unary:,.0f}/s = {best_unary / best_pg:.1f}x PostgreSQL's best "
          f"({best_pg:,.0f}/s); batch {best_batch:,.0f}/s = {best_batch / best_pg:.1f}x")
PY
