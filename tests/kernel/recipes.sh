#!/bin/sh
# samples/systemd/ipmerge-remerge, the script ipmerge-docker.service runs,
# against real iptables-nft and iptables-legacy in throwaway network
# namespaces (never the machine's own firewall), with the unit's own
# ExecStart arguments:
# - on the broken node of the incident it adds Docker's rules with
#   iptables-restore --noflush, giving what the full merge gives, and leaves
#   every other rule alone; a second run finds nothing to do;
# - when ipmerge fails (a bad layer, an empty host dump, a failing
#   iptables-save) it restores nothing and exits non-zero.
. "$top_srcdir/tests/lib.sh"
require_netns
command -v bash >/dev/null 2>&1 || skip "bash not installed"
tmpdir_setup
s=$top_srcdir/samples
script=$s/systemd/ipmerge-remerge
unit=$s/systemd/ipmerge-docker.service

# The unit's arguments, with the reference taken from samples/.
args=$(sed -n 's|^ExecStart=/usr/local/sbin/ipmerge-remerge ||p' "$unit")
[ -n "$args" ] || fail "no ExecStart=/usr/local/sbin/ipmerge-remerge line in the unit"
# shellcheck disable=SC2086 # the unit's words (no quoting in them)
set -- $(echo "$args" | sed "s|/etc/ipmerge/docker-ref.rules|$s/docker-ref.rules|")
printf '%s\n' "$@" > "$TMPD/args"
grep -qx -- "$s/docker-ref.rules" "$TMPD/args" || fail "the unit does not read /etc/ipmerge/docker-ref.rules"

# What the whole merge gives: the reference for the patched firewall.
"$IPMERGE" "$@" < "$s/broken-host.rules" > "$TMPD/want" || fail "the reference merge failed"

# in_ns BACKEND HOST OUT ARGS...: restores HOST (none when empty), saves
# it to OUT.before, runs the recipe with ARGS, saves to OUT.after; the
# recipe's exit status goes to OUT.status, its output to OUT.log.
cat > "$TMPD/ns.sh" <<'EOF'
b=$1 host=$2 out=$3; shift 3
if [ -n "$host" ]; then iptables-$b-restore < "$host" || exit 3; fi
iptables-$b-save | grep -v '^#' > "$out.before"
IPTABLES_SAVE=${SAVE_OVERRIDE:-iptables-$b-save} IPTABLES_RESTORE=iptables-$b-restore \
  bash "$SCRIPT" "$@" > "$out.log" 2>&1
echo $? > "$out.status"
iptables-$b-save | grep -v '^#' > "$out.after"
# a second run, on the result
if [ "$(cat "$out.status")" = 0 ]; then
  IPTABLES_SAVE=iptables-$b-save IPTABLES_RESTORE=iptables-$b-restore \
    bash "$SCRIPT" "$@" > "$out.log2" 2>&1 || exit 4
  iptables-$b-save | grep -v '^#' > "$out.after2"
fi
EOF
in_ns () {
  SCRIPT=$script in_netns sh "$TMPD/ns.sh" "$@"
}

printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 70000 -j ACCEPT\nCOMMIT\n' > "$TMPD/bad.rules"

