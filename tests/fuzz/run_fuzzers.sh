#!/usr/bin/env bash
# Fuzzes every libFuzzer target for SECONDS each (default 60) with clang's libFuzzer and
# ASan+UBSan, starting from the seed corpora in tests/fuzz/corpus/<target>/.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]     # targets: entry_decoder claim_csv command
#
# Bazel's toolchain here is gcc, so the targets are built with clang++ directly: the sources
# and the linker flags are the ones Bazel would use (asked of `bazel query`), the protobuf
# sources are the ones //proto generates. Only the project's code is instrumented; Debian's
# abseil/protobuf/OpenSSL/RocksDB are linked as they are (same libstdc++ ABI).
#
# Work goes to $FUZZ_OUT (default /tmp/ledger-fuzz): objects, binaries, the growing corpus
# (tests/fuzz/corpus is only read, never written) and crash-* / timeout-* / oom-* inputs. Exit
# status 1 if any target found something. A finding becomes a regression test: fix it, then
# copy the input into tests/fuzz/corpus/<target>/ (`bazel test //tests/fuzz/...` replays it with gcc).
set -euo pipefail

SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(entry_decoder claim_csv command)

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${FUZZ_OUT:-/tmp/ledger-fuzz}"
CXX="${CXX_FUZZ:-clang++}"
JOBS="${JOBS:-$(nproc)}"
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
CXXFLAGS=(-std=c++17 -O1 -g -fno-omit-frame-pointer -w)

cd "$ROOT"
command -v "$CXX" >/dev/null || { echo "run_fuzzers: $CXX not found" >&2; exit 2; }
mkdir -p "$OUT/obj" "$OUT/bin"

echo "== generating protobuf sources (bazel build //proto:all)"
bazel build //proto:all >/dev/null 2>&1 || { bazel build //proto:all; exit 2; }
GEN="$(bazel info bazel-genfiles 2>/dev/null)/proto"

objpath() { echo "$OUT/obj/$(echo "$1" | sed 's|^/||; s|/|_|g').o"; }
compile() {  # $1: source (repo-relative or absolute)
  local obj
  obj="$(objpath "$1")"
  if [[ ! -f "$obj" || "$1" -nt "$obj" ]]; then
    "$CXX" "${CXXFLAGS[@]}" $SAN -I"$ROOT" -I"$GEN" -c "$1" -o "$obj.tmp" && mv "$obj.tmp" "$obj"
  fi
}

status=0
for t in "${TARGETS[@]}"; do
  test_label="//tests/fuzz:${t}_corpus_test"
  echo "== $t: building with $CXX"
  # The project's sources of the target (its Bazel test minus the gcc replay driver) and the
  # generated protobuf sources it uses.
  mapfile -t srcs < <(bazel query "kind('source file', deps($test_label))" 2>/dev/null |
    grep -v '^@' | grep '\.cc$' | grep -v '^//tests/fuzz:replay_main.cc$' | sed 's|^//||; s|:|/|; s|^/||')
  mapfile -t gens < <(bazel query "kind('generated file', deps($test_label))" 2>/dev/null |
    grep '\.pb\.cc$' | sed 's|^//proto:||' | sed "s|^|$GEN/|")
  mapfile -t libs < <(bazel query "attr(linkopts, '.', deps($test_label))" --output=build \
    2>/dev/null | grep -o '"-l[^"]*"' | tr -d '"' | awk '!seen[$0]++')
  objs=()
  for s in "${srcs[@]}" "${gens[@]}"; do
    objs+=("$(objpath "$s")")
    while (( $(jobs -rp | wc -l) >= JOBS )); do wait -n; done
    compile "$s" &
  done
  wait
  for o in "${objs[@]}"; do [[ -f "$o" ]] || { echo "run_fuzzers: compiling failed" >&2; exit 2; }; done
  bin="$OUT/bin/${t}_fuzz"
  "$CXX" -fsanitize=fuzzer,address,undefined "${objs[@]}" "${libs[@]}" -o "$bin"

  corpus="$OUT/corpus/$t"
  artifacts="$OUT/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  echo "== $t: fuzzing for ${SECONDS_PER_TARGET}s (corpus $corpus + tests/fuzz/corpus/$t)"
  log="$OUT/$t.log"
  set +e
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb' "$log" || true
  if [[ $rc -ne 0 ]] || ls "$artifacts" | grep -q .; then
    status=1
    echo "!! $t: FOUND SOMETHING (exit $rc); log $log; inputs:"
    ls -1 "$artifacts" | sed "s|^|   $artifacts|"
    grep -E 'ERROR: |FATAL|runtime error|SUMMARY' "$log" | head -5 || true
  else
    echo "ok $t: no crash in ${SECONDS_PER_TARGET}s"
  fi
done
exit $status
