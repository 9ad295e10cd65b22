#!/bin/sh
# The recipes of samples/, without a kernel (tests/kernel/recipes.sh runs
# them against real iptables):
# - samples/systemd/ipmerge-docker.service passes systemd-analyze verify
#   (with its script in place of /usr/local/sbin/ipmerge-remerge), is
#   PartOf= and After= iptables.service, reads /etc/ipmerge/, and its
#   script uses pipefail, --delta and --noflush;
# - samples/ansible/ipmerge-docker.yml passes ansible-playbook --syntax-check;
# - samples/watchdog: the script is POSIX sh (dash -n) and runs --plan and
#   --delta/--noflush; its service and timer pass systemd-analyze verify;
# - samples/sysconfig/ipmerge-sysconfig writes the merge of the incident
#   into a scratch /etc/sysconfig/iptables with a backup, keeps the file's
#   mode, is a no-op the second time, and writes nothing when a layer is
#   bad or the answer is no.
# Every check that has its tool runs; a missing tool skips at the end.
. "$top_srcdir/tests/lib.sh"
command -v bash >/dev/null 2>&1 || skip "bash not installed"
tmpdir_setup
s=$top_srcdir/samples
missing=""

# --- sysconfig -------------------------------------------------------------
sc=$s/sysconfig/ipmerge-sysconfig
target=$TMPD/etc/sysconfig/iptables
mkdir -p "$TMPD/etc/sysconfig"
cp "$s/sysconfig-iptables" "$target"
chmod 600 "$target"
run_sc () {
  IPMERGE=$IPMERGE IPTABLES_SAVE="cat $s/broken-host.rules" SYSCONFIG=$target \
    bash "$sc" "$@"
}
"$IPMERGE" --zero-counters "$s/docker-ref.rules" "$s/policy-9999.rules" \
  < "$s/broken-host.rules" > "$TMPD/want" || fail "the reference merge failed"

echo n | run_sc "$s/docker-ref.rules" "$s/policy-9999.rules" > "$TMPD/log" 2>&1 \
  && fail "sysconfig: answering no did not fail"
cmp -s "$s/sysconfig-iptables" "$target" || fail "sysconfig: answering no changed the file"
grep -q '^+-A FORWARD -o docker0 -j DOCKER$' "$TMPD/log" || { cat "$TMPD/log"; fail "sysconfig: the review shows no diff"; }

printf '*filter\n-A INPUT -j NOSUCH\nCOMMIT\n' > "$TMPD/bad.rules"
run_sc --yes "$s/docker-ref.rules" "$TMPD/bad.rules" > "$TMPD/log" 2>&1 \
  && fail "sysconfig: a bad layer did not fail"
grep -q "^ipmerge: $TMPD/bad.rules:2:[0-9]*: error: " "$TMPD/log" || { cat "$TMPD/log"; fail "sysconfig: no diagnostic for the bad layer"; }
cmp -s "$s/sysconfig-iptables" "$target" || fail "sysconfig: a bad layer changed the file"
[ -e "$target~" ] && fail "sysconfig: a bad layer left a backup"

run_sc --yes "$s/docker-ref.rules" "$s/policy-9999.rules" > "$TMPD/log" 2>&1 \
  || { cat "$TMPD/log"; fail "sysconfig: --yes failed"; }
cmp -s "$TMPD/want" "$target" || { diff -u "$TMPD/want" "$target"; fail "sysconfig: the file is not the merge"; }
cmp -s "$s/sysconfig-iptables" "$target~" || fail "sysconfig: no backup of the old file"
[ "$(stat -c %a "$target")" = 600 ] || fail "sysconfig: the file's mode was not kept"
run_sc --yes "$s/docker-ref.rules" "$s/policy-9999.rules" > "$TMPD/log" 2>&1 \
  || { cat "$TMPD/log"; fail "sysconfig: the second run failed"; }
grep -q 'up to date' "$TMPD/log" || { cat "$TMPD/log"; fail "sysconfig: the second run was not a no-op"; }
IPMERGE=$IPMERGE IPTABLES_SAVE=true SYSCONFIG=$target bash "$sc" --yes "$s/docker-ref.rules" \
  > "$TMPD/log" 2>&1 && fail "sysconfig: an empty live dump was not refused"
cmp -s "$TMPD/want" "$target" || fail "sysconfig: an empty live dump changed the file"
echo "sysconfig: reviewed, written with a backup, idempotent, nothing written on failure"

