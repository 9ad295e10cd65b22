#!/bin/sh
# The incident, end to end, with real traffic, for iptables-nft and
# iptables-legacy.  Everything happens in network namespaces this test
# creates (removed by the trap); the machine's own namespace, firewall and
# interfaces are never touched.
#
#   ctr (172.17.0.2) --docker0-- host --em1-- out (203.0.113.2, 198.51.100.10)
#                                  `--cali1a2b3c4d5e6-- cli (172.20.0.2)
#
# "out" has no route back to 172.17.0.0/16: only Docker's MASQUERADE makes
# the replies come back; FORWARD ends with a catch-all REJECT (the CentOS
# sysconfig default), so without Docker's FORWARD rules nothing passes.
#
#  1. Docker's rules (samples/docker-ref.rules) plus the kube/calico rules:
#     the container reaches a TCP server outside.
#  2. The mistake: every table flushed, samples/sysconfig-iptables loaded
#     (it has the 9999 rule), kube/calico rebuild their rules: the container
#     no longer reaches outside.
#  3. The repair, README's pipeline:
#       iptables-save | ipmerge docker-ref.rules policy-9999.rules | iptables-restore
#     the container reaches outside again, a client in 172.20.0.0/14 reaches
#     the host's port 9999, a client outside that range is rejected, every
#     kube/calico rule is still there.
#  4. The pipeline again: nothing changes (ipmerge's output equals its input,
#     the kernel's ruleset is the same).
#
# Needs (Debian): iptables, iproute2, socat, util-linux, coreutils.
. "$top_srcdir/tests/lib.sh"
require_netns
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not installed"
command -v socat >/dev/null 2>&1 || skip "socat not installed"
command -v timeout >/dev/null 2>&1 || skip "timeout (coreutils) not installed"
ip netns list >/dev/null 2>&1 || skip "ip netns does not work here"

samples=$top_srcdir/samples
kube=$top_srcdir/tests/kernel/incident-kube-calico.rules
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipmerge-incident.XXXXXX") || exit 99
tag=$$
host=ipm-host-$tag ctr=ipm-ctr-$tag out=ipm-out-$tag cli=ipm-cli-$tag
pids=""

cleanup () {
  for pid in $pids; do kill "$pid" 2>/dev/null; done
  for pid in $pids; do wait "$pid" 2>/dev/null; done
  for ns in $host $ctr $out $cli; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP

in_host () { ip netns exec "$host" "$@"; }

# ipt CMD ARGS...: iptables-$backend CMD (save/restore/"") in the host.
ipt () {
  _cmd=iptables-$backend; [ -n "$1" ] && _cmd=$_cmd-$1
  shift
  in_host "$_cmd" "$@"
}

setup () {
  for ns in $host $ctr $out $cli; do
    ip netns add "$ns" || fail "ip netns add $ns"
    ip -n "$ns" link set lo up
  done
  # docker0 and a container on it
  ip -n "$host" link add docker0 type bridge
  ip -n "$host" addr add 172.17.0.1/16 dev docker0
  ip -n "$host" link set docker0 up
  ip -n "$host" link add veth0 type veth peer name eth0 netns "$ctr"
  ip -n "$host" link set veth0 master docker0 up
  ip -n "$ctr" addr add 172.17.0.2/16 dev eth0
  ip -n "$ctr" link set eth0 up
  ip -n "$ctr" route add default via 172.17.0.1
  # outside: a TCP server on 198.51.100.10, no route back to 172.17.0.0/16
  ip -n "$host" link add em1 type veth peer name eth0 netns "$out"
  ip -n "$host" addr add 203.0.113.1/24 dev em1
  ip -n "$host" link set em1 up
  ip -n "$out" addr add 203.0.113.2/24 dev eth0
  ip -n "$out" addr add 198.51.100.10/32 dev lo
  ip -n "$out" link set eth0 up
  ip -n "$host" route add 198.51.100.0/24 via 203.0.113.2
  # a pod-network client (calico's pool is 172.20.0.0/14)
  ip -n "$host" link add cali1a2b3c4d5e6 type veth peer name eth0 netns "$cli"
  ip -n "$host" addr add 172.20.0.1/24 dev cali1a2b3c4d5e6
  ip -n "$host" link set cali1a2b3c4d5e6 up
  ip -n "$cli" addr add 172.20.0.2/24 dev eth0
  ip -n "$cli" link set eth0 up
  ip -n "$cli" route add default via 172.20.0.1
  in_host sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward' || fail "ip_forward"
  # servers: outside on 8080, the host on 9999
  ip netns exec "$out" socat TCP-LISTEN:8080,bind=198.51.100.10,reuseaddr,fork \
    SYSTEM:'echo outside-ok' 2>/dev/null &
  pids="$pids $!"
  in_host socat TCP-LISTEN:9999,reuseaddr,fork SYSTEM:'echo host-9999-ok' \
    2>/dev/null &
  pids="$pids $!"
  for _i in $(seq 50); do
    ip netns exec "$out" ss -ltn 2>/dev/null | grep -q ':8080 ' \
      && in_host ss -ltn 2>/dev/null | grep -q ':9999 ' && return 0
    sleep 0.1
  done
  fail "servers did not start"
}

teardown () {
  for pid in $pids; do kill "$pid" 2>/dev/null; done
  for pid in $pids; do wait "$pid" 2>/dev/null; done
  pids=""
  for ns in $host $ctr $out $cli; do ip netns del "$ns" 2>/dev/null; done
}

# connect NS ADDR PORT WANT: prints what the server said (bounded time).
connect () {
  timeout 5 ip netns exec "$1" socat -u \
    "TCP:$2:$3,connect-timeout=3" STDOUT 2>/dev/null
}

reaches () {
  [ "$(connect "$1" "$2" "$3")" = "$4" ]
}

# the kernel's ruleset with counters zeroed, '#' lines dropped
saved () {
  ipt save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]/[0:0]/'
}

