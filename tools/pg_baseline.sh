#!/usr/bin/env bash
# PostgreSQL baseline for durable loan repayments: "what if the ledger were just a table in
# PostgreSQL?". Used to put our ledger service's repay throughput and latency in context.
# A benchmarking tool, not a test; not run in CI.
#
# What it measures: throughput (tps) and exact per-transaction latency (p50/p90/p99/max, from
# pgbench's per-transaction log) of one durable 1-fen repayment per transaction, for each client
# count, with every client repaying its own loan.
#
# Guarantees the PostgreSQL side gives (same as our ledger; see tools/pg_baseline/schema.sql):
#   * durable on return: fsync=on, synchronous_commit=on, full_page_writes=on (printed from the
#     running server, together with wal_sync_method, which is left at its default);
#   * balance can never go negative (CHECK constraint);
#   * exactly-once per request_id: UNIQUE constraint + repay() returns the original sequence on
#     replay, also for two concurrent identical requests (self-tested before the runs);
#   * a gap-free sha256 hash chain over the journal, serialised by locking the single head row,
#     exactly as a single-writer ledger orders commits.
# After each run it checks the chain from genesis (independently, in python3), that the journal
# holds exactly pgbench's processed transactions, and that every balance = initial - its rows.
#
# It starts its own throwaway cluster (temp dir, 127.0.0.1 on a free port, unix socket in the
# temp dir), stops it by its data dir / PID on exit and deletes the temp dir unless --keep.
# PostgreSQL refuses to run as root, so the server and its clients run as the `postgres` user.
#
# Usage (as root, or as a user that can run PostgreSQL; installs postgresql-15 if missing):
#   tools/pg_baseline.sh [--clients "1 4 16 64"] [--seconds 10] [--json FILE] [--keep]
#                        [--unix] [--set name=value]...
#   --json FILE   also write one JSON object per client count, one per line
#   --keep        keep the temp dir (data dir, server log, pgbench logs) for inspection
#   --unix        connect pgbench over the unix socket instead of TCP 127.0.0.1
#   --set k=v     extra postgresql.conf setting, e.g. --set commit_delay=10 (reported in output)
# The temp dir is created under $TMPDIR (default /tmp); it must be on a real disk, not tmpfs.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SQL_DIR="$HERE/pg_baseline"
INITIAL_BALANCE=1000000000000  # fen per loan; far more than any run can repay

clients="1 4 16 64"
seconds=10
json=""
keep=0
use_unix=0
extra_settings=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "pg_baseline: $*" >&2; exit 1; }