for b in nft legacy; do
  o=$TMPD/$b
  in_ns "$b" "$s/broken-host.rules" "$o" "$@" || fail "$b: namespace run failed ($?)"
  [ "$(cat "$o.status")" = 0 ] || { cat "$o.log"; fail "$b: ipmerge-remerge failed on the broken host"; }
  grep -q -- '--noflush' "$o.log" || { cat "$o.log"; fail "$b: no patch applied"; }
  "$IPMERGE" --diff "$TMPD/want" "$o.after" > "$TMPD/d" \
    || { cat "$o.log" "$TMPD/d"; fail "$b: the patched firewall differs from the merge"; }
  # every rule of the host is still there, in its order
  "$IPMERGE" --diff --format json "$o.before" "$o.after" > "$TMPD/d.json"
  grep -q '"summary": {.*"added": [1-9][0-9]*, "removed": 0, "moved": 0, "policies": 0}' "$TMPD/d.json" \
    || { cat "$TMPD/d.json"; fail "$b: host rules were removed or moved, or a policy changed"; }
  grep -q 'nothing to do' "$o.log2" || { cat "$o.log2"; fail "$b: the second run was not a no-op"; }
  cmp -s "$o.after" "$o.after2" || fail "$b: the second run changed the firewall"
  echo "$b: the unit's script repairs the broken host with --delta/--noflush, and is idempotent"

  # failures restore nothing
  in_ns "$b" "$s/broken-host.rules" "$o.bad" "$@" "$TMPD/bad.rules" || fail "$b: namespace run failed"
  [ "$(cat "$o.bad.status")" != 0 ] || fail "$b: a bad layer did not fail the script"
  grep -q "ipmerge: .*bad.rules:3:25: error:" "$o.bad.log" || { cat "$o.bad.log"; fail "$b: no diagnostic"; }
  cmp -s "$o.bad.before" "$o.bad.after" || fail "$b: a failed merge changed the firewall"

  in_ns "$b" "" "$o.empty" "$@" || fail "$b: namespace run failed"
  [ "$(cat "$o.empty.status")" != 0 ] || { cat "$o.empty.log"; fail "$b: an empty host was not refused"; }
  grep -q 'allow-empty-host' "$o.empty.log" || { cat "$o.empty.log"; fail "$b: no empty-host refusal"; }
  cmp -s "$o.empty.before" "$o.empty.after" || fail "$b: a refused merge changed the firewall"

  SAVE_OVERRIDE=false; export SAVE_OVERRIDE
  in_ns "$b" "$s/broken-host.rules" "$o.nosave" "$@" || fail "$b: namespace run failed"
  unset SAVE_OVERRIDE
  [ "$(cat "$o.nosave.status")" != 0 ] || fail "$b: a failing iptables-save did not fail the script"
  cmp -s "$o.nosave.before" "$o.nosave.after" || fail "$b: a failing iptables-save changed the firewall"
  echo "$b: a bad layer, an empty host and a failing iptables-save restore nothing"
done

# The fleet playbook, for real, against localhost in a throwaway namespace
# (local connection, no become, every path under $TMPD): --check shows the
# patch and changes no rule, a run applies it, a second run changes nothing.
command -v ansible-playbook >/dev/null 2>&1 || skip "ansible-playbook not installed (Debian package ansible-core)"
mkdir -p "$TMPD/an/home" "$TMPD/an/etc" "$TMPD/an/sbin"
cat > "$TMPD/an.sh" <<'EOF2'
d=$1 playbook=$2
iptables-nft-restore < "$3" || exit 3
iptables-nft-save | grep -v '^#' > "$d/before"
run () {
  HOME=$d/home ANSIBLE_LOCAL_TEMP=$d/home/tmp ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
  ansible-playbook "$@" -c local -i localhost, "$playbook" \
    -e ipmerge_hosts=localhost -e ansible_become=false \
    -e ansible_python_interpreter=/usr/bin/python3 \
    -e "ipmerge_bin=$IPMERGE" -e ipmerge_iptables_save=iptables-nft-save \
    -e ipmerge_iptables_restore=iptables-nft-restore \
    -e "ipmerge_conf_dir=$d/etc" -e "ipmerge_sbin_dir=$d/sbin"
}
run --check > "$d/log0" 2>&1 || exit 6
iptables-nft-save | grep -v '^#' > "$d/after0"
run > "$d/log1" 2>&1 || exit 4
iptables-nft-save | grep -v '^#' > "$d/after"
run > "$d/log2" 2>&1 || exit 5
iptables-nft-save | grep -v '^#' > "$d/after2"
EOF2
python=/usr/bin/python3
[ -x "$python" ] || skip "no /usr/bin/python3 for ansible"
in_netns sh "$TMPD/an.sh" "$TMPD/an" "$s/ansible/ipmerge-docker.yml" "$s/broken-host.rules"
st=$?
[ $st = 0 ] || { cat "$TMPD/an/log1" "$TMPD/an/log2" 2>/dev/null | tail -40; fail "ansible: the playbook run failed ($st)"; }
"$IPMERGE" --diff "$TMPD/want" "$TMPD/an/after" > "$TMPD/d" \
  || { cat "$TMPD/an/log1" "$TMPD/d"; fail "ansible: the firewall differs from the merge"; }
cmp -s "$TMPD/an/before" "$TMPD/an/after0" || { cat "$TMPD/an/log0"; fail "ansible: --check changed the firewall"; }
grep -q -- '-I FORWARD 3 -o docker0 -j DOCKER' "$TMPD/an/log0" || { cat "$TMPD/an/log0"; fail "ansible: --check does not show the patch"; }
grep -q 'changed=0 ' "$TMPD/an/log2" || { cat "$TMPD/an/log2"; fail "ansible: the second run changed something"; }
cmp -s "$TMPD/an/after" "$TMPD/an/after2" || fail "ansible: the second run changed the firewall"
echo "ansible: the playbook repairs the broken host (nft), and a second run changes nothing"
