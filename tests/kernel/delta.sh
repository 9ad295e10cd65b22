#!/bin/sh
# --delta proven by the kernel, for iptables-nft and iptables-legacy: in a
# throwaway namespace, restore(host) then iptables-restore --noflush <
# delta must give the same iptables-save output as restore(full merge).
# Also: the delta has only ':', -C, -A, -I, -D, -P, -X lines (nft 1.8.9
# crashes on -R of a rule added in the same batch), the delta of a merge
# against its own result is empty, and the delta restored WITHOUT --noflush
# is refused and changes nothing (its -C guard fails once the table is
# flushed), so that a forgotten --noflush cannot wipe the node.
. "$top_srcdir/tests/lib.sh"
require_netns
tmpdir_setup
samples=$top_srcdir/samples
passed=0
failed=0

flunk () {
  failed=$((failed + 1))
  echo "FAIL: $*"
}

# tables_of FILE: the table names of an iptables-save file, in order.
tables_of () {
  sed -n 's/^\*//p' "$1"
}

# patched BACKEND HOST DELTA TABLE...: restore HOST, then DELTA with
# --noflush, then save each TABLE.
patched () {
  _b=$1 _host=$2 _delta=$3
  shift 3
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare -n -- sh -c '
    b=$1 host=$2 delta=$3
    shift 3
    iptables-$b-restore < "$host" || exit 3
    iptables-$b-restore --noflush < "$delta" || exit 4
    for t do iptables-$b-save -t "$t" || exit; done' \
    sh "$_b" "$_host" "$_delta" "$@" | grep -v '^#'
}

# unguarded BACKEND HOST DELTA TABLE...: restore HOST, then DELTA without
# --noflush, which must fail; then save each TABLE (HOST's rules, if the
# failed restore changed nothing).
unguarded () {
  _b=$1 _host=$2 _delta=$3
  shift 3
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare -n -- sh -c '
    b=$1 host=$2 delta=$3
    shift 3
    iptables-$b-restore < "$host" || exit 3
    if iptables-$b-restore < "$delta" 2>/dev/null; then
      echo "restored without --noflush"; exit 5
    fi
    for t do iptables-$b-save -t "$t" || exit; done' \
    sh "$_b" "$_host" "$_delta" "$@" | grep -v '^#'
}

# check NAME HOST [IPMERGE-ARG...]: one case, both backends.  With
# ONCE=1 the second --delta is not required to be empty (an overlay that
# deletes one of two equal rules deletes the other one on a second run,
# as iptables -D would).
check () {
  name=$1 host=$2
  shift 2
  if ! "$IPMERGE" "$@" < "$host" > "$TMPD/merged" 2> "$TMPD/err"; then
    flunk "$name: merge failed"; cat "$TMPD/err"; return
  fi
  if ! "$IPMERGE" --delta "$@" < "$host" > "$TMPD/delta" 2> "$TMPD/err"; then
    flunk "$name: --delta failed"; cat "$TMPD/err"; return
  fi
  if grep -v -E '^(\*[a-z]+|:[^ ]+ [A-Z-]+ \[0:0\]|-[ACIDPX] .*|COMMIT)$' "$TMPD/delta"; then
    flunk "$name: the delta has lines other than : -C -A -I -D -P -X"
  fi
  # the merged result's delta against itself is empty
  if [ "${ONCE:-0}" != 1 ] && { ! "$IPMERGE" --delta "$@" < "$TMPD/merged" \
       > "$TMPD/delta2" 2> "$TMPD/err" || [ -s "$TMPD/delta2" ]; }; then
    flunk "$name: a second --delta is not empty"; cat "$TMPD/delta2" "$TMPD/err"
  fi
  # shellcheck disable=SC2046 # table names are words
  for backend in nft legacy; do
    kernel_save "$backend" "$TMPD/merged" "" "" "" $(tables_of "$TMPD/merged") \
      | grep -v '^#' > "$TMPD/want"
    patched "$backend" "$host" "$TMPD/delta" $(tables_of "$TMPD/merged") > "$TMPD/got"
    if [ -s "$TMPD/want" ] && cmp -s "$TMPD/want" "$TMPD/got"; then
      passed=$((passed + 1))
    else
      flunk "$name ($backend): restore(host) + delta != restore(merge)"
      echo "  delta:"; sed 's/^/    /' "$TMPD/delta"
      diff -u "$TMPD/want" "$TMPD/got" | head -40
    fi
    # a guarded patch (every table block holds a -C) without --noflush
    if [ -s "$TMPD/delta" ] && [ "$(grep -c '^\*' "$TMPD/delta")" = "$(grep -c '^-C ' "$TMPD/delta")" ]; then
      kernel_save "$backend" "$host" "" "" "" $(tables_of "$host") \
        | grep -v '^#' > "$TMPD/host-saved"
      unguarded "$backend" "$host" "$TMPD/delta" $(tables_of "$host") > "$TMPD/got"
      if cmp -s "$TMPD/host-saved" "$TMPD/got"; then
        passed=$((passed + 1))
      else
        flunk "$name ($backend): the delta restored without --noflush was not refused, or changed the host"
        diff -u "$TMPD/host-saved" "$TMPD/got" | head -20
      fi
    fi
  done
}

