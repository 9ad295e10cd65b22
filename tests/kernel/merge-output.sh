#!/bin/sh
# Merge safety and -o, without the kernel: how /etc/sysconfig/iptables gets
# generated.
#   -o FILE replaces FILE atomically: content right, mode kept, no temporary
#   file left, --backup keeps the old one as FILE~;
#   on any error: exit 2, nothing on stdout, FILE untouched;
#   an empty host is refused unless --allow-empty-host;
#   --strict turns the policy warning into an error, -v notes do not;
#   the output is deterministic and --zero-counters zeroes counters.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
s=$top_srcdir/samples
cd "$TMPD" || exit 99

merge () {
  "$IPMERGE" "$@" "$s/docker-ref.rules" "$s/policy-9999.rules" < "$s/broken-host.rules"
}

merge > want || fail "merge to stdout"

# -o: new file, then replacing one with mode 0600, with --backup
mkdir etc
merge -o etc/iptables > out.stdout || fail "-o to a new file"
[ -s out.stdout ] && fail "-o also wrote to stdout"
cmp -s want etc/iptables || fail "-o wrote something else than stdout would"
echo old > etc/iptables
chmod 600 etc/iptables
merge -o etc/iptables --backup || fail "-o --backup"
cmp -s want etc/iptables || fail "-o --backup: wrong content"
[ "$(cat etc/iptables~)" = old ] || fail "--backup did not keep the old file as FILE~"
[ "$(stat -c %a etc/iptables)" = 600 ] || fail "-o did not keep the mode 600"
[ "$(ls -A etc | wc -l)" = 2 ] || { ls -A etc; fail "-o left a temporary file"; }

# errors: exit 2, no stdout, FILE untouched
printf '*filter\n-A INPUT -j NOWHERE-chain\nCOMMIT\n' > bad.rules
cp etc/iptables before
"$IPMERGE" -o etc/iptables bad.rules < "$s/broken-host.rules" > out 2> err
st=$?
[ $st = 2 ] || fail "a bad layer gave exit $st, not 2"
cmp -s before etc/iptables || fail "a failed run changed the -o file"
"$IPMERGE" bad.rules < "$s/broken-host.rules" > out 2> err
[ $? = 2 ] && [ ! -s out ] || fail "a failed run wrote to stdout"

# an empty host dump (iptables-save failed) is refused
: > empty
"$IPMERGE" "$s/docker-ref.rules" < empty > out 2> err
[ $? = 2 ] && [ ! -s out ] || fail "an empty host was accepted"
grep -q -e '--allow-empty-host' err || fail "no --allow-empty-host hint: $(cat err)"
"$IPMERGE" --allow-empty-host "$s/docker-ref.rules" < empty > out 2> err \
  || fail "--allow-empty-host: $(cat err)"
grep -q 'MASQUERADE' out || fail "--allow-empty-host: Docker's rules missing"

# --strict: a policy warning fails, -v notes do not
printf '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -i br9 -j ACCEPT\nCOMMIT\n' > drop.rules
"$IPMERGE" drop.rules < "$s/broken-host.rules" > out 2> err || fail "policy warning failed the merge"
grep -q 'warning: policy of FORWARD' err || fail "no policy warning: $(cat err)"
grep -q ':FORWARD ACCEPT' out || fail "the host's policy was not kept"
"$IPMERGE" --strict drop.rules < "$s/broken-host.rules" > out 2> err
[ $? = 2 ] && [ ! -s out ] || fail "--strict did not turn the warning into an error"
"$IPMERGE" --strict -v "$s/docker-ref.rules" < "$s/broken-host.rules" > out 2> err \
  || fail "--strict -v failed on notes: $(cat err)"
grep -q 'note:' err || fail "-v printed no placement notes"

# deterministic, counters
merge > again && cmp -s want again || fail "two runs gave different bytes"
sed 's/^-A INPUT -j KUBE-FIREWALL$/[7:700] &/' "$s/broken-host.rules" > counted.rules
"$IPMERGE" "$s/docker-ref.rules" < counted.rules > out || fail "counters"
grep -q '^\[7:700\] -A INPUT -j KUBE-FIREWALL$' out || fail "host counters not kept"
grep -q '^\[0:0\] -A FORWARD -o docker0 -j DOCKER$' out || fail "a new rule did not get [0:0]"
"$IPMERGE" --zero-counters "$s/docker-ref.rules" < counted.rules > out || fail "--zero-counters"
if grep '^\[' out | grep -v '^\[0:0\]' | grep -q .; then
  fail "--zero-counters kept counters"
fi
grep -q '^\(\[0:0\] \)\{0,1\}-A INPUT -j KUBE-FIREWALL$' out || fail "--zero-counters lost a rule"
grep -q '^:DOCKER - \[0:0\]$' out || fail "--zero-counters chain line"

# IPv6 layer on an IPv4 host
printf '*filter\n-A INPUT -s 2001:db8::1/128 -j ACCEPT\nCOMMIT\n' > v6.rules
"$IPMERGE" v6.rules < "$s/broken-host.rules" > out 2> err
[ $? = 2 ] && [ ! -s out ] || fail "an IPv6 layer on an IPv4 host was accepted"
echo "merge-output: passed"
