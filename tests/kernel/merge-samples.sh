#!/bin/sh
# samples/: README's first command, checked by the kernel for iptables-nft and
# iptables-legacy.
#   ipmerge samples/docker-ref.rules samples/policy-9999.rules < samples/broken-host.rules
# restored and saved again (table by table, in ipmerge's order) must give
# samples/expected-merged.rules, the same merge with --take/--skip/--rewrite
# must load too, and merging the result again must change nothing.
. "$top_srcdir/tests/lib.sh"
require_netns
tmpdir_setup
s=$top_srcdir/samples

"$IPMERGE" "$s/docker-ref.rules" "$s/policy-9999.rules" < "$s/broken-host.rules" \
  > "$TMPD/merged" || fail "the sample merge failed"
# ipmerge prints the expected file in its own canonical spelling
"$IPMERGE" --canonical "$s/expected-merged.rules" > "$TMPD/expected" \
  || fail "ipmerge --canonical samples/expected-merged.rules"
cmp -s "$TMPD/expected" "$TMPD/merged" \
  || { diff -u "$TMPD/expected" "$TMPD/merged"; fail "merge != samples/expected-merged.rules"; }

grep -v '^#' "$s/expected-merged.rules" > "$TMPD/want"
tables=$(sed -n 's/^\*//p' "$TMPD/merged")
for backend in nft legacy; do
  # shellcheck disable=SC2086 # table names are words
  kernel_save "$backend" "$TMPD/merged" "" "" "" $tables | grep -v '^#' > "$TMPD/got" \
    || fail "$backend: the merged ruleset does not restore"
  cmp -s "$TMPD/want" "$TMPD/got" \
    || { diff -u "$TMPD/want" "$TMPD/got"; fail "$backend: kernel's save != samples/expected-merged.rules"; }
  echo "$backend: sample merge restores to samples/expected-merged.rules"
done

# a second run changes nothing
"$IPMERGE" "$s/docker-ref.rules" "$s/policy-9999.rules" < "$TMPD/merged" \
  > "$TMPD/merged2" || fail "the second merge failed"
cmp -s "$TMPD/merged" "$TMPD/merged2" \
  || { diff -u "$TMPD/merged" "$TMPD/merged2"; fail "a second merge changed the result"; }

# a customized docker0: only Docker's rules, no port mappings, adapted
"$IPMERGE" --take 'docker0|DOCKER' --skip DNAT \
  --rewrite 172.17.0.0/16=10.200.0.0/16 --rewrite docker0=br0 \
  "$s/docker-ref.rules" < "$s/broken-host.rules" > "$TMPD/custom" \
  || fail "the adapted merge failed"
grep -q -e '-A POSTROUTING -s 10.200.0.0/16 ! -o br0 -j MASQUERADE' "$TMPD/custom" \
  || fail "--rewrite did not adapt the MASQUERADE rule"
if grep -q -e '--dport 3001\|docker0\|172\.17\.' "$TMPD/custom"; then
  fail "--skip DNAT / --rewrite left reference spellings in the result"
fi
tables=$(sed -n 's/^\*//p' "$TMPD/custom")
for backend in nft legacy; do
  # shellcheck disable=SC2086
  kernel_save "$backend" "$TMPD/custom" "" "" "" $tables > /dev/null \
    || fail "$backend: the adapted merge does not restore"
done
echo "merge-samples: passed"
