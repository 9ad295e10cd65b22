#!/bin/sh
# Real dumps: ipmerge --canonical against what the kernel makes of them.
#
# tests/realdumps/ holds 71 iptables-save dumps found in public sources
# (SOURCES.tsv says where), byte for byte; a name holding "v6" or "ip6" is
# an ip6tables dump.  For each dump, in fresh throwaway namespaces
# (unshare -n; the ipsets it names are created first), iptables-nft-restore
# and iptables-legacy-restore (ip6tables-*) load it and the matching save
# prints it back.  Then:
#   - a dump both backends accept must be accepted by "ipmerge --canonical",
#     and its output must be the save of either backend, tables in the same
#     order (the '#' lines aside);
#   - a dump both backends refuse must be refused by ipmerge: exit 2,
#     nothing on stdout, and FILE:LINE: in the message;
#   - a dump only one backend accepts passes either way, but when ipmerge
#     accepts it the output must be that backend's save.
# A dump that does otherwise must be listed, with the reason, in
# tests/realdumps/known-differences.tsv (file TAB kind TAB reason, where
# kind is "table-order" when only the order of the tables differs, else
# "content"); the test fails on an unlisted one, on a listed one that
# passes now (remove its row) and on one whose kind changed.
#
# Root, unshare, ipset and both iptables backends are needed (else skip).
. "$top_srcdir/tests/lib.sh"
require_netns
require_ipset
for tool in ip6tables-nft-restore ip6tables-legacy-restore ip6tables-nft-save ip6tables-legacy-save; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
tmpdir_setup

dir=${REALDUMPS_DIR:-$top_srcdir/tests/realdumps}
known=${REALDUMPS_KNOWN:-$dir/known-differences.tsv}
[ -r "$known" ] || { echo "realdumps: cannot read $known" >&2; exit 99; }
grep -v '^#' "$known" | grep . > "$TMPD/known" || :

# The script run in each namespace: $1 restore, $2 save, $3 the sets
# ("name type family" lines), $4 the dump.  Exit 3: the restore failed.
cat > "$TMPD/ns.sh" <<'NS'
while read -r name type family; do
  ipset create "$name" "$type" family "$family" || exit 4
done < "$3"
"$1" < "$4" || exit 3
"$2"
NS

# sets FAMILY < DUMP: a set for every name the dump matches or fills, with
# as many dimensions as its longest flag list (src,dst needs hash:ip,port).
sets () {
  awk -v fam="$1" '
    { for (i = 1; i < NF - 1; i++)
        if ($i == "--match-set" || $i == "--add-set" || $i == "--del-set" ||
            $i == "--set" || $i == "--map-set") {
          # "-m recent --set" takes no set name.
          if (substr($(i + 1), 1, 1) == "-") continue
          d = split($(i + 2), f, ",")
          if (d > dim[$(i + 1)]) dim[$(i + 1)] = d
        } }
    END {
      type[1] = "hash:ip"; type[2] = "hash:ip,port"; type[3] = "hash:ip,port,ip"
      for (s in dim) {
        d = dim[s]; if (d > 3) d = 3; if (d < 1) d = 1
        print s, type[d], fam == 6 ? "inet6" : "inet"
      }
    }'
}

# by_table < SAVE: the same tables, in the order of their names (to tell a
# difference of table order from one of content).
by_table () {
  awk '/^\*/ { t = substr($0, 2) } { block[t] = block[t] $0 "\n" }
    END { n = 0; for (t in block) names[++n] = t
          for (i = 2; i <= n; i++) for (j = i; j > 1 && names[j-1] > names[j]; j--) {
            x = names[j]; names[j] = names[j-1]; names[j-1] = x }
          for (i = 1; i <= n; i++) printf "%s", block[names[i]] }'
}

# tables FILE: the table names of a save, in order, on one line.
tables () {
  sed -n 's/^\*//p' "$1" | tr '\n' ' ' | sed 's/ $//'
}

