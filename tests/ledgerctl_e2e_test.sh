#!/usr/bin/env bash
# End to end with the real binaries, as a bank partner would use them: ledgerd on a free
# loopback port with a fresh data directory, ledgerctl for every call, SIGTERM and restart,
# the offline chain verifier, a signed checkpoint and the offline audit; then ledgerd and
# ledgerctl over mutual TLS with the certificates of tools/dev_certs.sh, and ledgerd's start-up
# refusals. Everything started here is stopped by PID.
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
ledgerctl="$runfiles/clients/ledgerctl/ledgerctl"
verify_chain="$runfiles/tools/verify_chain"
audit="$runfiles/tools/audit"
checkpoint_key="$runfiles/tools/checkpoint_key"
certs="$runfiles/tools/dev_certs"
work="${TEST_TMPDIR:-$(mktemp -d)}/e2e"
rm -rf "$work" && mkdir -p "$work"
data="$work/data"
source "$runfiles/tests/ledgerd_harness.sh"

# start_server TRANSPORT_FLAGS...
start_server() {
  start_ledgerd "$data" "$@"
  grep -q "data directory $data" "$work/ledgerd.log" || fail "ledgerd did not print its data dir"
}

stop_server() { stop_ledgerd; }

ctl() { "$ledgerctl" --server="$server" --principal=bank:B001 "$@"; }

start_server --dev_plaintext
grep -q "WARNING: development mode: plaintext, unauthenticated" "$work/ledgerd.log" ||
  fail "no plaintext warning: $(cat "$work/ledgerd.log")"
loan=banks/B001/loans/L-1

ctl create --bank=B001 --loan=L-1 --borrower=BR-7 --county=370281 --principal_amount=100000 \
  --rate_bps=435 --term_months=24 --contract_date=2024-01-10 --request_id=c1 >"$work/out"
grep -q APPROVED "$work/out" || fail "create did not show APPROVED: $(cat "$work/out")"
ctl disburse --loan=$loan --amount=60000 --value_date=2024-01-15 --request_id=d1 >/dev/null
ctl disburse --loan=$loan --amount=40000 --value_date=2024-01-20 --request_id=d2 >/dev/null
ctl repay --loan=$loan --principal_amount=25000 --interest=1087.50 --value_date=2024-03-20 \
  --request_id=p1 >/dev/null

# A retry of the same request id is a replay and changes nothing.
ctl repay --loan=$loan --principal_amount=25000 --interest=1087.50 --value_date=2024-03-20 \
  --request_id=p1 >"$work/out"
grep -qi "replayed: *yes" "$work/out" || fail "retry was not reported as a replay: $(cat "$work/out")"

ctl --json get --loan=$loan >"$work/loan.json"
grep -A2 '"outstandingPrincipal"' "$work/loan.json" | grep -q '"amountFen": "7500000"' ||
  fail "outstanding is not 75,000.00: $(cat "$work/loan.json")"
grep -q '"status": "ACTIVE"' "$work/loan.json" || fail "status is not ACTIVE"

# Over-repayment: exit 1 with the reason and the field; nothing written.
rc=0
ctl repay --loan=$loan --principal_amount=75000.01 --value_date=2024-04-20 --request_id=p2 \
  2>"$work/err" >/dev/null || rc=$?
[[ $rc -eq 1 ]] || fail "over-repayment exit code $rc"
grep -q "EXCEEDS_OUTSTANDING_PRINCIPAL" "$work/err" || fail "no reason: $(cat "$work/err")"
grep -q "principal.amount_fen" "$work/err" || fail "no field: $(cat "$work/err")"

# Usage errors exit 2.
rc=0
ctl repay --loan=$loan --principal_amount=1.234 --value_date=2024-04-20 2>/dev/null || rc=$?
[[ $rc -eq 2 ]] || fail "bad amount exit code $rc"
# ...and ledgerd's own: --reflection takes true or false only.
rc=0
"$ledgerd" --reflection=maybe 2>"$work/err" || rc=$?
[[ $rc -eq 2 ]] || fail "ledgerd --reflection=maybe exit code $rc"
grep -q "reflection" "$work/err" || fail "no message naming --reflection: $(cat "$work/err")"

