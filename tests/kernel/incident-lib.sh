# The incident's host, shared by tests/kernel/incident.sh, docker-refs.sh and
# docker-daemon.sh (sourced after tests/lib.sh).  Everything happens in
# network namespaces made here and removed by the trap; the machine's own
# namespace, firewall and interfaces are never touched.
#
#   ctr (172.17.0.2) --docker0-- host --em1-- out (203.0.113.2, 198.51.100.10)
#                                  `--cali1a2b3c4d5e6-- cli (172.20.0.2)
#
# "out" has no route back to 172.17.0.0/16: only Docker's MASQUERADE makes
# the replies come back.  After the reload FORWARD ends with a catch-all
# REJECT (the CentOS sysconfig default), so without Docker's FORWARD rules,
# placed where they can match, nothing passes.
#
# The caller sets $backend (nft or legacy), $label (what the messages say,
# e.g. "docker 28 nft") and $felix_tail (yes: calico felix appends its
# FORWARD rules after everything, after the REJECT too), and defines
# ctr_reaches ADDR PORT WANT (the container connects out).
# Needs (Debian): iptables, iproute2, socat, util-linux, coreutils.

require_netns
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not installed"
command -v socat >/dev/null 2>&1 || skip "socat not installed"
command -v timeout >/dev/null 2>&1 || skip "timeout (coreutils) not installed"
ip netns list >/dev/null 2>&1 || skip "ip netns does not work here"

samples=$top_srcdir/samples
kube=$top_srcdir/tests/kernel/incident-kube-calico.rules
felix=$top_srcdir/tests/kernel/incident-felix-tail.rules
policy=$samples/policy-9999.rules
felix_tail=${felix_tail:-no}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipmerge-incident.XXXXXX") || exit 99
tag=$$
host=ipm-host-$tag ctr=ipm-ctr-$tag out=ipm-out-$tag cli=ipm-cli-$tag
pids=""