# 1. the incident
check samples "$samples/broken-host.rules" \
  "$samples/docker-ref.rules" "$samples/policy-9999.rules"
check samples-take "$samples/broken-host.rules" --take 'docker0|DOCKER' \
  --skip DNAT --rewrite 172.17.0.0/16=10.200.0.0/16 --rewrite docker0=br0 \
  "$samples/docker-ref.rules"

# 2. an overlay with every command the delta must express
cat > "$TMPD/host2" <<'EOF'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:Old - [0:0]
:Keep - [0:0]
:Gone - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT
-A INPUT -j Old
-A INPUT -j Gone
-A INPUT -p udp -m udp --dport 53 -j ACCEPT
-A INPUT -j DROP
-A Old -s 10.0.0.0/8 -j RETURN
-A Keep -j RETURN
-A Gone -j LOG
-A Gone -j ACCEPT
COMMIT
EOF
cat > "$TMPD/overlay2" <<'EOF'
*filter
:Gone - [0:0]
:Old - [0:0]
:New - [0:0]
:Keep - [0:0]
-P FORWARD ACCEPT
-D INPUT -p tcp -m tcp --dport 23 -j ACCEPT
-D INPUT -j Gone
-F Gone
-X Gone
-E Old Renamed
-I INPUT 2 -p tcp -m tcp --dport 443 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j New
-A New -j ACCEPT
-A Keep -s 192.0.2.0/24 -j DROP
-I Keep 1 -s 192.0.2.1/32 -j ACCEPT
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:OUTPUT DROP [0:0]
-A PREROUTING -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x1/0xffffffff
COMMIT
EOF
check overlay "$TMPD/host2" "$TMPD/overlay2"

# duplicates: one of two equal rules deleted
cat > "$TMPD/overlay2b" <<'EOF'
*filter
-D INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j DROP
COMMIT
EOF
ONCE=1 check duplicates "$TMPD/host2" "$TMPD/overlay2b"

# 3. a reference dump whose rules interleave with the host's
cat > "$TMPD/host3" <<'EOF'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 192.0.2.1/32 -j ACCEPT
-A INPUT -s 192.0.2.3/32 -j ACCEPT
-A INPUT -s 192.0.2.5/32 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-port-unreachable
COMMIT
EOF
cat > "$TMPD/ref3" <<'EOF'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 192.0.2.0/32 -j ACCEPT
-A INPUT -s 192.0.2.1/32 -j ACCEPT
-A INPUT -s 192.0.2.2/32 -j ACCEPT
-A INPUT -s 192.0.2.5/32 -j ACCEPT
-A INPUT -s 192.0.2.6/32 -j ACCEPT
-A OUTPUT -d 192.0.2.9/32 -j DROP
COMMIT
EOF
check interleave "$TMPD/host3" "$TMPD/ref3"

# 4. generated rulesets (tests/gen: random modules from the kernel-oracle
# corpus, random chain graphs, four tables, counters), a reference layer and
# an overlay with -D/-I/-N/-F/-P; fixed seeds, more with IPMERGE_LONG=1
gen=$top_builddir/tests/gen/gen-rules
if [ "${IPMERGE_LONG:-0}" = 1 ]; then seeds="1 2 3 4 5 6 7 8 9 10 11 12"; size=4000
else seeds="1 2"; size=1500; fi
for seed in $seeds; do
  if ! { "$gen" host "$seed" "$size" > "$TMPD/gen-host" &&
          "$IPMERGE" --canonical < "$TMPD/gen-host" > "$TMPD/gen-canon" &&
          "$gen" reference "$seed" "$TMPD/gen-canon" > "$TMPD/gen-ref" &&
          "$gen" overlay "$seed" "$TMPD/gen-canon" "$TMPD/gen-ref" > "$TMPD/gen-ovl"; }; then
    flunk "generated $seed: the generator failed"
    continue
  fi
  check "generated-$seed" "$TMPD/gen-host" "$TMPD/gen-ref" "$TMPD/gen-ovl"
done

echo "delta: $passed passed, $failed failed"
[ "$failed" = 0 ]