ctl list --county=370281 --status=active >"$work/out"
grep -q "$loan" "$work/out" || fail "list did not show the loan"

# --output=csv: RFC 4180 with a header row, exact yuan; python's csv module reads it back.
ctl --output=csv list --county=370281 --all >"$work/loans.csv" 2>"$work/err" ||
  fail "list --output=csv: $(cat "$work/err")"
[[ ! -s "$work/err" ]] || fail "list --output=csv wrote to stderr: $(cat "$work/err")"
/usr/bin/python3 - "$work/loans.csv" "$loan" <<'PY' || fail "CSV: $(cat "$work/loans.csv")"
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f, strict=True))
assert rows[0][:6] == ["NAME", "STATUS", "COUNTY", "OUTSTANDING", "DISBURSED",
                       "LAST_VALUE_DATE"], rows[0]
assert len(rows) == 2, rows
loan = dict(zip(rows[0], rows[1]))
assert loan["NAME"] == sys.argv[2], loan
assert loan["STATUS"] == "ACTIVE", loan
assert loan["OUTSTANDING"] == "75000.00", loan
assert loan["DISBURSED"] == "100000.00", loan
assert loan["REPAID_INTEREST"] == "1087.50", loan
PY
ctl --output=csv history --loan=$loan | /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin, strict=True))
assert rows[0] == ["SEQ", "COMMIT_TIME", "PRINCIPAL", "REQUEST_ID", "EVENT", "SUMMARY", "HASH"], rows[0]
assert [r[4] for r in rows[1:]] == ["loan_created", "loan_disbursed", "loan_disbursed",
                                    "repayment_recorded"], rows
assert all(len(r[6]) == 64 for r in rows[1:]), rows' || fail "history --output=csv"
# A command without CSV refuses it before sending anything (exit 2).
rc=0
ctl --output=csv repay --loan=$loan --interest=1 --value_date=2024-04-20 2>"$work/err" ||
  rc=$?
[[ $rc -eq 2 ]] && grep -q "repay prints no CSV" "$work/err" ||
  fail "repay --output=csv: exit $rc, $(cat "$work/err")"
# A refusal: one line with the code, reason and field; with --output=json a JSON object on
# stderr.
rc=0
ctl repay --loan=$loan --principal_amount=75000.01 --value_date=2024-04-20 --request_id=p2 \
  2>"$work/err" >/dev/null || rc=$?
[[ $rc -eq 1 ]] || fail "refused repay exit code $rc"
grep -q "^error: FAILED_PRECONDITION EXCEEDS_OUTSTANDING_PRINCIPAL (field: principal.amount_fen): " \
  "$work/err" || fail "refusal line: $(cat "$work/err")"
rc=0
ctl --output=json repay --loan=$loan --principal_amount=75000.01 --value_date=2024-04-20 \
  --request_id=p2 2>"$work/err" >/dev/null || rc=$?
[[ $rc -eq 1 ]] || fail "refused repay (json) exit code $rc"
/usr/bin/python3 -c '
import json, sys
error = json.loads(open(sys.argv[1]).read())
assert error["code"] == "FAILED_PRECONDITION", error
assert error["reason"] == "EXCEEDS_OUTSTANDING_PRINCIPAL", error
assert error["field"] == "principal.amount_fen", error' "$work/err" ||
  fail "JSON error on stderr: $(cat "$work/err")"
ctl history --loan=$loan >"$work/out"
[[ $(grep -c "bank:B001" "$work/out") -eq 4 ]] || fail "history should have 4 entries: $(cat "$work/out")"
ctl verify >"$work/out" || fail "verify failed: $(cat "$work/out")"

