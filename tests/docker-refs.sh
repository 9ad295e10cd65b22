#!/bin/sh
# --skip-containers on Docker's own rules (tests/data/docker-refs: Docker
# 20.10, 28.0, 28.5 and 29, iptables-nft-save and iptables-legacy-save,
# IPv4 and IPv6).  For every dump of a host with containers, merged into an
# empty host with --skip-containers (and as --delta):
#   - the result is exactly the merge of that host's rules without its
#     containers: new-daemon.*.rules (docker0-ctr, docker0-portmap,
#     default-portmap) or no-containers/VERSION/NAME.rules (the same
#     save minus the lines that name a container's address, reviewed);
#   - no rule of a container is left (no /32 or /128, no DNAT);
#   - the daemon's own rules are all there: new-daemon's rules of the
#     version are in it (the same daemon settings: not for -noproxy, which
#     runs without the userland proxy, nor for IPv6; the bip variants
#     after --rewrite of docker0's subnet).
# On dumps without containers (new-daemon, samples/refs) it changes nothing.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
data=$top_srcdir/tests/data/docker-refs
refs=$top_srcdir/samples/refs

# an empty host with every table Docker uses
cat > "$TMPD/host" <<'HOST'
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
HOST

# merge OUT ARGS...: ipmerge ARGS < host > OUT (quiet: the layers' FORWARD
# DROP policy is a warning against the host's ACCEPT)
merge () {
  _out=$1; shift
  _zero=--zero-counters
  case " $* " in *" --delta "*) _zero= ;; esac   # a patch has no counters
  "$IPMERGE" -q $_zero "$@" < "$TMPD/host" > "$_out" \
    || fail "ipmerge $* < host failed"
}

checked=0
left_out=0
for ref in "$data"/d*/*.rules; do
  version=$(basename "$(dirname "$ref")")
  name=$(basename "$ref" .rules)          # NAME.nft or NAME.legacy
  backend=${name##*.}
  base=${name%.*}
  [ "$base" = new-daemon ] && continue
  family=
  case $base in v6-*) family=-6 ;; esac
  case $base in
    docker0-ctr | docker0-portmap | default-portmap)
      want=$data/$version/new-daemon.$backend.rules ;;
    *)
      want=$data/no-containers/$version/$name.rules
      # (a name too long for the tarball's tar format would go missing)
      [ -e "$want" ] || fail "$version/$name: no $want" ;;
  esac
  # shellcheck disable=SC2086 # $family is one option or none
  merge "$TMPD/got" $family --skip-containers "$ref"
  # shellcheck disable=SC2086
  merge "$TMPD/want" $family "$want"
  cmp -s "$TMPD/want" "$TMPD/got" \
    || { diff -u "$TMPD/want" "$TMPD/got"; fail "$version/$name: --skip-containers != $(basename "$want")"; }
  # shellcheck disable=SC2086
  merge "$TMPD/got-delta" $family --delta --skip-containers "$ref"
  # shellcheck disable=SC2086
  merge "$TMPD/want-delta" $family --delta "$want"
  cmp -s "$TMPD/want-delta" "$TMPD/got-delta" \
    || { diff -u "$TMPD/want-delta" "$TMPD/got-delta"; fail "$version/$name: --delta --skip-containers != $(basename "$want")"; }
  # no container's rule survives (OUTPUT's '! -d ::1/128' is the loopback)
  if grep -E -e '-j DNAT|-[sd] [0-9a-f.:]+/(32|128) ' "$TMPD/got" | grep -v -e '! -d ::1/128 ' > "$TMPD/left"; then
    cat "$TMPD/left"; fail "$version/$name: a container's rule is left"
  fi
  # how many rules it left out (a plain merge keeps them all)
  # shellcheck disable=SC2086
  merge "$TMPD/all" $family "$ref"
  left_out=$((left_out + $(grep -c '^-A' "$TMPD/all") - $(grep -c '^-A' "$TMPD/got")))
  # no rule of Docker's own is lost: the new daemon's rules are all in it
  rewrite=
  case $base in
    v6-* | *-noproxy) rewrite=none ;;
    *-bip10.99) rewrite=172.17.0.0/16=10.99.0.0/16 ;;
    *-bip192.168.77) rewrite=172.17.0.0/16=192.168.77.0/24 ;;
  esac
  if [ "$rewrite" != none ]; then
    "$IPMERGE" -q --delta ${rewrite:+--rewrite "$rewrite"} \
      "$data/$version/new-daemon.$backend.rules" < "$TMPD/got" > "$TMPD/lost" \
      || fail "$version/$name: ipmerge --delta new-daemon failed"
    [ -s "$TMPD/lost" ] \
      && { cat "$TMPD/lost"; fail "$version/$name: --skip-containers lost Docker's own rules"; }
  fi
  checked=$((checked + 1))
done
[ "$checked" -ge 54 ] || fail "only $checked dumps with containers checked"
[ "$left_out" -ge 150 ] || fail "only $left_out containers' rules left out"

# dumps without containers: --skip-containers changes nothing
for ref in "$data"/d*/new-daemon.*.rules "$refs"/*/*.rules; do
  family=
  case $ref in *ipv6*) family=-6 ;; esac
  # shellcheck disable=SC2086
  merge "$TMPD/got" $family --skip-containers "$ref"
  # shellcheck disable=SC2086
  merge "$TMPD/want" $family "$ref"
  cmp -s "$TMPD/want" "$TMPD/got" \
    || { diff -u "$TMPD/want" "$TMPD/got"; fail "$ref: --skip-containers changed a dump without containers"; }
done
echo "docker-refs: $checked dumps with containers, $left_out containers' rules left out, Docker's own rules kept"