while (($#)); do
  case "$1" in
    --clients) clients="${2:?}"; shift 2 ;;
    --seconds) seconds="${2:?}"; shift 2 ;;
    --json) json="${2:?}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --unix) use_unix=1; shift ;;
    --set) [[ "${2:-}" == *=* ]] || die "--set needs name=value"; extra_settings+=("$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "--seconds must be a positive integer"
for n in $clients; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "bad client count: $n"; done
[[ -n "${clients// /}" ]] || die "--clients is empty"
if [[ -n "$json" ]]; then
  json="$(cd "$(dirname "$json")" && pwd)/$(basename "$json")"  # we cd into the temp dir later
  : >"$json"
fi

# --- PostgreSQL 15, installed only if missing --------------------------------------------------
if ! command -v "$PG_BIN/initdb" >/dev/null; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "PostgreSQL 15 missing; run as root to install it"
    sudo="sudo"
  fi
  echo "pg_baseline: installing postgresql-15" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q postgresql-15 postgresql-contrib
fi
command -v python3 >/dev/null || die "python3 is required"

# As root, run every PostgreSQL program as `postgres` (initdb/postgres refuse root).
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  as_pg() { runuser -u postgres -- "$@"; }
  owner=postgres
else
  as_pg() { "$@"; }
  owner="$(id -un)"
fi

# --- private cluster -----------------------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pg_baseline.XXXXXX")"
data="$tmp/data"
server_pid=""
bench_pid=""

cleanup() {
  local rc=$?
  set +e
  if [[ -n "$bench_pid" ]]; then
    kill -TERM "$bench_pid" 2>/dev/null
    wait "$bench_pid" 2>/dev/null
  fi
  if [[ -f "$data/postmaster.pid" ]]; then
    as_pg "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null 2>&1
    # pg_ctl stops the postmaster named in postmaster.pid; if that failed, signal the PID we
    # started ourselves (never anything found by name).
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
      kill -TERM "$server_pid" 2>/dev/null
    fi
  fi
  cd /
  if ((keep)); then
    echo "pg_baseline: kept $tmp (server log: $tmp/server.log)" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chown "$owner" "$tmp"
chmod 700 "$tmp"
cd "$tmp"  # the postgres user may not be able to read the caller's working directory
cp "$SQL_DIR"/{schema,reset,repay,selftest}.sql "$tmp/"
chown "$owner" "$tmp"/*.sql

fstype="$(df --output=fstype "$tmp" | tail -n1 | tr -d " ")"
[[ "$fstype" != tmpfs && "$fstype" != ramfs ]] ||
  die "$tmp is on $fstype: fsync would be free and the baseline meaningless; set TMPDIR to a real disk"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# Locale C / UTF8: byte-wise text comparison, like our ledger's keys; no locale-dependent cost.
as_pg "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; die "initdb failed"; }

# Durability settings are written explicitly even where they equal the defaults, so a stray
# ALTER SYSTEM or distro default cannot silently weaken the baseline.
settings=(
  "listen_addresses='127.0.0.1'"
  "port=$port"
  "unix_socket_directories='$tmp'"
  # durability: every repay() is on disk before it returns
  "fsync=on"
  "synchronous_commit=on"
  "full_page_writes=on"
  # wal_sync_method: left at the platform default (fdatasync on Linux); printed below
  # group commit: the default (off); try e.g. --set commit_delay=20 --set commit_siblings=5
  "commit_delay=0"
  # tuning a fair DBA would do for a small, write-heavy OLTP table
  "shared_buffers=256MB"
  "max_connections=200"
  "wal_buffers=16MB"
  "max_wal_size=4GB"           # no size-triggered checkpoint in the middle of a run
  "checkpoint_timeout=30min"   # ... nor a timed one; each run starts right after a CHECKPOINT
  "jit=off"                    # single-row statements never benefit from JIT
  "logging_collector=off"
)
for kv in "${extra_settings[@]}"; do settings+=("$kv"); done
{
  echo "# --- pg_baseline.sh ---"
  for s in "${settings[@]}"; do echo "$s"; done
} >>"$data/postgresql.conf"

as_pg "$PG_BIN/pg_ctl" start -D "$data" -l "$tmp/server.log" -w -t 60 >/dev/null ||
  { cat "$tmp/server.log" >&2; die "server did not start"; }
server_pid="$(head -n1 "$data/postmaster.pid")"

conn_host=127.0.0.1
((use_unix)) && conn_host="$tmp"
psql_q() {  # psql_q [psql args...]: quiet, unaligned, stop on the first error
  as_pg psql -X -q -At -v ON_ERROR_STOP=1 -h "$conn_host" -p "$port" -U postgres -d postgres "$@"
}

psql_q -f "$tmp/schema.sql" >/dev/null
reset_ledger() {  # reset_ledger NLOANS BALANCE
  psql_q -v nloans="$1" -v balance="$2" -f "$tmp/reset.sql" >/dev/null
}

# --- machine and settings ------------------------------------------------------------------------
cpu_model="$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "# PostgreSQL baseline: durable loan repayments (tools/pg_baseline.sh)"
echo "machine: nproc=$(nproc) cpu='${cpu_model:-unknown}' mem=$(awk '/MemTotal/ {printf "%.1fGiB", $2/1048576}' /proc/meminfo)"
echo "postgres: $(psql_q -c 'SELECT version()')"
echo "data dir: $data ($fstype on $(df --output=source "$tmp" | tail -n1)), server pid $server_pid, port $port"
echo "settings (from the running server):"
psql_q -F ' = ' -v extra="$(IFS=,; echo "${extra_settings[*]:-}")" <<'SQL' | sed 's/^/  /'
  SELECT name, current_setting(name) FROM pg_settings
  WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method',
                 'commit_delay', 'commit_siblings', 'shared_buffers', 'wal_buffers',
                 'max_connections', 'max_wal_size', 'checkpoint_timeout', 'wal_level',
                 'data_checksums', 'jit', 'default_transaction_isolation')
     OR name IN (SELECT split_part(x, '=', 1) FROM unnest(string_to_array(:'extra', ',')) x)
  ORDER BY name;
SQL
echo "workload: pgbench -M prepared over $( ((use_unix)) && echo "unix socket" || echo "TCP 127.0.0.1"), one repay(1 fen) per transaction, client i -> loan-i, ${seconds}s per client count, READ COMMITTED"

# --- guarantees self-test ------------------------------------------------------------------------
reset_ledger 1 100
psql_q -f "$tmp/selftest.sql" >/dev/null
# Two sessions, same request_id, overlapping: A applies it and holds its transaction open; B
# must wait for A, then see the replay (same sequence, no second effect).
reset_ledger 1 100
as_pg psql -X -q -At -v ON_ERROR_STOP=1 -h "$conn_host" -p "$port" -U postgres -d postgres \
  -c "SET application_name = 'pg_baseline_dup_a'" \
  -c "BEGIN" -c "SELECT repay('dup', 'loan-0', 7)" -c "SELECT pg_sleep(1.5)" -c "COMMIT" \
  >"$tmp/dup_a.out" &
dup_a_pid=$!
for _ in $(seq 100); do
  [[ "$(psql_q -c "SELECT count(*) FROM pg_stat_activity
                   WHERE application_name = 'pg_baseline_dup_a' AND wait_event = 'PgSleep'")" == 1 ]] && break
  sleep 0.05
done
dup_start=$(date +%s%N)
dup_b="$(psql_q -c "SELECT repay('dup', 'loan-0', 7)")"
dup_waited_ms=$(( ($(date +%s%N) - dup_start) / 1000000 ))
wait "$dup_a_pid" || die "self-test: session A failed"
dup_a="$(grep -v '^$' "$tmp/dup_a.out" | head -n1)"
dup_state="$(psql_q -c "SELECT count(*), (SELECT outstanding_fen FROM loans) FROM journal WHERE request_id = 'dup'")"
[[ "$dup_a" == 1 && "$dup_b" == 1 && "$dup_state" == "1|93" && $dup_waited_ms -ge 500 ]] ||
  die "self-test: concurrent duplicate request_id: A=$dup_a B=$dup_b (waited ${dup_waited_ms}ms) rows|balance=$dup_state"
echo "selftest=ok (replay, reused id with another payload refused, overpayment/zero/unknown loan refused, concurrent duplicate id applied once; B waited ${dup_waited_ms}ms for A)"

# --- runs ----------------------------------------------------------------------------------------
results=()
run_one() {
  local n=$1 jobs=$(( $1 < 2 ? $1 : 2 )) out="$tmp/pgbench_$1.out" prefix="$tmp/txlog_$1"
  reset_ledger "$n" "$INITIAL_BALANCE"
  # WAL fsyncs per transaction show whether commits shared a flush (group commit) or not.
  psql_q -c "SELECT pg_stat_reset_shared('wal')" >/dev/null

  # In the background so that an INT/TERM trap runs at once (bash defers traps while a
  # foreground child runs); cleanup stops it by this PID.
  local rc=0
  as_pg "$PG_BIN/pgbench" -n -M prepared -h "$conn_host" -p "$port" -U postgres \
    -c "$n" -j "$jobs" -T "$seconds" -D n=0 -f "$tmp/repay.sql" -r -l --log-prefix="$prefix" \
    postgres >"$out" 2>&1 &
  bench_pid=$!
  wait "$bench_pid" || rc=$?
  bench_pid=""
  sed 's/^/  | /' "$out"
  ((rc == 0)) || die "pgbench exited with $rc for $n clients"

  local processed failed tps
  processed="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")"
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")"
  [[ -n "$processed" && -n "$tps" ]] || die "could not parse pgbench output ($out)"
  [[ "${failed:-0}" == 0 ]] || die "$failed failed transactions with $n clients"

  # Post-run checks: the journal is exactly what pgbench says it committed, no more, no less.
  local counts
  counts="$(psql_q -F ' ' -c "
    SELECT (SELECT count(*) FROM journal),
           (SELECT count(DISTINCT request_id) FROM journal),
           (SELECT count(*) FROM loans l
              WHERE l.outstanding_fen <> $INITIAL_BALANCE
                    - (SELECT coalesce(sum(amount_fen), 0) FROM journal j WHERE j.loan_id = l.loan_id)
                 OR $INITIAL_BALANCE - l.outstanding_fen
                    <> (SELECT count(*) FROM journal j WHERE j.loan_id = l.loan_id)),
           (SELECT count(*) FROM journal j WHERE NOT EXISTS (SELECT 1 FROM loans l WHERE l.loan_id = j.loan_id))")"
  local rows distinct bad_loans orphans
  read -r rows distinct bad_loans orphans <<<"$counts"
  [[ "$rows" == "$processed" ]] || die "journal has $rows rows but pgbench processed $processed ($n clients)"
  [[ "$distinct" == "$rows" ]] || die "duplicate request_ids in journal ($distinct distinct of $rows)"
  [[ "$bad_loans" == 0 && "$orphans" == 0 ]] ||
    die "balances disagree with the journal: $bad_loans loans off, $orphans rows for unknown loans"

  local head chain
  head="$(psql_q -F ' ' -c "SELECT sequence, encode(hash, 'hex') FROM head")"
  # shellcheck disable=SC2086  # $head is two words on purpose: sequence and hash
  chain="$(psql_q -c "COPY (SELECT sequence, encode(prev_hash, 'hex'), encode(hash, 'hex'),
                                   encode(convert_to(request_id, 'UTF8'), 'hex'),
                                   encode(convert_to(loan_id, 'UTF8'), 'hex'),
                                   amount_fen, epoch_micros(commit_time)
                            FROM journal ORDER BY sequence) TO STDOUT" |
           python3 "$SQL_DIR/verify_chain.py" $head)" || { echo "$chain"; die "hash chain broken ($n clients)"; }
  echo "  $chain balances=ok journal_rows=$rows=pgbench_processed"
  psql_q -c "SELECT format('  wal: %s fsyncs (%s per transaction), %s bytes/transaction, %s full-page images',
                           wal_sync, round(wal_sync::numeric / $rows, 3),
                           round(wal_bytes / $rows), wal_fpi) FROM pg_stat_wal"

  # Exact latency percentiles (nearest rank) over every transaction in pgbench's log;
  # field 3 is the transaction's latency in microseconds.
  local lat
  lat="$(cat "$prefix".* | python3 -c '
import math, sys
lat = sorted(int(f[2]) for f in (l.split() for l in sys.stdin) if f[2].isdigit())
if not lat:
    sys.exit("no transactions logged")
pct = lambda p: lat[max(0, math.ceil(p / 100 * len(lat)) - 1)] / 1000
print(len(lat), "%.3f %.3f %.3f %.3f" % (pct(50), pct(90), pct(99), lat[-1] / 1000))
')"
  local logged p50 p90 p99 max
  read -r logged p50 p90 p99 max <<<"$lat"
  [[ "$logged" == "$processed" ]] || die "pgbench logged $logged transactions but reported $processed"

  local row
  row="$(printf '%7d %10.1f %8s %8s %8s %8s %12d' "$n" "$tps" "$p50" "$p90" "$p99" "$max" "$processed")"
  results+=("$row")
  echo "$row"
  if [[ -n "$json" ]]; then
    printf '{"clients":%d,"tps":%.1f,"p50_ms":%s,"p90_ms":%s,"p99_ms":%s,"max_ms":%s,"transactions":%d}\n' \
      "$n" "$tps" "$p50" "$p90" "$p99" "$max" "$processed" >>"$json"
  fi
}

header="$(printf '%7s %10s %8s %8s %8s %8s %12s' clients tps p50_ms p90_ms p99_ms max_ms transactions)"
for n in $clients; do
  echo
  echo "## $n clients, ${seconds}s"
  echo "$header"
  run_one "$n"
done

echo
durability="$(psql_q -c "SELECT format('fsync=%s synchronous_commit=%s full_page_writes=%s wal_sync_method=%s commit_delay=%s',
                                       current_setting('fsync'), current_setting('synchronous_commit'),
                                       current_setting('full_page_writes'), current_setting('wal_sync_method'),
                                       current_setting('commit_delay'))")"
[[ "$durability" == "fsync=on synchronous_commit=on full_page_writes=on "* ]] ||
  durability="NOT DURABLE, overridden with --set: $durability"
echo "## summary ($durability)"
echo "$header"
printf '%s\n' "${results[@]}"
[[ -z "$json" ]] || echo "json: $json"