# A caller with more to stop (a daemon) defines incident_cleanup_hook.
cleanup () {
  command -v incident_cleanup_hook >/dev/null 2>&1 && incident_cleanup_hook
  net_teardown
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

# net_setup [docker0]: the namespaces and the servers; with "docker0" also
# the bridge and a container namespace on it (what dockerd would make).
net_setup () {
  _nss="$host $out $cli"
  [ "${1:-}" = docker0 ] && _nss="$_nss $ctr"
  for ns in $_nss; do
    ip netns add "$ns" || fail "ip netns add $ns"
    ip -n "$ns" link set lo up
  done
  if [ "${1:-}" = docker0 ]; then
    ip -n "$host" link add docker0 type bridge
    ip -n "$host" addr add 172.17.0.1/16 dev docker0
    ip -n "$host" link set docker0 up
    ip -n "$host" link add veth0 type veth peer name eth0 netns "$ctr"
    ip -n "$host" link set veth0 master docker0 up
    ip -n "$ctr" addr add 172.17.0.2/16 dev eth0
    ip -n "$ctr" link set eth0 up
    ip -n "$ctr" route add default via 172.17.0.1
  fi
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
  # not through in_host: $! must be socat's pid, not a subshell's
  ip netns exec "$host" socat TCP-LISTEN:9999,reuseaddr,fork \
    SYSTEM:'echo host-9999-ok' 2>/dev/null &
  pids="$pids $!"
  for _i in $(seq 50); do
    ip netns exec "$out" ss -ltn 2>/dev/null | grep -q ':8080 ' \
      && in_host ss -ltn 2>/dev/null | grep -q ':9999 ' && return 0
    sleep 0.1
  done
  fail "servers did not start"
}

net_teardown () {
  for pid in $pids; do kill "$pid" 2>/dev/null; done
  for pid in $pids; do wait "$pid" 2>/dev/null; done
  pids=""
  # whatever still runs in our namespaces (a server's forked child) is ours
  # and would keep the namespace alive after "ip netns del"
  for ns in $host $ctr $out $cli; do
    for _pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$_pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
}

# connect NS ADDR PORT: prints what the server said (bounded time).
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

# kube-proxy's and calico's lines of the kernel's ruleset, sorted
kube_lines () {
  saved | grep -E -e '-j (KUBE|cali)|^-A (KUBE|cali)|^:(KUBE|cali)|"cali:' | sort
}

# kube-proxy and calico (re)create their rules; felix appends its tail.
kube_add () {
  ipt restore --noflush < "$kube" || fail "$label: kube/calico rules"
  if [ "$felix_tail" = yes ]; then
    ipt restore --noflush < "$felix" || fail "$label: felix's FORWARD tail"
  fi
}

# The mistake: every table flushed, the sysconfig file loaded (it has the
# 9999 rule), kube/calico rebuild their rules.  Saves their lines in
# $TMPD/kube.before.
reload () {
  for t in $(ipt save | sed -n 's/^\*//p'); do
    ipt "" -t "$t" -F && ipt "" -t "$t" -X || fail "$label: flush $t"
  done
  ipt restore < "$samples/sysconfig-iptables" || fail "$label: sysconfig"
  kube_add
  kube_lines > "$TMPD/kube.before"
  [ -s "$TMPD/kube.before" ] || fail "$label: no kube/calico rules loaded"
}

# merge_repair REF: README's pipeline,
#   iptables-save | ipmerge REF policy-9999.rules | iptables-restore
# leaves the input in $TMPD/live.rules, the output in $TMPD/merged.rules.
merge_repair () {
  ipt save > "$TMPD/live.rules" || fail "$label: iptables-save"
  "$IPMERGE" "$1" "$policy" < "$TMPD/live.rules" > "$TMPD/merged.rules" \
    2> "$TMPD/ipmerge.err" || { cat "$TMPD/ipmerge.err"; fail "$label: ipmerge failed"; }
  ipt restore < "$TMPD/merged.rules" || fail "$label: restore of the merge"
}

# delta_repair REF: the same as a patch,
#   iptables-save | ipmerge --delta REF policy-9999.rules | iptables-restore --noflush
delta_repair () {
  ipt save > "$TMPD/live.rules" || fail "$label: iptables-save"
  "$IPMERGE" --delta "$1" "$policy" < "$TMPD/live.rules" > "$TMPD/delta.rules" \
    2> "$TMPD/ipmerge.err" || { cat "$TMPD/ipmerge.err"; fail "$label: ipmerge --delta failed"; }
  ipt restore --noflush < "$TMPD/delta.rules" \
    || { cat "$TMPD/delta.rules"; fail "$label: restore --noflush of the delta"; }
}

# show_forward: the host's FORWARD chain, for a failure's log.
show_forward () {
  echo "--- $label: the host's filter FORWARD now:"
  saved | grep -e '^-A FORWARD ' -e '^:FORWARD '
}

# check_repaired STEP: the container reaches outside, a client in
# 172.20.0.0/14 reaches port 9999 and one outside it is rejected, every
# kube/calico line of $TMPD/kube.before is still there, 9999 is there once.
check_repaired () {
  ctr_reaches 198.51.100.10 8080 outside-ok \
    || { show_forward; fail "$label: $1 the container does not reach outside after the repair"; }
  reaches "$cli" 172.20.0.1 9999 host-9999-ok \
    || fail "$label: $1 the 172.20.0.0/14 client does not reach port 9999"
  if reaches "$out" 203.0.113.1 9999 host-9999-ok; then
    fail "$label: $1 a client outside 172.20.0.0/14 reaches port 9999"
  fi
  kube_lines > "$TMPD/kube.after"
  _missing=$(comm -23 "$TMPD/kube.before" "$TMPD/kube.after")
  [ -z "$_missing" ] || fail "$label: $1 kube/calico rules lost: $_missing"
  [ "$(saved | grep -c -e '--dport 9999')" = 1 ] \
    || fail "$label: $1 the 9999 rule is not there exactly once"
  echo "$label: $1 repaired: container -> outside ok, 172.20.0.2 -> :9999 ok," \
    "203.0.113.2 -> :9999 rejected, $(wc -l < "$TMPD/kube.before") kube/calico lines kept"
}

# check_settled STEP REF: on the repaired host the merge changes nothing:
# ipmerge's output is byte for byte its input (iptables-save's '#' lines
# are the only thing it drops), --delta prints nothing, and restoring the
# merge leaves the kernel's ruleset as it was.
check_settled () {
  saved > "$TMPD/state.1"
  merge_repair "$2"
  grep -v '^#' "$TMPD/live.rules" > "$TMPD/live.nocomment"
  cmp -s "$TMPD/live.nocomment" "$TMPD/merged.rules" \
    || { diff -u "$TMPD/live.nocomment" "$TMPD/merged.rules"; fail "$label: $1 the merge changed a repaired host"; }
  saved > "$TMPD/state.2"
  cmp -s "$TMPD/state.1" "$TMPD/state.2" \
    || { diff -u "$TMPD/state.1" "$TMPD/state.2"; fail "$label: $1 restoring the merge again changed the ruleset"; }
  ipt save | "$IPMERGE" --delta "$2" "$policy" > "$TMPD/delta.again" \
    || fail "$label: $1 ipmerge --delta failed on the repaired host"
  [ ! -s "$TMPD/delta.again" ] \
    || { cat "$TMPD/delta.again"; fail "$label: $1 --delta on a repaired host is not empty"; }
  ctr_reaches 198.51.100.10 8080 outside-ok \
    || fail "$label: $1 the container lost outside after the second run"
  echo "$label: $1 second run: output = input, --delta empty"
}

# check_broken STEP: after the reload the container is offline.
check_broken () {
  if ctr_reaches 198.51.100.10 8080 outside-ok; then
    fail "$label: $1 the container still reaches outside after the reload"
  fi
  echo "$label: $1 after the reload: container -> outside broken"
}

# repair_both REF: steps d-f from the broken host: the full merge (d), its
# second run (e), then the reload again and the --delta form with its
# second run (f).
repair_both () {
  merge_repair "$1"
  check_repaired d.
  check_settled e. "$1"
  reload
  check_broken f.
  delta_repair "$1"
  check_repaired f.
  check_settled f. "$1"
}
