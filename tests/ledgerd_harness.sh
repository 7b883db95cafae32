# Sourced by the shell tests that run the real ledgerd: start it on a free loopback port with a
# data directory, wait until it answers, and stop it by its PID (never by name).
#
#   source "$runfiles/tests/ledgerd_harness.sh"   # needs $ledgerd and $work set
#   start_ledgerd "$work/data" --dev_plaintext     # sets $server (127.0.0.1:PORT), $server_pid
#                                                  # and $http_server (127.0.0.1:HTTP_PORT)
#   stop_ledgerd                                   # SIGTERM; fails the test unless it stops cleanly
# A server still running when the script exits is killed (SIGKILL, by PID).

server_pid=""
server=""
http_server=""

fail() { echo "FAIL: $*" >&2; exit 1; }
ledgerd_harness_cleanup() { [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null || true; }
trap ledgerd_harness_cleanup EXIT

# start_ledgerd DATA_DIR FLAGS...: its log is $work/ledgerd.log.
start_ledgerd() {
  local data_dir="$1"
  shift
  rm -f "$work/port" "$work/http_port"
  # The HTTP port first, so that a test's own --http_listen wins.
  "$ledgerd" --http_listen=127.0.0.1:0 "$@" --listen=127.0.0.1:0 --data_dir="$data_dir" \
    --port_file="$work/port" --http_port_file="$work/http_port" >"$work/ledgerd.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do  # at most 10 s
    [[ -s "$work/port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || fail "ledgerd exited: $(cat "$work/ledgerd.log")"
    sleep 0.1
  done
  [[ -s "$work/port" ]] || fail "ledgerd did not report its port"
  server="127.0.0.1:$(cat "$work/port")"
  http_server=""
  [[ -s "$work/http_port" ]] && http_server="127.0.0.1:$(cat "$work/http_port")"
  [[ "$(cat "$work/http_port" 2>/dev/null)" != "0" ]] || http_server=""
}

stop_ledgerd() {
  kill -TERM "$server_pid"
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=""
  [[ $rc -eq 0 ]] || fail "ledgerd exited $rc on SIGTERM: $(cat "$work/ledgerd.log")"
  grep -q "stopped cleanly" "$work/ledgerd.log" || fail "no clean stop message"
}
