#!/bin/sh
# Spelling corpus: ipmerge --canonical against the kernel oracle.
#
# tests/corpus/expected.tsv (written as root by tests/corpus/generate.sh)
# holds, for every hand-written spelling of tests/corpus/spellings.tsv, the
# rule as iptables-nft-save printed it after iptables-nft-restore loaded the
# one-rule dump.  This test feeds the same dump to "$IPMERGE --canonical"
# ("-6 --canonical" for family 6) and compares its rule lines with the nft
# canonical, or, where the legacy backend saves the rule otherwise, with
# either.  It needs no root and no namespace.
#
# A case passes when ipmerge prints the rule line(s) of either backend
# exactly, or, for a case the kernel REJECTED, when ipmerge exits 2 with
# nothing on stdout (a case one backend rejects passes either way).
# The test FAILS when
#   - a case misses that tests/corpus/known-misses.tsv does not list (each
#     known miss is listed there with its reason), or a listed case passes
#     or no longer exists (then remove its row);
#   - two cases get the same ipmerge rule line while either backend gave
#     them different ones (a false "same" loses rules in a merge);
#   - ipmerge writes anything to stdout when it exits non-zero.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/corpus/lib.sh"
tmpdir_setup

expected=${CORPUS_EXPECTED:-$top_srcdir/tests/corpus/expected.tsv}
known=${CORPUS_KNOWN_MISSES:-$top_srcdir/tests/corpus/known-misses.tsv}
[ -r "$expected" ] || { echo "corpus: cannot read $expected" >&2; exit 99; }
[ -r "$known" ] || { echo "corpus: cannot read $known" >&2; exit 99; }
# id TAB reason, without comments
grep -v '^#' "$known" | grep . > "$TMPD/known" || :

passed=0
failed=0
noisy=0
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
  want=${rest%%"$CORPUS_TAB"*};   rest=${rest#*"$CORPUS_TAB"}
  legacy=${rest%%"$CORPUS_TAB"*}

  corpus_dump "$table" "$chain" "$spec" > "$TMPD/dump" || {
    echo "corpus: case $id: bad table '$table'" >&2; exit 99; }
  if [ "$family" = 6 ]; then
    "$IPMERGE" -6 --canonical "$TMPD/dump" > "$TMPD/out" 2> "$TMPD/err"
  else
    "$IPMERGE" -4 --canonical "$TMPD/dump" > "$TMPD/out" 2> "$TMPD/err"
  fi
  status=$?

  if [ "$status" = 0 ]; then
    got=$(corpus_rules "$chain" < "$TMPD/out")
    # For the false-"same" check: what ipmerge said, what the kernel said.
    # The canonical form of a rule does not depend on its table or chain, so
    # the check compares across all the cases of a family.
    printf '%s\t%s\t%s\t%s\t%s\n' "$family" "$got" "$want" "$legacy" "$id" \
      >> "$TMPD/seen"
  else
    got="exit $status: $(head -1 "$TMPD/err")"
    if [ -s "$TMPD/out" ]; then
      noisy=$((noisy + 1))
      got="$got (and $(wc -l < "$TMPD/out") lines on stdout)"
    fi
  fi

  ok=0
  if [ "$status" = 0 ]; then
    { [ "$got" = "$want" ] || [ "$got" = "$legacy" ]; } && ok=1
  elif [ "$want" = REJECTED ] || [ "$legacy" = REJECTED ]; then
    [ "$status" = 2 ] && [ ! -s "$TMPD/out" ] && ok=1
  fi

  echo "$id" >> "$TMPD/ids"
  if [ $ok = 1 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "$id" >> "$TMPD/missed"
    reason=$(awk -F '\t' -v id="$id" '$1 == id { print $2; exit }' "$TMPD/known")
    {
      echo "MISMATCH $id (family $family, $table $chain)${reason:+, known: $reason}"
      echo "  input:    -A $chain $spec"
      echo "  expected: $want"
      [ "$legacy" = "$want" ] || echo "  (legacy:  $legacy)"
      echo "  got:      $got"
    } >> "$TMPD/mismatches"
  fi
done < "$expected"

total=$((passed + failed))
[ "$total" -gt 0 ] || { echo "corpus: no case in $expected" >&2; exit 99; }

cat "$TMPD/mismatches"

# Misses against the list: new ones, and rows that no longer miss.
awk -F '\t' -v ids="$TMPD/ids" -v missed="$TMPD/missed" '
  BEGIN {
    while ((getline id < ids) > 0) exists[id] = 1
    while ((getline id < missed) > 0) miss[id] = 1
  }
  { known[$1] = 1
    if (!($1 in exists)) { printf "STALE: %s is listed as a known miss but is no case\n", $1; n++ }
    else if (!($1 in miss)) { printf "FIXED: %s passes now; remove its row from the known misses\n", $1; n++ } }
  END {
    for (id in miss)
      if (!(id in known)) { printf "NEW MISS: %s (see MISMATCH above)\n", id; n++ }
    exit n > 0
  }' "$TMPD/known" > "$TMPD/against-list"
against_list=$?
LC_ALL=C sort "$TMPD/against-list"

# Same ipmerge line, different lines from one backend (a REJECTED tells
# nothing): sort on the ipmerge side.
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

echo "corpus: $passed passed, $failed failed ($(wc -l < "$TMPD/known") known misses listed)"
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
  echo "FAIL: ipmerge wrote to stdout in $noisy cases where it exited non-zero"
  rc=1
fi
exit $rc
