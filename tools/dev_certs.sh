#!/usr/bin/env bash
# Development certificates for ledgerd's mutual TLS, made with the openssl command only.
#
#   tools/dev_certs.sh OUT_DIR
#
# Writes to OUT_DIR:
#   ca.pem, ca.key               a development CA (trusted by ledgerd --tls_client_ca and by
#                                ledgerctl --ca)
#   server.pem, server.key       ledgerd's certificate: DNS:localhost, IP:127.0.0.1, IP:::1
#   <id>.pem, <id>.key           a client certificate per example principal; its Subject CN is
#                                the principal id (bank-B001, officer-370281, admin-1, ...)
#   other-ca.pem, stranger.*     for tests: a client certificate from an unrelated CA
#   expired-bank-B001.*          for tests: a client certificate from the real CA, expired in 2020
#
# Idempotent and without prompts: files that still verify are kept, missing or stale ones are
# (re)issued, and a new CA reissues everything it signs. Keys are EC P-256, mode 600.
# Development only: the CA key lies beside the certificates it signs.
set -euo pipefail

if [[ $# -ne 1 || "$1" == -* ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out="$1"
mkdir -p "$out"
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

principals=(bank-B001 bank-B002 officer-370281 officer-370282 finance-1 fund-F001 auditor-1 admin-1)

# One config for every step, so the system's openssl.cnf (which differs between machines) plays
# no part. prompt=no plus -subj keeps every command non-interactive.
cat >"$work/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
# Only 'openssl ca' can set a validity in the past on OpenSSL 3.0 (x509 -req has just -days).
[ca]
default_ca = past_ca
[past_ca]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
EOF

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# Whether $1.key is the private key of the certificate $1.pem.
key_matches() {
  [[ -s "$1.pem" && -s "$1.key" ]] || return 1
  [[ "$(openssl x509 -in "$1.pem" -noout -pubkey 2>/dev/null)" == \
    "$(openssl pkey -in "$1.key" -pubout 2>/dev/null)" ]]
}

# make_ca NAME SUBJECT: a self-signed CA valid for ten years, kept while it has a month left.
make_ca() {
  local name="$1" subject="$2"
  if key_matches "$out/$name" && openssl x509 -in "$out/$name.pem" -noout -checkend 2592000 \
    >/dev/null; then
    return
  fi
  new_key "$out/$name.key"
  openssl req -x509 -new -config "$work/openssl.cnf" -key "$out/$name.key" -subj "$subject" \
    -days 3650 -sha256 -extensions ca_ext -out "$out/$name.pem"
  chmod 644 "$out/$name.pem"
}

# issue CA CN EXTENSIONS [expired]: a certificate for CN signed by CA, kept while it still
# verifies against CA (so a new CA reissues it).
issue() {
  local ca="$1" cn="$2" ext="$3" expired="${4:-}"
  local check_time=() purpose=sslclient
  [[ -n "$expired" ]] && check_time=(-no_check_time)
  [[ "$ext" == server_ext ]] && purpose=sslserver
  if key_matches "$out/$cn" &&
    openssl verify "${check_time[@]}" -purpose "$purpose" -CAfile "$out/$ca.pem" \
      "$out/$cn.pem" >/dev/null 2>&1; then
    return
  fi
  new_key "$out/$cn.key"
  openssl req -new -config "$work/openssl.cnf" -key "$out/$cn.key" -subj "/CN=$cn" \
    -out "$work/$cn.csr"
  if [[ -n "$expired" ]]; then
    : >"$work/index.txt"
    openssl rand -hex 16 >"$work/serial"
    openssl ca -batch -notext -config "$work/openssl.cnf" -cert "$out/$ca.pem" \
      -keyfile "$out/$ca.key" -in "$work/$cn.csr" -out "$out/$cn.pem" \
      -startdate 20200101000000Z -enddate 20200201000000Z \
      -extfile "$work/openssl.cnf" -extensions "$ext" 2>/dev/null
  else
    openssl x509 -req -in "$work/$cn.csr" -CA "$out/$ca.pem" -CAkey "$out/$ca.key" \
      -set_serial "0x$(openssl rand -hex 16)" -days 825 -sha256 \
      -extfile "$work/openssl.cnf" -extensions "$ext" -out "$out/$cn.pem" 2>/dev/null
  fi
  chmod 644 "$out/$cn.pem"
}

make_ca ca "/O=Microloan Ledger (development)/CN=Microloan Ledger Dev CA"
issue ca server server_ext
for cn in "${principals[@]}"; do
  issue ca "$cn" client_ext
done
issue ca expired-bank-B001 client_ext expired

# The unrelated CA's key is only needed to sign 'stranger'; it is kept so reruns are stable.
make_ca other-ca "/O=Somebody Else/CN=Unrelated CA"
issue other-ca stranger client_ext
rm -f "$out/other-ca.srl" "$out/ca.srl"
echo "dev_certs: certificates in $out (CA: $out/ca.pem)"