# kernel BACKEND FAMILY DUMP NAME: writes $TMPD/NAME.out (the save without
# '#' lines) and $TMPD/NAME.err; prints "ok" or "refused".
kernel () {
  _p=iptables
  [ "$2" = 6 ] && _p=ip6tables
  _rc=0
  unshare -n -- sh "$TMPD/ns.sh" "$_p-$1-restore" "$_p-$1-save" "$TMPD/sets" "$3" \
    > "$TMPD/$4.raw" 2> "$TMPD/$4.err" || _rc=$?
  grep -v '^#' "$TMPD/$4.raw" > "$TMPD/$4.out"
  case $_rc in
    0) echo ok ;;
    3) echo refused ;;
    *) cat "$TMPD/$4.err" >&2
       echo "realdumps: $3: the namespace set-up failed ($_rc)" >&2; exit 99 ;;
  esac
}

total=0 both_ok=0 both_refused=0 split=0
same=0 order_only=0 accepted_refused=0 refused_ok=0 refused_line=0 missed=0
: > "$TMPD/missed"
: > "$TMPD/report"
for dump in "$dir"/*.rules; do
  name=$(basename "$dump")
  total=$((total + 1))
  family=4
  case $name in *v6*|*ip6*) family=6 ;; esac
  sets "$family" < "$dump" > "$TMPD/sets"
  nft=$(kernel nft "$family" "$dump" nft) || exit 99
  legacy=$(kernel legacy "$family" "$dump" legacy) || exit 99
  "$IPMERGE" "-$family" --canonical --zero-counters "$dump" > "$TMPD/ipm.raw" 2> "$TMPD/ipm.err"
  status=$?
  grep -v '^#' "$TMPD/ipm.raw" > "$TMPD/ipm.out"

  problem=
  kind=content
  if [ "$status" = 0 ]; then
    # ipmerge accepted: its output must be the save of a backend that did.
    match=
    if [ "$nft" = ok ] && cmp -s "$TMPD/ipm.out" "$TMPD/nft.out"; then match=nft; fi
    if [ -z "$match" ] && [ "$legacy" = ok ] && cmp -s "$TMPD/ipm.out" "$TMPD/legacy.out"; then match=legacy; fi
    if [ "$nft" = refused ] && [ "$legacy" = refused ]; then
      problem="both backends refuse it, ipmerge accepts it"
      { echo "  nft:    $(grep -v -e '^Try ' "$TMPD/nft.err" | tr '\n' ' ')"
        echo "  legacy: $(grep -v -e '^Try ' "$TMPD/legacy.err" | tr '\n' ' ')"; } > "$TMPD/detail"
    elif [ -z "$match" ]; then
      if [ "$nft" = ok ]; then ref=nft; else ref=legacy; fi
      by_table < "$TMPD/ipm.out" > "$TMPD/ipm.sorted"
      by_table < "$TMPD/$ref.out" > "$TMPD/ref.sorted"
      if cmp -s "$TMPD/ipm.sorted" "$TMPD/ref.sorted"; then
        kind=table-order
        problem="the same tables, in another order: ipmerge $(tables "$TMPD/ipm.out"); nft $(tables "$TMPD/nft.out"); legacy $(tables "$TMPD/legacy.out")"
        : > "$TMPD/detail"
      else
        problem="ipmerge --canonical is not what the kernel saves"
        diff -u "$TMPD/ref.sorted" "$TMPD/ipm.sorted" | sed -n '3,40p' | sed 's/^/  /' > "$TMPD/detail"
      fi
    else
      same=$((same + 1))
    fi
  else
    if [ "$nft" = ok ] && [ "$legacy" = ok ]; then
      accepted_refused=$((accepted_refused + 1))
      problem="both backends accept it, ipmerge refuses it"
      head -3 "$TMPD/ipm.err" | sed 's/^/  /' > "$TMPD/detail"
    elif [ "$nft" = refused ] && [ "$legacy" = refused ]; then
      # The kernel's line, for the report: "Error occurred at line: N".
      kline=$(sed -n 's/^Error occurred at line: \([0-9]*\).*/\1/p' "$TMPD/nft.err" | head -1)
      mline=$(head -1 "$TMPD/ipm.err" | sed -n "s|^.*/$name:\([0-9]*\):.*|\1|p")
      if [ "$status" != 2 ] || [ -s "$TMPD/ipm.raw" ]; then
        problem="ipmerge exits $status with $(wc -l < "$TMPD/ipm.raw") lines on stdout (want 2 and none)"
      elif [ -z "$mline" ]; then
        problem="ipmerge's message has no $name:LINE:"
      else
        refused_ok=$((refused_ok + 1))
        [ "$mline" = "$kline" ] && refused_line=$((refused_line + 1))
        echo "refused: $name: ipmerge line $mline, kernel line ${kline:-?}" >> "$TMPD/report"
      fi
      [ -n "$problem" ] && head -3 "$TMPD/ipm.err" | sed 's/^/  /' > "$TMPD/detail"
    else
      # One backend refuses: ipmerge may refuse too.
      echo "one backend refuses: $name (nft $nft, legacy $legacy), ipmerge refuses" >> "$TMPD/report"
    fi
  fi

  if [ "$nft" = ok ] && [ "$legacy" = ok ]; then both_ok=$((both_ok + 1))
  elif [ "$nft" = refused ] && [ "$legacy" = refused ]; then both_refused=$((both_refused + 1))
  else
    split=$((split + 1))
    [ "$status" = 0 ] && echo "one backend refuses: $name (nft $nft, legacy $legacy), ipmerge accepts${problem:+ (but: $problem)}" >> "$TMPD/report"
  fi

  if [ -n "$problem" ]; then
    missed=$((missed + 1))
    [ "$kind" = table-order ] && order_only=$((order_only + 1))
    printf '%s\t%s\n' "$name" "$kind" >> "$TMPD/missed"
    reason=$(awk -F '\t' -v f="$name" -v k="$kind" '$1 == f && $2 == k { print $3; exit }' "$TMPD/known")
    echo "DIFFERENCE $name ($kind; nft $nft, legacy $legacy, ipmerge exit $status): $problem${reason:+; known: $reason}"
    cat "$TMPD/detail"
  fi
