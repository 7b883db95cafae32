#!/usr/bin/env bash
# Installs the Debian 12 packages this project builds and tests with. Idempotent: installs
# only what is missing, so reruns are instant. Nothing else is ever downloaded: Bazel builds
# offline against these system libraries (docs/BUILDING.md).
set -euo pipefail

packages=(
  bazel-bootstrap
  g++
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev libgtest-dev libtcmalloc-minimal4
  openssl
  # ledgerd's HTTP port (metrics, status page): cpp-httplib, with OpenSSL for mutual TLS.
  libcpp-httplib-dev
  # The Python client (clients/python) and the tests that drive a real server from Python:
  # gRPC and protobuf for Python, headless Chromium through Selenium for the status page,
  # and the Prometheus project's own text-format parser for the metrics page.
  python3 python3-grpcio python3-protobuf
  chromium chromium-driver python3-selenium python3-prometheus-client
  # ledgerctl's zsh completion is loaded in a real zsh by the end-to-end test.
  zsh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "setup: missing packages: ${missing[*]}; run tools/setup.sh as root to install them" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
