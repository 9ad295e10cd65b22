#!/bin/sh
# Properties of ipmerge --diff on generated rulesets (fixed seeds):
#  - every single-rule change (insert, delete, modify, move, policy, chain
#    added, chain removed) is reported exactly once, with exit status 1;
#  - --diff A B and --diff B A are mirror images (unified and JSON);
#  - a ruleset compared with itself, respelled, gives exit 0 and no output.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
ROUNDS=${DIFF_PROPS_ROUNDS:-20}

# gen SEED KIND A B: writes a random ruleset to A and, to B, the same with
# one change of KIND.  Rules repeat (small alphabet) so that duplicates and
# moves among copies are exercised.
gen () {
  awk -v seed="$1" -v kind="$2" -v fa="$3" -v fb="$4" '
    function pick(n) { return int(rand() * n) }
    function rule(i) { return "-s 10." pick(alpha) ".0.0/16 -j " (rand() < 0.5 ? "ACCEPT" : "DROP") }
    BEGIN {
      srand(seed)
      alpha = 2 + pick(20)
      nc = 3 + pick(3)
      split("INPUT FORWARD OUTPUT", bi, " ")
      for (c = 1; c <= nc; c++) {
        name[c] = c <= 3 ? bi[c] : "USER-" c
        pol[c] = c <= 3 ? "ACCEPT" : "-"
        n[c] = pick(20)
        for (i = 1; i <= n[c]; i++) r[c, i] = rule(i)
      }
      print_set(fa)
      c = 1 + pick(nc)
      if (kind == "insert") {
        p = 1 + pick(n[c] + 1)
        for (i = n[c]; i >= p; i--) r[c, i + 1] = r[c, i]
        r[c, p] = "-s 192.168.1.0/24 -j ACCEPT"; n[c]++
      } else if (kind == "delete" || kind == "modify" || kind == "move") {
        if (n[c] < 2) { n[c] = 2; r[c, 1] = "-j LOG"; r[c, 2] = "-j RETURN"; print_set(fa) }
        p = 1 + pick(n[c])
        if (kind == "modify") r[c, p] = "-s 192.168.2.0/24 -j DROP"
        else {
          x = r[c, p]
          for (i = p; i < n[c]; i++) r[c, i] = r[c, i + 1]
          if (kind == "delete") n[c]--
          else {
            do q = 1 + pick(n[c]); while (q == p)
            for (i = n[c] - 1; i >= q; i--) r[c, i + 1] = r[c, i]
            r[c, q] = x
          }
        }
      } else if (kind == "policy") {
        c = 1 + pick(3); pol[c] = "DROP"
      } else if (kind == "addchain") {
        nc++; name[nc] = "NEW-CHAIN"; pol[nc] = "-"; n[nc] = pick(3)
        for (i = 1; i <= n[nc]; i++) r[nc, i] = rule(i)
      } else if (kind == "delchain") {
        if (nc == 3) { nc = 4; name[4] = "USER-4"; pol[4] = "-"; n[4] = 1; r[4, 1] = "-j RETURN"; print_set(fa) }
        c = 4 + pick(nc - 3); skipc = c
      }
      print_set(fb)
    }
    function print_set(f,   c, i) {
      printf "" > f
      print "# generated, seed " seed > f
      print "*filter" > f
      for (c = 1; c <= nc; c++) if (c != skipc) printf ":%s %s [%d:%d]\n", name[c], pol[c], pick(9), pick(999) > f
      for (c = 1; c <= nc; c++) if (c != skipc) for (i = 1; i <= n[c]; i++) print "-A " name[c] " " r[c, i] > f
      print "COMMIT" > f
      close(f)
    }'
}

