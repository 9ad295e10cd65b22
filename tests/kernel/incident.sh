#!/bin/sh
# The incident, end to end, with real traffic, for iptables-nft and
# iptables-legacy, on the host of tests/kernel/incident-lib.sh (Docker's
# rules from samples/docker-ref.rules, a veth "container" on docker0).
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
#     the kernel's ruleset is the same, --delta prints nothing).
#
# tests/kernel/docker-refs.sh and docker-daemon.sh run the same with
# calico felix's FORWARD tail, newer Docker rules and a real daemon.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/kernel/incident-lib.sh"

ref=$samples/docker-ref.rules

ctr_reaches () { reaches "$ctr" "$@"; }

run () {
  backend=$1 label=$1
  net_setup docker0
  # 1. healthy: Docker's rules, then kube-proxy and calico add theirs
  ipt restore < "$ref" || fail "$backend: docker rules"
  kube_add
  ctr_reaches 198.51.100.10 8080 outside-ok \
    || fail "$backend: 1. the container does not reach outside with Docker's rules"
  echo "$backend: 1. healthy: container -> outside ok"
  # 2. the mistake
  reload
  check_broken 2.
  # 3. the repair
  merge_repair "$ref"
  check_repaired 3.
  # 4. again: nothing changes
  check_settled 4. "$ref"
  net_teardown
}

run nft
run legacy
echo "incident: nft and legacy passed"
