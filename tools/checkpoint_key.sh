#!/usr/bin/env bash
# Creates an Ed25519 checkpoint key pair for ledgerd with the openssl command:
#   OUT_DIR/checkpoint.key  private key, PKCS#8 PEM, mode 0600: ledgerd --checkpoint_key_file=
#   OUT_DIR/checkpoint.pub  public key, SubjectPublicKeyInfo PEM: give it to banks and auditors
#                           (audit --checkpoint_public_key=)
#
#   tools/checkpoint_key.sh /etc/ledgerd
#
# Refuses to overwrite an existing key: checkpoints already handed out were signed with it.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out="$1"
key="$out/checkpoint.key"
pub="$out/checkpoint.pub"
if [[ -e "$key" || -e "$pub" ]]; then
  echo "checkpoint_key: $key or $pub already exists; not overwriting" >&2
  exit 1
fi
mkdir -p "$out"
(
  umask 077
  openssl genpkey -algorithm ed25519 -out "$key"
)
openssl pkey -in "$key" -pubout -out "$pub"
echo "checkpoint key: $key (keep it secret; ledgerd --checkpoint_key_file=$key)"
echo "public key:     $pub (for banks and auditors: audit --checkpoint_public_key=$pub)"