# The mirror image of a unified diff: signs, headers, ranges and the
# direction of moves swapped; each run of change lines sorted, since a gap
# lists its removes before its adds.
mirror () {
  awk '
    function flush() { if (nrun) { n = nrun; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (run[j] < run[i]) { t = run[i]; run[i] = run[j]; run[j] = t }; for (i = 1; i <= n; i++) print run[i]; nrun = 0 } }
    NR == 1 { sub(/^--- /, ""); old = $0; next }
    NR == 2 { sub(/^\+\+\+ /, ""); print "--- " $0; print "+++ " old; next }
    /^@@ / { flush(); print "@@ " "-" substr($3, 2) " +" substr($2, 2) " @@" substr($0, index($0, " @@ ") + 3); next }
    /^ / { flush(); print; next }
    {
      line = $0
      if (line ~ /# moved to rule /) sub(/# moved to rule /, "# moved from rule ", line)
      else sub(/# moved from rule /, "# moved to rule ", line)
      line = (substr(line, 1, 1) == "-" ? "+" : "-") substr(line, 2)
      run[++nrun] = line
    }
    END { flush() }'
}

sorted_runs () { mirror | mirror; }

# Counts: removed lines, added lines, lines marked as moved.
count () {
  grep -v -e '^--- ' -e '^+++ ' "$1" | awk '
    /^-/ { m++ } /^\+/ { p++ } /# moved (to|from) rule/ { mv++ }
    END { printf "%d %d %d\n", m, p, mv }'
}

have_jq=0
command -v jq >/dev/null 2>&1 && have_jq=1

failures=0
round=0
while [ $round -lt "$ROUNDS" ]; do
  for kind in insert delete modify move policy addchain delchain; do
    seed=$((round * 7919 + 17))
    gen "$seed" "$kind" "$TMPD/a" "$TMPD/b"
    "$IPMERGE" --diff "$TMPD/a" "$TMPD/b" > "$TMPD/ab"; sab=$?
    "$IPMERGE" --diff "$TMPD/b" "$TMPD/a" > "$TMPD/ba"; sba=$?
    set -- $(count "$TMPD/ab")
    minus=$1 plus=$2 moved=$3
    case $kind in
      insert) want="0 1 0" ;;
      delete) want="1 0 0" ;;
      modify) want="1 1 0" ;;
      move) want="1 1 2" ;;
      policy) want="1 1 0" ;;
      addchain) want="0 $plus 0"; [ "$plus" -ge 1 ] || want="?" ;;
      delchain) want="$minus 0 0"; [ "$minus" -ge 1 ] || want="?" ;;
    esac
    # A rule moved among copies of itself is no change at all.
    if [ "$kind" = move ] && [ $sab = 0 ] && [ ! -s "$TMPD/ab" ]; then
      want="0 0 0"
    elif [ $sab != 1 ]; then
      echo "seed $seed $kind: exit status $sab, expected 1"; failures=$((failures + 1))
    fi
    if [ "$minus $plus $moved" != "$want" ]; then
      echo "seed $seed $kind: -/+/moved lines $minus $plus $moved, expected $want"
      cat "$TMPD/ab"; failures=$((failures + 1))
    fi
    if [ $sab != $sba ]; then
      echo "seed $seed $kind: exit status $sab one way, $sba the other"; failures=$((failures + 1))
    fi
    mirror < "$TMPD/ba" > "$TMPD/ba.m"
    sorted_runs < "$TMPD/ab" > "$TMPD/ab.s"
    if ! cmp -s "$TMPD/ab.s" "$TMPD/ba.m"; then
      echo "seed $seed $kind: --diff B A is not the mirror image of --diff A B"
      diff -u "$TMPD/ab.s" "$TMPD/ba.m"; failures=$((failures + 1))
    fi
    if [ $have_jq = 1 ]; then
      "$IPMERGE" --diff --format json "$TMPD/a" "$TMPD/b" > "$TMPD/ab.json"
      "$IPMERGE" --diff --format json "$TMPD/b" "$TMPD/a" > "$TMPD/ba.json"
      jq -S '{equal, summary, tables: [.tables[] | {name, chains: [.chains[] |
              {name, added: [.added[] | .rule], removed: [.removed[] | .rule],
               moved: [.moved[] | {from, to, rule}], policy}]}]}' \
        "$TMPD/ab.json" > "$TMPD/ab.j" || { echo "seed $seed $kind: invalid JSON"; failures=$((failures + 1)); }
      jq -S '{equal, summary: (.summary | {tables, chains, added: .removed, removed: .added, moved, policies}),
              tables: [.tables[] | {name, chains: [.chains[] |
              {name, added: [.removed[] | .rule], removed: [.added[] | .rule],
               moved: ([.moved[] | {from: .to, to: .from, rule}] | sort_by(.from)),
               policy: (if .policy == null then null else {old: .policy.new, new: .policy.old} end)}]}]}' \
        "$TMPD/ba.json" > "$TMPD/ba.j" || { echo "seed $seed $kind: invalid JSON"; failures=$((failures + 1)); }
      if ! cmp -s "$TMPD/ab.j" "$TMPD/ba.j"; then
        echo "seed $seed $kind: JSON of B A is not the mirror image of A B"
        diff -u "$TMPD/ab.j" "$TMPD/ba.j"; failures=$((failures + 1))
      fi
    fi
    # Respelled (counters, header comment): no difference.
    sed -e 's/\[[0-9]*:[0-9]*\]/[0:0]/' -e 's/^# generated.*/# other header/' "$TMPD/a" > "$TMPD/a2"
    "$IPMERGE" --diff "$TMPD/a" "$TMPD/a2" > "$TMPD/aa"; saa=$?
    if [ $saa != 0 ] || [ -s "$TMPD/aa" ]; then
      echo "seed $seed: respelled copy differs (exit $saa)"; cat "$TMPD/aa"; failures=$((failures + 1))
    fi
  done
  round=$((round + 1))
done
[ $have_jq = 1 ] || echo "note: jq not installed, JSON mirror check skipped"
echo "diff-props: $ROUNDS rounds, $failures failures"
[ $failures = 0 ]
