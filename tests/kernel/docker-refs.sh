#!/bin/sh
# The incident with the rules of Docker 28.5 and 29 (samples/refs/docker-28
# and docker-29, default-bridge.rules: the daemon's rules for docker0, no
# container's own), without a daemon: a veth "container" on docker0, on
# the host of tests/kernel/incident-lib.sh, with calico felix's FORWARD
# tail, for iptables-nft and iptables-legacy.  Docker's rules jump from
# FORWARD to its chains (DOCKER-USER, DOCKER-FORWARD); after the reload
# FORWARD ends "REJECT, then felix's tail", and the repair must put those
# jumps before the REJECT.
#
#  b. Docker's rules, kube/calico's, felix's tail: the container reaches out.
#  c. Every table flushed, samples/sysconfig-iptables, kube/calico/felix
#     again: the container is offline.
#  d. iptables-save | ipmerge REF policy-9999.rules | iptables-restore:
#     the container reaches out, port 9999 is open to 172.20.0.0/14 only,
#     every kube/calico line is kept.
#  e. Again: ipmerge's output is its input, --delta prints nothing.
#  f. c again, then the --delta form with iptables-restore --noflush: as d
#     and e.
#
# Docker 28.0's rules match the ipset docker-ext-bridges-v4; a reference
# that does gets the set (with 172.17.0.0/16) in the host namespace.
. "$top_srcdir/tests/lib.sh"
felix_tail=yes
. "$top_srcdir/tests/kernel/incident-lib.sh"

ctr_reaches () { reaches "$ctr" "$@"; }

run () {
  backend=$1 ref=$2 label="$3 $1"
  net_setup docker0
  if grep -q -e '--match-set docker-ext-bridges-v4' "$ref"; then
    require_ipset
    in_host ipset create docker-ext-bridges-v4 hash:net \
      && in_host ipset add docker-ext-bridges-v4 172.17.0.0/16 \
      || fail "$label: ipset docker-ext-bridges-v4"
  fi
  ipt restore < "$ref" || fail "$label: restore of $ref"
  kube_add
  ctr_reaches 198.51.100.10 8080 outside-ok \
    || { show_forward; fail "$label: b. the container does not reach outside with Docker's rules"; }
  echo "$label: b. healthy: container -> outside ok"
  reload
  check_broken c.
  repair_both "$ref"
  net_teardown
}

for version in 28 29; do
  ref=$samples/refs/docker-$version/default-bridge.rules
  [ -f "$ref" ] || fail "$ref is missing"
  for b in nft legacy; do run "$b" "$ref" "docker $version"; done
done
echo "docker-refs: Docker 28 and 29, nft and legacy passed"
