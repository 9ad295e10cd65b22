#!/bin/sh
# Fuzzes one harness with libFuzzer under ASan+UBSan (not part of make check).
#   sh tests/fuzz/run-fuzzer.sh canonical|merge|diff SECONDS [LIBFUZZER-FLAG...]
# One process (libFuzzer's default; do not add -jobs on a shared machine).
# tests/fuzz/iptables.dict (tokens from grammar/*.def) guides the mutations;
# the canonical harness also starts from every golden input.  IPM_CANON_CHECK=1
# compares the fast canonicalization path with the general one on each rule.
# Findings land in build-fuzz/findings-HARNESS/; turn each into a seed in
# tests/fuzz/corpus/HARNESS/ (a regression test) once fixed.
set -eu
h=${1:?harness: canonical, merge or diff}
secs=${2:-60}
shift; [ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/../.." && pwd)
b="$top/build-fuzz"
mkdir -p "$b" && cd "$b"
[ -x "$top/configure" ] || (cd "$top" && ./bootstrap >/dev/null)
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
if [ ! -f Makefile ]; then
  "$top/configure" -q CC=clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san"
fi
make -s libipmerge.a
clang -g -O1 -fsanitize=fuzzer $san -I. -I"$top/src" -I"$top/tests/fuzz" \
  $(pkg-config --cflags glib-2.0 libpcre2-8) "$top/tests/fuzz/fuzz-$h.c" libipmerge.a \
  $(pkg-config --libs glib-2.0 libpcre2-8) -o "fuzz-$h"
mkdir -p "work-$h" "findings-$h"
# every rule canon-fast.c takes is checked against canon.c (abort = finding)
IPM_CANON_CHECK=1; export IPM_CANON_CHECK
if [ "$h" = canonical ] && [ -z "$(ls "work-$h")" ]; then
  for f in "$top"/tests/golden/*/*.in; do
    cp "$f" "work-$h/golden-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
fi
./"fuzz-$h" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$top/tests/fuzz/iptables.dict" -print_final_stats=1 \
  -artifact_prefix="findings-$h/" "$@" "work-$h" "$top/tests/fuzz/corpus/$h"
