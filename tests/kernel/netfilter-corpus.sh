#!/bin/sh
# Netfilter corpus: ipmerge --canonical against the kernel, on the rows of
# iptables' own extension tests (extensions/*.t, converted by
# tests/corpus/netfilter-t.sh into tests/corpus/netfilter-spellings.tsv; the
# kernel's answers, nft and legacy, are in tests/corpus/netfilter-expected.tsv,
# written as root by tests/corpus/generate.sh).  No root needed.
#
# Every row is fed, as its one-rule dump (tests/corpus/lib.sh), to
# "$IPMERGE -4|-6 --canonical".  A row
#   - both backends accept passes when ipmerge prints the rule as nft or as
#     legacy saved it (a "match"); it misses when ipmerge prints something
#     else or refuses it ("refused but accepted");
#   - both backends refuse passes when ipmerge exits 2 with nothing on
#     stdout and a "FILE:LINE:COL: error:" message (a "refusal");
#   - one backend refuses passes when ipmerge refuses it or prints the other
#     backend's save.
# The test FAILS on a miss that tests/corpus/netfilter-known-misses.tsv does
# not list (id TAB reason), on a listed row that passes now or is no row
# (remove it), on any false "same" (two rows ipmerge prints alike that a
# backend saves differently), and when ipmerge writes to stdout as it fails.
# It prints the match rate, the false sames, the refused-but-accepted rows
# and the refusal rate.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/corpus/lib.sh"
tmpdir_setup

expected=${NETFILTER_EXPECTED:-$top_srcdir/tests/corpus/netfilter-expected.tsv}
known=${NETFILTER_KNOWN_MISSES:-$top_srcdir/tests/corpus/netfilter-known-misses.tsv}
[ -r "$expected" ] || { echo "netfilter-corpus: cannot read $expected" >&2; exit 99; }
[ -r "$known" ] || { echo "netfilter-corpus: cannot read $known" >&2; exit 99; }
grep -v '^#' "$known" | grep . > "$TMPD/known" || :

rows=0 accepted=0 matched=0 refused_accepted=0 rejected=0 refused=0 split=0
noisy=0 failed=0
: > "$TMPD/seen"
: > "$TMPD/mismatches"
: > "$TMPD/ids"
: > "$TMPD/missed"

