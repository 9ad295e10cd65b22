#!/bin/sh
# valgrind memcheck on the samples: every mode (--canonical, merge, --delta,
# --plan, --diff, --check and its --host and reports, -o,
# --take/--skip/--rewrite/--drop, -v) and the bad-input cases of
# tests/golden/errors.  Zero errors and zero definite or indirect leaks.
# Not part of make check (the ASan build cannot run under valgrind); run by
# tests/ci.sh on the plain build:
#   IPMERGE=build/ipmerge top_srcdir=. sh tests/memcheck.sh
# valgrind's own exit status is 99 so that it cannot be taken for ipmerge's
# 1 (--diff: different, --check: warnings) or 2 (error).
. "$top_srcdir/tests/lib.sh"
command -v valgrind >/dev/null 2>&1 || skip "valgrind not installed"
tmpdir_setup
s=$top_srcdir/samples
# GLib: plain malloc, and pointers cleared on free, so that leaks are exact
G_SLICE=always-malloc G_DEBUG=gc-friendly
export G_SLICE G_DEBUG
runs=0
failed=0

# vg EXPECTED-STATUS NAME IPMERGE-ARG... (stdin from $stdin)
vg () {
  want=$1 name=$2
  shift 2
  # shellcheck disable=SC2086 # VG_EXTRA is options
  valgrind -q --error-exitcode=99 --leak-check=full ${VG_EXTRA:-} \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --log-file="$TMPD/vg.log" "$IPMERGE" "$@" < "${stdin:-/dev/null}" > "$TMPD/out" 2> "$TMPD/err"
  st=$?
  runs=$((runs + 1))
  if [ "$st" = 99 ] || [ -s "$TMPD/vg.log" ]; then
    failed=$((failed + 1))
    echo "FAIL: $name: valgrind found errors or leaks:"
    cat "$TMPD/vg.log"
  elif [ "$st" != "$want" ]; then
    failed=$((failed + 1))
    echo "FAIL: $name: exit $st, expected $want"
    head -5 "$TMPD/err"
  fi
}

stdin=
for f in "$s"/*.rules "$s/sysconfig-iptables"; do
  vg 0 "--canonical $(basename "$f")" --canonical "$f"
  vg 0 "--canonical --zero-counters $(basename "$f")" --canonical --zero-counters "$f"
done
stdin=$s/broken-host.rules
vg 0 merge "$s/docker-ref.rules" "$s/policy-9999.rules"
vg 0 "merge -v" -v "$s/docker-ref.rules" "$s/policy-9999.rules"
VG_EXTRA="--suppressions=$top_srcdir/tests/memcheck-pcre2-jit.supp"
vg 0 "merge --take --skip --rewrite" --take 'docker0|DOCKER' --skip DNAT \
  --rewrite 172.17.0.0/16=10.200.0.0/16 --rewrite docker0=br0 "$s/docker-ref.rules"
VG_EXTRA=
vg 0 "--delta" --delta "$s/docker-ref.rules" "$s/policy-9999.rules"
vg 1 "--plan" --plan "$s/docker-ref.rules" "$s/policy-9999.rules"
vg 1 "--plan --format json -v" --plan --format json -v "$s/docker-ref.rules" "$s/policy-9999.rules"
stdin=$s/expected-merged.rules
VG_EXTRA="--suppressions=$top_srcdir/tests/memcheck-pcre2-jit.supp"
vg 1 "--plan --drop" --plan --drop '^(KUBE-|cali-|DOCKER)' --drop 'dport 333 ' "$s/docker-ref.rules"
vg 0 "merge --drop, unused" --drop '^(KUBE-|cali-)' --drop NOPE "$s/policy-9999.rules"
vg 0 "--delta --drop -v" --delta -v --drop '^DOCKER' "$s/docker-ref.rules"
VG_EXTRA=
vg 0 "--plan, no change" --plan "$s/docker-ref.rules" "$s/policy-9999.rules"
stdin=$s/broken-host.rules
cp "$s/sysconfig-iptables" "$TMPD/iptables"
vg 0 "-o --backup" -o "$TMPD/iptables" --backup "$s/docker-ref.rules" "$s/policy-9999.rules"
cmp -s "$TMPD/iptables" "$s/expected-merged.rules" || { failed=$((failed + 1)); echo "FAIL: -o wrote something else"; }
vg 2 "merge, bad layer" "$top_srcdir/tests/golden/errors/jump-undefined.in"
vg 2 "merge, missing layer" "$TMPD/no-such.rules"
stdin=
vg 1 "--diff" --diff "$s/broken-host.rules" "$s/expected-merged.rules"
vg 0 "--diff same" --diff "$s/expected-merged.rules" "$s/expected-merged.rules"
vg 1 "--diff --stat" --diff --stat "$s/broken-host.rules" "$s/expected-merged.rules"
vg 1 "--check" --check "$s/broken-host.rules" "$s/docker-ref.rules" "$s/policy-9999.rules" "$s/expected-merged.rules"
c=$top_srcdir/tests/golden/check
vg 2 "--check overlays, errors, suggestions" --check "$c/overlay.rules" "$c/overlay-findings.rules" \
  "$c/suggestions.rules" "$c/unknown-module.rules" "$TMPD/no-such.rules"
vg 2 "--check --format json" --check --format json "$c/findings.rules" "$c/broken.rules"
VG_EXTRA="--suppressions=$top_srcdir/tests/memcheck-pcre2-jit.supp"
vg 1 "--check --host --skip --format sarif" --check --host "$c/host.rules" --skip LOGGING \
  --skip-containers --format sarif "$c/overlay.rules" "$c/host-layer.rules"
VG_EXTRA=
# every bad input: the error paths free what they allocated
for in in "$top_srcdir"/tests/golden/errors/*.in; do
  want=2
  [ -e "${in%.in}.status" ] || want=0
  [ -e "${in%.in}.status" ] && want=$(cat "${in%.in}.status")
  stdin=$in
  # shellcheck disable=SC2046 # the .cmd holds the arguments
  vg "$want" "errors/$(basename "$in" .in)" $(cat "${in%.in}.cmd")
done

echo "memcheck: $runs runs, $failed failed"
[ "$failed" = 0 ]
