#!/bin/sh
# The whole test suite from a fresh Debian 12 machine, as root:
#   installs what is missing, builds with -Werror, runs make check, runs the
#   suite again under AddressSanitizer + UndefinedBehaviorSanitizer (with the
#   production rule and chain blocks, poisoned), and once more under both
#   with the plain loops instead of the SIMD ones and one malloc per rule and
#   chain, runs make distcheck, and smoke-runs the benchmark.
# .ci/run calls exactly this.  Build trees: build/, build-asan/,
# build-asan-plain/ (ignored by git).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

sh .ci/install-deps
[ -x configure ] || ./bootstrap >/dev/null

echo "== build (-Werror) and make check"
mkdir -p build
(cd build && "$top/configure" -q --enable-werror && make -s -j"$jobs" && make -s check -j"$jobs") || {
  cat build/test-suite.log 2>/dev/null | tail -100; exit 1; }

# Sanitizer builds.  build-asan: what users run, SIMD scans and the rule and
# chain blocks of src/ruleset.c, whose unused and released bytes ASan sees
# poisoned.  build-asan-plain: --disable-simd (the plain loops the SIMD
# scans fall back to elsewhere) and -DIPM_ARENA_BLOCKS=0 (one malloc per
# rule and chain, so that LeakSanitizer sees a single leaked one).
san_cflags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
san_check () {
  dir=$1; shift
  mkdir -p "$dir"
  (cd "$dir" && "$top/configure" -q --enable-werror "$@" \
     CFLAGS="$san_cflags" LDFLAGS="-fsanitize=address,undefined" &&
   make -s -j"$jobs" &&
   ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     make -s check -j"$jobs") || {
    cat "$dir/test-suite.log" 2>/dev/null | tail -100; exit 1; }
}
echo "== make check under ASan + UBSan"
san_check build-asan
echo "== make check under ASan + UBSan, --disable-simd, one malloc per rule"
san_check build-asan-plain --disable-simd CPPFLAGS=-DIPM_ARENA_BLOCKS=0

# ---- hardening: static analysis and memcheck ------------------------------
# cppcheck on src/ with the checks below: zero findings, or the build fails.
# False positives are listed, each with its reason, in
# tests/cppcheck/suppressions.txt; tests/cppcheck/glib.cfg describes the GLib
# macros cppcheck's gtk library lacks.
echo "== cppcheck src/ (warning, style, performance, portability)"
cppcheck -q --error-exitcode=1 --std=c11 --inline-suppr \
  --enable=warning,style,performance,portability \
  --library=gtk --library=tests/cppcheck/glib.cfg \
  --suppressions-list=tests/cppcheck/suppressions.txt \
  -I build -I src -I grammar src/
# valgrind memcheck on the samples (every mode) and the bad-input cases, on
# the plain build: zero errors, zero definite or indirect leaks.
echo "== valgrind memcheck"
IPMERGE="$top/build/ipmerge" top_srcdir="$top" CI=true sh tests/memcheck.sh

echo "== make distcheck"
(cd build && make -s distcheck >distcheck.log 2>&1) || { tail -60 build/distcheck.log; exit 1; }

# The .deb and the .rpm, from the tarball distcheck just made and checked.
echo "== Debian and RPM packages from the dist tarball"
sh tests/packages.sh "build/ipmerge-$(sed -n 's/^PACKAGE_VERSION = //p' build/Makefile).tar.gz"

echo "== benchmark smoke run (1k Services; prints a table, never a pass/fail on time)"
(cd build && make -s bench BENCH_ARGS="--sizes 1000 --runs 1 --out bench-out")

echo "ci: all passed"