while IFS= read -r line; do
  case $line in ''|'#'*) continue ;; esac
  id=${line%%"$CORPUS_TAB"*};     rest=${line#*"$CORPUS_TAB"}
  family=${rest%%"$CORPUS_TAB"*}; rest=${rest#*"$CORPUS_TAB"}
  table=${rest%%"$CORPUS_TAB"*};  rest=${rest#*"$CORPUS_TAB"}
  chain=${rest%%"$CORPUS_TAB"*};  rest=${rest#*"$CORPUS_TAB"}
  spec=${rest%%"$CORPUS_TAB"*};   rest=${rest#*"$CORPUS_TAB"}
  nft=${rest%%"$CORPUS_TAB"*};    rest=${rest#*"$CORPUS_TAB"}
  legacy=${rest%%"$CORPUS_TAB"*}
  rows=$((rows + 1))

  corpus_dump "$table" "$chain" "$spec" > "$TMPD/dump" || {
    echo "netfilter-corpus: row $id: bad table '$table'" >&2; exit 99; }
  "$IPMERGE" "-$family" --canonical "$TMPD/dump" > "$TMPD/out" 2> "$TMPD/err"
  status=$?

  if [ "$status" = 0 ]; then
    got=$(corpus_rules "$chain" < "$TMPD/out")
    printf '%s\t%s\t%s\t%s\t%s\n' "$family" "$got" "$nft" "$legacy" "$id" >> "$TMPD/seen"
  else
    got="exit $status: $(head -1 "$TMPD/err")"
    if [ -s "$TMPD/out" ]; then
      noisy=$((noisy + 1))
      got="$got (and $(wc -l < "$TMPD/out") lines on stdout)"
    fi
  fi

  ok=0
  if [ "$nft" != REJECTED ] && [ "$legacy" != REJECTED ]; then
    accepted=$((accepted + 1))
    if [ "$status" = 0 ]; then
      if [ "$got" = "$nft" ] || [ "$got" = "$legacy" ]; then
        ok=1; matched=$((matched + 1))
      fi
    else
      refused_accepted=$((refused_accepted + 1))
    fi
  elif [ "$nft" = REJECTED ] && [ "$legacy" = REJECTED ]; then
    rejected=$((rejected + 1))
    # The house format: "FILE:LINE:COL: error: ..." on the first line.
    if [ "$status" = 2 ] && [ ! -s "$TMPD/out" ] &&
        head -1 "$TMPD/err" | grep -q '^ipmerge: .*:[0-9][0-9]*:[0-9][0-9]*: error: '; then
      ok=1; refused=$((refused + 1))
    fi
  else
    split=$((split + 1))
    if [ "$status" = 2 ] && [ ! -s "$TMPD/out" ]; then ok=1
    elif [ "$status" = 0 ] && { [ "$got" = "$nft" ] || [ "$got" = "$legacy" ]; }; then ok=1
    fi
  fi

  echo "$id" >> "$TMPD/ids"
  if [ $ok = 0 ]; then
    failed=$((failed + 1))
    echo "$id" >> "$TMPD/missed"
    reason=$(awk -F '\t' -v id="$id" '$1 == id { print $2; exit }' "$TMPD/known")
    {
      echo "MISMATCH $id (family $family, $table $chain)${reason:+, known: $reason}"
      echo "  input:  -A $chain $spec"
      echo "  nft:    $nft"
      [ "$legacy" = "$nft" ] || echo "  legacy: $legacy"
      echo "  got:    $got"
    } >> "$TMPD/mismatches"
  fi
done < "$expected"

[ "$rows" -gt 0 ] || { echo "netfilter-corpus: no row in $expected" >&2; exit 99; }

# Only the misses that are not listed are shown in full (the list has
# hundreds of rows while modules are missing from the grammar).
awk -v missed="$TMPD/missed" -F '\t' '
  BEGIN { while ((getline id < missed) > 0) miss[id] = 1 }
  FILENAME == ARGV[1] { known[$1] = 1; next }
  /^MISMATCH / { split($0, w, " "); show = !(w[2] in known) }
  show' "$TMPD/known" "$TMPD/mismatches"

awk -F '\t' -v ids="$TMPD/ids" -v missed="$TMPD/missed" '
  BEGIN {
    while ((getline id < ids) > 0) exists[id] = 1
    while ((getline id < missed) > 0) miss[id] = 1
  }
  { known[$1] = 1
    if (!($1 in exists)) { printf "STALE: %s is listed as a known miss but is no row\n", $1; n++ }
    else if (!($1 in miss)) { printf "FIXED: %s passes now; remove its row from the known misses\n", $1; n++ } }
  END {
    for (id in miss)
      if (!(id in known)) { printf "NEW MISS: %s (see MISMATCH above)\n", id; n++ }
    exit n > 0
  }' "$TMPD/known" > "$TMPD/against-list"
against_list=$?
LC_ALL=C sort "$TMPD/against-list"

# False sames: one ipmerge line, two lines from one backend (REJECTED tells
# nothing).  The canonical form of a rule does not depend on its chain, so
# the rows of a family are compared across chains and tables.
LC_ALL=C sort -t "$CORPUS_TAB" -k1,2 "$TMPD/seen" | awk -F '\t' '
  { key = $1 FS $2 }
  key != prev { first[3] = first[4] = ""; prev = key }
  {
    for (col = 3; col <= 4; col++) {
      if ($col == "REJECTED") continue
      if (first[col] == "") { first[col] = $col; firstid[col] = $5; continue }
      if ($col != first[col]) {
        printf "FALSE SAME: %s and %s both canonicalize to \"%s\"\n", firstid[col], $5, $2
        printf "  %s: %s\n  %s: %s\n", col == 3 ? "nft" : "legacy", first[col],
          col == 3 ? "nft" : "legacy", $col
        n++
      }
    }
  }
  END { exit n > 0 }' > "$TMPD/collisions"
collided=$?
cat "$TMPD/collisions"
false_sames=$(grep -c '^FALSE SAME' "$TMPD/collisions")

pct () { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.1f%%", 100 * a / b }'; }
echo "netfilter-corpus: $rows rows; both backends accept $accepted, both refuse $rejected, one refuses $split"
echo "netfilter-corpus: match rate $matched/$accepted ($(pct "$matched" "$accepted")) of the rows both accept"
echo "netfilter-corpus: refused but accepted: $refused_accepted rows"
echo "netfilter-corpus: refusal rate $refused/$rejected ($(pct "$refused" "$rejected")) of the rows both refuse"
echo "netfilter-corpus: false sames: $false_sames"
echo "netfilter-corpus: known misses by reason:"
cut -f2 "$TMPD/known" | sed 's/;.*//' | LC_ALL=C sort | uniq -c | LC_ALL=C sort -k1,1nr -k2 | sed 's/^/  /'
echo "netfilter-corpus: $failed misses ($(wc -l < "$TMPD/known") listed in $known)"
rc=0
if [ "$against_list" != 0 ]; then
  echo "FAIL: the misses are not those of $known"
  rc=1
fi
if [ "$collided" != 0 ]; then
  echo "FAIL: ipmerge gives the same rule line to rules the kernel tells apart"
  rc=1
fi
if [ "$noisy" != 0 ]; then
  echo "FAIL: ipmerge wrote to stdout in $noisy rows where it exited non-zero"
  rc=1
fi
exit $rc