# A watcher sees the entries, and SIGTERM ends its stream while the server drains cleanly.
ctl watch --from=1 >"$work/watch" 2>&1 &
watch_pid=$!
for _ in $(seq 1 50); do [[ $(grep -c "bank:B001" "$work/watch" || true) -ge 4 ]] && break; sleep 0.1; done
stop_server
watch_rc=0
wait "$watch_pid" || watch_rc=$?
[[ $(grep -c "bank:B001" "$work/watch") -eq 4 ]] || fail "watch saw: $(cat "$work/watch")"
# The stream ends because the server stopped: UNAVAILABLE with a hint where to resume.
[[ $watch_rc -eq 1 ]] || fail "watch exit code $watch_rc: $(cat "$work/watch")"
grep -q "SHUTTING_DOWN" "$work/watch" || fail "watch did not say why it ended: $(cat "$work/watch")"
grep -q -- "--from=5" "$work/watch" || fail "watch gave no resume point: $(cat "$work/watch")"
# With the server down, the error asks whether it runs where ledgerctl looked.
rc=0
ctl get --loan=$loan >/dev/null 2>"$work/err" || rc=$?
[[ $rc -eq 1 ]] || fail "get with the server down exited $rc"
grep -q "^hint: is ledgerd running at $server?" "$work/err" || fail "no hint: $(cat "$work/err")"

# Restart: everything is still there and the chain verifies, online and offline.
"$verify_chain" --data_dir="$data" >"$work/out" || fail "offline verify: $(cat "$work/out")"
grep -q "entries 1..4 verified" "$work/out" || fail "offline verify: $(cat "$work/out")"
# Now with a checkpoint key: a bank fetches and keeps a signed checkpoint of the head.
"$checkpoint_key" "$work/keys" >/dev/null
start_server --dev_plaintext --checkpoint_key_file="$work/keys/checkpoint.key"
ctl checkpoint --out="$work/checkpoint.json" >"$work/out" || fail "checkpoint: $(cat "$work/out")"
grep -q "sequence: *4$" "$work/out" || fail "checkpoint: $(cat "$work/out")"
ctl --json get --loan=$loan >"$work/loan2.json"
diff "$work/loan.json" "$work/loan2.json" || fail "loan changed across restart"
ctl verify >/dev/null || fail "verify after restart"
ctl repay --loan=$loan --principal_amount=75000 --value_date=2024-04-20 --request_id=p3 >"$work/out"
grep -q CLOSED "$work/out" || fail "final repayment did not close the loan: $(cat "$work/out")"
stop_server
"$verify_chain" --data_dir="$data" | grep -q "entries 1..5 verified" || fail "offline verify after close"
# The offline audit: chain, projections against a replay, and the bank's checkpoint.
"$audit" --data_dir="$data" --checkpoint="$work/checkpoint.json" \
  --checkpoint_public_key="$work/keys/checkpoint.pub" >"$work/out" ||
  fail "audit: $(cat "$work/out")"
grep -q "audit: OK (5 journal entries)" "$work/out" || fail "audit: $(cat "$work/out")"

# Mutual TLS: the caller is the certificate's CN (bank-B001), whatever --principal says.
data="$work/tls-data"
echo "bank-B001 bank B001" >"$work/policy.txt"
start_server --tls_cert="$certs/server.pem" --tls_key="$certs/server.key" \
  --tls_client_ca="$certs/ca.pem" --policy_file="$work/policy.txt"
grep -q WARNING "$work/ledgerd.log" && fail "TLS server warned: $(cat "$work/ledgerd.log")"
tls_ctl() {
  "$ledgerctl" --server="$server" --ca="$certs/ca.pem" --cert="$certs/bank-B001.pem" \
    --key="$certs/bank-B001.key" --principal=someone-else "$@"
}
tls_ctl create --bank=B001 --loan=L-1 --borrower=BR-7 --county=370281 --principal_amount=1000 \
  --rate_bps=435 --term_months=24 --contract_date=2024-01-10 --request_id=t1 >/dev/null
