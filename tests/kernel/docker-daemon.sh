#!/bin/sh
# The incident with a real Docker daemon (Debian's docker.io 20.10), for
# iptables-nft and iptables-legacy, on the host of tests/kernel/incident-lib.sh
# with calico felix's FORWARD tail.  dockerd runs in the test's "host"
# network namespace and in a mount namespace of its own (a fresh /sys with
# the machine's cgroup tree moved in, empty /run, /etc/docker and /opt), with
# its own --data-root, --exec-root, --pidfile and socket under the test's
# temporary directory, docker0 on 172.17.0.0/16, containers in a cgroup of
# their own; its iptables is iptables-$backend (a directory first in its
# PATH).  The image is busybox-static's /bin/busybox, made with docker import.
#
#  a. The reference, as README tells a user: iptables-save on the clean,
#     docker-only host (only dockerd's rules) -> docker-ref.rules.
#  b. kube/calico rules and felix's tail; a `docker run` container reaches
#     198.51.100.10:8080 outside (no route back to 172.17.0.0/16: only
#     MASQUERADE makes it work).
#  c. The reload: every table flushed, samples/sysconfig-iptables,
#     kube/calico/felix again: the container is offline (dockerd does not
#     notice).
#  d. iptables-save | ipmerge docker-ref.rules policy-9999.rules | iptables-restore:
#     the container reaches out, port 9999 is open to 172.20.0.0/14 only,
#     every kube/calico line is kept.
#  e. Again: ipmerge's output is its input, --delta prints nothing.
#  f. c again, then the --delta form with iptables-restore --noflush: as d
#     and e.
#
# Skips only where docker.io cannot start a daemon or a container here
# (the reason and the daemon's log are printed).  Needs (Debian): docker.io,
# busybox-static, and what incident-lib.sh needs.
. "$top_srcdir/tests/lib.sh"
felix_tail=yes
. "$top_srcdir/tests/kernel/incident-lib.sh"

for tool in dockerd containerd runc nsenter; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed (Debian packages docker.io, util-linux)"
done
# the docker.io client, whatever else PATH may hold
docker_cli=/usr/bin/docker
[ -x "$docker_cli" ] || skip "$docker_cli not installed (Debian package docker.io)"
busybox=/bin/busybox
if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' \
   || [ ! -x "$busybox" ]; then
  skip "busybox-static not installed (the image needs a static busybox)"
fi

DOCKER_CONFIG=$TMPD/cli; export DOCKER_CONFIG
cgroup_name=ipmerge-test-$tag
dockerd_pid="" ctr_pid="" started_once=no

# docker ARGS...: the client of the test's daemon, bounded in time.
docker () {
  timeout 60 "$docker_cli" -H "unix://$dd/docker.sock" "$@"
}

ctr_reaches () {
  [ "$(timeout 10 "$docker_cli" -H "unix://$dd/docker.sock" exec ipm-ctr \
        nc -w 3 "$1" "$2" < /dev/null 2>/dev/null)" = "$3" ]
}

alive () {
  [ -r "/proc/$1/status" ] && ! grep -q '^State:.Z' "/proc/$1/status"
}

# not_here WHY: docker.io cannot run here; a skip for the first daemon
# (the machine cannot), a failure once one has run (this test broke it).
not_here () {
  echo "--- dockerd's log ($label):"; tail -n 30 "$dd/dockerd.log"
  [ "$started_once" = yes ] && fail "$label: $*"
  skip "docker.io cannot start here: $*"
}

