#!/usr/bin/env bash
# The county officers' status page in a real browser: the real ledgerd in the development mode
# with its HTTP port, loans in two counties made with ledgerctl (one active with a guarantee,
# one overdue, one approved; another county's), then headless Chromium driven by
# status_page_browser.py logs in through the dev login form and checks what an officer sees.
# Needs Debian's chromium, chromium-driver and python3-selenium (tools/setup.sh).
set -euo pipefail

runfiles="${TEST_SRCDIR:-$PWD/..}/microloan_ledger"
ledgerd="$runfiles/ledger/server/ledgerd"
ledgerctl="$runfiles/clients/ledgerctl/ledgerctl"
work="${TEST_TMPDIR:-$(mktemp -d)}/status_page"
rm -rf "$work" && mkdir -p "$work"
export HOME="${TEST_TMPDIR:-$work}"
source "$runfiles/tests/ledgerd_harness.sh"

[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
  fail "needs Debian's chromium and chromium-driver (tools/setup.sh)"
/usr/bin/python3 -c 'import selenium' 2>/dev/null || fail "needs Debian's python3-selenium"

start_ledgerd "$work/data" --dev_plaintext --http_listen=127.0.0.1:0
[[ -n "${http_server:-}" ]] || fail "the harness did not report the HTTP port"

ctl() { "$ledgerctl" --server="$server" "$@" >/dev/null; }
b1=banks/B001/loans
# County 370281: L-1 active (60,000 of 100,000 paid out) with a joint-liability guarantee,
# L-2 active and overdue, L-3 approved. County 370282: L-9 of bank B002.
ctl --principal=bank:B001 create --bank=B001 --loan=L-1 --borrower=BR-1 --county=370281 \
  --principal_amount=100000 --rate_bps=435 --term_months=24 --contract_date=2024-01-10 --request_id=c1
ctl --principal=bank:B001 disburse --loan=$b1/L-1 --amount=60000 --value_date=2024-01-15 --request_id=d1
ctl --principal=bank:B001 record-guarantee --loan=$b1/L-1 --guarantee_id=G1 --form=joint \
  --party=P-1 --party=P-2 --value_date=2024-01-16 --request_id=g1
ctl --principal=bank:B001 create --bank=B001 --loan=L-2 --borrower=BR-2 --county=370281 \
  --principal_amount=50000 --rate_bps=435 --term_months=12 --contract_date=2024-01-10 --request_id=c2
ctl --principal=bank:B001 disburse --loan=$b1/L-2 --amount=50000 --value_date=2024-01-15 --request_id=d2
ctl --principal=bank:B001 mark-overdue --loan=$b1/L-2 --instalment=1 --principal_amount=4166.66 \
  --interest=181.25 --value_date=2024-02-15 --request_id=o2
ctl --principal=bank:B001 create --bank=B001 --loan=L-3 --borrower=BR-3 --county=370281 \
  --principal_amount=20000 --rate_bps=435 --term_months=12 --contract_date=2024-01-10 --request_id=c3
ctl --principal=bank:B002 create --bank=B002 --loan=L-9 --borrower=BR-9 --county=370282 \
  --principal_amount=80000 --rate_bps=435 --term_months=24 --contract_date=2024-01-10 --request_id=c9
ctl --principal=bank:B002 disburse --loan=banks/B002/loans/L-9 --amount=80000 \
  --value_date=2024-01-15 --request_id=d9

timeout 50 /usr/bin/python3 "$runfiles/tests/status_page_browser.py" --url="http://$http_server" \
  --county=370281 --active=$b1/L-1 --overdue=$b1/L-2 --approved=$b1/L-3 \
  --other=banks/B002/loans/L-9 || fail "the browser checks failed (ledgerd log: $work/ledgerd.log)"

stop_ledgerd
echo PASS
