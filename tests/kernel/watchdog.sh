#!/bin/sh
# samples/watchdog/ipmerge-watchdog against real iptables-nft and
# iptables-legacy in throwaway network namespaces (never the machine's own
# firewall), with the layers and options of ipmerge-watchdog.service:
# - a node that has Docker's rules is never restored (restores counted
#   through a wrapper, over several checks);
# - the incident's wipe (every table flushed, /etc/sysconfig/iptables
#   loaded, kube-proxy and calico rebuilding theirs) is repaired within one
#   period of the running watchdog, and logged once;
# - a patch iptables refuses (a layer matching an ipset that does not
#   exist) changes nothing, and the check fails; so does a failing
#   iptables-save.
. "$top_srcdir/tests/lib.sh"
require_netns
tmpdir_setup
s=$top_srcdir/samples
script=$s/watchdog/ipmerge-watchdog
unit=$s/watchdog/ipmerge-watchdog.service
period=2

args=$(sed -n 's|^ExecStart=/usr/local/sbin/ipmerge-watchdog --once ||p' "$unit")
[ -n "$args" ] || fail "no ExecStart=/usr/local/sbin/ipmerge-watchdog --once line in the unit"
args=$(echo "$args" | sed "s|/etc/ipmerge/docker-ref.rules|$s/docker-ref.rules|")
printf '*filter\n-A INPUT -i docker0 -m set --match-set ipm-no-such-set src -j DROP\nCOMMIT\n' > "$TMPD/refused.rules"

# counts the restores that load a patch (not --test), then restores
cat > "$TMPD/restore" <<'EOF2'
#!/bin/sh
case " $* " in *" --test "*) ;; *) echo restore >> "$COUNT" ;; esac
exec iptables-$BACKEND-restore "$@"
EOF2
chmod +x "$TMPD/restore"

cat > "$TMPD/ns.sh" <<'EOF2'
# ns.sh OUT: the scenarios, in this namespace; results in OUT.*
out=$1
b=$BACKEND
set -u
save () { iptables-$b-save | grep -v '^#'; }
wd () {
  IPTABLES_SAVE=${SAVE_OVERRIDE:-iptables-$b-save} IPTABLES_RESTORE=$TMPD/restore \
    sh "$SCRIPT" "$@"
}
# shellcheck disable=SC2086 # the unit's words
# 1. a healthy node: three checks, no restore
iptables-$b-restore < "$SAMPLES/expected-merged.rules" || exit 3
save > "$out.healthy.before"
COUNT=$out.count.healthy wd --runs 3 --interval 1 $ARGS > "$out.healthy.log" 2>&1
echo $? > "$out.healthy.status"
save > "$out.healthy.after"

# 2. the running watchdog, and the wipe
COUNT=$out.count.wipe wd --interval "$PERIOD" $ARGS > "$out.wipe.log" 2>&1 &
pid=$!
sleep 1
iptables-$b-restore < "$SAMPLES/sysconfig-iptables" || exit 4
iptables-$b-restore --noflush < "$KUBE" || exit 4
start=$(date +%s)
save > "$out.wiped"
repaired=
while [ $(( $(date +%s) - start )) -le $((PERIOD + 3)) ]; do
  if save | "$IPMERGE" --plan $ARGS > /dev/null 2>&1; then
    repaired=$(( $(date +%s) - start )); break
  fi
  sleep 0.2
done
echo "${repaired:-never}" > "$out.wipe.seconds"
sleep "$PERIOD"     # one more check: nothing to do
kill "$pid"; wait "$pid" 2>/dev/null
save > "$out.wipe.after"

# 3. a patch iptables refuses, on the wiped node: nothing changes (the
# layer matches --take docker0)
iptables-$b-restore < "$SAMPLES/sysconfig-iptables" || exit 5
iptables-$b-restore --noflush < "$KUBE" || exit 5
save > "$out.refused.before"
COUNT=$out.count.refused wd --once $ARGS "$REFUSED" > "$out.refused.log" 2>&1
echo $? > "$out.refused.status"
save > "$out.refused.after"

# 4. a failing iptables-save: nothing changes
SAVE_OVERRIDE=false COUNT=$out.count.nosave wd --once $ARGS > "$out.nosave.log" 2>&1
echo $? > "$out.nosave.status"
save > "$out.nosave.after"
EOF2

count () { [ -e "$1" ] && wc -l < "$1" | tr -d ' ' || echo 0; }
for b in nft legacy; do
  o=$TMPD/$b
  BACKEND=$b SCRIPT=$script SAMPLES=$s KUBE=$top_srcdir/tests/kernel/incident-kube-calico.rules \
    ARGS=$args REFUSED=$TMPD/refused.rules PERIOD=$period TMPD=$TMPD \
    in_netns sh "$TMPD/ns.sh" "$o" || fail "$b: the namespace scenario failed ($?)"

  [ "$(cat "$o.healthy.status")" = 0 ] || { cat "$o.healthy.log"; fail "$b: checks of a healthy node failed"; }
  [ "$(count "$o.count.healthy")" = 0 ] || { cat "$o.healthy.log"; fail "$b: a healthy node was restored"; }
  cmp -s "$o.healthy.before" "$o.healthy.after" || fail "$b: a healthy node changed"
  echo "$b: a healthy node, 3 checks: 0 restores"

  grep -q -- '-o docker0 -j DOCKER' "$o.wiped" && fail "$b: the wipe did not remove Docker's rules"
  secs=$(cat "$o.wipe.seconds")
  [ "$secs" != never ] || { cat "$o.wipe.log"; fail "$b: the wipe was not repaired within $((period + 3)) s"; }
  [ "$secs" -le "$((period + 1))" ] || { cat "$o.wipe.log"; fail "$b: repaired after $secs s, period $period s"; }
  [ "$(count "$o.count.wipe")" = 1 ] || { cat "$o.wipe.log"; fail "$b: $(count "$o.count.wipe") restores for one wipe"; }
  [ "$(grep -c 'repaired:' "$o.wipe.log")" = 1 ] || { cat "$o.wipe.log"; fail "$b: the repair was not logged once"; }
  grep -q 'add rule .* of FORWARD: -A FORWARD -o docker0 -j DOCKER' "$o.wipe.log" \
    || { cat "$o.wipe.log"; fail "$b: the log does not say what was added"; }
  "$IPMERGE" --diff --format json "$o.wiped" "$o.wipe.after" > "$o.json"
  grep -q '"summary": {.*"removed": 0, "moved": 0, "policies": 0}' "$o.json" \
    || { cat "$o.json"; fail "$b: the repair removed or moved a rule of the node"; }
  echo "$b: the wipe repaired after ${secs}s (period ${period}s), one restore, logged"

  [ "$(cat "$o.refused.status")" != 0 ] || { cat "$o.refused.log"; fail "$b: a refused patch did not fail the check"; }
  cmp -s "$o.refused.before" "$o.refused.after" || { cat "$o.refused.log"; fail "$b: a refused patch changed the node"; }
  grep -q 'refuses the patch\|failed' "$o.refused.log" || { cat "$o.refused.log"; fail "$b: the refusal was not logged"; }
  [ "$(cat "$o.nosave.status")" != 0 ] || fail "$b: a failing iptables-save did not fail the check"
  [ "$(count "$o.count.nosave")" = 0 ] || fail "$b: restored after a failing iptables-save"
  cmp -s "$o.refused.after" "$o.nosave.after" || fail "$b: a failing iptables-save changed the node"
  echo "$b: a refused patch and a failing iptables-save change nothing"
done
