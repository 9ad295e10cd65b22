#!/bin/sh
# tests/canon against the kernel: every row of every tests/canon/NAME.t, in
# each chain of its header, is restored with iptables-nft-restore and
# iptables-legacy-restore (ip6tables for -6 rows) in a throwaway network
# namespace (one per backend), and what the save prints back must be the
# row's expected rule (its LEGACY field for legacy, where it has one); a
# FAIL row must be refused.  The unit suite canon-data holds ipmerge to the
# same rows, so both agree with the kernel.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/corpus/lib.sh"
require_netns
require_ipset
for tool in ip6tables-nft-restore ip6tables-legacy-restore ip6tables-nft-save ip6tables-legacy-save; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
tmpdir_setup

# The rows, one line per row and chain: FILE:LINE family table chain spec
# nft-expected legacy-expected (FAIL for a refusal), separated by the
# byte 037: a tab would be blank to read, which merges empty fields.  The
# format is tests/canon/README's; a ';' inside double quotes is no
# separator, and a FAIL message is the rest of its line.
SEP=$(printf '\037')
export SEP
awk -v SEP="$SEP" '
  function sep(s,   i, c, q) {
    q = 0
    for (i = 1; i <= length(s); i++) {
      c = substr(s, i, 1)
      if (c == "\\" && q) { i++; continue }
      if (c == "\"") q = !q
      else if (c == ";" && !q) return i
    }
    return 0
  }
  function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
  FNR == 1 { fam = 4; table = "filter"; nch = 0; name = FILENAME; sub(/.*\//, "", name) }
  { line = trim($0) }
  line == "" || line ~ /^#/ { next }
  (k = sep(line)) == 0 {
    if (line == "-4" || line == "-6") fam = substr(line, 2)
    else if (line ~ /^\*/) table = substr(line, 2)
    else if (line ~ /^:/) nch = split(substr(line, 2), chains, ",")
    next
  }
  {
    spec = trim(substr(line, 1, k - 1)); rest = trim(substr(line, k + 1)); legacy = ""
    if (rest ~ /^FAIL( |$)/) rest = "FAIL"
    else if ((k = sep(rest)) > 0) {
      legacy = trim(substr(rest, k + 1)); rest = trim(substr(rest, 1, k - 1))
      sub(/^LEGACY +/, "", legacy)
    }
    want = rest == "=" ? spec : rest
    if (legacy == "") legacy = want
    else if (legacy == "=") legacy = spec
    for (i = 1; i <= nch; i++)
      print name ":" FNR SEP fam SEP table SEP chains[i] SEP spec SEP want SEP legacy
  }' "$top_srcdir"/tests/canon/*.t > "$TMPD/rows" || exit 99
[ -s "$TMPD/rows" ] || fail "no rows in tests/canon"

# The sets the set rows name (as tests/corpus/generate.sh creates them).
cat > "$TMPD/sets" <<'SETS'
create foo hash:ip family inet
create bar hash:net family inet
create cali40all-ipam-pools hash:net family inet
create cali40masq-ipam-pools hash:net family inet
create KUBE-CLUSTER-IP hash:ip,port family inet
create ports hash:ip,port family inet
create foo6 hash:ip family inet6
SETS

# Run inside the namespace: $1 = nft or legacy.  For each row prints
# FILE:LINE, the separator and what the save printed of the row's chain (FAIL when
# the restore refused the dump).  A restore replaces the tables it names,
# so one namespace serves every row.
cat > "$TMPD/oracle.sh" <<'ORACLE'
. "$top_srcdir/tests/corpus/lib.sh"
ipset restore < "$TMPD/sets" || exit 4
while IFS="$SEP" read -r at family table chain spec want legacy; do
  prefix=iptables
  [ "$family" = 6 ] && prefix=ip6tables
  {
    printf '*%s\n' "$table"
    declared=no
    for c in $(corpus_builtin_chains "$table"); do
      printf ':%s ACCEPT [0:0]\n' "$c"
      [ "$c" = "$chain" ] && declared=yes
    done
    printf ':USER1 - [0:0]\n:USER2 - [0:0]\n'
    case $chain in USER1|USER2) declared=yes ;; esac
    [ $declared = yes ] || printf ':%s - [0:0]\n' "$chain"
    if [ -n "$spec" ]; then printf -- '-A %s %s\n' "$chain" "$spec"
    else printf -- '-A %s\n' "$chain"; fi
    printf 'COMMIT\n'
  } > "$TMPD/dump"
  # (-v in a rule makes the restore talk)
  if "$prefix-$1-restore" < "$TMPD/dump" > /dev/null 2>&1; then
    got=$("$prefix-$1-save" -t "$table" | grep -v '^#' | corpus_rules "$chain")
  else
    got=FAIL
  fi
  printf '%s%s%s\n' "$at" "$SEP" "$got"
done < "$TMPD/rows"
ORACLE

export TMPD
for backend in nft legacy; do
  unshare -n -- sh "$TMPD/oracle.sh" "$backend" > "$TMPD/got-$backend" \
    || fail "the $backend run stopped (exit $?)"
done

checks=0
bad=0
exec 3< "$TMPD/got-nft" 4< "$TMPD/got-legacy"
while IFS="$SEP" read -r at family table chain spec want legacy; do
  IFS="$SEP" read -r _ got_nft <&3
  IFS="$SEP" read -r _ got_legacy <&4
  checks=$((checks + 1))
  for backend in nft legacy; do
    if [ $backend = nft ]; then expect=$want got=$got_nft
    else expect=$legacy got=$got_legacy; fi
    [ "$got" = "$expect" ] && continue
    bad=$((bad + 1))
    printf 'tests/canon/%s: (-%s *%s :%s) %s\n  %s expected: %s\n  %s printed:  %s\n' \
      "$at" "$family" "$table" "$chain" "$spec" "$backend" "$expect" "$backend" "$got" >&2
  done
done < "$TMPD/rows"
exec 3<&- 4<&-
[ "$bad" = 0 ] || fail "$bad of $checks rows x 2 backends differ from the kernel"
echo "canon: $checks rows (each in each chain of its header), nft and legacy agree with tests/canon"