# --- systemd ---------------------------------------------------------------
unit=$s/systemd/ipmerge-docker.service
script=$s/systemd/ipmerge-remerge
grep -qx 'PartOf=iptables.service' "$unit" || fail "unit: not PartOf=iptables.service"
grep -q '^After=.*iptables.service' "$unit" || fail "unit: not After=iptables.service"
grep -qx 'WantedBy=iptables.service' "$unit" || fail "unit: not WantedBy=iptables.service"
grep -q '^ExecStart=/usr/local/sbin/ipmerge-remerge .*/etc/ipmerge/docker-ref.rules$' "$unit" \
  || fail "unit: ExecStart does not run the script on /etc/ipmerge/docker-ref.rules"
grep -q '^set -euo pipefail$' "$script" || fail "script: no set -euo pipefail"
grep -q -- '--delta' "$script" && grep -q -- '--noflush' "$script" || fail "script: not --delta/--noflush"
bash -n "$script" || fail "script: bash -n"
bash -n "$sc" || fail "sysconfig script: bash -n"
[ -x "$script" ] && [ -x "$sc" ] || fail "the recipe scripts are not executable"
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir "$TMPD/unit"
  sed "s|/usr/local/sbin/ipmerge-remerge|$script|" "$unit" > "$TMPD/unit/ipmerge-docker.service"
  # --man=no: the Documentation= page is checked by tests/doc.sh
  systemd-analyze verify --man=no "$TMPD/unit/ipmerge-docker.service" > "$TMPD/log" 2>&1 \
    || { cat "$TMPD/log"; fail "systemd-analyze verify failed"; }
  if grep 'ipmerge-docker' "$TMPD/log"; then fail "systemd-analyze verify warns about the unit"; fi
  echo "systemd: systemd-analyze verify passes"
else
  missing="$missing systemd-analyze"
fi

# --- watchdog --------------------------------------------------------------
wd=$s/watchdog/ipmerge-watchdog
[ -x "$wd" ] || fail "watchdog: the script is not executable"
if command -v dash >/dev/null 2>&1; then dash -n "$wd" || fail "watchdog: dash -n"; fi
grep -q -- '--plan' "$wd" && grep -q -- '--delta' "$wd" && grep -q -- '--noflush' "$wd" \
  || fail "watchdog: not --plan, then --delta/--noflush"
grep -q '^ExecStart=/usr/local/sbin/ipmerge-watchdog --once .*/etc/ipmerge/docker-ref.rules$' \
  "$s/watchdog/ipmerge-watchdog.service" || fail "watchdog: ExecStart does not run one check on /etc/ipmerge/docker-ref.rules"
grep -q '^OnUnitActiveSec=' "$s/watchdog/ipmerge-watchdog.timer" || fail "watchdog: the timer does not repeat"
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir "$TMPD/wd"
  sed "s|/usr/local/sbin/ipmerge-watchdog|$wd|" "$s/watchdog/ipmerge-watchdog.service" > "$TMPD/wd/ipmerge-watchdog.service"
  cp "$s/watchdog/ipmerge-watchdog.timer" "$TMPD/wd/"
  systemd-analyze verify --man=no "$TMPD/wd/ipmerge-watchdog.timer" "$TMPD/wd/ipmerge-watchdog.service" > "$TMPD/log" 2>&1 \
    || { cat "$TMPD/log"; fail "watchdog: systemd-analyze verify failed"; }
  if grep 'ipmerge-watchdog' "$TMPD/log"; then fail "watchdog: systemd-analyze verify warns about the units"; fi
  echo "watchdog: the script is POSIX sh, the timer and the service pass systemd-analyze verify"
fi

# --- ansible ---------------------------------------------------------------
if command -v ansible-playbook >/dev/null 2>&1; then
  HOME=$TMPD/home ANSIBLE_LOCAL_TEMP=$TMPD/home/tmp ANSIBLE_NOCOLOR=1 \
    ansible-playbook --syntax-check -i localhost, "$s/ansible/ipmerge-docker.yml" \
    > "$TMPD/log" 2>&1 || { cat "$TMPD/log"; fail "ansible-playbook --syntax-check failed"; }
  if grep -i 'warning' "$TMPD/log"; then fail "ansible-playbook --syntax-check warns"; fi
  echo "ansible: the playbook passes ansible-playbook --syntax-check"
else
  missing="$missing ansible-playbook"
fi

[ -z "$missing" ] || skip "not installed:$missing (Debian packages systemd, ansible-core)"
exit 0