tls_ctl history --loan=$loan >"$work/out"
grep -q "bank-B001" "$work/out" || fail "TLS history: $(cat "$work/out")"
grep -q "someone-else" "$work/out" && fail "the header chose the principal: $(cat "$work/out")"
# SIGHUP reloads the policy: bank-B001 loses its grant, then gets it back.
echo "bank-B002 bank B002" >"$work/policy.txt"
kill -HUP "$server_pid"
for _ in $(seq 1 50); do grep -q "policy reloaded" "$work/ledgerd.log" && break; sleep 0.1; done
rc=0
tls_ctl get --loan=$loan >/dev/null 2>"$work/err" || rc=$?
[[ $rc -eq 1 ]] && grep -q UNKNOWN_PRINCIPAL "$work/err" || fail "revoked bank still served: $(cat "$work/err")"
echo "bank-B001 bank B001" >"$work/policy.txt"
kill -HUP "$server_pid"
for _ in $(seq 1 50); do [[ $(grep -c "policy reloaded" "$work/ledgerd.log") -ge 2 ]] && break; sleep 0.1; done
tls_ctl get --loan=$loan >/dev/null || fail "restored grant not honoured"
# A broken policy file is refused and the last good one stays.
echo "bank-B001 teller" >"$work/policy.txt"
kill -HUP "$server_pid"
for _ in $(seq 1 50); do grep -q "NOT reloaded" "$work/ledgerd.log" && break; sleep 0.1; done
tls_ctl get --loan=$loan >/dev/null || fail "a bad policy file replaced the good one"
# A plaintext client gets nothing.
rc=0
ctl get --loan=$loan >/dev/null 2>"$work/err" || rc=$?
[[ $rc -eq 1 ]] || fail "plaintext client on TLS exited $rc"
grep -q UNAVAILABLE "$work/err" || fail "plaintext client on TLS: $(cat "$work/err")"
stop_server

# Start-up refusals: no transport chosen (usage), plaintext beyond loopback, a missing file.
refused() {  # refused EXIT_CODE TEXT LEDGERD_FLAGS...
  local want="$1" text="$2" rc=0
  shift 2
  "$ledgerd" --data_dir="$work/refused" "$@" >"$work/out" 2>&1 || rc=$?
  [[ $rc -eq $want ]] || fail "ledgerd $* exited $rc, not $want: $(cat "$work/out")"
  grep -qF -- "$text" "$work/out" || fail "ledgerd $* did not say '$text': $(cat "$work/out")"
}
refused 2 "--dev_plaintext"
refused 1 "loopback" --dev_plaintext --listen=0.0.0.0:0
refused 1 "$work/missing.pem" --tls_cert="$work/missing.pem" --tls_key="$certs/server.key" \
  --tls_client_ca="$certs/ca.pem"

# Shell completion: valid bash that completes commands and flags from the command table.
"$ledgerctl" completion bash >"$work/completion.bash"
bash -n "$work/completion.bash" || fail "completion bash is not valid bash"
complete_words() {  # complete_words WORD... : what _ledgerctl offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ledgerctl
           printf "%s\n" "${COMPREPLY[@]}"' _ "$work/completion.bash" "$@"
}
[[ "$(complete_words ledgerctl dis)" == "disburse" ]] ||
  fail "ledgerctl dis<TAB>: $(complete_words ledgerctl dis)"
# (into a file first: grep -q closing the pipe early would fail it under pipefail)
complete_words ledgerctl disburse --am >"$work/words"
grep -qx -- "--amount=" "$work/words" || fail "ledgerctl disburse --am<TAB>: $(cat "$work/words")"
[[ "$(complete_words ledgerctl --output=c)" == "csv" ]] ||
  fail "ledgerctl --output=c<TAB>: $(complete_words ledgerctl --output=c)"
"$ledgerctl" completion zsh >"$work/completion.zsh"
grep -q "^#compdef ledgerctl" "$work/completion.zsh" || fail "completion zsh"
# In a real zsh (Debian's zsh): the script parses, and after compinit it registers _ledgerctl.
zsh -n "$work/completion.zsh" || fail "the zsh completion script does not parse"
registered=$(HOME="$work" zsh -fc "autoload -Uz compinit; compinit -u -D; \
  source '$work/completion.zsh'; (( \$+functions[_ledgerctl] )) && print -r -- \${_comps[ledgerctl]}")
[[ "$registered" == "_ledgerctl" ]] || fail "zsh did not register _ledgerctl: '$registered'"
echo "PASS"