pipeline () {
  ipt save > "$TMPD/live.rules" || fail "$backend: iptables-save"
  "$IPMERGE" "$samples/docker-ref.rules" "$samples/policy-9999.rules" \
    < "$TMPD/live.rules" > "$TMPD/merged.rules" 2> "$TMPD/ipmerge.err" \
    || { cat "$TMPD/ipmerge.err"; fail "$backend: ipmerge failed"; }
  ipt restore < "$TMPD/merged.rules" || fail "$backend: restore of the merge"
}

run () {
  backend=$1
  setup
  # 1. healthy: Docker's rules, then kube-proxy and calico add theirs
  ipt restore < "$samples/docker-ref.rules" || fail "$backend: docker rules"
  ipt restore --noflush < "$kube" || fail "$backend: kube/calico rules"
  reaches "$ctr" 198.51.100.10 8080 outside-ok \
    || fail "$backend: 1. the container does not reach outside with Docker's rules"
  echo "$backend: 1. healthy: container -> outside ok"

  # 2. the mistake: reload from the sysconfig file, kube/calico rebuild
  for t in filter nat mangle raw; do
    ipt "" -t "$t" -F && ipt "" -t "$t" -X || fail "$backend: flush $t"
  done
  ipt restore < "$samples/sysconfig-iptables" || fail "$backend: sysconfig"
  ipt restore --noflush < "$kube" || fail "$backend: kube/calico rebuild"
  if reaches "$ctr" 198.51.100.10 8080 outside-ok; then
    fail "$backend: 2. the container still reaches outside after the reload"
  fi
  echo "$backend: 2. after the reload: container -> outside broken"
  saved | grep -E -e '-j (KUBE|cali)|^-A (KUBE|cali)|^:(KUBE|cali)' | sort \
    > "$TMPD/kube.before"
  [ -s "$TMPD/kube.before" ] || fail "$backend: no kube/calico rules loaded"

  # 3. the repair
  pipeline
  reaches "$ctr" 198.51.100.10 8080 outside-ok \
    || fail "$backend: 3. the container does not reach outside after the repair"
  reaches "$cli" 172.20.0.1 9999 host-9999-ok \
    || fail "$backend: 3. the 172.20.0.0/14 client does not reach port 9999"
  if reaches "$out" 203.0.113.1 9999 host-9999-ok; then
    fail "$backend: 3. a client outside 172.20.0.0/14 reaches port 9999"
  fi
  saved | grep -E -e '-j (KUBE|cali)|^-A (KUBE|cali)|^:(KUBE|cali)' | sort \
    > "$TMPD/kube.after"
  missing=$(comm -23 "$TMPD/kube.before" "$TMPD/kube.after")
  [ -z "$missing" ] || fail "$backend: 3. kube/calico rules lost: $missing"
  [ "$(saved | grep -c -e '--dport 9999')" = 1 ] \
    || fail "$backend: 3. the 9999 rule is not there exactly once"
  echo "$backend: 3. repaired: container -> outside ok, 172.20.0.2 -> :9999 ok," \
    "203.0.113.2 -> :9999 rejected, $(wc -l < "$TMPD/kube.before") kube/calico lines kept"

  # 4. again: nothing changes
  saved > "$TMPD/state.1"
  cp "$TMPD/merged.rules" "$TMPD/merged.1"
  pipeline
  saved > "$TMPD/state.2"
  sed 's/\[[0-9]*:[0-9]*\]/[0:0]/' "$TMPD/live.rules" | grep -v '^#' > "$TMPD/live.2"
  sed 's/\[[0-9]*:[0-9]*\]/[0:0]/' "$TMPD/merged.rules" > "$TMPD/merged.2"
  cmp -s "$TMPD/state.1" "$TMPD/state.2" \
    || { diff -u "$TMPD/state.1" "$TMPD/state.2"; fail "$backend: 4. the second run changed the ruleset"; }
  "$IPMERGE" --canonical "$TMPD/live.2" > "$TMPD/live.canon" \
    || fail "$backend: 4. ipmerge --canonical"
  cmp -s "$TMPD/live.canon" "$TMPD/merged.2" \
    || { diff -u "$TMPD/live.canon" "$TMPD/merged.2"; fail "$backend: 4. the second merge changed its input"; }
  reaches "$ctr" 198.51.100.10 8080 outside-ok \
    || fail "$backend: 4. the container lost outside after the second run"
  echo "$backend: 4. second run: no change"
  teardown
}

run nft
run legacy
echo "incident: nft and legacy passed"
