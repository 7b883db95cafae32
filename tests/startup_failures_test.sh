#!/usr/bin/env bash
# ledgerd's start-up failures: each exits non-zero, at once, with a message that says what is
# wrong: the port is taken (by another ledgerd: gRPC's default SO_REUSEPORT would otherwise let
# both listen and split the calls), the data directory is locked by another server, a TLS file
# cannot be read, the data directory cannot be created. Servers bind 127.0.0.1 and are stopped
# by their PID.
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
work="${TEST_TMPDIR:-$(mktemp -d)}/startup_failures"
rm -rf "$work" && mkdir -p "$work"
source "$runfiles/tests/ledgerd_harness.sh"
start_ledgerd "$work/first" --dev_plaintext
port="$(cat "$work/port")"

# Runs ledgerd with "$@" (bounded: a server that starts anyway is killed after 10 s) and
# checks that it exited with $status (2: a usage error, 1: a start that cannot work) and a
# message matching $expected.
expect_failure() {
  local what="$1" status="$2" expected="$3"
  shift 3
  local rc=0
  timeout 10 "$ledgerd" "$@" >"$work/out" 2>&1 || rc=$?
  [[ $rc -eq $status ]] || fail "$what: ledgerd exited $rc, not $status: $(cat "$work/out")"
  grep -q -- "$expected" "$work/out" || fail "$what: no message matching '$expected': $(cat "$work/out")"
  echo "ok: $what: $(grep -- "$expected" "$work/out" | head -1)"
}

expect_failure "port taken" 1 "cannot listen on 127.0.0.1:$port" \
  --dev_plaintext --listen="127.0.0.1:$port" --http_listen= --data_dir="$work/second"
http_port="${http_server##*:}"
[[ -n "$http_port" ]] || fail "the first ledgerd has no HTTP port"
expect_failure "HTTP port taken" 1 "cannot listen on 127.0.0.1:$http_port for HTTP" \
  --dev_plaintext --listen=127.0.0.1:0 --http_listen="127.0.0.1:$http_port" \
  --data_dir="$work/fourth"
expect_failure "unknown flag" 2 "unknown flag --colour" --dev_plaintext --colour=blue
echo "not a setting" >"$work/bad.conf"
expect_failure "bad config file line" 2 "bad.conf:1: expected \`name = value\`" \
  --config="$work/bad.conf" --dev_plaintext
printf 'listen = 127.0.0.1:%s\ndev_plaintext = true\nhttp_listen =\ndata_dir = %s\n' \
  "$port" "$work/fifth" >"$work/ledgerd.conf"
expect_failure "port taken, from a config file" 1 "cannot listen on 127.0.0.1:$port" \
  --config="$work/ledgerd.conf"
expect_failure "data directory locked" 1 "another ledgerd using this data directory" \
  --dev_plaintext --listen=127.0.0.1:0 --http_listen= --data_dir="$work/first"
expect_failure "unreadable certificate" 1 "cannot read TLS certificate file $work/missing.pem" \
  --listen=127.0.0.1:0 --http_listen= --data_dir="$work/third" --tls_cert="$work/missing.pem" \
  --tls_key="$work/missing.key" --tls_client_ca="$work/missing-ca.pem"
touch "$work/a_file"
expect_failure "data directory cannot be created" 1 "data directory" \
  --dev_plaintext --listen=127.0.0.1:0 --http_listen= --data_dir="$work/a_file/data"

# The first server was never disturbed.
kill -0 "$server_pid" || fail "the first ledgerd died"
stop_ledgerd
echo "PASS"
