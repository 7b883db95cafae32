#!/usr/bin/env bash
# The Python client and its example against the real ledgerd: first a --dev_plaintext server
# (the unit tests, loans, idempotency, paging, errors, subsidy claims and the example's CSV),
# then a mutual-TLS server with the development certificates. Debian's /usr/bin/python3 runs
# the tests (python3-grpcio and python3-protobuf). Servers are stopped by PID (the harness).
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
certs="$runfiles/tools/dev_certs"
work="${TEST_TMPDIR:-$(mktemp -d)}/python_client"
rm -rf "$work" && mkdir -p "$work"
source "$runfiles/tests/ledgerd_harness.sh"

python=/usr/bin/python3
[[ -x "$python" ]] || fail "$python is missing (tools/setup.sh installs python3-grpcio)"
# The generated modules and the hand-written package are both under clients/python/ in the
# runfiles; no .pyc files are written into the runfiles tree.
export PYTHONPATH="$runfiles/clients/python"
export PYTHONDONTWRITEBYTECODE=1
export LEDGER_EXAMPLE="$runfiles/clients/python/examples/claims_to_csv.py"
export LEDGER_CERTS="$certs"
cd "$runfiles/clients/python/tests"

run_tests() {  # run_tests MODULE...: fails the test with the server's log tail
  "$python" -m unittest -v "$@" ||
    fail "python tests $* failed; ledgerd log: $(tail -n 20 "$work/ledgerd.log")"
}

start_ledgerd "$work/data" --dev_plaintext
LEDGER_SERVER="$server" run_tests test_money test_client test_claims_csv
stop_ledgerd

printf 'bank-B001 bank B001\nfinance-1 finance\n' >"$work/policy.txt"
start_ledgerd "$work/tls-data" --tls_cert="$certs/server.pem" --tls_key="$certs/server.key" \
  --tls_client_ca="$certs/ca.pem" --policy_file="$work/policy.txt"
LEDGER_TLS_SERVER="$server" run_tests test_tls
stop_ledgerd
echo "PASS"
