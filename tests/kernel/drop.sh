#!/bin/sh
# --drop, the documented recipe for the boot file of a live node:
#   iptables-save | ipmerge --drop '^(KUBE-|cali-|DOCKER)' policy.rules -o /etc/sysconfig/iptables --backup
# for iptables-nft and iptables-legacy, in throwaway network namespaces
# (never the machine's own firewall).  The live node: the site's own rules
# (samples/sysconfig-iptables without the 9999 line), Docker 28's chains
# (samples/refs/docker-28, its FORWARD jumps inserted first as dockerd
# does), then kube-proxy's and calico's (tests/kernel/incident-kube-calico.rules,
# as they rebuild them with --noflush).  The generated file
# - restores in a fresh namespace (so no jump dangles: the kernel refuses
#   one) and saves back without any KUBE-/cali-/DOCKER chain or jump;
# - keeps every rule of the site's and of the layer (the 9999 line), in
#   order, and Docker's MASQUERADE (no chain of its own);
# - and the old file is kept as FILE~.
# The same with --delta on the live node: the patch turns it into what the
# file restores to.
. "$top_srcdir/tests/lib.sh"
require_netns
tmpdir_setup
s=$top_srcdir/samples
drop='^(KUBE-|cali-|DOCKER)'

grep -v -- '--dport 9999' "$s/sysconfig-iptables" > "$TMPD/site.rules"
awk '/^\*/ { n = 0 } /^-A FORWARD / { n++; sub(/^-A FORWARD /, "-I FORWARD " n " ") } { print }' \
  "$s/refs/docker-28/default-bridge.rules" > "$TMPD/docker.rules"
grep -q -- '-I FORWARD 1 -j DOCKER-USER' "$TMPD/docker.rules" || fail "the Docker 28 reference changed shape"

# live.sh BACKEND OUT: builds the live node, saves it to OUT.live, writes
# the boot file OUT.file with the recipe (over an old one), then applies
# the --delta form of the same recipe to the live node: OUT.patched.
cat > "$TMPD/live.sh" <<'EOF2'
b=$1 out=$2
set -e
iptables-$b-restore < "$TMPD/site.rules"
iptables-$b-restore --noflush < "$TMPD/docker.rules"
iptables-$b-restore --noflush < "$top_srcdir/tests/kernel/incident-kube-calico.rules"
iptables-$b-save > "$out.live"
echo "# the old boot file" > "$out.file"
iptables-$b-save | "$IPMERGE" --drop "$DROP" "$top_srcdir/samples/policy-9999.rules" -o "$out.file" --backup
iptables-$b-save | "$IPMERGE" --delta --drop "$DROP" "$top_srcdir/samples/policy-9999.rules" > "$out.patch"
iptables-$b-restore --noflush < "$out.patch"
iptables-$b-save | grep -v '^#' > "$out.patched"
EOF2

for b in nft legacy; do
  o=$TMPD/$b
  TMPD=$TMPD DROP=$drop in_netns sh "$TMPD/live.sh" "$b" "$o" > "$o.log" 2>&1 \
    || { cat "$o.log"; fail "$b: building the live node or running the recipe failed"; }
  [ -s "$o.log" ] && { cat "$o.log"; fail "$b: the recipe said something (a warning?)"; }
  grep -q '^:KUBE-SERVICES' "$o.live" && grep -q '^:cali-INPUT' "$o.live" && grep -q '^:DOCKER-USER' "$o.live" \
    || { cat "$o.live"; fail "$b: the live node lacks kube-proxy's, calico's or Docker's chains"; }
  [ "$(cat "$o.file~")" = "# the old boot file" ] || fail "$b: --backup did not keep the old file"

  kernel_roundtrip "$b" "$o.file" > "$o.restored" || fail "$b: the generated file does not restore"
  if grep -E -e '^:(KUBE-|cali-|DOCKER)' -e '-[jg] (KUBE-|cali-|DOCKER)' "$o.restored"; then
    fail "$b: an agent chain, or a jump to one, is still in the file"
  fi
  # the site's rules and the layer's, in order, nothing else removed
  "$IPMERGE" --diff --format json "$s/sysconfig-iptables" "$o.restored" > "$o.json"
  grep -q '"summary": {.*"added": 1, "removed": 0, "moved": 0, "policies": 0}' "$o.json" \
    || { cat "$o.json"; fail "$b: the file is not the site's rules plus Docker's MASQUERADE"; }
  grep -qx -- '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE' "$o.restored" \
    || fail "$b: Docker's MASQUERADE (no agent chain) was removed"

  # --delta --drop on the live node gives what the file restores to
  grep -q -- '^-X KUBE-SERVICES' "$o.patch" || { cat "$o.patch"; fail "$b: the patch does not delete the agents' chains"; }
  "$IPMERGE" --diff "$o.restored" "$o.patched" > "$o.d" \
    || { cat "$o.d"; fail "$b: the live node patched with --delta --drop differs from the file"; }
  echo "$b: the boot file from a kube/calico/docker node restores without agent chains or dangling jumps, the site's and the layer's rules kept; --delta --drop gives the same"
done