dockerd_start () {
  dd=$TMPD/$backend
  mkdir -p "$dd/bin" "$dd/cg" "$dd/image/bin" || exit 99
  for t in iptables ip6tables; do
    for s in "" -save -restore; do
      _real=$(command -v "$t-$backend$s") || skip "$t-$backend$s not installed"
      ln -s "$_real" "$dd/bin/$t$s" || exit 99
    done
  done
  echo '{}' > "$dd/daemon.json"
  # The mounts stay in dockerd's mount namespace (private) and go with it:
  # sysfs of the test's network namespace; cgroups as the machine has them;
  # /run, /etc/docker and /opt empty, so that containerd's shim sockets,
  # the trust key and containerd's /opt stay off the machine and the
  # machine's D-Bus (firewalld) is out of dockerd's reach.
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare -m --propagation private -- nsenter --net="/run/netns/$host" -- sh -c '
    dd=$1 cgroup=$2
    mount --rbind /sys/fs/cgroup "$dd/cg" || exit 3
    mount -t sysfs sysfs /sys || exit 3
    mount --move "$dd/cg" /sys/fs/cgroup || exit 3
    for d in /run /etc/docker /opt; do
      if [ -d "$d" ]; then mount -t tmpfs -o mode=755 tmpfs "$d" || exit 3; fi
    done
    PATH=$dd/bin:$PATH exec dockerd --config-file "$dd/daemon.json" \
      --data-root "$dd/data" --exec-root "$dd/exec" --pidfile "$dd/dockerd.pid" \
      -H "unix://$dd/docker.sock" --bip 172.17.0.1/16 --storage-driver vfs \
      --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$cgroup" \
      --iptables=true --ip-masq=true' sh "$dd" "$cgroup_name" \
    > "$dd/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _i in $(seq 150); do
    alive "$dockerd_pid" || not_here "dockerd exited"
    docker info > /dev/null 2>&1 && break
    sleep 0.2
  done
  docker info > /dev/null 2>&1 || not_here "dockerd does not answer after 30 s"
  # dockerd sets its rules up before it serves the API; give it a moment
  for _i in $(seq 50); do
    saved | grep -q -e '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE' && break
    sleep 0.2
  done
  saved | grep -q -e '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE' \
    || { saved; fail "$label: dockerd's MASQUERADE for 172.17.0.0/16 is not in iptables-$backend-save"; }
}

ctr_start () {
  cp "$busybox" "$dd/image/bin/busybox" || exit 99
  for applet in sh nc sleep; do ln -s busybox "$dd/image/bin/$applet"; done
  tar -C "$dd/image" -cf "$dd/image.tar" . || exit 99
  docker import "$dd/image.tar" ipm-busybox:test > /dev/null \
    || not_here "docker import failed"
  docker run -d --name ipm-ctr --network bridge ipm-busybox:test sleep 600 \
    > /dev/null || not_here "docker run failed"
  ctr_pid=$(docker inspect -f '{{.State.Pid}}' ipm-ctr) || not_here "docker inspect failed"
  docker inspect -f '{{.NetworkSettings.IPAddress}}' ipm-ctr | grep -q '^172\.17\.' \
    || fail "$label: the container has no 172.17.0.0/16 address"
  started_once=yes
}

# dockerd_stop: the container, dockerd (it stops its containerd), whatever
# is left in its network namespace (a shim), the containers' cgroup.
dockerd_stop () {
  [ -n "$dockerd_pid" ] || return 0
  if alive "$dockerd_pid"; then
    timeout 30 "$docker_cli" -H "unix://$dd/docker.sock" rm -f ipm-ctr > /dev/null 2>&1
    kill -TERM "$dockerd_pid" 2>/dev/null
    for _i in $(seq 100); do alive "$dockerd_pid" || break; sleep 0.2; done
  fi
  [ -n "$ctr_pid" ] && alive "$ctr_pid" && kill -KILL "$ctr_pid" 2>/dev/null
  for _pid in $(ip netns pids "$host" 2>/dev/null); do
    case " $pids " in *" $_pid "*) ;; *) kill -KILL "$_pid" 2>/dev/null ;; esac
  done
  wait "$dockerd_pid" 2>/dev/null
  for _cg in "/sys/fs/cgroup/$cgroup_name" /sys/fs/cgroup/*/"$cgroup_name"; do
    [ -d "$_cg" ] && find "$_cg" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  dockerd_pid="" ctr_pid=""
}
incident_cleanup_hook () { dockerd_stop; }

run () {
  backend=$1 label="docker 20.10 daemon $1"
  net_setup
  dockerd_start
  # a. the reference: only dockerd's rules are on the host now
  ipt save > "$dd/docker-ref.rules" || fail "$label: iptables-save"
  other=nft; [ "$backend" = nft ] && other=legacy
  in_host "iptables-$other-save" 2>/dev/null | grep -q DOCKER \
    && fail "$label: dockerd wrote its rules with iptables-$other"
  echo "$label: a. reference: $(grep -c '^-A' "$dd/docker-ref.rules") rules of dockerd saved"
  # b. the node
  ctr_start
  kube_add
  ctr_reaches 198.51.100.10 8080 outside-ok \
    || { show_forward; fail "$label: b. the container does not reach outside"; }
  echo "$label: b. node: docker run container -> outside ok"
  # c. the reload
  reload
  check_broken c.
  repair_both "$dd/docker-ref.rules"
  dockerd_stop
  net_teardown
}

run nft
run legacy
echo "docker-daemon: docker.io $(dockerd --version | sed 's/^Docker version //; s/,.*//'), nft and legacy passed"
