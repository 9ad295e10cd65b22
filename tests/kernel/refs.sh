#!/bin/sh
# samples/refs: every reference layer restores with iptables-nft-restore and
# iptables-legacy-restore (ip6tables for ipv6.rules) in a throwaway network
# namespace, and what the kernel saves back (table by table, '#' lines
# aside) is the file as written and what ipmerge --canonical prints of it.
. "$top_srcdir/tests/lib.sh"
require_netns
for tool in ip6tables-nft-restore ip6tables-legacy-restore ip6tables-nft-save ip6tables-legacy-save; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
tmpdir_setup
n=0
for file in "$top_srcdir"/samples/refs/*/*.rules; do
  name=${file#"$top_srcdir"/samples/refs/}
  IPT_FAMILY=4; family=
  case $name in */ipv6.rules) IPT_FAMILY=6; family=-6 ;; esac
  export IPT_FAMILY
  grep -v '^#' "$file" > "$TMPD/want"
  # shellcheck disable=SC2086 # $family is one option or none
  "$IPMERGE" $family --canonical "$file" > "$TMPD/canonical" \
    || fail "$name: ipmerge --canonical failed"
  cmp -s "$TMPD/want" "$TMPD/canonical" \
    || { diff -u "$TMPD/want" "$TMPD/canonical"; fail "$name: ipmerge --canonical != the file"; }
  tables=$(sed -n 's/^\*//p' "$file")
  for backend in nft legacy; do
    # shellcheck disable=SC2086 # table names are words
    kernel_save "$backend" "$file" "" "" "" $tables > "$TMPD/saved" \
      || fail "$name: does not restore with $backend (IPv$IPT_FAMILY)"
    grep -v '^#' "$TMPD/saved" > "$TMPD/got"
    cmp -s "$TMPD/want" "$TMPD/got" \
      || { diff -u "$TMPD/want" "$TMPD/got"; fail "$name: $backend's save != the file"; }
    n=$((n + 1))
  done
done
[ "$n" = 18 ] || fail "expected 9 files x 2 backends, checked $n"
echo "refs: $n restores (9 files, nft and legacy) equal to the files and to ipmerge --canonical"