done

[ "$total" -gt 0 ] || { echo "realdumps: no dump in $dir" >&2; exit 99; }
cat "$TMPD/report"

awk -F '\t' -v missed="$TMPD/missed" -v dir="$dir" '
  BEGIN { while ((getline l < missed) > 0) { split(l, m, "\t"); miss[m[1]] = m[2] } }
  { known[$1] = 1
    if ((getline line < (dir "/" $1)) < 0) { printf "STALE: %s is listed but is no dump\n", $1; n++ }
    else if (!($1 in miss)) { printf "FIXED: %s passes now; remove its row from the known differences\n", $1; n++ }
    else if (miss[$1] != $2) { printf "CHANGED: %s is listed as %s but differs in %s now\n", $1, $2, miss[$1]; n++ } }
  END {
    for (f in miss) if (!(f in known)) { printf "NEW DIFFERENCE: %s, %s (see above)\n", f, miss[f]; n++ }
    exit n > 0
  }' "$TMPD/known" > "$TMPD/against"
against=$?
LC_ALL=C sort "$TMPD/against"

echo "realdumps: $total dumps; both backends accept $both_ok, both refuse $both_refused, one refuses $split"
echo "realdumps: accepted by both: ipmerge prints a backend's save for $same of $both_ok, refuses $accepted_refused"
echo "realdumps: refused by both: ipmerge refuses $refused_ok of $both_refused with FILE:LINE ($refused_line at the line iptables-nft-restore names)"
echo "realdumps: $missed differences, $order_only of them in table order only ($(wc -l < "$TMPD/known") listed in $known)"
if [ "$against" != 0 ]; then
  echo "FAIL: the differences are not those of $known"
  exit 1
fi
exit 0
